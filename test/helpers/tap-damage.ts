/** Damage for tests: what a bad spot on a cartridge does to a SIMH .tap file. */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Flips one byte inside record 4's data of a SIMH .tap file (walking its length-framed records). */
export function flipByteInRecordFour(file: string): void {
  const fd = openSync(file, 'r+');
  const word = Buffer.alloc(4);
  let pos = 0;
  let filemarks = 0;
  for (;;) {
    readSync(fd, word, 0, 4, pos);
    const length = word.readUInt32LE(0) & 0x00ffffff;
    if (word.readUInt32LE(0) === 0) {
      filemarks++;
      pos += 4;
      continue;
    }
    if (filemarks === 3) {
      const at = pos + 4 + Math.floor(length / 2);
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, at);
      b[0] = b[0]! ^ 0xff;
      writeSync(fd, b, 0, 1, at);
      closeSync(fd);
      return;
    }
    pos += 8 + length + (length % 2);
  }
}

/** One piece of a hand-made SIMH .tap: a data block (optionally marked bad, class 8), a filemark, or end of medium. */
export type TapPart = { block: Buffer; bad?: boolean } | 'filemark' | 'end-of-medium';

/** Writes a SIMH .tap from parts, for tapes SysbTape never wrote (odd block sizes, bad-block markers). */
export function writeTap(file: string, parts: readonly TapPart[]): void {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const word = Buffer.alloc(4);
    if (p === 'filemark') chunks.push(word);
    else if (p === 'end-of-medium') {
      word.writeUInt32LE(0xffffffff, 0);
      chunks.push(word);
    } else {
      word.writeUInt32LE((p.bad ? 0x80000000 : 0) | p.block.length, 0);
      chunks.push(word, p.block, Buffer.alloc(p.block.length % 2), word);
    }
  }
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.concat(chunks));
  closeSync(fd);
}

/** Marks the first block of a SIMH .tap file bad (SIMH class 8 on both of its length words), as a bad spot on record 1. */
export function markFirstBlockBad(file: string): void {
  const fd = openSync(file, 'r+');
  const word = Buffer.alloc(4);
  readSync(fd, word, 0, 4, 0);
  const length = word.readUInt32LE(0);
  if (length === 0 || length > 0x00ffffff) throw new Error(`${file} does not start with a data block`);
  word.writeUInt32LE((0x80000000 | length) >>> 0, 0);
  writeSync(fd, word, 0, 4, 0);
  writeSync(fd, word, 0, 4, 4 + length + (length % 2));
  closeSync(fd);
}
