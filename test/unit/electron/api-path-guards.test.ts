/**
 * Issue #8 findings 9 and 15: the window names tape paths and key files; the main process checks
 * every one at the API (the same dispatch the IPC chokepoint and the harness use), never trusting it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../electron/api-dispatch.ts';
import { type ApiService, createApiService } from '../../../electron/services/api.ts';
import { MemorySecretStore } from '../../../electron/services/api/secret-store.ts';

let dir = '';
let service: ApiService;
let secrets: MemorySecretStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-guards-'));
  secrets = new MemorySecretStore();
  service = await createApiService({
    catalogPath: path.join(dir, 'catalog.db'),
    stagingDir: path.join(dir, 'staging'),
    knownHostsPath: null,
    transport: 'harness',
    secrets,
  });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, request: unknown) => dispatchCall(service.handlers, method, request);
const refused = (message: RegExp) => ({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });

describe('tape targets named by the window', () => {
  it('refuses a .tap that is a symbolic link, naming it, before any drive opens it', async () => {
    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'operator notes\n');
    const link = path.join(dir, 'link.tap');
    symlinkSync(notes, link);
    expect(await call('identifyTape', { target: link })).toMatchObject(refused(new RegExp(`${link}.*symbolic link`)));
    expect(await call('startVerify', { target: link, imageSetId: null, volser: null })).toMatchObject(refused(/symbolic link/));
    expect(await call('checkTape', { target: link, volser: 'ABC001', mediaId: 'L6', imageSetId: '1' })).toMatchObject(
      refused(/symbolic link/),
    );
    const drives = await call('listDrives', { extraTargets: [link] });
    expect(drives).toMatchObject({ ok: true, value: [{ target: link, online: false, status: expect.stringMatching(/symbolic link/) }] });
  });

  it('refuses a FIFO, a directory and a .tap in a directory that does not exist', async () => {
    const fifo = path.join(dir, 'pipe.tap');
    execFileSync('mkfifo', [fifo]);
    expect(await call('identifyTape', { target: fifo })).toMatchObject(refused(/pipe\.tap is not a regular file \(a FIFO\)/));
    const folder = path.join(dir, 'folder.tap');
    mkdirSync(folder);
    expect(await call('identifyTape', { target: folder })).toMatchObject(refused(/not a regular file \(a directory\)/));
    const nowhere = path.join(dir, 'no-such-dir', 'new.tap');
    expect(await call('startVerify', { target: nowhere, imageSetId: null, volser: null })).toMatchObject(refused(/cannot be created/));
  });

  it('refuses a relative path and a /dev/nstN that is not a tape drive', async () => {
    expect(await call('identifyTape', { target: 'relative/tape.tap' })).toMatchObject(refused(/absolute path/));
    expect(await call('identifyTape', { target: '/dev/nst987' })).toMatchObject(refused(/\/dev\/nst987 does not exist/));
  });

  it('still accepts a new .tap in an existing directory and an existing regular .tap', async () => {
    const fresh = path.join(dir, 'fresh.tap');
    expect(await call('identifyTape', { target: fresh })).toMatchObject({ ok: true, value: { kind: 'identify' } });
    const existing = path.join(dir, 'existing.tap');
    writeFileSync(existing, '');
    expect(await call('identifyTape', { target: existing })).toMatchObject({ ok: true, value: { kind: 'identify' } });
  });
});

describe('key files named by the window', () => {
  const add = (name: string, keyPath: string | null) =>
    call('addServer', {
      name,
      host: '127.0.0.1',
      port: 22,
      user: 'root',
      auth: 'key',
      keyPath,
      workdir: '/tmp/sysbtape',
      secret: null,
    });

  it('refuses /dev/zero, a FIFO, a directory, an oversized file and a relative path, naming the path; nothing is added', async () => {
    expect(await add('zero', '/dev/zero')).toMatchObject(
      refused(/key file \/dev\/zero is not a regular file \(it is a character device\)/),
    );
    const fifo = path.join(dir, 'key-fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await add('fifo', fifo)).toMatchObject(refused(new RegExp(`key file ${fifo} is not a regular file \\(it is a FIFO\\)`)));
    expect(await add('dir', dir)).toMatchObject(refused(/is not a regular file \(it is a directory\)/));
    const big = path.join(dir, 'big-key');
    writeFileSync(big, Buffer.alloc(64 * 1024 + 1, 0x41));
    expect(await add('big', big)).toMatchObject(refused(new RegExp(`key file ${big} is 65537 bytes`)));
    expect(await add('rel', 'id_ed25519')).toMatchObject(refused(/key file id_ed25519 is not an absolute path/));
    expect(await add('missing', path.join(dir, 'nope'))).toMatchObject(refused(/does not exist/));
    const list = await call('listServers', {});
    expect(list).toMatchObject({ ok: true, value: [] });
  });

  it('accepts a regular key file of at most 64 KiB', async () => {
    const key = path.join(dir, 'id_test');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { stdio: 'ignore' });
    expect(await add('good', key)).toMatchObject({ ok: true, value: { name: 'good', keyPath: key } });
  });

  it('keeps a key passphrase and a password in separate secret entries', async () => {
    const key = path.join(dir, 'id_locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass phrase', '-f', key], { stdio: 'ignore' });
    expect(
      await call('addServer', {
        name: 'locked',
        host: '127.0.0.1',
        port: 22,
        user: 'root',
        auth: 'key',
        keyPath: key,
        workdir: '/tmp/sysbtape',
        secret: 'pass phrase',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await call('addServer', {
        name: 'pw',
        host: '127.0.0.1',
        port: 22,
        user: 'root',
        auth: 'password',
        keyPath: null,
        workdir: '/tmp/sysbtape',
        secret: 'account pw',
      }),
    ).toMatchObject({ ok: true });
    expect(await secrets.get('server:locked:passphrase')).toBe('pass phrase');
    expect(await secrets.get('server:locked:password')).toBeNull();
    expect(await secrets.get('server:pw:password')).toBe('account pw');
    expect(await secrets.get('server:pw:passphrase')).toBeNull();
  });
});
