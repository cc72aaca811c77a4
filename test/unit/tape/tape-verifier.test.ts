import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dummyTocBlock } from '../../../electron/services/tape/dummy-toc.ts';
import { writeFourRecordTape, type WriteResult } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { verifyTape, type VerifyResult } from '../../../electron/services/tape/tape-verifier.ts';
import { flipByte, makeImageSet, padTo, tapOffsetOf, useTempDirs, walkTap, writeRawTape } from './tape-fixtures.ts';

const tempDir = useTempDirs();
let images: string;
let goodTape: string;
let written: WriteResult;

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-verify-base-'));
  images = await makeImageSet(path.join(root, 'images'));
  goodTape = path.join(root, 'good.tap');
  written = await writeFourRecordTape(new SimhTapeDrive(goodTape, { durable: false }), images);
});
afterAll(() => {
  fs.rmSync(path.dirname(images), { recursive: true, force: true });
});

const image = (n: 1 | 2 | 4): Buffer =>
  fs.readFileSync(path.join(images, { 1: '1_bosboot.img', 2: '2_mkinsttape.img', 4: '4_mksysb.img' }[n]));

function tapeCopy(): string {
  const file = path.join(tempDir(), 'copy.tap');
  fs.copyFileSync(goodTape, file);
  return file;
}

function verify(file: string, opts: Parameters<typeof verifyTape>[1] = {}): Promise<VerifyResult> {
  return verifyTape(new SimhTapeDrive(file), opts);
}

function codes(r: VerifyResult): string[] {
  return r.problems.map((p) => p.code);
}

describe('verifyTape on a good tape', () => {
  it('with the image set: ok, four matching records, hashes of the images', async () => {
    const r = await verify(goodTape, { images });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.records.map((x) => [x.index, x.kind, x.blockSize, x.matches])).toEqual([
      [1, 'boot-image', 512, true],
      [2, 'mkinsttape', 512, true],
      [3, 'dummy-toc', 512, true],
      [4, 'mksysb', 512, true],
    ]);
    for (const n of [1, 2, 4] as const) {
      expect(r.records[n - 1]!.sha256).toBe(createHash('sha256').update(image(n)).digest('hex'));
      expect(r.records[n - 1]!.bytes).toBe(image(n).length);
    }
    expect(r.records[2]!.blocks).toBe(1);
    expect(r.records[1]!.archive?.complete).toBe(true);
    expect(r.records[3]!.archive?.members).toBeGreaterThan(10);
    expect(r.tapeblksz?.text).toBe('512 NONE');
  });

  it("without an image set: still checks structure and reports the hashes; with the write's hashes: matches", async () => {
    const r = await verify(goodTape);
    expect(r.ok).toBe(true);
    expect(r.records.every((x) => x.matches === undefined)).toBe(true);
    expect(r.records.map((x) => x.sha256)).toEqual(written.records.map((x) => x.sha256));
    const e = await verify(goodTape, { expected: written.records });
    expect(e.ok).toBe(true);
    expect(e.records.every((x) => x.matches === true)).toBe(true);
  });
});

