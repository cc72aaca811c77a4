/** Helpers for the tape tests: temp dirs, small image sets, and an independent .tap walker. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type ImageSetOptions, writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';

/** Returns a function that makes a fresh temp dir; all are removed after each test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) {
      // chmod back first: a test may have made a file read-only.
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-tape-'));
    dirs.push(d);
    return d;
  };
}

/** A small synthetic image set (boot 8 KiB, mksysb 256 KiB) in `dir`. */
export async function makeImageSet(dir: string, opts: ImageSetOptions = {}): Promise<string> {
  await writeImageSet(dir, { mksysbSize: 256 * 1024, bootBlocks: 16, ...opts });
  return dir;
}

/** One object of a .tap file, parsed here independently of the drive. */
export type TapObject = { kind: 'record'; offset: number; length: number } | { kind: 'mark'; offset: number };

/** Walks a well-formed .tap file. */
export function walkTap(file: string): TapObject[] {
  const buf = fs.readFileSync(file);
  const out: TapObject[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    const n = buf.readUInt32LE(at);
    if (n === 0) {
      out.push({ kind: 'mark', offset: at });
      at += 4;
    } else if (n === 0xffffffff) {
      break;
    } else {
      out.push({ kind: 'record', offset: at, length: n });
      at += 8 + n + (n & 1);
    }
  }
  return out;
}

/** Files of a .tap: the record lengths of each file (a file ends at a mark). */
export function tapFiles(file: string): number[][] {
  const files: number[][] = [];
  let current: number[] = [];
  for (const o of walkTap(file)) {
    if (o.kind === 'mark') {
      files.push(current);
      current = [];
    } else {
      current.push(o.length);
    }
  }
  if (current.length > 0) files.push(current);
  return files;
}

/** Byte offset in the .tap of byte `contentOffset` of tape file `fileIndex` (1-based). */
export function tapOffsetOf(file: string, fileIndex: number, contentOffset: number): number {
  let f = 1;
  let seen = 0;
  for (const o of walkTap(file)) {
    if (o.kind === 'mark') {
      f++;
      seen = 0;
      continue;
    }
    if (f === fileIndex && contentOffset < seen + o.length) return o.offset + 4 + (contentOffset - seen);
    if (f === fileIndex) seen += o.length;
  }
  throw new Error(`no byte ${contentOffset} in file ${fileIndex} of ${file}`);
}

/** Flips all bits of one byte of a file. */
export function flipByte(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0xff;
    fs.writeSync(fd, b, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
  }
}

/** One tape file to write with writeRawTape: its block size (0 = variable with given blocks) and data. */
export interface RawFile {
  blockSize: number;
  data: Buffer;
}

/** Writes arbitrary tape files (each followed by a filemark) through the SIMH drive. */
export async function writeRawTape(file: string, files: RawFile[]): Promise<void> {
  const drive = new SimhTapeDrive(file, { durable: false });
  await drive.open('write');
  try {
    await drive.rewind();
    for (const f of files) {
      await drive.setBlockSize(f.blockSize);
      if (f.data.length > 0) await drive.write(f.data);
      await drive.writeFilemarks(1);
    }
  } finally {
    await drive.close();
  }
}

/** A buffer of `n` bytes padded with zeros to a multiple of `bs`. */
export function padTo(data: Buffer, bs: number): Buffer {
  const len = Math.ceil(data.length / bs) * bs;
  const out = Buffer.alloc(len);
  data.copy(out);
  return out;
}
