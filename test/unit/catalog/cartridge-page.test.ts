/** The Cartridges view's catalog query: contains-search over VOLSER, location and host, sort, paging and the total. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import type { CartridgePageQuery } from '../../../electron/services/catalog/cartridge-page.ts';
import { fakeSha } from './schema-fixtures.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();
const ALL: CartridgePageQuery = {
  search: '',
  status: 'any',
  retention: 'any',
  today: '2026-06-01',
  sort: 'volser',
  direction: 'asc',
  offset: 0,
  limit: 50,
};

async function seeded(): Promise<Catalog> {
  const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
  const server = cat.servers.put({
    name: 'payroll-prod',
    host: 'p.example',
    user: 'root',
    auth: ['key'],
    keyPath: '/k',
    workdir: '/tmp/s',
  });
  const set = cat.imageSets.add({
    serverId: server.id,
    capturedAt: '2026-05-01T10:00:00Z',
    osLevel: '7300-02-01-2346',
    mksysbOptions: [],
    tapeblksz: 512,
    stagingPath: '/s/1',
    images: [1, 2, 4].map((n) => ({
      kind: n === 1 ? ('boot' as const) : n === 2 ? ('mkinsttape' as const) : ('mksysb' as const),
      fileName: `${n}`,
      size: 10,
      sha256: fakeSha(n),
    })),
  });
  cat.transaction(() => {
    for (let i = 0; i < 120; i++)
      cat.cartridges.add({ volser: `V${String(i).padStart(5, '0')}`, mediaId: 'L8', ...(i % 10 === 0 ? { location: `Safe-${i}_%` } : {}) });
  });
  cat.writes.record({
    volser: 'V00007',
    imageSetId: set.id,
    drive: '/dev/nst0',
    startedAt: '2026-05-02T08:00:00Z',
    endedAt: '2026-05-02T08:30:00Z',
    result: 'ok',
    records: [1, 2, 3, 4].map((n) => ({ index: n, blockSize: 512, blocks: 1, bytes: 512, sha256: fakeSha(10 + n) })),
  });
  return cat;
}

describe('cartridge page query', () => {
  it('pages in VOLSER order with the total of all matches', async () => {
    const cat = await seeded();
    const p = cat.cartridgePage({ ...ALL, offset: 50, limit: 50 });
    expect(p.total).toBe(120);
    expect(p.rows.map((r) => r.volser).slice(0, 2)).toEqual(['V00050', 'V00051']);
    expect(cat.cartridgePage({ ...ALL, direction: 'desc', limit: 1 }).rows[0]!.volser).toBe('V00119');
    cat.close();
  });

  it('searches anywhere in VOLSER, location and host, case-insensitively, with "-", "_" and "%" taken literally', async () => {
    const cat = await seeded();
    expect(cat.cartridgePage({ ...ALL, search: 'v0011' }).total).toBe(10);
    expect(cat.cartridgePage({ ...ALL, search: 'safe-2' }).rows.map((r) => r.volser)).toEqual(['V00020']);
    expect(cat.cartridgePage({ ...ALL, search: '0_%' }).total).toBe(12);
    expect(cat.cartridgePage({ ...ALL, search: '_' }).total).toBe(12);
    expect(cat.cartridgePage({ ...ALL, search: 'PAYROLL' }).rows.map((r) => [r.volser, r.host])).toEqual([['V00007', 'payroll-prod']]);
    expect(cat.cartridgePage({ ...ALL, search: '-' }).total).toBe(13);
    cat.close();
  });

  it('sorts by location and host with empty values last, and filters by status', async () => {
    const cat = await seeded();
    const byLocation = cat.cartridgePage({ ...ALL, sort: 'location', limit: 13 }).rows;
    expect(byLocation.map((r) => r.location)).toEqual([...Array.from({ length: 12 }, (_v, i) => `Safe-${i * 10}_%`).sort(), null]);
    expect(cat.cartridgePage({ ...ALL, sort: 'host', direction: 'desc', limit: 1 }).rows[0]!.volser).toBe('V00007');
    expect(cat.cartridgePage({ ...ALL, status: 'written' }).rows.map((r) => r.volser)).toEqual(['V00007']);
    cat.close();
  });
});
