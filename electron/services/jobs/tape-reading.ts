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
  /** At least one tape file (even an empty one) was read. */
  hasData: boolean;
  /**
   * Provably blank: the drive reported end of data (or end of medium) at the very start, or a virtual
   * tape file that does not exist yet. A tape whose first read fails any other way is NOT blank: it may
   * hold anything (2 MiB blocks, a bad block, a broken .tap), so it is unknown contents.
   */
  blank: boolean;
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
    return this.#before
      .copy()
      .update(this.#last.subarray(0, length - this.#lastStart))
      .digest('hex');
  }

  get total(): number {
    return this.#lastStart + this.#last.length;
  }
}

/** Reads the tape in `drive` (not open: opens it for reading and closes it). */
export async function readTapeContents(drive: TapeDrive, opts: ReadTapeOptions = {}): Promise<TapeReading> {
  const maxRecords = Math.min(4, Math.max(1, opts.maxRecords ?? 4));
  const out: TapeReading = {
    target: drive.target,
    hasData: false,
    blank: false,
    records: [],
    end: maxRecords === 4 ? 'four-files' : 'stopped',
    error: null,
    imageData: null,
  };
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
          read = await readTapeFile(
            drive,
            async (chunk, offset) => {
              hasher.push(chunk, offset);
              if (fh && offset + chunk.length <= MAX_RECORD_TWO) await fh.write(chunk);
              opts.onBytes?.(index, offset + chunk.length);
            },
            opts.signal,
          );
        } finally {
          await fh?.close();
        }
        if (read.blocks === 0 && read.end === 'end-of-data') {
          out.end = 'end-of-data';
          out.blank = index === 1;
          break;
        }
        out.hasData = true;
        const byLength: Record<string, string> = {};
        for (const n of opts.candidateLengths?.[index] ?? []) {
          const h = hasher.prefix(n);
          if (h) byLength[String(n)] = h;
        }
        out.records.push({
          index,
          blockSize: read.runs[0]?.size ?? 0,
          blocks: read.blocks,
          bytes: read.bytes,
          sha256: hasher.prefix(hasher.total) ?? '',
          byLength,
        });
        if (read.end === 'end-of-data') {
          out.end = 'end-of-data';
          break;
        }
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'CancelledError') throw err;
      // A tape another process is writing (or reading) is not unknown contents: it is busy, and says so.
      if (err instanceof TapeError && err.errno === 'EBUSY') throw err;
      if (out.records.length === 0 && (await provablyBlank(drive, err))) {
        out.end = 'end-of-data';
        out.blank = true;
      } else {
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

/**
 * Whether a failure before the first file says the tape is blank: end of data at the start, or "no
 * medium" from a drive whose status shows a loaded, online tape (a virtual tape file not created yet,
 * which writing creates). A drive with no cartridge is not blank, it is empty: the caller reports it.
 */
async function provablyBlank(drive: TapeDrive, err: unknown): Promise<boolean> {
  if (!(err instanceof TapeError)) return false;
  if (err.errno === 'EOD') return true;
  if (err.errno !== 'ENOMEDIUM') return false;
  const st = await drive.status().catch(() => undefined);
  return st !== undefined && st.online && !st.noTape;
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