describe('verifyTape finds damage', () => {
  const flips: [1 | 2 | 3 | 4, number][] = [
    [1, 3000],
    [2, 100_003],
    [3, 100],
    [4, 200_001],
  ];
  for (const [record, at] of flips) {
    it(`one flipped byte in record ${record} is named with the record and offset`, async () => {
      const file = tapeCopy();
      flipByte(file, tapOffsetOf(file, record, at));
      const r = await verify(file, { images });
      expect(r.ok).toBe(false);
      const p = r.problems.find((x) => x.code === (record === 3 ? 'TOC_CONTENT' : 'CONTENT_MISMATCH'));
      expect(p).toMatchObject({ record, offset: at });
      expect(r.records[record - 1]!.matches).toBe(false);
      const e = await verify(file, { expected: written.records });
      expect(e.problems.find((x) => x.code === 'HASH_MISMATCH' || x.code === 'ARCHIVE_PROBLEM')?.record).toBe(record);
    });
  }

  it('a truncated .tap is TAPE_DAMAGED with the offset in the file', async () => {
    const file = tapeCopy();
    const objs = walkTap(file);
    const cut = objs.at(-3)!.offset + 100;
    fs.truncateSync(file, cut);
    const r = await verify(file, { images });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'TAPE_DAMAGED', record: 4, offset: objs.at(-3)!.offset });
  });

  it('a corrupted trailing length is TAPE_DAMAGED with the offset of the bad word', async () => {
    const file = tapeCopy();
    const rec = walkTap(file).filter((o) => o.kind === 'record')[5]!;
    const trailer = rec.offset + 4 + 512;
    flipByte(file, trailer + 1);
    const r = await verify(file);
    expect(r.problems[0]).toMatchObject({ code: 'TAPE_DAMAGED', record: 1, offset: trailer });
  });

  it('three files: record 4 missing', async () => {
    const file = path.join(tempDir(), 'three.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: padTo(image(2), 512) },
      { blockSize: 512, data: dummyTocBlock() },
    ]);
    const r = await verify(file);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'MISSING_RECORD', record: 4 }));
    expect(r.records).toHaveLength(3);
  });

  it('five files: data after record 4', async () => {
    const file = path.join(tempDir(), 'five.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: padTo(image(2), 512) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 512, data: padTo(image(4), 512) },
      { blockSize: 512, data: Buffer.alloc(1024, 7) },
    ]);
    const r = await verify(file, { images });
    expect(codes(r)).toEqual(['EXTRA_FILES']);
    expect(r.problems[0]!.record).toBe(5);
  });

  it('a double filemark after record 4 is still end of data', async () => {
    const file = path.join(tempDir(), 'double.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: padTo(image(2), 512) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 512, data: padTo(image(4), 512) },
      { blockSize: 512, data: Buffer.alloc(0) },
    ]);
    expect((await verify(file, { images })).ok).toBe(true);
  });

  it('records in the wrong order', async () => {
    const file = path.join(tempDir(), 'order.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(2), 512) },
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 512, data: padTo(image(4), 512) },
    ]);
    const r = await verify(file, { images });
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'ARCHIVE_PROBLEM', record: 2, offset: 0 }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'CONTENT_MISMATCH', record: 1, offset: 0 }));
  });

  it('an empty mkinsttape file on tape', async () => {
    const file = path.join(tempDir(), 'empty2.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: Buffer.alloc(0) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 512, data: padTo(image(4), 512) },
    ]);
    const r = await verify(file);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'EMPTY_RECORD', record: 2 }));
  });

  it('record 4 at a block size other than tapeblksz', async () => {
    const file = path.join(tempDir(), 'bs.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: padTo(image(1), 512) },
      { blockSize: 512, data: padTo(image(2), 512) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 1024, data: padTo(image(4), 1024) },
    ]);
    const r = await verify(file, { images });
    expect(codes(r)).toEqual(['TAPEBLKSZ_MISMATCH']);
    expect(r.problems[0]).toMatchObject({ record: 4 });
    expect(r.problems[0]!.message).toMatch(/1024-byte blocks but \.\/tapeblksz in record 2 says "512 NONE"/);
    expect(r.records[3]!.blockSize).toBe(1024);
  });

  it('records 1-3 at the wrong block size, mixed block sizes in record 4, non-zero padding', async () => {
    const file = path.join(tempDir(), 'mixed.tap');
    const r4 = image(4);
    const drive = new SimhTapeDrive(file, { durable: false });
    await drive.open('write');
    await drive.setBlockSize(1024);
    await drive.write(padTo(image(1), 1024));
    await drive.writeFilemarks(1);
    await drive.setBlockSize(512);
    await drive.write(padTo(image(2), 512));
    await drive.writeFilemarks(1);
    await drive.write(dummyTocBlock());
    await drive.writeFilemarks(1);
    await drive.write(r4.subarray(0, 51200));
    await drive.setBlockSize(2048);
    const rest = Buffer.alloc(Math.ceil((r4.length - 51200 + 1) / 2048) * 2048, 0x33);
    r4.copy(rest, 0, 51200);
    await drive.write(rest);
    await drive.writeFilemarks(1);
    await drive.close();
    const r = await verify(file, { images });
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'BLOCK_SIZE', record: 1, offset: 0 }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'MIXED_BLOCK_SIZES', record: 4, offset: 51200 }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'PADDING_NOT_ZERO', record: 4, offset: r4.length }));
    expect(r.records[3]!.blockSizes.map((b) => b.size)).toEqual([512, 2048]);
  });
});
