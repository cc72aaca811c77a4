/**
 * A server's password and its key's passphrase are two entries in the secret store, never one
 * value used for both: the passphrase only ever decrypts the key here, the password only ever goes
 * to the server. Entries saved before they were separate (`server:NAME`) count as the one secret
 * the server's login method needs.
 */
import type { AuthMethod } from '../../../shared/domain.ts';
import type { SshSecrets } from '../ssh/ssh-secrets.ts';
import type { SecretStore } from './secret-store.ts';

const passwordKey = (server: string): string => `server:${server}:password`;
const passphraseKey = (server: string): string => `server:${server}:passphrase`;
const legacyKey = (server: string): string => `server:${server}`;

/** Which secret a login method of the app needs: a key's passphrase or the account password. */
export type SecretKind = 'password' | 'passphrase';

/** The kind of secret a server with these methods takes from a single secret field. */
export function secretKindFor(auth: readonly AuthMethod[]): SecretKind | null {
  if (auth.includes('password') || auth.includes('keyboard-interactive')) return 'password';
  if (auth.includes('key')) return 'passphrase';
  return null;
}

/** Stores a server's password or passphrase under its own entry. */
export async function saveServerSecret(store: SecretStore, server: string, kind: SecretKind, secret: string): Promise<void> {
  await store.put(kind === 'password' ? passwordKey(server) : passphraseKey(server), secret);
}

/** Every entry name a server's secrets may be kept under (current and legacy). */
export function serverSecretKeys(server: string): string[] {
  return [passwordKey(server), passphraseKey(server), legacyKey(server)];
}

/** Forgets every secret kept for a server (when the server is deleted). */
export async function deleteServerSecrets(store: SecretStore, server: string): Promise<void> {
  for (const key of serverSecretKeys(server)) await store.delete(key);
}

/** The secrets kept for a server, each under its own name. */
export async function loadServerSecrets(store: SecretStore, server: string, auth: readonly AuthMethod[]): Promise<SshSecrets> {
  const out: SshSecrets = {};
  const password = await store.get(passwordKey(server));
  const passphrase = await store.get(passphraseKey(server));
  if (password !== null) out.password = password;
  if (passphrase !== null) out.passphrase = passphrase;
  if (password === null && passphrase === null) {
    const legacy = await store.get(legacyKey(server));
    const kind = secretKindFor(auth);
    if (legacy !== null && kind !== null) out[kind] = legacy;
  }
  return out;
}
