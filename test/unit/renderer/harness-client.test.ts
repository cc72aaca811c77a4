import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarnessBridge, takeHarnessToken } from '../../../renderer/src/api/harness-client.ts';
import { type Harness, startHarness } from '../../../electron/harness.ts';
import { type ApiService, createApiService } from '../../../electron/services/api.ts';
import { MemorySecretStore } from '../../../electron/services/api/secret-store.ts';
import { API_METHODS } from '../../../shared/api.ts';

let dir = '';
let service: ApiService;
let harness: Harness;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-client-'));
  mkdirSync(path.join(dir, 'r'));
  writeFileSync(path.join(dir, 'r', 'index.html'), '<!doctype html>');
  service = await createApiService({
    catalogPath: path.join(dir, 'catalog.db'),
    stagingDir: path.join(dir, 'staging'),
    knownHostsPath: null,
    transport: 'harness',
    secrets: new MemorySecretStore(),
  });
  harness = await startHarness({ service, rendererDir: path.join(dir, 'r') });
});

afterAll(async () => {
  await harness.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('harness client', () => {
  it('offers every contract method and reaches the real services', async () => {
    const bridge = createHarnessBridge(harness.token, harness.origin);
    for (const m of API_METHODS) expect(typeof bridge[m]).toBe('function');
    expect(await bridge.getAppInfo({})).toMatchObject({ ok: true, value: { transport: 'harness' } });
    expect(await bridge.listServers({})).toEqual({ ok: true, value: [] });
  });

  it('turns a refused token into a readable error instead of throwing', async () => {
    const bridge = createHarnessBridge('not-the-token', harness.origin);
    const r = await bridge.getAppInfo({});
    expect(r).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(!r.ok && r.error.message).toMatch(/open the URL the harness printed/);
  });

  it('takes the token from the URL once, keeps it for the tab and strips it from the address bar', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => {
        store.set(k, v);
      },
    } as Storage;
    let replaced = '';
    const history = {
      replaceState: (_s: unknown, _t: string, url: string) => {
        replaced = url;
      },
    } as History;
    const location = { search: '?token=abc&x=1', pathname: '/', hash: '#h' } as Location;
    expect(takeHarnessToken(location, history, storage)).toBe('abc');
    expect(replaced).toBe('/?x=1#h');
    expect(takeHarnessToken({ search: '', pathname: '/', hash: '' } as Location, history, storage)).toBe('abc');
    expect(
      takeHarnessToken({ search: '', pathname: '/', hash: '' } as Location, history, {
        getItem: () => null,
        setItem: () => {},
      } as unknown as Storage),
    ).toBeNull();
  });
});
