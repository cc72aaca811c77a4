import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkBytesFor } from '../../../electron/services/tape/chunking.ts';
import { tapeTargetKind } from '../../../electron/services/tape/open-tape-drive.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { formatInspection, inspectTape } from '../../../electron/services/tape/tape-inspector.ts';
import { useTempDirs, writeRawTape } from './tape-fixtures.ts';

const tempDir = useTempDirs();

describe('inspectTape', () => {
  it('lists every file with its block-size runs, up to end of data', async () => {
    const file = path.join(tempDir(), 'any.tap');
    const mixed = Buffer.concat([Buffer.alloc(1024, 1), Buffer.alloc(2048, 2)]);
    await writeRawTape(file, [
      { blockSize: 512, data: Buffer.alloc(512 * 5, 0) },
      { blockSize: 1024, data: Buffer.alloc(1024, 1) },
      { blockSize: 0, data: Buffer.from('Dummy tape TOC\n') },
    ]);
    // Append a file whose block size changes mid-file.
    const d = new SimhTapeDrive(file, { durable: false });
    await d.open('write');
    await d.spaceFiles(3);
    await d.setBlockSize(1024);
    await d.write(mixed.subarray(0, 1024));
    await d.setBlockSize(2048);
    await d.write(mixed.subarray(1024));
    await d.writeFilemarks(1);
    await d.close();

    const t = await inspectTape(new SimhTapeDrive(file));
    expect(t.end).toBe('end-of-data');
    expect(t.files.map((f) => [f.blocks, f.bytes])).toEqual([
      [5, 2560],
      [1, 1024],
      [1, 15],
      [2, 3072],
    ]);
    expect(t.files[3]!.blockSizes).toEqual([
      { size: 1024, blocks: 1, offset: 0 },
      { size: 2048, blocks: 1, offset: 1024 },
    ]);
    expect(t.files[2]!.looksLike).toBe('dummy-toc');
    expect(formatInspection(t)).toMatch(/file 4: 2 blocks \(1×1024 \+ 1×2048 bytes\)/);
  });

  it('a tape whose last file has no filemark, and a damaged one, say so', async () => {
    const file = path.join(tempDir(), 'open.tap');
    const frame = Buffer.alloc(520);
    frame.writeUInt32LE(512, 0);
    frame.writeUInt32LE(512, 516);
    fs.writeFileSync(file, frame);
    expect((await inspectTape(new SimhTapeDrive(file))).end).toBe('no-filemark');
    fs.writeFileSync(file, frame.subarray(0, 300));
    const bad = await inspectTape(new SimhTapeDrive(file));
    expect(bad.end).toBe('error');
    expect(bad.error?.code).toBe('TAPE_DAMAGED');
  });
});

describe('tape targets and transfer sizes', () => {
  it('accepts .tap paths and /dev/nstN, refuses /dev/stN and anything else', () => {
    expect(tapeTargetKind('/tmp/x.tap')).toBe('simh');
    expect(tapeTargetKind('/dev/nst0')).toBe('linux-st');
    expect(tapeTargetKind('/dev/nst12l')).toBe('linux-st');
    expect(() => tapeTargetKind('/dev/st0')).toThrow(/no-rewind device \/dev\/nst0/);
    expect(() => tapeTargetKind('/tmp/x.img')).toThrow(/neither a virtual tape/);
  });

  it("transfers are whole blocks near the drive's preferred size", () => {
    expect(chunkBytesFor(512, 1 << 20)).toBe(1 << 20);
    expect(chunkBytesFor(5120, 1 << 20)).toBe(204 * 5120);
    expect(chunkBytesFor(4 << 20, 1 << 20)).toBe(4 << 20);
  });
});
