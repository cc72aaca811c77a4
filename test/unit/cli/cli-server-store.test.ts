import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { normalizeServerConfig } from '../../../electron/services/ssh/server-config.ts';
import { JsonServerStore } from '../../../electron/services/ssh/server-store.ts';
import { runCli } from '../../helpers/run-cli.ts';

let dir: string;
let savedHome: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sysbtape-cli-servers-'));
  savedHome = process.env.SYSBTAPE_HOME;
  process.env.SYSBTAPE_HOME = join(dir, 'home');
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.SYSBTAPE_HOME;
  else process.env.SYSBTAPE_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('servers in the catalog', () => {
  it('server add stores the server in the catalog named by --catalog', async () => {
    const catalogPath = join(dir, 'catalog.db');
    const add = await runCli(['--catalog', catalogPath, 'server', 'add', 'aix7', '--host', 'aix7.example', '--user', 'root', '--agent']);
    expect(add.code).toBe(0);
    const catalog = await openCatalog(catalogPath);
    try {
      expect(catalog.servers.getByName('aix7')?.host).toBe('aix7.example');
    } finally {
      catalog.close();
    }
  });

  it('moves a servers.json from before the catalog in once, so a removed server stays removed', async () => {
    const json = new JsonServerStore();
    await json.put(
      normalizeServerConfig({
        name: 'old1',
        host: 'old1.example',
        port: 22,
        user: 'root',
        auth: ['agent'],
        workdir: '/tmp/sysbtape',
        hostKeys: [],
        keepaliveSeconds: 15,
        connectTimeoutSeconds: 20,
        sudo: [],
      }),
    );
    const catalogPath = join(dir, 'catalog.db');
    const listed = await runCli(['--catalog', catalogPath, 'server', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out).map((s: { name: string }) => s.name)).toEqual(['old1']);
    expect(existsSync(json.path)).toBe(false);
    expect(existsSync(`${json.path}.imported-to-catalog`)).toBe(true);
    expect((await runCli(['--catalog', catalogPath, 'server', 'remove', 'old1'])).code).toBe(0);
    expect(JSON.parse((await runCli(['--catalog', catalogPath, 'server', 'list', '--json'])).out)).toEqual([]);
  });
});
