/**
 * Writes an image set as a bootable four-record AIX tape: boot image, mkinsttape image, dummy TOC
 * (all at 512-byte blocks), mksysb image at the tapeblksz block size, one filemark after each.
 * Every refusal happens before the tape is touched. One pass: each image is read once, hashed and
 * written in large chunks; only the last block of each image is zero-padded.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { SysbError } from '../../../shared/errors.ts';
import { checkImageSet, type CheckedImageSet, type ImageFile } from './image-set.ts';
import type { TapeblkszInfo } from './record-two.ts';
import { AIX_BLOCK_SIZE, type TapeDrive } from './tape-drive.ts';
import { ProgressMeter, throwIfCancelled, type OnTapeProgress } from './tape-progress.ts';
import { dummyTocBlock } from './dummy-toc.ts';
import { chunkBytesFor } from './chunking.ts';
import { OffThreadSha256 } from './sha256-off-thread.ts';

/** What each tape record is. */
export type RecordKind = 'boot-image' | 'mkinsttape' | 'dummy-toc' | 'mksysb';

/** The kinds of records 1..4, in tape order. */
export const RECORD_KINDS: readonly RecordKind[] = ['boot-image', 'mkinsttape', 'dummy-toc', 'mksysb'];

/** One record as written. */
export interface WrittenRecord {
  index: 1 | 2 | 3 | 4;
  kind: RecordKind;
  blockSize: number;
  blocks: number;
  /** Content bytes (the image's size), without the last block's zero padding. */
  bytes: number;
  /** Zero bytes added to fill the last block. */
  paddingBytes: number;
  /** SHA-256 (hex) of the content bytes. */
  sha256: string;
}

