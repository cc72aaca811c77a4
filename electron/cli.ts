/** The `sysbtape` command line: the same services as the desktop app, without Electron. */
import { Command, CommanderError } from 'commander';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_USAGE } from './cli/command-kit.ts';
import { addCatalogOption } from './cli/catalog-flag.ts';

/**
 * Each feature registers its own subcommands, loaded only when that command runs: loading every
 * service (ssh2, SQLite, PDF, all TypeScript files) costs seconds and ~100 MB that `sysbtape list`
 * should not pay. Keep this list in the order of the README.
 */
const commandLoaders: Record<string, () => Promise<CommandModule>> = {
  'make-images': async () => (await import('./cli/make-images.ts')).makeImagesCommand,
  list: async () => (await import('./cli/list.ts')).listCommand,
  inspect: async () => (await import('./cli/inspect.ts')).inspectCommand,
  write: async () => (await import('./cli/write.ts')).writeCommand,
  verify: async () => (await import('./cli/verify.ts')).verifyCommand,
  server: async () => (await import('./cli/server.ts')).serverCommand,
  capture: async () => (await import('./cli/capture.ts')).captureCommand,
  tape: async () => (await import('./cli/tape-catalog.ts')).tapeCatalogCommand,
  catalog: async () => (await import('./cli/catalog.ts')).catalogCommand,
  demo: async () => (await import('./cli/demo.ts')).demoCommand,
  run: async () => (await import('./cli/run.ts')).runCommand,
  identify: async () => (await import('./cli/identify.ts')).identifyCommand,
  jobs: async () => (await import('./cli/jobs.ts')).jobsCommand,
  readiness: async () => (await import('./cli/readiness.ts')).readinessCommand,
};

/** Global options that take a value, so their value is not mistaken for the command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--catalog']);

/** The command word of argv (e.g. 'list'), or undefined when there is none. */
export function commandWordOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) { i++; continue; }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The command modules argv needs: the one it names, or all of them (top-level help, unknown words). */
async function modulesFor(argv: readonly string[]): Promise<CommandModule[]> {
  let word = commandWordOf(argv);
  if (word === 'help') word = commandWordOf(argv.slice(argv.indexOf('help') + 1));
  const names = word !== undefined && word in commandLoaders ? [word] : Object.keys(commandLoaders);
  return Promise.all(names.map((name) => commandLoaders[name]!()));
}

/** Builds the program with the given command modules; exported for tests that check the help text. */
export function buildProgram(io: CliIo, setExit: (code: number) => void, modules: readonly CommandModule[]): Command {
  const program = new Command('sysbtape')
    .description('Write, verify and catalog bootable AIX mksysb tapes from a Linux workstation.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
    });
  addCatalogOption(program);
  for (const register of modules) register(program, io, setExit);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr, stdin: process.stdin }): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => { exitCode = code; }, await modulesFor(argv));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw err;
  }
  return exitCode;
}
