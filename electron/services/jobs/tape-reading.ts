/**
 * Reads what a tape holds without assuming it is sound: up to four files, each hashed at the lengths
 * the catalog knows for that record (content without the last block's zero padding), the block
 * sizes, and record 2's image.data (host, OS level, backup date). Runs in a worker thread.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readMember } from '../aix/archive-file.ts';
import { type ImageDataSummary, summarizeImageData } from '../aix/image-data.ts';
import { readTapeFile } from '../tape/record-reader.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';
import { TapeError } from '../tape/tape-error.ts';

/** One tape file as read. */
export interface ReadRecord {
  index: number;
  blockSize: number;
  blocks: number;
  bytes: number;
  /** SHA-256 of every byte read. */
  sha256: string;
  /** SHA-256 of the first N bytes, for each candidate length N asked for (as decimal string keys). */
  byLength: Record<string, string>;
}

/** What a tape holds. */
export interface TapeReading {
  target: string;
  /** False for a blank tape (end of data at once). */
  hasData: boolean;
  records: ReadRecord[];
  /** How reading ended ('stopped': after maxRecords files, on purpose). */
  end: 'four-files' | 'stopped' | 'end-of-data' | 'error';
  error: string | null;
  /** From record 2's ./image.data (and ./bosinst.data), when record 2 is a readable archive holding it. */
  imageData: ImageDataSummary | null;
}

/** Options of readTapeContents. */
export interface ReadTapeOptions {
  /** Candidate content lengths per record number (1–4), e.g. the sizes of recorded writes. */
  candidateLengths?: Record<number, number[]>;
  /** Read only the first N files (default 4): records 1–2 tell a tape apart without reading a long record 4. */
  maxRecords?: number;
  onBytes?: (record: number, bytes: number) => void;
  signal?: AbortSignal;
}

const MAX_RECORD_TWO = 256 * 1024 * 1024;

/** Hashes a stream and can give the hash of any prefix that ends inside the last chunk. */
class PrefixHasher {
  #before: Hash = createHash('sha256');
  #last: Buffer = Buffer.alloc(0);
  #lastStart = 0;

  push(chunk: Buffer, offset: number): void {
    this.#before.update(this.#last);
    this.#last = Buffer.from(chunk);
    this.#lastStart = offset;
  }

  /** SHA-256 of the first `length` bytes, when that length ends in the last chunk (or is the whole). */
  prefix(length: number): string | undefined {
    const end = this.#lastStart + this.#last.length;
    if (length > end || length < this.#lastStart) return undefined;
    return this.#before.copy().update(this.#last.subarray(0, length - this.#lastStart)).digest('hex');
  }

  get total(): number {
    return this.#lastStart + this.#last.length;
  }
}

/** Reads the tape in `drive` (not open: opens it for reading and closes it). */
export async function readTapeContents(drive: TapeDrive, opts: ReadTapeOptions = {}): Promise<TapeReading> {
  const maxRecords = Math.min(4, Math.max(1, opts.maxRecords ?? 4));
  const out: TapeReading = { target: drive.target, hasData: false, records: [], end: maxRecords === 4 ? 'four-files' : 'stopped', error: null, imageData: null };
  const tmp = await mkdtemp(path.join(tmpdir(), 'sysbtape-read-'));
  const recordTwo = path.join(tmp, 'record2.img');
  try {
    try {
      await drive.open('read');
      await drive.rewind();
      for (let index = 1; index <= maxRecords; index++) {
        const hasher = new PrefixHasher();
        const fh = index === 2 ? await open(recordTwo, 'w') : undefined;
        let read;
        try {
          read = await readTapeFile(drive, async (chunk, offset) => {
            hasher.push(chunk, offset);
            if (fh && offset + chunk.length <= MAX_RECORD_TWO) await fh.write(chunk);
            opts.onBytes?.(index, offset + chunk.length);
          }, opts.signal);
        } finally {
          await fh?.close();
        }
        if (read.blocks === 0 && read.end === 'end-of-data') {
          out.end = 'end-of-data';
          break;
        }
        out.hasData = true;
        const byLength: Record<string, string> = {};
        for (const n of opts.candidateLengths?.[index] ?? []) {
          const h = hasher.prefix(n);
          if (h) byLength[String(n)] = h;
        }
        out.records.push({ index, blockSize: read.runs[0]?.size ?? 0, blocks: read.blocks, bytes: read.bytes, sha256: hasher.prefix(hasher.total) ?? '', byLength });
        if (read.end === 'end-of-data') {
          out.end = 'end-of-data';
          break;
        }
      }
    } catch (err) {
      // A blank virtual tape not created yet, or a drive with nothing on it, is "no data", not an error.
      if (err instanceof TapeError && ['EOD', 'ENOMEDIUM'].includes(err.errno) && out.records.length === 0) out.end = 'end-of-data';
      else {
        if (err instanceof Error && err.name === 'CancelledError') throw err;
        out.end = 'error';
        out.error = err instanceof Error ? err.message : String(err);
      }
    } finally {
      await drive.close().catch(() => undefined);
    }
    if (out.records.some((r) => r.index === 2)) out.imageData = await imageDataOf(recordTwo);
    return out;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function imageDataOf(file: string): Promise<ImageDataSummary | null> {
  try {
    const image = await readMember(file, './image.data', 4 * 1024 * 1024);
    if (!image) return null;
    const bosinst = await readMember(file, './bosinst.data', 4 * 1024 * 1024).catch(() => null);
    return summarizeImageData(image.data.toString('latin1'), bosinst ? bosinst.data.toString('latin1') : null);
  } catch {
    return null;
  }
}
