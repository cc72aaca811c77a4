/**
 * Issue 22: deleting a server left its password (or key passphrase) in the secret store. The app's
 * deleteServer and the CLI's `server remove` both forget it, in the memory store and the safeStorage file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../electron/api-dispatch.ts';
import { createApiService } from '../../../electron/services/api.ts';
import {
  MemorySecretStore,
  type SafeStorageLike,
  SafeStorageSecretStore,
  type SecretStore,
} from '../../../electron/services/api/secret-store.ts';
import { runCli } from '../../helpers/run-cli.ts';

let dir = '';
const saved = { home: process.env.SYSBTAPE_HOME, secrets: process.env.SYSBTAPE_APP_SECRETS };
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-del-secret-'));
});
afterEach(() => {
  if (saved.home === undefined) delete process.env.SYSBTAPE_HOME;
  else process.env.SYSBTAPE_HOME = saved.home;
  if (saved.secrets === undefined) delete process.env.SYSBTAPE_APP_SECRETS;
  else process.env.SYSBTAPE_APP_SECRETS = saved.secrets;
  rmSync(dir, { recursive: true, force: true });
});

const fakeSafe: SafeStorageLike = {
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async (s) => Buffer.from(s).map((x) => x ^ 0x5a) as Buffer,
  decryptStringAsync: async (b) => ({ result: Buffer.from(b.map((x) => x ^ 0x5a)).toString(), shouldReEncrypt: false }),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

const server = (name: string, auth: 'password' | 'key', secret: string) => ({
  name,
  host: `${name}.example`,
  port: 22,
  user: 'root',
  auth,
  keyPath: null,
  workdir: '/tmp/sysbtape',
  secret,
});

async function addThenDelete(secrets: SecretStore): Promise<void> {
  const service = await createApiService({
    catalogPath: path.join(dir, 'catalog.db'),
    stagingDir: path.join(dir, 'staging'),
    knownHostsPath: null,
    transport: 'harness',
    secrets,
  });
  try {
    expect(await dispatchCall(service.handlers, 'addServer', server('lpar1', 'password', 'pw-lpar1'))).toMatchObject({ ok: true });
    expect(await dispatchCall(service.handlers, 'addServer', server('lpar2', 'password', 'pw-lpar2'))).toMatchObject({ ok: true });
    expect(await secrets.get('server:lpar1:password')).toBe('pw-lpar1');
    expect(await dispatchCall(service.handlers, 'deleteServer', { name: 'lpar1' })).toMatchObject({ ok: true });
    expect(await secrets.get('server:lpar1:password')).toBeNull();
    expect(await secrets.get('server:lpar2:password')).toBe('pw-lpar2');
  } finally {
    await service.close();
  }
}

describe('deleting a server forgets its secret', () => {
  it('in the memory store (harness)', async () => {
    await addThenDelete(new MemorySecretStore());
  });

  it('in the safeStorage file (Electron): the entry is gone from the file', async () => {
    const file = path.join(dir, 'secrets.json');
    await addThenDelete(new SafeStorageSecretStore(fakeSafe, file, 'linux'));
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['server:lpar2:password']);
  });

  it("sysbtape server remove drops the app's entries for that server from its secrets file", async () => {
    process.env.SYSBTAPE_HOME = path.join(dir, 'home');
    const file = path.join(dir, 'app-secrets.json');
    process.env.SYSBTAPE_APP_SECRETS = file;
    const app = new SafeStorageSecretStore(fakeSafe, file, 'linux');
    await app.put('server:aix7:passphrase', 'kp');
    await app.put('server:aix7', 'legacy');
    await app.put('server:aix70:password', 'other server');
    const catalog = path.join(dir, 'catalog.db');
    expect(
      (await runCli(['--catalog', catalog, 'server', 'add', 'aix7', '--host', 'aix7.example', '--user', 'root', '--agent'])).code,
    ).toBe(0);
    const removed = await runCli(['--catalog', catalog, 'server', 'remove', 'aix7']);
    expect(removed).toMatchObject({ code: 0, out: 'removed aix7 and the secret the desktop app kept for it\n' });
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['server:aix70:password']);
  });
});
