/** Small helpers shared by the server and capture commands. */
import { SysbError } from '../../shared/errors.ts';
import type { CliIo } from './command-kit.ts';

/** Reads all of stdin as the password or key passphrase (one trailing newline removed). */
export async function readSecret(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) text += chunk.toString();
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new SysbError('USAGE', '--password-stdin was given but standard input was empty');
  return secret;
}

/** Parses a whole-number flag within bounds or throws a usage error naming the flag. */
export function intFlag(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new SysbError('USAGE', `${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  return Number(text);
}
