/** Compares a record's bytes, as they come off the tape, with its image file; remembers the first difference. */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Streaming byte-for-byte comparison against a file. */
export class ImageComparator {
  readonly #file: string;
  #fh: FileHandle | undefined;
  #buf = Buffer.alloc(0);
  /** Offset of the first byte that differs, if any. */
  firstDifference: number | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  /** Compares `content` with the file's bytes at `offset` (content never reaches past the file's size). */
  async feed(content: Buffer, offset: number): Promise<void> {
    if (this.firstDifference !== undefined || content.length === 0) return;
    this.#fh ??= await fsp.open(this.#file, 'r');
    if (this.#buf.length < content.length) this.#buf = Buffer.allocUnsafe(Math.max(content.length, 1024 * 1024));
    let got = 0;
    while (got < content.length) {
      const { bytesRead } = await this.#fh.read(this.#buf, got, content.length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const mine = this.#buf.subarray(0, got);
    if (got === content.length && mine.equals(content)) return;
    const n = Math.min(got, content.length);
    let i = 0;
    while (i < n && mine[i] === content[i]) i++;
    this.firstDifference = offset + i;
  }

  /** Releases the file. */
  async close(): Promise<void> {
    const fh = this.#fh;
    this.#fh = undefined;
    await fh?.close();
  }
}
