// Cross-checks what SimhTapeDrive writes with Debian's mtdump (simh package), an independent reader.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { makeImageSet, tapFiles, useTempDirs, writeRawTape } from '../../unit/tape/tape-fixtures.ts';

const tempDir = useTempDirs();

/** Parses mtdump's listing into record lengths per tape file. */
function mtdumpFiles(file: string): number[][] {
  const out = execFileSync('mtdump', [file], { encoding: 'utf8' });
  const files: number[][] = [];
  let current: number[] = [];
  for (const line of out.split('\n')) {
    const rec = /^Obj \d+, position \d+, record \d+, length = (\d+) /.exec(line);
    if (rec) current.push(Number(rec[1]));
    else if (/end of tape file \d+/.test(line)) {
      files.push(current);
      current = [];
    }
  }
  expect(out).toMatch(/End of physical tape/);
  return files;
}

describe('SIMH .tap files read back by mtdump', () => {
  it('mixed fixed and variable files and odd lengths', async () => {
    const file = path.join(tempDir(), 'mixed.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: Buffer.alloc(512 * 3, 1) },
      { blockSize: 0, data: Buffer.alloc(1001, 2) },
      { blockSize: 4096, data: Buffer.alloc(4096 * 2, 3) },
    ]);
    expect(mtdumpFiles(file)).toEqual([[512, 512, 512], [1001], [4096, 4096]]);
  });

  it('two filemarks in a row end the logical tape for mtdump, as SIMH convention has it', async () => {
    const file = path.join(tempDir(), 'double.tap');
    await writeRawTape(file, [
      { blockSize: 512, data: Buffer.alloc(512, 1) },
      { blockSize: 512, data: Buffer.alloc(0) },
    ]);
    expect(execFileSync('mtdump', [file], { encoding: 'utf8' })).toMatch(/end of logical tape/);
  });

  it('a four-record tape: files, record counts and lengths as the writer reports them', async () => {
    const dir = tempDir();
    const images = await makeImageSet(path.join(dir, 'images'), { tapeblksz: '1024 NONE' });
    const file = path.join(dir, 'four.tap');
    const result = await writeFourRecordTape(new SimhTapeDrive(file, { durable: false }), images);
    const files = mtdumpFiles(file);
    expect(files).toHaveLength(4);
    expect(files).toEqual(tapFiles(file));
    result.records.forEach((r, i) => {
      expect(files[i]).toHaveLength(r.blocks);
      expect(new Set(files[i])).toEqual(new Set([r.blockSize]));
    });
    expect(result.records[3]!.blockSize).toBe(1024);
  });
});
