import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { catalogHandlers } from '../../../electron/services/api/catalog-handlers.ts';
import { engineJobInfo } from '../../../electron/services/api/engine-jobs.ts';

let dir = '';
let catalog: Catalog;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-api-catalog-'));
  catalog = await openCatalog(path.join(dir, 'catalog.db'));
  catalog.cartridges.add({ volser: 'ABC001', mediaId: 'L6', location: 'Shelf A', retentionUntil: '2099-01-01' });
  catalog.cartridges.add({ volser: 'ABC002', mediaId: 'L8', location: 'Safe' });
  catalog.cartridges.add({ volser: 'XYZ001', mediaId: 'L8', retentionUntil: '2000-01-01' });
});

afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog handlers', () => {
  const h = () => catalogHandlers(catalog);
  const list = (over: Partial<{ query: string; status: 'any' | 'blank'; location: string; retention: 'any' | 'held' | 'expired' }>) =>
    h().listCartridges({ query: '', status: 'any', location: '', retention: 'any', ...over });

  it('searches by VOLSER prefix, location and retention through the catalog', async () => {
    expect((await list({ query: 'abc' })).map((c) => c.volser)).toEqual(['ABC001', 'ABC002']);
    expect((await list({ location: 'safe' })).map((c) => c.volser)).toEqual(['ABC002']);
    expect((await list({ retention: 'held' })).map((c) => c.volser)).toEqual(['ABC001']);
    expect((await list({ retention: 'expired' })).map((c) => c.volser).sort()).toEqual(['ABC002', 'XYZ001']);
    expect(await list({ status: 'blank' })).toHaveLength(3);
    await expect(list({ query: 'A;B' })).rejects.toThrow(/up to 6 characters/);
  });

  it('updates shelf data and refuses to retire a cartridge under retention', async () => {
    const c = await h().updateCartridge({ volser: 'ABC002', location: 'Off-site box 4', retentionUntil: null, notes: 'quarterly' });
    expect(c).toMatchObject({ volser: 'ABC002', barcode: 'ABC002L8', location: 'Off-site box 4', notes: 'quarterly' });
    await expect(h().retireCartridge({ volser: 'ABC001', reason: 'worn out' })).rejects.toMatchObject({ code: 'CHECK_BLOCKED' });
    expect((await h().retireCartridge({ volser: 'XYZ001', reason: 'worn out' })).status).toBe('retired');
    const detail = await h().getCartridge({ volser: 'ABC002' });
    expect(detail).toMatchObject({ cartridge: { volser: 'ABC002' }, writes: [], verifications: [] });
  });

  it('shows a durable engine job with its failed step for the Jobs view', () => {
    catalog.servers.put({ name: 'aix1', host: 'h', user: 'root', workdir: '/tmp/sysbtape' });
    const job = catalog.jobs.create({
      kind: 'mksysb-tape',
      steps: ['capture', 'fetch', 'write'],
      volser: 'ABC002',
      params: {
        server: 'aix1',
        target: '/t/v.tap',
        volser: 'ABC002',
        labelDir: '/t/labels',
        stagingRoot: '/t/staging',
        knownHostsPath: null,
        capture: { exclude: false, pack: true, expandTmp: false, record4BlockSize: 512 },
      },
    });
    catalog.jobs.updateStep(job.id, 'capture', { state: 'done' });
    catalog.jobs.updateStep(job.id, 'fetch', { state: 'failed', message: 'connection dropped' });
    const info = engineJobInfo(catalog.jobs.require(job.id));
    expect(info).toMatchObject({ id: job.id, durable: true, kind: 'tape', state: 'failed', error: { message: 'connection dropped' } });
    expect(info.title).toContain('aix1 → ABC002 on /t/v.tap');
    expect(info.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending']);
  });

  it('lists a job whose stored params are bad with what is wrong, instead of failing the whole list', () => {
    const job = catalog.jobs.create({ kind: 'tape-write', steps: ['write'], volser: 'ABC002', params: { server: 'aix1', target: 42 } });
    expect(engineJobInfo(catalog.jobs.require(job.id)).title).toMatch(
      new RegExp(`job ${job.id} \\('tape-write'\\) has bad params in the catalog — target: .*volser`),
    );
  });
});
