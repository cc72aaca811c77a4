import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import type { NewWrite } from '../../../electron/services/catalog/model.ts';
import { SysbError } from '../../../shared/errors.ts';
import { fakeSha } from './schema-fixtures.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

async function withImageSet(): Promise<{ cat: Catalog; imageSetId: number }> {
  const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
  const server = cat.servers.put({
    name: 'aix1',
    host: 'aix1.example',
    user: 'root',
    auth: ['key'],
    keyPath: '/root/.ssh/id_ed25519',
    workdir: '/tmp/sysbtape',
  });
  const set = cat.imageSets.add({
    serverId: server.id,
    capturedAt: '2026-05-01T10:00:00Z',
    osLevel: '7300-02-01-2346',
    mksysbOptions: ['-i', '-e'],
    tapeblksz: 262144,
    stagingPath: '/stage/1',
    images: [
      { kind: 'mksysb', fileName: '4_mksysb', size: 3000, sha256: fakeSha(4), remoteChecksum: '123 3000' },
      { kind: 'boot', fileName: '1_boot', size: 1000, sha256: fakeSha(1) },
      { kind: 'mkinsttape', fileName: '2_mkinsttape', size: 2000, sha256: fakeSha(2) },
    ],
  });
  cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
  return { cat, imageSetId: set.id };
}

function write(imageSetId: number, base: number, over: Partial<NewWrite> = {}): NewWrite {
  return {
    volser: 'ABC123',
    imageSetId,
    drive: '/dev/nst0',
    startedAt: '2026-05-02T08:00:00Z',
    endedAt: '2026-05-02T08:30:00Z',
    result: 'ok',
    records: [1, 2, 3, 4].map((n) => ({
      index: n,
      blockSize: n === 4 ? 262144 : 512,
      blocks: n === 4 ? 12 : 4,
      bytes: n === 4 ? 12 * 262144 : 2048,
      sha256: fakeSha(base + n),
    })),
    ...over,
  };
}

describe('image sets', () => {
  it('records the three images in record order and rejects an incomplete set naming the field', async () => {
    const { cat, imageSetId } = await withImageSet();
    const set = cat.imageSets.get(imageSetId)!;
    expect(set.images.map((i) => i.kind)).toEqual(['boot', 'mkinsttape', 'mksysb']);
    expect(set).toMatchObject({ serverName: 'aix1', host: 'aix1.example', state: 'staged', mksysbOptions: ['-i', '-e'] });
    const input = {
      serverId: set.serverId,
      capturedAt: set.capturedAt,
      tapeblksz: 512,
      stagingPath: '/s',
      images: set.images.slice(0, 2).map((i) => ({ kind: i.kind, fileName: i.fileName, size: i.size, sha256: i.sha256 })),
    };
    expect(() => cat.imageSets.add(input)).toThrow(/^image set: images must hold the three images: boot, mkinsttape, mksysb/);
    expect(() =>
      cat.imageSets.add({
        ...input,
        serverId: 99,
        images: set.images.map((i) => ({ kind: i.kind, fileName: i.fileName, size: i.size, sha256: i.sha256 })),
      }),
    ).toThrow(/serverId 99 is not in the catalog/);
    expect(cat.imageSets.list()).toHaveLength(1);
    expect(cat.imageSets.setState(imageSetId, 'verified').state).toBe('verified');
    expect(cat.imageSets.list({ state: 'verified' }).map((s) => s.id)).toEqual([imageSetId]);
    expect(cat.imageSets.findByStagingPath('/stage/1')?.id).toBe(imageSetId);
    expect(cat.imageSets.findByStagingPath('/stage/none')).toBeUndefined();
    cat.close();
  });
});

