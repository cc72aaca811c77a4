import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySecretStore, type SafeStorageLike, SafeStorageSecretStore } from '../../../electron/services/api/secret-store.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in for safeStorage: XOR "encryption" so the test can see that the file never holds plain text.
function fakeSafe(backend: string, available = true): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (s) => xor(Buffer.from(s)),
    decryptStringAsync: async (b) => ({ result: xor(b).toString(), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => backend,
  };
}

describe('secret stores', () => {
  it('keeps secrets encrypted on disk and gives them back', async () => {
    const file = path.join(dir, 'a.json');
    const store = new SafeStorageSecretStore(fakeSafe('gnome_libsecret'), file, 'linux');
    await store.put('server:aix1', 'hunter2-password');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(await new SafeStorageSecretStore(fakeSafe('gnome_libsecret'), file, 'linux').get('server:aix1')).toBe('hunter2-password');
    expect(store.description).toContain('gnome_libsecret');
  });

  it("refuses Linux's basic_text fallback and says what to do instead", async () => {
    const store = new SafeStorageSecretStore(fakeSafe('basic_text'), path.join(dir, 'b.json'), 'linux');
    await expect(store.put('server:aix1', 'pw')).rejects.toThrow(/plain-text fallback.*SSH agent or a key file/);
  });

  it('refuses when the keyring is unavailable', async () => {
    const store = new SafeStorageSecretStore(fakeSafe('kwallet5', false), path.join(dir, 'c.json'), 'linux');
    await expect(store.put('server:aix1', 'pw')).rejects.toThrow(/keyring is not available/);
  });

  it('memory store forgets nothing within the process', async () => {
    const m = new MemorySecretStore();
    await m.put('k', 'v');
    expect(await m.get('k')).toBe('v');
    expect(await m.get('other')).toBeNull();
  });
});

describe('forgetting secrets (issue 22: a deleted server left its secret behind)', () => {
  it('the safeStorage store deletes an entry without the keyring and keeps the others', async () => {
    const file = path.join(dir, 'd.json');
    const store = new SafeStorageSecretStore(fakeSafe('gnome_libsecret'), file, 'linux');
    await store.put('server:aix1:password', 'pw1');
    await store.put('server:aix2:password', 'pw2');
    // Deleting never decrypts: it works even where the keyring is gone.
    await new SafeStorageSecretStore(fakeSafe('kwallet5', false), file, 'linux').delete('server:aix1:password');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['server:aix2:password']);
    expect(await store.get('server:aix1:password')).toBeNull();
    expect(await store.get('server:aix2:password')).toBe('pw2');
    await store.delete('never-stored');
  });

  it('the memory store deletes an entry', async () => {
    const m = new MemorySecretStore();
    await m.put('k', 'v');
    await m.delete('k');
    expect(await m.get('k')).toBeNull();
  });
});
