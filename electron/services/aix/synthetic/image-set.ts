/**
 * A whole synthetic image set on disk, as an operator stages it after `bosboot -b`, `mkinsttape` and
 * `mksysb -i`: 1_bosboot.img, 2_mkinsttape.img, 4_mksysb.img. For tests, the simulated AIX host and
 * the demo. Files are written under a temporary name and renamed when complete.
 */
import { type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SysbError } from '../../../../shared/errors.ts';
import type { ArchiveTotals } from './archive-writer.ts';
import { buildBootImage } from './boot-image.ts';
import { contentPoolFor } from './content-pool.ts';
import { buildMkinsttapeImage } from './mkinsttape-image.ts';
import { MIN_MKSYSB_BYTES, type MksysbProgress, mksysbChunks } from './mksysb-image.ts';
import { OSLEVEL_PATTERN, type SystemDescription, bosinstDataText, imageDataText } from './stanza-files.ts';

/** File names of an image set in a staging directory (record 3, the dummy TOC, is made by the tape writer). */
export const IMAGE_SET_FILES = {
  boot: '1_bosboot.img',
  mkinsttape: '2_mkinsttape.img',
  mksysb: '4_mksysb.img',
} as const;

/** Options for a synthetic image set; every field has a default. */
export interface ImageSetOptions {
  /** Same seed, same bytes. Default 1. */
  seed?: number;
  /** Requested mksysb size in bytes (rounded up to 51200). Default 64 MiB. */
  mksysbSize?: number;
  /** Host name in image.data UNAME_INFO. Default "aixprod01". */
  hostname?: string;
  /** `oslevel -s` form. Default "7200-05-03-2148". */
  oslevel?: string;
  /** ./tapeblksz text in the mkinsttape image, e.g. "512 NONE"; null for the "no tapeblksz" case. Default "512 NONE". */
  tapeblksz?: string | null;
  /** Pack members (backup -p). Default true. */
  pack?: boolean;
  /** Backup date, epoch seconds. Default 2026-01-15T02:30:00Z, so images do not depend on the clock. */
  date?: number;
  /** Boot image length in 512-byte blocks. Default 4096 (2 MiB). */
  bootBlocks?: number;
  /** Junk after names' NULs and in data padding of both archives, as real AIX archives have. Default false. */
  junkPadding?: boolean;
  /** Faults the simulator and tests need. */
  faults?: {
    /** Zero-length mkinsttape image (the KEV HX5460L case). */
    emptyMkinsttape?: boolean;
    /** Boot image without the IPL magic. */
    noBootMagic?: boolean;
  };
  onProgress?: (progress: MksysbProgress) => void;
  signal?: AbortSignal;
}

/** What was written. */
export interface ImageSetResult {
  dir: string;
  files: { boot: string; mkinsttape: string; mksysb: string };
  bytes: { boot: number; mkinsttape: number; mksysb: number };
  mksysbMembers: number;
  packedMembers: number;
}

/** Defaults applied. */
export type ResolvedImageSetOptions = Required<Omit<ImageSetOptions, 'faults' | 'onProgress' | 'signal'>> &
  Pick<ImageSetOptions, 'faults' | 'onProgress' | 'signal'>;

/** The default backup date: fixed, so the same seed gives the same bytes on any day. */
export const DEFAULT_IMAGE_DATE = Date.UTC(2026, 0, 15, 2, 30, 0) / 1000;

const TAPEBLKSZ_PATTERN = /^\d+ (\d+|NONE)$/;
const HOSTNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

/** Applies defaults and checks values, with errors that say what to change. */
export function resolveImageSetOptions(options: ImageSetOptions = {}): ResolvedImageSetOptions {
  const r: ResolvedImageSetOptions = {
    seed: options.seed ?? 1,
    mksysbSize: options.mksysbSize ?? 64 * 1024 * 1024,
    hostname: options.hostname ?? 'aixprod01',
    oslevel: options.oslevel ?? '7200-05-03-2148',
    tapeblksz: options.tapeblksz === undefined ? '512 NONE' : options.tapeblksz,
    pack: options.pack ?? true,
    date: options.date ?? DEFAULT_IMAGE_DATE,
    bootBlocks: options.bootBlocks ?? 4096,
    junkPadding: options.junkPadding ?? false,
    faults: options.faults,
    onProgress: options.onProgress,
    signal: options.signal,
  };
  if (!Number.isSafeInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff)
    throw new SysbError('INVALID_INPUT', `seed must be an integer 0..4294967295, got ${r.seed}`);
  if (!HOSTNAME_PATTERN.test(r.hostname))
    throw new SysbError('INVALID_INPUT', `host name '${r.hostname}' is not valid: use letters, digits, '-' and '.'`);
  if (!OSLEVEL_PATTERN.test(r.oslevel))
    throw new SysbError('INVALID_INPUT', `oslevel '${r.oslevel}' is not in 'oslevel -s' form, e.g. 7200-05-03-2148`);
  if (r.tapeblksz !== null && !TAPEBLKSZ_PATTERN.test(r.tapeblksz)) {
    throw new SysbError('INVALID_INPUT', `tapeblksz '${r.tapeblksz}' must be '<blocksize> <blocks|NONE>', e.g. '512 NONE' or '1024 NONE'`);
  }
  if (!Number.isSafeInteger(r.mksysbSize) || r.mksysbSize <= 0)
    throw new SysbError('INVALID_INPUT', `mksysb size must be a positive number of bytes, got ${r.mksysbSize}`);
  if (!Number.isSafeInteger(r.bootBlocks) || r.bootBlocks < 2)
    throw new SysbError('INVALID_INPUT', `boot image needs at least 2 blocks of 512 bytes, got ${r.bootBlocks}`);
  if (!Number.isSafeInteger(r.date) || r.date < 0) throw new SysbError('INVALID_INPUT', `date must be epoch seconds, got ${r.date}`);
  return r;
}

