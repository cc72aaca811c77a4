/**
 * Reads a four-record tape back and proves it: exactly four files then end of data; per record the
 * block sizes, block count, bytes and SHA-256 (without the last block's zero padding, which must be
 * zeros); record 3 one 512-byte block; record 2 a clean archive whose ./tapeblksz names record 4's
 * real block size; records 2 and 4 listed cleanly by the ArchiveParser in the same pass; and, given
 * an image set or the hashes of a write, whether each record matches. One verdict.
 */
import { SysbError } from '../../../shared/errors.ts';
import { IMAGE_FILES } from './image-set.ts';
import { RecordChecker, type ExpectedContent } from './record-checker.ts';
import { readTapeFile } from './record-reader.ts';
import { type TapeblkszInfo } from './record-two.ts';
import { record4BlockSize } from '../aix/tapeblksz.ts';
import { RECORD_KINDS, type RecordKind, type WrittenRecord } from './four-record-writer.ts';
import { AIX_BLOCK_SIZE, type TapeDrive } from './tape-drive.ts';
import { TapeError } from './tape-error.ts';
import { ProgressMeter, type OnTapeProgress } from './tape-progress.ts';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { type VerifyProblem, problem } from './verify-problems.ts';

/** One record as read back. */
export interface VerifiedRecord {
  index: 1 | 2 | 3 | 4;
  kind: RecordKind;
  /** Block size of the record's first block (0 when the record is missing or empty). */
  blockSize: number;
  /** Every run of one block size, in tape order. */
  blockSizes: { size: number; blocks: number; offset: number }[];
  blocks: number;
  /** Content bytes: the image size when known, else every byte read. */
  bytes: number;
  /** Zero padding after the content in the last block (known only with an image set or expected sizes). */
  paddingBytes: number | undefined;
  sha256: string;
  /** Whether the record equals the image set / the write's hashes; absent without either. */
  matches?: boolean;
  /** For records 2 and 4: members listed and whether the archive ended cleanly. */
  archive?: { members: number; complete: boolean };
}

/** The verdict. */
export interface VerifyResult {
  ok: boolean;
  target: string;
  records: VerifiedRecord[];
  problems: VerifyProblem[];
  /** ./tapeblksz from record 2, when it was readable. */
  tapeblksz: TapeblkszInfo | null;
  durationMs: number;
}

/** Options of verifyTape. */
export interface VerifyOptions {
  /** An image set directory to compare against, byte for byte. */
  images?: string;
  /** Or the records of a WriteResult (sizes and hashes), e.g. from the catalog. */
  expected?: Pick<WrittenRecord, 'index' | 'bytes' | 'sha256'>[];
  /** Also decode record 4's packed (Huffman) members against their declared sizes; slow. */
  decodePacked?: boolean;
  onProgress?: OnTapeProgress;
  signal?: AbortSignal;
}

async function expectedContent(opts: VerifyOptions): Promise<Map<number, ExpectedContent>> {
  const out = new Map<number, ExpectedContent>();
  if (opts.images !== undefined) {
    const st = await fsp.stat(opts.images).catch(() => undefined);
    if (!st?.isDirectory()) throw new SysbError('NOT_FOUND', `image set directory ${opts.images} does not exist`);
    for (const index of [1, 2, 4] as const) {
      const file = path.join(opts.images, IMAGE_FILES[index]);
      const s = await fsp.stat(file).catch(() => undefined);
      if (!s?.isFile()) throw new SysbError('IMAGE_SET_INVALID', `image set ${opts.images} has no ${IMAGE_FILES[index]}`);
      out.set(index, { bytes: s.size, file });
    }
    out.set(3, { bytes: AIX_BLOCK_SIZE, tocBlock: true });
  } else if (opts.expected) {
    for (const r of opts.expected) out.set(r.index, { bytes: r.bytes, sha256: r.sha256 });
  }
  return out;
}

