/**
 * The image set a four-record tape is made from, and the checks the writer runs on it before it
 * touches the tape: every image present and non-empty, record 2 a clean archive with ./tapeblksz,
 * record 4 an archive, record 1 not an archive (images in the wrong order), IPL magic (warning).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import { ARCHIVE_SIGNATURE } from '../aix/backup-format.ts';
import { checkBootImage } from '../aix/boot-image.ts';
import { record4BlockSize, tapeblkszError, tapeblkszWarnings } from '../aix/tapeblksz.ts';
import { scanRecordTwo, type TapeblkszInfo } from './record-two.ts';

/** File names of an image set, by tape record (record 3, the dummy TOC, has no file). */
export const IMAGE_FILES = { 1: '1_bosboot.img', 2: '2_mkinsttape.img', 4: '4_mksysb.img' } as const;

/** One image file of the set. */
export interface ImageFile {
  record: 1 | 2 | 4;
  path: string;
  bytes: number;
}

/** An image set that passed the checks, with what the writer needs. */
export interface CheckedImageSet {
  dir: string;
  images: { 1: ImageFile; 2: ImageFile; 4: ImageFile };
  tapeblksz: TapeblkszInfo;
  /** The block size record 4 is written at. */
  record4BlockSize: number;
  /** Things worth telling the operator that do not stop the write. */
  warnings: string[];
}

/** Options of checkImageSet. */
export interface ImageSetCheckOptions {
  /** Used when record 2 has no ./tapeblksz (the operator's --assume-tapeblksz). */
  assumeTapeblksz?: number;
}

function invalid(message: string): SysbError {
  return new SysbError('IMAGE_SET_INVALID', message);
}

async function statImage(dir: string, record: 1 | 2 | 4): Promise<ImageFile> {
  const file = path.join(dir, IMAGE_FILES[record]);
  const st = await fsp.stat(file).catch(() => undefined);
  if (!st) throw invalid(`image set ${dir} has no ${IMAGE_FILES[record]} (record ${record}); nothing was written`);
  if (!st.isFile()) throw invalid(`${file} is not a regular file`);
  if (st.size === 0) throw invalid(`${file} is empty (record ${record}); re-create it on the server before writing a tape`);
  return { record, path: file, bytes: st.size };
}

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function isArchive(first: Buffer): boolean {
  return first.length >= 4 && first.subarray(0, 4).equals(ARCHIVE_SIGNATURE);
}

/** Runs every image-set refusal of the writer; throws IMAGE_SET_INVALID naming the problem. */
export async function checkImageSet(dir: string, opts: ImageSetCheckOptions = {}): Promise<CheckedImageSet> {
  const st = await fsp.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new SysbError('NOT_FOUND', `image set directory ${dir} does not exist`);
  const images = { 1: await statImage(dir, 1), 2: await statImage(dir, 2), 4: await statImage(dir, 4) };
  const warnings: string[] = [];

  const boot = await head(images[1].path, 4);
  if (isArchive(boot)) {
    throw invalid(`${IMAGE_FILES[1]} is a backup archive, not a boot image: are the images in the wrong order?`);
  }
  const bootCheck = checkBootImage(boot, images[1].bytes);
  if (bootCheck.errors.length > 0) throw invalid(`${IMAGE_FILES[1]}: ${bootCheck.errors.join('; ')}`);
  for (const w of bootCheck.warnings) warnings.push(`${IMAGE_FILES[1]}: ${w}`);
  if (!isArchive(await head(images[4].path, 4))) {
    throw invalid(`${IMAGE_FILES[4]} is not a backup archive (it does not start with 09 00 6B EA): are the images in the wrong order?`);
  }

  const two = await scanRecordTwo(images[2].path);
  if (two.problems.length > 0) {
    const p = two.problems[0]!;
    throw invalid(`${IMAGE_FILES[2]} is not a clean backup archive: ${p.message} (offset ${p.offset}); re-run mkinsttape on the server`);
  }
  let tapeblksz = two.tapeblksz;
  if (!tapeblksz) {
    if (opts.assumeTapeblksz === undefined) {
      throw invalid(
        `${IMAGE_FILES[2]} has no ./tapeblksz, so the installer would not know record 4's block size. ` +
          `mkinsttape copies /tapeblksz only if it exists: on the server run  echo "512 NONE" > /tapeblksz  before mkinsttape, ` +
          `or pass --assume-tapeblksz 512 to write record 4 at 512-byte blocks anyway`,
      );
    }
    tapeblksz = { text: null, blockSize: opts.assumeTapeblksz, blocks: null, assumed: true };
    warnings.push(`${IMAGE_FILES[2]} has no ./tapeblksz; record 4 is written at the assumed ${opts.assumeTapeblksz}-byte block size`);
  }
  const ruleBroken = tapeblkszError(tapeblksz);
  if (ruleBroken !== null) {
    throw invalid(
      `${IMAGE_FILES[2]}: ./tapeblksz "${tapeblksz.text ?? tapeblksz.blockSize}": ${ruleBroken}; ` +
        'nothing was written. Put a supported size in /tapeblksz on the server and re-run mkinsttape',
    );
  }
  for (const w of tapeblkszWarnings(tapeblksz)) warnings.push(`${IMAGE_FILES[2]}: ./tapeblksz: ${w}`);
  const r4BlockSize = record4BlockSize(tapeblksz);
  return { dir, images, tapeblksz, record4BlockSize: r4BlockSize, warnings };
}
