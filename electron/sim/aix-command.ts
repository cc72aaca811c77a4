/**
 * Entry of the simulated AIX commands: `node aix-command.ts NAME args…` (the wrappers in ./bin call it),
 * or runAixCommand() in process for the embedded host.
 */
import { bosboot } from './commands/bosboot.ts';
import { df } from './commands/df.ts';
import { lsmksysb } from './commands/lsmksysb.ts';
import { mkinsttape } from './commands/mkinsttape.ts';
import { mksysb } from './commands/mksysb.ts';
import type { SimIo } from './commands/sim-io.ts';
import { lsdev, oslevel, uname } from './commands/system-info.ts';
import { applyHostileFaults } from './commands/hostile-faults.ts';
import { bootinfo, bootlist, du, lsps, lsvg, mount, ps } from './commands/lvm.ts';
import { loadSimConfig } from './sim-config.ts';

/** The commands the simulator provides. */
export const SIM_COMMANDS = [
  'uname',
  'oslevel',
  'lsdev',
  'df',
  'bosboot',
  'mkinsttape',
  'mksysb',
  'lsmksysb',
  'lsvg',
  'mount',
  'lsps',
  'bootinfo',
  'bootlist',
  'ps',
  'du',
] as const;

/** A simulated command name. */
export type SimCommand = (typeof SIM_COMMANDS)[number];

/** Runs one simulated command; resolves to its exit code. */
export async function runAixCommand(name: SimCommand, args: string[], io: SimIo): Promise<number> {
  const cfg = loadSimConfig();
  await applyHostileFaults(name, cfg, io);
  if (io.signal?.aborted) return 130;
  if (cfg.faults.missingCommands?.includes(name)) {
    io.err(`ksh: ${name}:  not found.\n`);
    return 127;
  }
  switch (name) {
    case 'uname':
      return uname(args, cfg, io);
    case 'oslevel':
      return oslevel(args, cfg, io);
    case 'lsdev':
      return lsdev(args, cfg, io);
    case 'df':
      return df(args, cfg, io);
    case 'bosboot':
      return bosboot(args, cfg, io);
    case 'mkinsttape':
      return mkinsttape(args, cfg, io);
    case 'mksysb':
      return mksysb(args, cfg, io);
    case 'lsmksysb':
      return lsmksysb(args, cfg, io);
    case 'lsvg':
      return lsvg(args, cfg, io);
    case 'mount':
      return mount(args, cfg, io);
    case 'lsps':
      return lsps(args, cfg, io);
    case 'bootinfo':
      return bootinfo(args, cfg, io);
    case 'bootlist':
      return bootlist(args, cfg, io);
    case 'ps':
      return ps(args, cfg, io);
    case 'du':
      return du(args, cfg, io);
  }
}

function isSimCommand(name: string): name is SimCommand {
  return (SIM_COMMANDS as readonly string[]).includes(name);
}

if (import.meta.main) {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !isSimCommand(name)) {
    process.stderr.write(`aix-command: unknown simulated command '${name ?? ''}'\n`);
    process.exit(127);
  }
  const io: SimIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  runAixCommand(name, args, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
