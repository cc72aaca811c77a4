import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { CatalogServerStore, importServers } from '../../../electron/services/catalog/server-store.ts';
import { JsonServerStore } from '../../../electron/services/ssh/server-store.ts';
import type { ServerConfig } from '../../../electron/services/ssh/server-config.ts';
import { fakeSha } from './schema-fixtures.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();
const FP = 'SHA256:' + 'A'.repeat(43);

const config: ServerConfig = {
  name: 'aix-prod-1',
  host: 'aix1.example',
  port: 2222,
  user: 'backup',
  auth: ['key', 'agent'],
  keyPath: '/home/op/.ssh/id_ed25519',
  workdir: '/var/tmp/sysbtape',
  hostKeys: [{ fingerprint: FP, keyType: 'ssh-ed25519', pinnedAt: '2026-05-01T00:00:00.000Z' }],
  keepaliveSeconds: 0,
  connectTimeoutSeconds: 30,
  sudo: ['sudo', '-n'],
};

describe('servers in the catalog', () => {
  it('is a ServerStore: what is put comes back the same, replaced by name, removable', async () => {
    const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    const store = new CatalogServerStore(cat);
    await store.put(config);
    expect(await store.get('aix-prod-1')).toEqual(config);
    await store.put({ ...config, host: 'aix1.new', hostKeys: [] });
    expect(await store.list()).toEqual([{ ...config, host: 'aix1.new', hostKeys: [] }]);
    expect(await store.remove('aix-prod-1')).toBe(true);
    expect(await store.remove('aix-prod-1')).toBe(false);
    expect(await store.get('aix-prod-1')).toBeUndefined();
    cat.close();
  });

  it('applies the SSH layer validation and the catalog schema, naming the bad field', async () => {
    const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    const store = new CatalogServerStore(cat);
    await expect(store.put({ ...config, port: 70000 })).rejects.toThrow(/port 70000 is not between 1 and 65535/);
    expect(() => cat.servers.put({ name: 'x', host: 'h', user: 'u', auth: ['telnet'], workdir: '/w' } as never)).toThrow(
      /^server: auth\.0 /,
    );
    expect(() =>
      cat.servers.put({
        name: 'x',
        host: 'h',
        user: 'u',
        workdir: '/w',
        hostKeys: [{ fingerprint: 'md5:xx', keyType: 'rsa', pinnedAt: '2026-01-01T00:00:00Z' }],
      }),
    ).toThrow(/^server: hostKeys\.0\.fingerprint must be an OpenSSH SHA256: fingerprint/);
    expect(await store.list()).toEqual([]);
    cat.close();
  });

  it('records preflights and refuses to remove a server that image sets refer to', async () => {
    const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    const s = cat.servers.put({ name: 'aix1', host: 'h', user: 'root', workdir: '/tmp/sysbtape' });
    expect(s.auth).toEqual(['agent']);
    expect(cat.servers.notePreflight('aix1', new Date('2026-05-03T00:00:00Z'), '7300-03-00')).toMatchObject({
      lastPreflightAt: '2026-05-03T00:00:00.000Z',
      osLevel: '7300-03-00',
    });
    // Saving the settings again keeps the preflight facts.
    expect(cat.servers.put({ name: 'aix1', host: 'h2', user: 'root', workdir: '/tmp/sysbtape' })).toMatchObject({
      host: 'h2',
      osLevel: '7300-03-00',
    });
    cat.imageSets.add({
      serverId: s.id,
      capturedAt: '2026-05-01T10:00:00Z',
      tapeblksz: 512,
      stagingPath: '/s',
      images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind) => ({ kind, fileName: kind, size: 1, sha256: fakeSha(1) })),
    });
    expect(() => cat.servers.remove('aix1')).toThrow(/has 1 image set/);
    cat.close();
  });

  it('imports the old servers.json once, keeping servers the catalog already has', async () => {
    const dir = tempDir();
    const json = new JsonServerStore(path.join(dir, 'servers.json'));
    await json.put(config);
    await json.put({ ...config, name: 'aix-test', host: 'aixt.example' });
    const cat = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    cat.servers.put({ name: 'aix-test', host: 'kept.example', user: 'root', workdir: '/tmp/sysbtape' });
    expect(await importServers(json, cat)).toEqual(['aix-prod-1']);
    expect(cat.servers.getByName('aix-test')!.host).toBe('kept.example');
    expect(await new CatalogServerStore(cat).get('aix-prod-1')).toEqual(config);
    expect(await importServers(json, cat)).toEqual([]);
    cat.close();
    expect(fs.existsSync(path.join(dir, 'servers.json'))).toBe(true);
  });
});
