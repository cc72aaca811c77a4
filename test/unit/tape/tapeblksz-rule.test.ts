// Issue 14 finding 12: one rule for record 4's block size (./tapeblksz), the same in write, verify and inspect.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TAPE_BLOCK_BYTES, parseTapeblksz, tapeblkszError } from '../../../electron/services/aix/tapeblksz.ts';
import { dummyTocBlock } from '../../../electron/services/tape/dummy-toc.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { MAX_BLOCK_BYTES } from '../../../electron/services/tape/record-reader.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { makeImageSet, padTo, useTempDirs, writeRawTape } from './tape-fixtures.ts';

const tempDir = useTempDirs();
const BROKEN = ['2097152 NONE', '16777216 NONE', '1000 NONE', '1536000 NONE'];

/** A .tap holding the image set as its four records, record 4 at `r4BlockSize`, bypassing the writer's checks. */
async function rawTape(images: string, r4BlockSize: number): Promise<string> {
  const file = path.join(tempDir(), 'raw.tap');
  const read = (name: string): Buffer => fs.readFileSync(path.join(images, name));
  await writeRawTape(file, [
    { blockSize: 512, data: padTo(read('1_bosboot.img'), 512) },
    { blockSize: 512, data: padTo(read('2_mkinsttape.img'), 512) },
    { blockSize: 512, data: dummyTocBlock() },
    { blockSize: r4BlockSize, data: padTo(read('4_mksysb.img'), r4BlockSize) },
  ]);
  return file;
}

describe('the tapeblksz rule', () => {
  it('is 512, or a multiple of 512 up to the largest block the read-back path takes', () => {
    expect(MAX_BLOCK_BYTES).toBe(MAX_TAPE_BLOCK_BYTES);
    for (const ok of ['512 NONE', '0 NONE', '256 NONE', '1024 NONE', '262144 512', '1048576 2048'])
      expect(tapeblkszError(parseTapeblksz(ok)), ok).toBeNull();
    expect(tapeblkszError(parseTapeblksz('1000 NONE'))).toMatch(/1000 is not a multiple of 512/);
    expect(tapeblkszError(parseTapeblksz('2097152 NONE'))).toMatch(/2097152 is larger than 1048576 bytes/);
  });

  it('write refuses a broken tapeblksz before the tape is touched', async () => {
    for (const text of BROKEN) {
      const dir = tempDir();
      const images = await makeImageSet(path.join(dir, 'images'), { tapeblksz: text });
      const tape = path.join(dir, 'old.tap');
      await writeRawTape(tape, [{ blockSize: 512, data: Buffer.alloc(1024, 0x5a) }]);
      const before = fs.readFileSync(tape);
      const err = await writeFourRecordTape(new SimhTapeDrive(tape, { durable: false }), images).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, text).toMatchObject({
        code: 'IMAGE_SET_INVALID',
        message: expect.stringContaining(`./tapeblksz "${text}": record 4 block size`),
      });
      expect(fs.readFileSync(tape).equals(before), text).toBe(true);
      const cli = await runCli(['write', '--images', images, '--tape', path.join(dir, 'new.tap')]);
      expect(cli.code, text).not.toBe(0);
      expect(cli.err, text).toMatch(/nothing was written/);
      expect(fs.existsSync(path.join(dir, 'new.tap'))).toBe(false);
    }
  });

  it('verify fails a tape whose tapeblksz breaks the rule, even when every record matches its image', async () => {
    for (const [text, bs] of [
      ['1000 NONE', 1000],
      ['2097152 NONE', 2097152],
    ] as const) {
      const images = await makeImageSet(path.join(tempDir(), 'images'), { tapeblksz: text });
      const tape = await rawTape(images, bs);
      const r = await verifyTape(new SimhTapeDrive(tape), { images });
      expect(r.ok, text).toBe(false);
      expect(r.problems, text).toContainEqual(
        expect.objectContaining({
          code: 'TAPEBLKSZ_INVALID',
          record: 2,
          message: expect.stringContaining(`says "${text}": record 4 block size ${bs}`),
        }),
      );
    }
  });

  it('inspect reports a broken tapeblksz as a problem (exit 1), not a warning', async () => {
    const images = await makeImageSet(path.join(tempDir(), 'images'), { tapeblksz: '1000 NONE' });
    const r = await runCli(['inspect', path.join(images, '2_mkinsttape.img')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/tapeblksz '1000 NONE': record 4 block size 1000 is not a multiple of 512.*\[BAD_TAPEBLKSZ\]/);
  });

  it('the largest allowed block (1 MiB) writes and verifies clean', async () => {
    const images = await makeImageSet(path.join(tempDir(), 'images'), { tapeblksz: '1048576 2048' });
    const tape = path.join(tempDir(), 'big.tap');
    const w = await writeFourRecordTape(new SimhTapeDrive(tape, { durable: false }), images);
    expect(w.records[3]!.blockSize).toBe(1048576);
    const r = await verifyTape(new SimhTapeDrive(tape), { images });
    expect(r.problems).toEqual([]);
  });
});