/** After four files: nothing but end of data may follow (one empty file, i.e. a double filemark, is tolerated). */
async function checkEndOfData(drive: TapeDrive, problems: VerifyProblem[]): Promise<void> {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  await drive.setBlockSize(0);
  for (let probe = 0; probe < 2; probe++) {
    let n: number;
    try {
      n = await drive.read(buf);
    } catch (err) {
      // st(4): EOD reads give 0 then an error; tgt gives EIO at once. Both mean end of data.
      if (err instanceof TapeError && (err.errno === 'EOD' || err.errno === 'EIO')) return;
      if (err instanceof TapeError && err.errno === 'ENOMEM') n = 1;
      else throw err;
    }
    if (n > 0) {
      problems.push(
        problem(
          'EXTRA_FILES',
          'the tape has more than four files: data follows the filemark after record 4 (a bootable mksysb tape has exactly four)',
          5,
          0,
        ),
      );
      return;
    }
    const st = await drive.status();
    if (st.endOfData && !st.atFilemark) return;
  }
}

/** Verifies the tape in `drive` (not open: this opens it for reading and closes it). */
export async function verifyTape(drive: TapeDrive, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const started = performance.now();
  const expected = await expectedContent(opts);
  const total = expected.size === 4 ? [...expected.values()].reduce((n, e) => n + e.bytes, 0) : undefined;
  const meter = new ProgressMeter('verify', total, opts.onProgress);
  const problems: VerifyProblem[] = [];
  const records: VerifiedRecord[] = [];
  let tapeblksz: TapeblkszInfo | null = null;
  let complete = true;

  await drive.open('read');
  try {
    await drive.rewind();
    for (const index of [1, 2, 3, 4] as const) {
      const checker = new RecordChecker(index, expected.get(index), opts.decodePacked === true);
      meter.startRecord(index, expected.get(index)?.bytes);
      let read;
      try {
        read = await readTapeFile(
          drive,
          async (chunk, offset) => {
            await checker.feed(chunk, offset);
            meter.add(chunk.length);
          },
          opts.signal,
        );
      } catch (err) {
        if (err instanceof SysbError && err.code === 'CANCELLED') throw err;
        const info = err instanceof SysbError ? err : new SysbError('TAPE_IO', String(err));
        const offset = info.details?.offset as number | undefined;
        problems.push(
          problem(
            info.code === 'TAPE_DAMAGED' ? 'TAPE_DAMAGED' : 'READ_ERROR',
            `reading record ${index} failed: ${info.message}${offset !== undefined ? ' (offset in the tape image file)' : ''}`,
            index,
            offset,
          ),
        );
        await checker.close();
        complete = false;
        break;
      }
      meter.flush();
      if (read.blocks === 0) {
        problems.push(
          read.end === 'end-of-data'
            ? problem(
                'MISSING_RECORD',
                `the tape ends after ${index - 1} file(s): record ${index} (${RECORD_KINDS[index - 1]}) is missing`,
                index,
              )
            : problem('EMPTY_RECORD', `record ${index} (${RECORD_KINDS[index - 1]}) is an empty file (two filemarks in a row)`, index),
        );
        await checker.close();
        complete = false;
        if (read.end === 'end-of-data') break;
        continue;
      }
      const outcome = await checker.finish(read);
      problems.push(...outcome.problems);
      records.push(outcome.record);
      if (index === 2) tapeblksz = outcome.tapeblksz;
      if (read.end === 'end-of-data') {
        problems.push(problem('NO_FILEMARK', `record ${index} is not followed by a filemark: the tape ends inside it`, index, read.bytes));
        complete = false;
        break;
      }
    }
    if (complete) await checkEndOfData(drive, problems);
  } finally {
    await drive.close();
  }

  const r4 = records.find((r) => r.index === 4);
  const r2 = records.find((r) => r.index === 2);
  if (r4 && r2) {
    const want = tapeblksz ? record4BlockSize(tapeblksz) : AIX_BLOCK_SIZE;
    if (!tapeblksz && r4.blockSize !== AIX_BLOCK_SIZE) {
      problems.push(
        problem(
          'TAPEBLKSZ_MISSING',
          `record 2 has no ./tapeblksz, so the installer reads record 4 at 512 bytes, but record 4 uses ${r4.blockSize}-byte blocks`,
          4,
        ),
      );
    } else if (r4.blockSize !== want) {
      problems.push(
        problem(
          'TAPEBLKSZ_MISMATCH',
          `record 4 uses ${r4.blockSize}-byte blocks but ./tapeblksz in record 2 says "${tapeblksz?.text ?? ''}" (${want}-byte blocks): the installer would fail (LED A57)`,
          4,
          0,
        ),
      );
    }
  }
  return { ok: problems.length === 0, target: drive.target, records, problems, tapeblksz, durationMs: performance.now() - started };
}
