/** Entry of the fault-bin commands (hostile stand-ins for system tools, used only by tests that ask for them). */
import { hostileCat } from './commands/hostile-faults.ts';
import { loadSimConfig } from './sim-config.ts';

if (import.meta.main) {
  const [name, ...args] = process.argv.slice(2);
  if (name !== 'cat') {
    process.stderr.write(`fault-command: unknown command '${name ?? ''}'\n`);
    process.exit(127);
  }
  hostileCat(args, loadSimConfig()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`cat: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
