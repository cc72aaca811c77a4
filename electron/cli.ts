/** The `sysbtape` command line: the same services as the desktop app, without Electron. */
import { Command, CommanderError } from 'commander';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_USAGE } from './cli/command-kit.ts';
import { addCatalogOption } from './cli/catalog-option.ts';
import { tapeCatalogCommand } from './cli/tape-catalog.ts';
import { catalogCommand } from './cli/catalog.ts';
import { makeImagesCommand } from './cli/make-images.ts';
import { writeCommand } from './cli/write.ts';
import { verifyCommand } from './cli/verify.ts';
import { serverCommand } from './cli/server.ts';
import { captureCommand } from './cli/capture.ts';
import { listCommand } from './cli/list.ts';
import { inspectCommand } from './cli/inspect.ts';
import { demoCommand } from './cli/demo.ts';
import { runCommand } from './cli/run.ts';
import { identifyCommand } from './cli/identify.ts';
import { jobsCommand } from './cli/jobs.ts';

// Each feature registers its own subcommands; keep this list in the order of the README.
const modules: CommandModule[] = [makeImagesCommand, listCommand, inspectCommand, writeCommand, verifyCommand, serverCommand, captureCommand, tapeCatalogCommand, catalogCommand, demoCommand, runCommand, identifyCommand, jobsCommand];

/** Builds the program; exported for tests that check the help text. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
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
  const program = buildProgram(io, (code) => { exitCode = code; });
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
