import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeServerConfig, type ServerConfig } from '../../../electron/services/ssh/server-config.ts';
import { JsonServerStore, requireServer } from '../../../electron/services/ssh/server-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sysbtape-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonServerStore', () => {
  it('adds, replaces, lists and removes servers in a private file', async () => {
    const store = new JsonServerStore(join(dir, 'sub', 'servers.json'));
    expect(await store.list()).toEqual([]);
    await store.put(normalizeServerConfig({ name: 'b', host: 'b.example', user: 'root' }));
    await store.put(normalizeServerConfig({ name: 'a', host: 'a.example', user: 'root', auth: ['key'], keyPath: '/k' }));
    await store.put(normalizeServerConfig({ name: 'b', host: 'b2.example', user: 'root', port: 2222 }));
    const list = await store.list();
    expect(list.map((s) => `${s.name}@${s.host}:${s.port}`)).toEqual(['a@a.example:22', 'b@b2.example:2222']);
    expect(list[0]).toMatchObject({ workdir: '/tmp/sysbtape', keepaliveSeconds: 15, auth: ['key'], keyPath: '/k' });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(await store.remove('a')).toBe(true);
    expect(await store.remove('a')).toBe(false);
    await expect(requireServer(store, 'a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores no secret fields', async () => {
    const store = new JsonServerStore(join(dir, 'servers.json'));
    await store.put(normalizeServerConfig({ name: 'p', host: 'p', user: 'root', auth: ['password'] }));
    expect(readFileSync(store.path, 'utf8')).not.toMatch(/"password"\s*:|secret|passphrase/);
  });

  it('names the file when it is damaged', async () => {
    const path = join(dir, 'servers.json');
    writeFileSync(path, '{not json');
    await expect(new JsonServerStore(path).list()).rejects.toThrow(path);
  });
});

describe('normalizeServerConfig', () => {
  it.each<[Partial<ServerConfig>, RegExp]>([
    [{ port: 0 }, /port/],
    [{ user: 'root;id' }, /user/],
    [{ workdir: '/tmp/$(id)' }, /work directory/],
    [{ auth: ['key'] }, /key file/],
    [{ name: '../x' }, /server name/],
    [{ host: 'a b' }, /host/],
    [{ sudo: ['sudo', '-n;id'] }, /sudo/],
  ])('rejects %j', (patch, message) => {
    expect(() => normalizeServerConfig({ name: 'a', host: 'h', user: 'root', ...patch })).toThrow(message);
  });
});
