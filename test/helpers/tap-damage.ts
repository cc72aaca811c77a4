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
    if (word.readUInt32LE(0) === 0) { filemarks++; pos += 4; continue; }
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
