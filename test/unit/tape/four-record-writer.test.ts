import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dummyTocBlock } from '../../../electron/services/tape/dummy-toc.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import type { TapeCapacity } from '../../../electron/services/tape/tape-drive.ts';
import type { TapeProgress } from '../../../electron/services/tape/tape-progress.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';
import { makeImageSet, tapFiles, useTempDirs, walkTap } from './tape-fixtures.ts';

const tempDir = useTempDirs();
let base: string;
let noTapeblksz: string;

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-writer-base-'));
  base = await makeImageSet(path.join(root, 'base'), { tapeblksz: '1024 NONE' });
  noTapeblksz = await makeImageSet(path.join(root, 'none'), { tapeblksz: null, seed: 2 });
});
afterAll(() => {
  fs.rmSync(path.dirname(base), { recursive: true, force: true });
});

function copyOf(src: string): string {
  const dir = path.join(tempDir(), 'images');
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function drive(file: string, opts: ConstructorParameters<typeof SimhTapeDrive>[1] = {}): SimhTapeDrive {
  return new SimhTapeDrive(file, { durable: false, ...opts });
}

describe('writeFourRecordTape', () => {
  it('hashes and writes an image of many chunks in order (chunks rotate between reading, writing and the hash worker)', async () => {
    const images = await makeImageSet(path.join(tempDir(), 'many'), { mksysbSize: 18 * 1024 * 1024, seed: 7 });
    fs.appendFileSync(path.join(images, '4_mksysb.img'), Buffer.alloc(777, 0x33));
    const tape = path.join(tempDir(), 'many.tap');
    // Durable, as the CLI writes: the write-back of every 8 MiB is started while writing goes on.
    const result = await writeFourRecordTape(drive(tape, { durable: true }), images);
    expect(result.records.map((r) => r.sha256)).toEqual([
      sha(path.join(images, '1_bosboot.img')),
      sha(path.join(images, '2_mkinsttape.img')),
      createHash('sha256').update(dummyTocBlock()).digest('hex'),
      sha(path.join(images, '4_mksysb.img')),
    ]);
    const v = await verifyTape(new SimhTapeDrive(tape), { expected: result.records });
    expect(v.problems).toEqual([]);
  });

  it('writes the four records in order at 512, 512, 512 and the tapeblksz size, hashing the content', async () => {
    const images = copyOf(base);
    // Junk after FS_END is allowed in an archive; it makes record 4 end in a partial 1024-byte block.
    fs.appendFileSync(path.join(images, '4_mksysb.img'), Buffer.alloc(100, 0x5a));
    const tape = path.join(tempDir(), 'out.tap');
    const result = await writeFourRecordTape(drive(tape), images);
    const size = (n: string): number => fs.statSync(path.join(images, n)).size;
    expect(result.records.map((r) => [r.index, r.kind, r.blockSize])).toEqual([
      [1, 'boot-image', 512],
      [2, 'mkinsttape', 512],
      [3, 'dummy-toc', 512],
      [4, 'mksysb', 1024],
    ]);
    expect(result.records[0]!.sha256).toBe(sha(path.join(images, '1_bosboot.img')));
    expect(result.records[1]!.sha256).toBe(sha(path.join(images, '2_mkinsttape.img')));
    expect(result.records[3]!.sha256).toBe(sha(path.join(images, '4_mksysb.img')));
    const r4 = result.records[3]!;
    expect(r4.bytes).toBe(size('4_mksysb.img'));
    expect(r4.blocks).toBe(Math.ceil(r4.bytes / 1024));
    expect(r4.paddingBytes).toBe(r4.blocks * 1024 - r4.bytes);
    expect(result.tapeblksz).toMatchObject({ text: '1024 NONE', blockSize: 1024, assumed: false });

    const files = tapFiles(tape);
    expect(files.map((f) => f.length)).toEqual(result.records.map((r) => r.blocks));
    expect(new Set(files[3])).toEqual(new Set([1024]));
    // Four filemarks and nothing after the last one: end of data.
    const objs = walkTap(tape);
    expect(objs.filter((o) => o.kind === 'mark')).toHaveLength(4);
    expect(objs.at(-1)!.kind).toBe('mark');
    const raw = fs.readFileSync(tape);
    expect(objs.at(-1)!.offset + 4).toBe(raw.length);
    const toc = objs.filter((o) => o.kind === 'record')[files[0]!.length + files[1]!.length]!;
    expect(raw.subarray(toc.offset + 4, toc.offset + 4 + 512).toString('latin1')).toBe(`Dummy tape TOC\n${'\0'.repeat(512 - 15)}`);
    // The last block's padding is zeros, and the bytes before it are the image's last bytes.
    const last = objs.filter((o) => o.kind === 'record').at(-1)!;
    const lastData = raw.subarray(last.offset + 4, last.offset + 4 + 1024);
    expect(lastData.subarray(1024 - r4.paddingBytes).every((b) => b === 0)).toBe(true);
    expect(lastData[1024 - r4.paddingBytes - 1]).toBe(0x5a);
  });

  it('reports progress with bytes, MB/s and ETA, ending at the total', async () => {
    const images = copyOf(base);
    const events: TapeProgress[] = [];
    await writeFourRecordTape(drive(path.join(tempDir(), 'p.tap')), images, { onProgress: (p) => events.push(p) });
    const last = events.at(-1)!;
    expect(last.bytes).toBe(last.totalBytes);
    expect(last.record).toBe(4);
    expect(new Set(events.map((e) => e.record))).toEqual(new Set([1, 2, 3, 4]));
    for (let i = 1; i < events.length; i++) expect(events[i]!.bytes).toBeGreaterThanOrEqual(events[i - 1]!.bytes);
    expect(events.filter((e) => e.bytes > 0).every((e) => e.mbPerSecond > 0 && e.etaSeconds !== undefined)).toBe(true);
  });

  it('warns when the boot image lacks the IPL magic, and still writes', async () => {
    const images = copyOf(base);
    const fd = fs.openSync(path.join(images, '1_bosboot.img'), 'r+');
    fs.writeSync(fd, Buffer.alloc(4), 0, 4, 0);
    fs.closeSync(fd);
    const warnings: string[] = [];
    const result = await writeFourRecordTape(drive(path.join(tempDir(), 'w.tap')), images, { onWarning: (w) => warnings.push(w) });
    expect(warnings.join('\n')).toMatch(/IPL record magic 0xC9C2D4C1/);
    expect(result.warnings).toEqual(warnings);
  });

  it('cancellation stops the write with CANCELLED', async () => {
    const images = copyOf(base);
    const controller = new AbortController();
    const p = writeFourRecordTape(drive(path.join(tempDir(), 'c.tap')), images, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.record === 2) controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('a write that hits the end of the medium fails, and the tape does not verify', async () => {
    const images = copyOf(base);
    const tape = path.join(tempDir(), 'full.tap');
    // A drive that cannot tell its capacity up front, so the preflight passes and the medium runs out.
    class UnknownCapacity extends SimhTapeDrive {
      override async capacity(): Promise<TapeCapacity | undefined> {
        return undefined;
      }
    }
    const small = new UnknownCapacity(tape, { durable: false, capacityBytes: 600_000 });
    await expect(writeFourRecordTape(small, images)).rejects.toMatchObject({ code: 'TAPE_END_OF_MEDIUM' });
    const v = await verifyTape(drive(tape), { images });
    expect(v.ok).toBe(false);
  });
});

describe('writeFourRecordTape refuses before touching the tape', () => {
  async function refusal(
    images: string,
    opts: { tape?: string; assume?: number; capacity?: number } = {},
  ): Promise<{ err: { code: string; message: string }; tape: string }> {
    const tape = opts.tape ?? path.join(tempDir(), 'never.tap');
    const d = drive(tape, opts.capacity === undefined ? {} : { capacityBytes: opts.capacity });
    const err = await writeFourRecordTape(d, images, opts.assume === undefined ? {} : { assumeTapeblksz: opts.assume }).then(
      () => {
        throw new Error('the write should have been refused');
      },
      (e: unknown) => e as { code: string; message: string },
    );
    return { err, tape };
  }

  it('a missing image', async () => {
    const images = copyOf(base);
    fs.rmSync(path.join(images, '4_mksysb.img'));
    const { err, tape } = await refusal(images);
    expect(err.code).toBe('IMAGE_SET_INVALID');
    expect(err.message).toMatch(/no 4_mksysb\.img/);
    expect(fs.existsSync(tape)).toBe(false);
  });

  it('an empty mkinsttape image', async () => {
    const images = copyOf(base);
    fs.truncateSync(path.join(images, '2_mkinsttape.img'), 0);
    const { err, tape } = await refusal(images);
    expect(err).toMatchObject({ code: 'IMAGE_SET_INVALID' });
    expect(err.message).toMatch(/2_mkinsttape\.img is empty/);
    expect(fs.existsSync(tape)).toBe(false);
  });

  it('a record-2 archive that does not parse', async () => {
    const images = copyOf(base);
    const file = path.join(images, '2_mkinsttape.img');
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 100, 4000);
    fs.writeFileSync(file, bytes);
    const { err } = await refusal(images);
    expect(err.code).toBe('IMAGE_SET_INVALID');
    expect(err.message).toMatch(/2_mkinsttape\.img is not a clean backup archive: .*offset \d+/);
  });

  it('no ./tapeblksz: explains /tapeblksz and mkinsttape; --assume-tapeblksz 512 overrides with a warning', async () => {
    const images = copyOf(noTapeblksz);
    const { err } = await refusal(images);
    expect(err.code).toBe('IMAGE_SET_INVALID');
    expect(err.message).toMatch(/no \.\/tapeblksz/);
    expect(err.message).toMatch(/echo "512 NONE" > \/tapeblksz\s+before mkinsttape/);
    expect(err.message).toMatch(/--assume-tapeblksz 512/);
    const warnings: string[] = [];
    const result = await writeFourRecordTape(drive(path.join(tempDir(), 'a.tap')), images, {
      assumeTapeblksz: 512,
      onWarning: (w) => warnings.push(w),
    });
    expect(result.records[3]!.blockSize).toBe(512);
    expect(result.tapeblksz.assumed).toBe(true);
    expect(warnings.join()).toMatch(/assumed 512/);
  });

  it('images in the wrong order', async () => {
    const images = copyOf(base);
    fs.renameSync(path.join(images, '1_bosboot.img'), path.join(images, 'tmp'));
    fs.renameSync(path.join(images, '4_mksysb.img'), path.join(images, '1_bosboot.img'));
    fs.renameSync(path.join(images, 'tmp'), path.join(images, '4_mksysb.img'));
    const { err } = await refusal(images);
    expect(err.code).toBe('IMAGE_SET_INVALID');
    expect(err.message).toMatch(/wrong order/);
  });

  it('a write-protected (read-only) tape keeps its old content', async () => {
    const images = copyOf(base);
    const tape = path.join(tempDir(), 'ro.tap');
    fs.writeFileSync(tape, Buffer.from([0, 0, 0, 0]));
    fs.chmodSync(tape, 0o444);
    const { err } = await refusal(images, { tape });
    expect(err.code).toBe('TAPE_WRITE_PROTECTED');
    expect(fs.readFileSync(tape)).toEqual(Buffer.from([0, 0, 0, 0]));
  });

  it('a capacity too small for the image set', async () => {
    const images = copyOf(base);
    const { err, tape } = await refusal(images, { capacity: 100_000 });
    expect(err.code).toBe('TAPE_TOO_SMALL');
    expect(err.message).toMatch(/needs \d+ bytes of tape but .* holds 100000/);
    expect(fs.existsSync(tape)).toBe(false);
  });
});
