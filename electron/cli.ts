/** The `sysbtape` command line: the same services as the desktop app, without Electron. */
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_USAGE, addCatalogOption } from './cli/command-kit.ts';
import { commandNamed, commandSummaries } from './cli/command-index.ts';
import { terminalSafe } from './cli/terminal-text.ts';

// commander is CommonJS: require() skips the ESM wrapper's export scan, ~3 ms of every start (bench/cli-startup.ts).
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;

/** Global options that take a value, so their value is not mistaken for the command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--catalog']);

/** The command word of argv (e.g. 'list'), or undefined when there is none. */
export function commandWordOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The command modules argv needs: only the one it names, loaded when it runs (each pulls in its
 * services: SQLite, ssh2, PDF...). Without a known command word (top-level help, --version, an
 * unknown word) the program gets only the commands' help lines, which load nothing.
 */
async function modulesFor(argv: readonly string[]): Promise<CommandModule[]> {
  let word = commandWordOf(argv);
  if (word === 'help') word = commandWordOf(argv.slice(argv.indexOf('help') + 1));
  const entry = commandNamed(word);
  return [entry ? await entry.load() : commandSummaries];
}

/** Builds the program with the given command modules; exported for tests that check the help text. */
export function buildProgram(rawIo: CliIo, setExit: (code: number) => void, modules: readonly CommandModule[]): Command {
  // Operator- and tape-supplied text may hold terminal escape sequences: every printed string is escaped.
  const io = terminalSafe(rawIo);
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

/** The process's own streams; stdin only when a command reads it (creating that stream costs a start ~4 ms). */
function processIo(): CliIo {
  return {
    out: process.stdout,
    err: process.stderr,
    get stdin() {
      return process.stdin;
    },
  };
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    await modulesFor(argv),
  );
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
