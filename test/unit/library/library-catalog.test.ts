import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { newestVerifiedCopies, pickCartridge, reconcile } from '../../../electron/services/library/library-catalog.ts';
import type { LibraryElement, LibraryInventory } from '../../../electron/services/library/media-changer.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();
const NOW = new Date('2026-06-01T12:00:00Z');

function el(kind: LibraryElement['kind'], number: number, barcode?: string | null): LibraryElement {
  const base = kind === 'drive' ? 500 : kind === 'slot' ? 1000 : 10;
  return {
    kind,
    number,
    address: base + number - 1,
    full: barcode !== undefined,
    barcode: barcode ?? undefined,
    sourceAddress: undefined,
    exception: undefined,
    accessible: true,
    identifier: undefined,
  };
}

function inventory(slots: (string | null | undefined)[], extra: Partial<LibraryInventory> = {}): LibraryInventory {
  return {
    device: '/dev/sg9',
    transports: [],
    drives: [el('drive', 1)],
    slots: slots.map((b, i) => el('slot', i + 1, b)),
    importExport: [el('import-export', 1)],
    ...extra,
  };
}

/** aix1 has two verified backups: OLD001 (older capture) and NEW001 (newest); both past retention. */
async function catalogWithHistory(): Promise<Catalog> {
  const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false, now: () => NOW });
  const server = cat.servers.put({
    name: 'aix1',
    host: 'aix1.example',
    user: 'root',
    auth: ['key'],
    keyPath: '/k',
    workdir: '/tmp/sysbtape',
  });
  const images = (n: number) => [
    { kind: 'boot' as const, fileName: '1_boot', size: 1, sha256: fakeSha(n + 1) },
    { kind: 'mkinsttape' as const, fileName: '2_mkinsttape', size: 1, sha256: fakeSha(n + 2) },
    { kind: 'mksysb' as const, fileName: '4_mksysb', size: 1, sha256: fakeSha(n + 3) },
  ];
  const sets = ['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'].map((capturedAt, i) =>
    cat.imageSets.add({ serverId: server.id, capturedAt, tapeblksz: 512, stagingPath: `/s/${i}`, images: images(i * 10) }),
  );
  for (const [volser, set] of [
    ['OLD001', sets[0]!],
    ['NEW001', sets[1]!],
  ] as const) {
    cat.cartridges.add({ volser, mediaId: 'L6', retentionUntil: '2026-05-01' });
    const w = cat.writes.record({
      volser,
      imageSetId: set.id,
      drive: '/dev/nst0',
      startedAt: set.capturedAt,
      endedAt: set.capturedAt,
      result: 'ok',
      records: [1, 2, 3, 4].map((n) => ({ index: n, blockSize: 512, blocks: 1, bytes: 512, sha256: fakeSha(100 + n) })),
    });
    cat.verifications.record({
      volser,
      writeId: w.id,
      drive: '/dev/nst0',
      verifiedAt: set.capturedAt,
      verdict: 'pass',
      records: [1, 2, 3, 4].map((n) => ({ index: n, sha256: fakeSha(100 + n), result: 'ok' as const })),
    });
  }
  cat.cartridges.add({ volser: 'RET001', mediaId: 'L6', retentionUntil: '2026-12-31' });
  cat.cartridges.add({ volser: 'BLK001', mediaId: 'L6' });
  cat.cartridges.add({ volser: 'WRT001', mediaId: 'L6' });
  return cat;
}

describe('library against the catalog', () => {
  it('lists unknown labels, where each cataloged cartridge is, cleaning and unlabeled cartridges', async () => {
    const cat = await catalogWithHistory();
    const inv = inventory(['OLD001L6', 'UNK001L7', null, 'CLN001L1', undefined, 'ODD1234'], { drives: [el('drive', 1, 'RET001L6')] });
    const r = reconcile(cat, inv, { now: NOW });
    expect(r.unknown).toEqual([
      { barcode: 'UNK001L7', volser: 'UNK001', mediaId: 'L7', where: 'slot 2 (address 1001)' },
      { barcode: 'ODD1234', volser: 'ODD123', mediaId: null, where: 'slot 6 (address 1005)' },
    ]);
    expect(r.known).toEqual([
      { volser: 'RET001', status: 'blank', where: 'drive 1 (address 500)' },
      { volser: 'OLD001', status: 'verified', where: 'slot 1 (address 1000)' },
    ]);
    expect(r.unlabeled).toEqual(['slot 3 (address 1002)']);
    expect(r.elements.find((e) => e.barcode === 'CLN001L1')?.state).toBe('cleaning');
    expect(r.elements.find((e) => e.volser === 'RET001')).toMatchObject({ underRetention: true, retentionUntil: '2026-12-31' });
    expect(cat.cartridges.get('UNK001')).toBeUndefined();
    cat.close();
  });

  it('--add-unknown adds LTO labels as blank cartridges with the media id of the label, and only those', async () => {
    const cat = await catalogWithHistory();
    const r = reconcile(cat, inventory(['UNK001L7', 'ODD1234', 'WRM001LY']), { addUnknown: true, now: NOW });
    expect(r.added).toEqual(['UNK001', 'WRM001']);
    expect(cat.cartridges.get('UNK001')).toMatchObject({ status: 'blank', mediaId: 'L7' });
    expect(cat.cartridges.get('WRM001')).toMatchObject({ mediaId: 'LY' });
    expect(r.unknown.map((u) => u.barcode)).toEqual(['ODD1234']);
    cat.close();
  });

  it('--pick takes a blank cartridge first, then one past retention, never one under retention or the newest copy', async () => {
    const cat = await catalogWithHistory();
    expect([...newestVerifiedCopies(cat)]).toEqual(['NEW001']);
    expect(pickCartridge(cat, inventory(['NEW001L6', 'OLD001L6', 'BLK001L6']), NOW)).toMatchObject({ volser: 'BLK001', why: 'blank' });
    expect(pickCartridge(cat, inventory(['NEW001L6', 'RET001L6', 'OLD001L6']), NOW)).toMatchObject({
      volser: 'OLD001',
      why: 'retention ended 2026-05-01',
    });
    // Under retention, the newest verified copy, a cleaning cartridge, an unknown label, the import/export slot: nothing to pick.
    const none = inventory(['NEW001L6', 'RET001L6', 'CLN001L1', 'UNK001L7'], { importExport: [el('import-export', 1, 'BLK001L6')] });
    expect(pickCartridge(cat, none, NOW)).toBeUndefined();
    cat.close();
  });
});