describe('writes and verifications', () => {
  it('a write updates the cartridge, a verification keeps history, newest first', async () => {
    const { cat, imageSetId } = await withImageSet();
    const w = cat.writes.record(write(imageSetId, 10));
    expect(cat.cartridges.require('ABC123')).toMatchObject({
      status: 'written',
      writeCount: 1,
      firstUsedAt: '2026-05-02T08:00:00Z',
      lastUsedAt: '2026-05-02T08:30:00Z',
    });
    cat.verifications.record({
      volser: 'abc123',
      writeId: w.id,
      drive: '/dev/nst0',
      verifiedAt: '2026-05-02T09:00:00Z',
      verdict: 'pass',
      mksysbMemberCount: 4242,
      records: [1, 2, 3, 4].map((n) => ({ index: n, sha256: fakeSha(10 + n), result: 'ok' as const })),
    });
    expect(cat.cartridges.require('ABC123').status).toBe('verified');
    cat.verifications.record({
      volser: 'ABC123',
      drive: '/dev/nst1',
      verifiedAt: '2027-05-02T09:00:00Z',
      verdict: 'fail',
      records: [{ index: 4, result: 'mismatch', sha256: fakeSha(99) }],
      problems: [{ code: 'HASH_MISMATCH', message: 'record 4 differs', record: 4, offset: 0 }],
    });
    const h = cat.history('ABC123');
    expect(h.cartridge).toMatchObject({ status: 'failed', lastUsedAt: '2027-05-02T09:00:00Z' });
    expect(h.writes.map((x) => x.id)).toEqual([w.id]);
    expect(h.writes[0]!.records.map((r) => [r.index, r.blockSize])).toEqual([
      [1, 512],
      [2, 512],
      [3, 512],
      [4, 262144],
    ]);
    expect(h.verifications.map((v) => v.verdict)).toEqual(['fail', 'pass']);
    expect(h.verifications[0]!.problems).toEqual([{ code: 'HASH_MISMATCH', message: 'record 4 differs', record: 4, offset: 0 }]);
    expect(h.verifications[1]).toMatchObject({ mksysbMemberCount: 4242, writeId: w.id });
    cat.close();
  });

  it('a failed or cancelled write leaves the cartridge unknown (contents unknown); a successful write needs all 4 records', async () => {
    const { cat, imageSetId } = await withImageSet();
    cat.writes.record(write(imageSetId, 10, { result: 'cancelled', records: [] }));
    expect(cat.cartridges.require('ABC123')).toMatchObject({ status: 'unknown', writeCount: 1 });
    expect(() => cat.writes.record(write(imageSetId, 10, { records: [] }))).toThrow(
      /^write: records a successful write must list all 4 records$/,
    );
    cat.close();
  });

  it('records nothing when any part of a write is bad (one transaction)', async () => {
    const { cat, imageSetId } = await withImageSet();
    const bad = write(imageSetId, 10, { imageSetId: 999 });
    const err = (() => {
      try {
        cat.writes.record(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SysbError);
    expect((err as SysbError).message).toMatch(/imageSetId 999 is not in the catalog/);
    expect(cat.history('ABC123').writes).toEqual([]);
    expect(cat.cartridges.require('ABC123')).toMatchObject({ status: 'blank', writeCount: 0 });
    expect(() =>
      cat.writes.record(write(imageSetId, 10, { records: write(imageSetId, 10).records.map((r) => ({ ...r, sha256: 'XYZ' })) })),
    ).toThrow(/^write: records\.0\.sha256 must be 64 lowercase hex digits/);
    expect(() =>
      cat.verifications.record({
        volser: 'ABC123',
        writeId: 12345,
        drive: 'd',
        verifiedAt: '2026-05-02T09:00:00Z',
        verdict: 'pass',
        records: [],
      }),
    ).toThrow(/writeId 12345 is not in the catalog/);
    expect(cat.history('ABC123').verifications).toEqual([]);
    expect(() => cat.writes.record(write(imageSetId, 10, { jobId: 77 }))).toThrow(/^write: jobId 77 is not in the catalog$/);
    expect(cat.history('ABC123').writes).toEqual([]);
    cat.close();
  });

  it('identifies a tape by its record hashes, best match first', async () => {
    const { cat, imageSetId } = await withImageSet();
    cat.cartridges.add({ volser: 'XYZ789', mediaId: 'L7' });
    cat.writes.record(write(imageSetId, 10));
    // Same boot and mkinsttape records on another tape, different rootvg backup.
    cat.writes.record({
      ...write(imageSetId, 10),
      volser: 'XYZ789',
      records: write(imageSetId, 10).records.map((r) => (r.index === 4 ? { ...r, sha256: fakeSha(77) } : r)),
    });
    const hashes = [fakeSha(11), fakeSha(12), fakeSha(13), fakeSha(14)];
    const m = cat.identify(hashes);
    expect(m.map((x) => [x.volser, x.matchedRecords, x.complete])).toEqual([
      ['ABC123', [1, 2, 4], true],
      ['XYZ789', [1, 2], false],
    ]);
    expect(m[0]).toMatchObject({
      barcode: 'ABC123L6',
      imageSetId,
      serverName: 'aix1',
      host: 'aix1.example',
      capturedAt: '2026-05-01T10:00:00Z',
    });
    expect(cat.identify([null, null, null, fakeSha(77)]).map((x) => x.volser)).toEqual(['XYZ789']);
    expect(cat.identify([fakeSha(500)])).toEqual([]);
    // Every bootable tape has the same dummy TOC in record 3; it alone identifies nothing.
    expect(cat.identify([null, null, fakeSha(13)])).toEqual([]);
    // A record hash in the wrong position does not count.
    expect(cat.identify([fakeSha(14)])).toEqual([]);
    expect(cat.imageSetsMatching([fakeSha(1), fakeSha(2), null, fakeSha(4)])).toEqual([{ imageSetId, matchedRecords: [1, 2, 4] }]);
    // Lengths for hashing an unlabelled tape: writes' record bytes plus the image sizes (boot 1000, mkinsttape 2000, mksysb 3000).
    expect(cat.knownRecordLengths()).toEqual({ 1: [1000, 2048], 2: [2000, 2048], 3: [2048], 4: [3000, 12 * 262144] });
    expect(() => cat.identify(['nothex'])).toThrow(/^record hashes: 0 must be 64 lowercase hex digits/);
    cat.close();
  });
});
