/**
 * Where passwords and key passphrases live: encrypted by the OS keyring through Electron's safeStorage
 * (passed in as a small interface so this file never imports electron), or only in memory for the
 * browser harness. Secrets go in from the renderer once and never come back out to it.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SysbError } from '../../../shared/errors.ts';

/** Keeps secrets for the main process. */
export interface SecretStore {
  /** Says where secrets go, for the UI ("OS keyring (gnome_libsecret)", "memory only"). */
  readonly description: string;
  put(key: string, secret: string): Promise<void>;
  get(key: string): Promise<string | null>;
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
  async put(key: string, secret: string): Promise<void> { this.#map.set(key, secret); }
  async get(key: string): Promise<string | null> { return this.#map.get(key) ?? null; }
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

  async #check(): Promise<void> {
    // On Linux without a keyring Chromium falls back to a key compiled into the binary: that is
    // obfuscation, not encryption, so we refuse rather than pretend the password is protected.
    if (this.#backend === 'basic_text') {
      throw new SysbError('INVALID_INPUT', 'no OS keyring is available (safeStorage would use its plain-text fallback); '
        + 'start a Secret Service (gnome-keyring or KWallet) or use the SSH agent or a key file instead of a password');
    }
    if (!(await this.#safe.isAsyncEncryptionAvailable())) {
      throw new SysbError('INVALID_INPUT', 'the OS keyring is not available; use the SSH agent or a key file instead of a password');
    }
  }

  async #load(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.#file, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }
}