/** The outcome of a successful write, for the CLI and the catalog. */
export interface WriteResult {
  target: string;
  driveKind: TapeDrive['kind'];
  imageSet: string;
  records: WrittenRecord[];
  tapeblksz: TapeblkszInfo;
  warnings: string[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** Options of writeFourRecordTape. */
export interface WriteOptions {
  /** Block size to use when record 2 has no ./tapeblksz (the CLI's --assume-tapeblksz). */
  assumeTapeblksz?: number;
  onProgress?: OnTapeProgress;
  /** Called once per warning, before the tape is touched. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /** The image set already parsed from `imageSetDir` (by the pre-write checks), so it is not parsed twice. */
  checked?: CheckedImageSet;
}

/** Bytes the four records occupy on a medium with the given overheads. */
export function tapeBytesNeeded(set: CheckedImageSet, perBlock: number, perFilemark: number): number {
  const blocks = (bytes: number, bs: number): number => Math.ceil(bytes / bs);
  const b1 = blocks(set.images[1].bytes, AIX_BLOCK_SIZE);
  const b2 = blocks(set.images[2].bytes, AIX_BLOCK_SIZE);
  const bs4 = set.record4BlockSize;
  const b4 = blocks(set.images[4].bytes, bs4);
  return (b1 + b2 + 1) * (AIX_BLOCK_SIZE + perBlock) + b4 * (bs4 + perBlock) + 4 * perFilemark;
}

/** Refusals that concern the drive: no tape, write-protected, too small. Runs before the tape is touched. */
async function checkDrive(drive: TapeDrive, set: CheckedImageSet): Promise<void> {
  const status = await drive.status();
  if (status.noTape || !status.online) throw new SysbError('TAPE_NO_MEDIUM', `no tape in ${drive.target}; load a cartridge`);
  if (status.writeProtected) {
    throw new SysbError('TAPE_WRITE_PROTECTED', `the tape in ${drive.target} is write-protected; nothing was written`);
  }
  const cap = await drive.capacity();
  if (cap) {
    const need = tapeBytesNeeded(set, cap.perBlockOverhead, cap.perFilemarkOverhead);
    if (need > cap.bytes) {
      throw new SysbError(
        'TAPE_TOO_SMALL',
        `the image set needs ${need} bytes of tape but ${drive.target} holds ${cap.bytes}; use a larger cartridge`,
      );
    }
  }
}

/** Chunks per image: one being read, one being framed and written, one being hashed. */
const CHUNKS_IN_FLIGHT = 3;

/**
 * Streams one image file to the drive; the last block is zero-padded. Three stages overlap: while
 * the drive frames and writes chunk k, the thread pool reads chunk k+1 and the hash worker hashes
 * chunk k-1. A chunk goes to the hash worker after the drive has it and is refilled when it is back.
 */
async function writeImage(
  drive: TapeDrive,
  image: ImageFile,
  index: 1 | 2 | 4,
  blockSize: number,
  meter: ProgressMeter,
  signal: AbortSignal | undefined,
  hasher: OffThreadSha256,
): Promise<WrittenRecord> {
  const chunk = chunkBytesFor(blockSize, drive.transferBytes);
  const free = Array.from({ length: CHUNKS_IN_FLIGHT }, () => new ArrayBuffer(chunk));
  // Chunks at the hash worker, oldest first; each resolves to its buffer, free again.
  const hashing: Promise<ArrayBuffer>[] = [];
  const fh = await fsp.open(image.path, 'r');
  let total = 0;
  let blocks = 0;
  let padding = 0;
  try {
    const takeFree = async (): Promise<ArrayBuffer> => free.pop() ?? (await hashing.shift()!);
    const fill = async (ab: ArrayBuffer, at: number): Promise<{ buf: Buffer; n: number }> => {
      // Read until the chunk is full or the file ends: a short read is never padded mid-stream.
      const buf = Buffer.from(ab);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, at + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return { buf, n: got };
    };
    meter.startRecord(index, image.bytes);
    let next = takeFree().then((ab) => fill(ab, 0));
    for (;;) {
      const { buf, n } = await next;
      if (n === 0) break;
      throwIfCancelled(signal, `writing record ${index}`);
      total += n;
      const last = n < chunk || total >= image.bytes;
      const readAt = total;
      next = last ? Promise.resolve({ buf: Buffer.alloc(0), n: 0 }) : takeFree().then((ab) => fill(ab, readAt));
      let len = n;
      if (n % blockSize !== 0) {
        const padded = Math.ceil(n / blockSize) * blockSize;
        buf.fill(0, n, padded);
        padding = padded - n;
        len = padded;
      }
      await drive.write(buf.subarray(0, len));
      blocks += len / blockSize;
      meter.add(n);
      const hashed = hasher.update(buf.buffer as ArrayBuffer, n);
      // Marked handled here; a failure surfaces when the chunk is awaited (refill or the end).
      hashed.catch(() => undefined);
      hashing.push(hashed);
    }
    await Promise.all(hashing);
  } finally {
    await Promise.allSettled(hashing);
    await fh.close();
  }
  if (total !== image.bytes) {
    throw new SysbError(
      'IMAGE_SET_INVALID',
      `${image.path} changed while it was written (${total} bytes read, ${image.bytes} expected); the tape is incomplete`,
    );
  }
  meter.flush();
  const sha256 = await hasher.digest();
  return { index, kind: RECORD_KINDS[index - 1]!, blockSize, blocks, bytes: total, paddingBytes: padding, sha256 };
}

/**
 * Writes the image set in `imageSetDir` to `drive` (which must not be open: this opens it for
 * writing and closes it). Throws before touching the tape when the image set or the drive is
 * unsuitable; throws CANCELLED when `signal` fires; resolves only when every record and filemark
 * is on the medium.
 */
export async function writeFourRecordTape(drive: TapeDrive, imageSetDir: string, opts: WriteOptions = {}): Promise<WriteResult> {
  const started = new Date();
  // Started first: the worker boots while the image set and the drive are checked.
  const hasher = new OffThreadSha256();
  try {
    return await writeChecked(drive, imageSetDir, opts, started, hasher);
  } finally {
    await hasher.close();
  }
}

/** writeFourRecordTape once its hash worker is running. */
async function writeChecked(
  drive: TapeDrive,
  imageSetDir: string,
  opts: WriteOptions,
  started: Date,
  hasher: OffThreadSha256,
): Promise<WriteResult> {
  const set =
    opts.checked ?? (await checkImageSet(imageSetDir, opts.assumeTapeblksz === undefined ? {} : { assumeTapeblksz: opts.assumeTapeblksz }));
  for (const w of set.warnings) opts.onWarning?.(w);
  await checkDrive(drive, set);
  throwIfCancelled(opts.signal, 'tape write');

  const total = set.images[1].bytes + set.images[2].bytes + AIX_BLOCK_SIZE + set.images[4].bytes;
  const meter = new ProgressMeter('write', total, opts.onProgress);
  const records: WrittenRecord[] = [];
  await drive.open('write');
  try {
    await drive.rewind();
    await drive.setBlockSize(AIX_BLOCK_SIZE);
    records.push(await writeImage(drive, set.images[1], 1, AIX_BLOCK_SIZE, meter, opts.signal, hasher));
    await drive.writeFilemarks(1);
    records.push(await writeImage(drive, set.images[2], 2, AIX_BLOCK_SIZE, meter, opts.signal, hasher));
    await drive.writeFilemarks(1);
    throwIfCancelled(opts.signal, 'writing record 3');
    meter.startRecord(3, AIX_BLOCK_SIZE);
    const toc = dummyTocBlock();
    await drive.write(toc);
    meter.add(toc.length);
    records.push({
      index: 3,
      kind: 'dummy-toc',
      blockSize: AIX_BLOCK_SIZE,
      blocks: 1,
      bytes: toc.length,
      paddingBytes: 0,
      sha256: createHash('sha256').update(toc).digest('hex'),
    });
    await drive.writeFilemarks(1);
    await drive.setBlockSize(set.record4BlockSize);
    records.push(await writeImage(drive, set.images[4], 4, set.record4BlockSize, meter, opts.signal, hasher));
    await drive.writeFilemarks(1);
  } catch (err) {
    // The first failure is the one to report; closing a failed tape may fail again (e.g. ENOSPC).
    await drive.close().catch(() => undefined);
    throw err;
  }
  await drive.close();
  const finished = new Date();
  return {
    target: drive.target,
    driveKind: drive.kind,
    imageSet: imageSetDir,
    records,
    tapeblksz: set.tapeblksz,
    warnings: set.warnings,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
  };
}
