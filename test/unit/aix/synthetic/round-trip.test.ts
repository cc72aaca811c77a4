/** Round trip: what the synthetic writer produces, the product's reader must read back exactly. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMember, scanArchiveFile } from '../../../../electron/services/aix/archive-file.ts';
import { ArchiveParser } from '../../../../electron/services/aix/archive-parser.ts';
import type { ArchiveSummary } from '../../../../electron/services/aix/archive-types.ts';
import { decodePacked } from '../../../../electron/services/aix/huffman-decoder.ts';
import { identifyFile } from '../../../../electron/services/aix/identify.ts';
import { summarizeImageData } from '../../../../electron/services/aix/image-data.ts';
import { imageSetTexts, writeImageSet, type ImageSetResult } from '../../../../electron/services/aix/synthetic/image-set.ts';
import { buildMkinsttapeImage } from '../../../../electron/services/aix/synthetic/mkinsttape-image.ts';
import { mksysbChunks } from '../../../../electron/services/aix/synthetic/mksysb-image.ts';
import { packEncode } from '../../../../electron/services/aix/synthetic/pack-encoder.ts';
import { SeededRandom } from '../../../../electron/services/aix/synthetic/seeded-random.ts';
import { unpackReference } from './unpack-reference.ts';
import { walkArchive } from './walk-archive.ts';

const MiB = 1024 * 1024;

interface ReadBack {
  summary: ArchiveSummary;
  members: { name: Buffer; size: number; packed: boolean; recordType: number; data: Buffer; ok: boolean }[];
}

/** Feeds the archive to the product's parser in uneven chunks and collects every member's decoded data. */
function readBack(archive: Buffer, seed: number): ReadBack {
  const members: ReadBack['members'] = [];
  let parts: Buffer[] = [];
  const parser = new ArchiveParser({
    onMember: () => {
      parts = [];
    },
    onMemberData: (_m, chunk) => {
      parts.push(Buffer.from(chunk));
    },
    onMemberEnd: (m, result) => {
      members.push({ name: m.name, size: m.size, packed: m.packed, recordType: m.recordType, data: Buffer.concat(parts), ok: result.ok });
    },
  });
  const rng = new SeededRandom(seed);
  for (let at = 0; at < archive.length;) {
    const n = rng.int(1, 70_000);
    parser.write(archive.subarray(at, at + n));
    at += n;
  }
  return { summary: parser.end(), members };
}

describe('synthetic archives read back through the product reader', () => {
  const texts = imageSetTexts({ mksysbSize: 3 * MiB });
  const mksysb = Buffer.concat([...mksysbChunks({ seed: 21, sizeBytes: 3 * MiB, date: 1_768_444_200, pack: true, ...texts })]);
  const plain = Buffer.concat([...mksysbChunks({ seed: 21, sizeBytes: 3 * MiB, date: 1_768_444_200, pack: false, ...texts })]);

  it('mksysb: complete, no problems, same names, sizes, record types and contents as written', () => {
    const { summary, members } = readBack(mksysb, 1);
    expect(summary.problems).toEqual([]);
    expect(summary.complete).toBe(true);
    expect(summary.checksumsAbsent).toBe(0);
    expect(summary.volume).toMatchObject({ volumeNumber: 1, incno: 100, user: 'root' });
    const written = walkArchive(mksysb);
    expect(summary.endOffset).toBe(written.endOffset);
    const records = written.records.filter((r) => r.type === 11 || r.type === 12);
    expect(members.length).toBe(records.length);
    expect(summary.memberCount).toBe(records.length);
    records.forEach((r, i) => {
      const m = members[i]!;
      expect(m.name.equals(r.name!)).toBe(true);
      expect(m.ok).toBe(true);
      expect(m.packed).toBe(r.magic === 60012);
      expect(m.recordType).toBe(r.type);
      const isDir = (r.mode! & 0o170000) === 0o040000;
      if (!isDir) {
        expect(m.size).toBe(r.size);
        const expected = r.magic === 60012 ? unpackReference(r.data!, r.size!) : r.data!;
        expect(m.data.equals(expected), m.name.toString('latin1')).toBe(true);
      }
    });
    expect(members.some((m) => m.packed)).toBe(true);
    expect(members.some((m) => m.recordType === 12)).toBe(true);
  });

  it('junk after names and in padding changes nothing the reader reports', () => {
    const junk = Buffer.concat([
      ...mksysbChunks({ seed: 21, sizeBytes: 3 * MiB, date: 1_768_444_200, pack: true, junkPadding: true, ...texts }),
    ]);
    expect(junk.equals(mksysb)).toBe(false);
    const a = readBack(mksysb, 5);
    const b = readBack(junk, 6);
    expect(b.summary.problems).toEqual([]);
    expect(b.summary.complete).toBe(true);
    expect(b.members.length).toBe(a.members.length);
    b.members.forEach((m, i) => {
      expect(m.name.equals(a.members[i]!.name)).toBe(true);
      expect(m.data.equals(a.members[i]!.data)).toBe(true);
    });
  });

  it('packed members decode to the bytes the unpacked archive stores', () => {
    const packed = readBack(mksysb, 2).members;
    const stored = readBack(plain, 3).members;
    // all but the filler, whose size depends on what packing saved
    for (let i = 0; i < packed.length - 1; i++) expect(packed[i]!.data.equals(stored[i]!.data)).toBe(true);
  });

  it('mkinsttape: members and tapeblksz read back', () => {
    const image = buildMkinsttapeImage({ seed: 5, date: 1_768_444_200, tapeblksz: '2048 NONE', pack: true, ...texts });
    const { summary, members } = readBack(image, 4);
    expect(summary.complete).toBe(true);
    expect(summary.problemCount).toBe(0);
    expect(members[0]!.name.toString()).toBe('./tapeblksz');
    expect(members[0]!.data.toString()).toBe('2048 NONE\n');
    expect(members.find((m) => m.name.toString() === './image.data')!.data.toString()).toBe(texts.imageData);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['one distinct byte', Buffer.alloc(9000, 0x2e)],
    ['256 distinct bytes', Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7 + (i >> 5)) % 256))],
    ['text', Buffer.from('0512-038 mksysb: Backup Completed Successfully.\n'.repeat(300))],
  ])('the product decoder decodes the encoder output for %s', (_label, data) => {
    const { result, output } = decodePacked(packEncode(data)!, data.length);
    expect(result.ok).toBe(true);
    expect(output.equals(data)).toBe(true);
  });

  it('the product decoder decodes random inputs of random alphabets', () => {
    const rng = new SeededRandom(77);
    for (let n = 0; n < 100; n++) {
      const alphabet = rng.int(1, 256);
      const data = Buffer.alloc(rng.int(0, 5000));
      for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.next() ** 2 * alphabet);
      const { result, output } = decodePacked(packEncode(data)!, data.length);
      expect(result.ok).toBe(true);
      expect(output.equals(data)).toBe(true);
    }
  });
});

