/**
 * Where passwords and key passphrases live: encrypted by the OS keyring through Electron's safeStorage
 * (passed in as a small interface so this file never imports electron), or only in memory for the
 * browser harness. Secrets go in from the renderer once and never come back out to it.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';

/** Keeps secrets for the main process. */
export interface SecretStore {
  /** Says where secrets go, for the UI ("OS keyring (gnome_libsecret)", "memory only"). */
  readonly description: string;
  put(key: string, secret: string): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Forgets a secret; a key that was never stored is not an error. */
  delete(key: string): Promise<void>;
}

/** The part of Electron's safeStorage this store uses (the async API Electron recommends). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

/** Secrets kept only for the life of the process (the browser harness and tests). */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory only (forgotten when the app exits)';
  readonly #map = new Map<string, string>();
  async put(key: string, secret: string): Promise<void> {
    this.#map.set(key, secret);
  }
  async get(key: string): Promise<string | null> {
    return this.#map.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.#map.delete(key);
  }
}

/** Secrets encrypted by safeStorage into one JSON file; refuses Linux's hard-coded-key fallback. */
export class SafeStorageSecretStore implements SecretStore {
  readonly description: string;
  readonly #safe: SafeStorageLike;
  readonly #file: string;
  readonly #backend: string;

  constructor(safe: SafeStorageLike, file: string, platform: NodeJS.Platform = process.platform) {
    this.#safe = safe;
    this.#file = file;
    const backend = platform === 'linux' ? safe.getSelectedStorageBackend() : 'os';
    this.description = `OS keyring (${backend})`;
    this.#backend = backend;
  }

  async put(key: string, secret: string): Promise<void> {
    await this.#check();
    const all = await this.#load();
    all[key] = (await this.#safe.encryptStringAsync(secret)).toString('base64');
    const tmp = `${this.#file}.tmp`;
    await writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
    await rename(tmp, this.#file);
  }

  async get(key: string): Promise<string | null> {
    const stored = (await this.#load())[key];
    if (stored === undefined) return null;
    await this.#check();
    return (await this.#safe.decryptStringAsync(Buffer.from(stored, 'base64'))).result;
  }

  // Deleting needs no keyring: the entry is dropped from the file without being decrypted.
  async delete(key: string): Promise<void> {
    await deleteSecretEntries(this.#file, (k) => k === key);
  }

  async #check(): Promise<void> {
    // On Linux without a keyring Chromium falls back to a key compiled into the binary: that is
    // obfuscation, not encryption, so we refuse rather than pretend the password is protected.
    if (this.#backend === 'basic_text') {
      throw new SysbError(
        'INVALID_INPUT',
        'no OS keyring is available (safeStorage would use its plain-text fallback); ' +
          'start a Secret Service (gnome-keyring or KWallet) or use the SSH agent or a key file instead of a password',
      );
    }
    if (!(await this.#safe.isAsyncEncryptionAvailable())) {
      throw new SysbError('INVALID_INPUT', 'the OS keyring is not available; use the SSH agent or a key file instead of a password');
    }
  }

  async #load(): Promise<Record<string, string>> {
    return loadSecretFile(this.#file);
  }
}

async function loadSecretFile(file: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/**
 * Drops the entries whose key matches from a safeStorage secrets file (no keyring needed, so the CLI can
 * do it too); returns the keys dropped. A missing file holds nothing.
 */
export async function deleteSecretEntries(file: string, matches: (key: string) => boolean): Promise<string[]> {
  const all = await loadSecretFile(file);
  const dropped = Object.keys(all).filter(matches);
  if (dropped.length === 0) return [];
  const kept = Object.fromEntries(Object.entries(all).filter(([k]) => !matches(k)));
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(kept), { mode: 0o600 });
  await rename(tmp, file);
  return dropped;
}

/**
 * The desktop app's secrets file, for the CLI: Electron's userData of the product SysbTape
 * ($XDG_CONFIG_HOME/SysbTape, else ~/.config/SysbTape) unless $SYSBTAPE_APP_SECRETS names another file.
 */
export function appSecretsFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYSBTAPE_APP_SECRETS) return env.SYSBTAPE_APP_SECRETS;
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'SysbTape', 'secrets.json');
}
