/** Shared plumbing for CLI commands: exit codes, error printing, progress lines. */
import type { Command } from 'commander';
import { SysbError, toErrorInfo } from '../../shared/errors.ts';

/** Exit codes shared by every command: 0 clean, 1 problems found / operation failed, 2 usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** What a command action returns: its exit code. */
export type CommandResult = number;

/** Where command output goes; tests pass their own streams. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Standard input, for --password-stdin and confirmations. */
  stdin: NodeJS.ReadableStream;
}

/** A command module adds its subcommands to the program. */
export type CommandModule = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Maps an error to the exit code the CLI promises. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SysbError && (err.code === 'USAGE' || err.code === 'INVALID_INPUT' || err.code === 'NOT_FOUND')) {
    return EXIT_USAGE;
  }
  return EXIT_PROBLEMS;
}

/** Wraps an action so that errors become one readable line on stderr plus the right exit code. */
export function runAction<A extends unknown[]>(
  io: CliIo,
  setExit: (code: number) => void,
  fn: (...args: A) => Promise<CommandResult>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      setExit(await fn(...args));
    } catch (err) {
      const info = toErrorInfo(err);
      io.err.write(`sysbtape: ${info.message}${info.code === 'INTERNAL' ? '' : ` [${info.code}]`}\n`);
      if (info.code === 'INTERNAL' && err instanceof Error && process.env.SYSBTAPE_DEBUG) io.err.write(`${err.stack}\n`);
      setExit(exitCodeFor(err));
    }
  };
}

/** Writes a value as pretty JSON followed by a newline. */
export function printJson(io: CliIo, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses sizes like 64MiB, 1GiB, 512k, 1048576 into bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)$/i.exec(text.trim());
  if (!m) throw new SysbError('USAGE', `not a size: '${text}' (examples: 64MiB, 1GiB, 524288)`);
  const unit = (m[2] ?? '').toLowerCase();
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[unit] ?? 0;
  const bytes = Math.round(Number(m[1]) * 1024 ** power);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new SysbError('USAGE', `size out of range: '${text}'`);
  return bytes;
}