describe('an image set on disk reads back through the archive file API', () => {
  let dir = '';
  let set: ImageSetResult;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sysbtape-roundtrip-'));
    set = await writeImageSet(dir, { seed: 8, mksysbSize: 2 * MiB, bootBlocks: 16, tapeblksz: '1024 NONE', hostname: 'lpar42' });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scanArchiveFile finds every member of the mksysb with no problems', async () => {
    const summary = await scanArchiveFile(set.files.mksysb);
    expect(summary.complete).toBe(true);
    expect(summary.problemCount).toBe(0);
    expect(summary.memberCount).toBe(set.mksysbMembers);
    expect(summary.fileBytes).toBe(set.bytes.mksysb);
  });

  it('readMember gets ./tapeblksz and ./image.data out of the mkinsttape image', async () => {
    expect((await readMember(set.files.mkinsttape, './tapeblksz', 1024))!.data.toString()).toBe('1024 NONE\n');
    const imageData = (await readMember(set.files.mkinsttape, './image.data', MiB))!.data.toString();
    expect(imageData).toContain('UNAME_INFO= AIX lpar42 ');
  });

  it('identify tells the three files apart', async () => {
    expect((await identifyFile(set.files.boot)).kind).toBe('boot-image');
    expect((await identifyFile(set.files.mkinsttape)).kind).toBe('mkinsttape');
    expect((await identifyFile(set.files.mksysb)).kind).toBe('mksysb');
  });

  it('the lsmksysb -l summary of the image.data it carries is complete and consistent', async () => {
    const imageData = (await readMember(set.files.mksysb, './image.data', MiB))!.data.toString('latin1');
    const bosinst = (await readMember(set.files.mksysb, './bosinst.data', MiB))!.data.toString('latin1');
    const s = summarizeImageData(imageData, bosinst);
    expect(s.warnings).toEqual([]);
    expect(s).toMatchObject({
      volumeGroup: 'rootvg',
      hostname: 'lpar42',
      serviceLevel: '7200-05-03-2148',
      maintenanceLevel: '7200-05',
      backupDate: 'Thu Jan 15 02:30:00 UTC 2026',
      ppSizeMb: 64,
      targetDisks: ['hdisk0'],
    });
    expect(s.fileSystems.map((f) => f.mountPoint)).toEqual(['/', '/usr', '/var', '/tmp', '/home', '/opt']);
    expect(s.logicalVolumes).toHaveLength(10);
    expect(s.shrinkSizeMb).toBeLessThan(s.backupSizeMb);
  });
});