/** The bosinst.data and image.data texts an image set carries (the same in records 2 and 4). */
export function imageSetTexts(options: ImageSetOptions = {}): { bosinstData: string; imageData: string } {
  const r = resolveImageSetOptions(options);
  const sys: SystemDescription = { hostname: r.hostname, oslevel: r.oslevel, date: r.date, dataBytes: r.mksysbSize };
  return { bosinstData: bosinstDataText(sys), imageData: imageDataText(sys) };
}

/** Writes a file via a temporary name so a crash never leaves a complete-looking half file. */
async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.partial`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Bytes generated before they are handed to the file system in one writev. */
const WRITE_BATCH_BYTES = 2 * 1024 * 1024;

/** Writes every byte of a batch (writev may write less than asked). */
async function writeBatch(fh: FileHandle, batch: Buffer[]): Promise<void> {
  const { bytesWritten } = await fh.writev(batch);
  const total = batch.reduce((sum, b) => sum + b.length, 0);
  if (bytesWritten === total) return;
  const rest = Buffer.concat(batch).subarray(bytesWritten);
  for (let at = 0; at < rest.length;) at += (await fh.write(rest, at)).bytesWritten;
}

/**
 * Writes generated chunks to a file in batches, generating the next batch while the previous one is
 * being written (a stream pipeline costs about twice as long here); returns the generator's totals.
 */
async function writeChunks(path: string, chunks: Generator<Buffer, ArchiveTotals>): Promise<ArchiveTotals> {
  const fh = await open(path, 'w');
  let pending: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const batch: Buffer[] = [];
      let bytes = 0;
      let step = chunks.next();
      while (!step.done) {
        batch.push(step.value);
        bytes += step.value.length;
        if (bytes >= WRITE_BATCH_BYTES) break;
        step = chunks.next();
      }
      await pending;
      if (batch.length > 0) pending = writeBatch(fh, batch);
      if (step.done) {
        await pending;
        return step.value;
      }
    }
  } catch (err) {
    // Let a write in flight finish before the file is closed and removed.
    await pending.catch(() => undefined);
    throw err;
  } finally {
    await fh.close();
  }
}

/** Writes 1_bosboot.img, 2_mkinsttape.img and 4_mksysb.img into `dir` (created if needed). */
export async function writeImageSet(dir: string, options: ImageSetOptions = {}): Promise<ImageSetResult> {
  const r = resolveImageSetOptions(options);
  // Checked here rather than in resolveImageSetOptions: the stanza texts are valid for any size.
  if (r.mksysbSize < MIN_MKSYSB_BYTES)
    throw new SysbError('INVALID_INPUT', `mksysb size must be at least 256KiB, got ${r.mksysbSize} bytes`);
  const texts = imageSetTexts(r);
  await mkdir(dir, { recursive: true });
  const files = {
    boot: join(dir, IMAGE_SET_FILES.boot),
    mkinsttape: join(dir, IMAGE_SET_FILES.mkinsttape),
    mksysb: join(dir, IMAGE_SET_FILES.mksysb),
  };
  const pool = contentPoolFor(r.seed);
  const boot = buildBootImage({ blocks: r.bootBlocks, seed: r.seed, omitIplMagic: r.faults?.noBootMagic ?? false });
  await writeAtomically(files.boot, (tmp) => writeFile(tmp, boot));
  const mkinsttape = r.faults?.emptyMkinsttape
    ? Buffer.alloc(0)
    : buildMkinsttapeImage({
        seed: r.seed,
        date: r.date,
        tapeblksz: r.tapeblksz,
        pack: r.pack,
        junkPadding: r.junkPadding,
        pool,
        ...texts,
      });
  await writeAtomically(files.mkinsttape, (tmp) => writeFile(tmp, mkinsttape));
  const chunks = mksysbChunks({
    seed: r.seed,
    sizeBytes: r.mksysbSize,
    date: r.date,
    pack: r.pack,
    junkPadding: r.junkPadding,
    pool,
    ...texts,
    ...(r.onProgress ? { onProgress: r.onProgress } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
  });
  let totals: ArchiveTotals = { members: 0, packedMembers: 0, bytes: 0 };
  try {
    await writeAtomically(files.mksysb, async (tmp) => {
      totals = await writeChunks(tmp, chunks);
    });
  } catch (err) {
    if (r.signal?.aborted) throw new SysbError('CANCELLED', 'writing the synthetic image set was cancelled');
    throw err;
  }
  return {
    dir,
    files,
    bytes: { boot: boot.length, mkinsttape: mkinsttape.length, mksysb: totals.bytes },
    mksysbMembers: totals.members,
    packedMembers: totals.packedMembers,
  };
}
