/** Small helpers shared by the server and capture commands. */
import { SysbError } from '../../shared/errors.ts';
import type { AuthMethod } from '../../shared/domain.ts';
import type { SshSecrets } from '../services/ssh/ssh-secrets.ts';
import type { CliIo } from './command-kit.ts';

/** Secrets longer than this are not passwords: refuse rather than read an endless stdin into memory. */
const MAX_SECRET_BYTES = 64 * 1024;

/** Reads all of stdin as one secret (one trailing newline removed). */
export async function readSecret(io: CliIo, flag = '--password-stdin'): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    if (text.length > MAX_SECRET_BYTES)
      throw new SysbError('USAGE', `${flag}: standard input is longer than ${MAX_SECRET_BYTES} bytes; that is not a password`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new SysbError('USAGE', `${flag} was given but standard input was empty`);
  return secret;
}

/** The secret flags every command that logs in takes. */
export interface SecretFlags {
  passwordStdin?: boolean;
  passphraseStdin?: boolean;
}

/** Help texts of the secret flags (one wording for every command). */
export const PASSWORD_STDIN_HELP =
  'read the SSH account password from stdin (for a server that logs in with a key only: the key passphrase)';
export const PASSPHRASE_STDIN_HELP = 'read the private key passphrase from stdin (never sent to the server)';

/**
 * The password and the key passphrase for a server, kept apart: from SYSBTAPE_PASSWORD and
 * SYSBTAPE_KEY_PASSPHRASE, then --password-stdin or --passphrase-stdin (only one can use stdin).
 */
export async function readSshSecrets(
  io: CliIo,
  f: SecretFlags,
  auth: readonly AuthMethod[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<SshSecrets> {
  if (f.passwordStdin && f.passphraseStdin) {
    throw new SysbError('USAGE', 'only one secret can come from stdin: give the other in SYSBTAPE_PASSWORD or SYSBTAPE_KEY_PASSPHRASE');
  }
  const secrets: SshSecrets = {};
  if (env.SYSBTAPE_PASSWORD) secrets.password = env.SYSBTAPE_PASSWORD;
  if (env.SYSBTAPE_KEY_PASSPHRASE) secrets.passphrase = env.SYSBTAPE_KEY_PASSPHRASE;
  if (f.passphraseStdin) secrets.passphrase = await readSecret(io, '--passphrase-stdin');
  if (f.passwordStdin) {
    const text = await readSecret(io);
    // --password-stdin used to carry a key's passphrase as well. For a server that logs in with a key
    // and no password method it still does: there it can never reach the server as a password.
    const sendsPassword = auth.includes('password') || auth.includes('keyboard-interactive');
    if (!sendsPassword && auth.includes('key')) secrets.passphrase = text;
    else secrets.password = text;
  }
  return secrets;
}

/** Parses a whole-number flag within bounds or throws a usage error naming the flag. */
export function intFlag(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new SysbError('USAGE', `${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  return Number(text);
}
