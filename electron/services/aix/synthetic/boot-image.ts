/**
 * Synthetic bosboot tape boot image (record 1, aix-formats.md §2): a 512-byte IPL record whose first
 * u32 is 0xC9C2D4C1 (big-endian, EBCDIC "IBMA"), a 512-byte config record (id 0xF8E9DACB plus IBM's
 * copyright text), then filler standing in for bootexpand, the compressed kernel and the RAM file system.
 * Always a whole number of 512-byte blocks, as `bosboot -b file` produces.
 */
import { SeededRandom } from './seeded-random.ts';

/** First u32 (big-endian) of the IPL record. */
export const IPL_RECORD_ID = 0xc9c2d4c1;
/** First u32 (big-endian) of the config record. */
export const CONFIG_RECORD_ID = 0xf8e9dacb;
/** The text mkboot puts in the config record. */
export const BOOT_COPYRIGHT = '(C) Copyright IBM Corp. and by others 1987,1991,1993.';
/** Bytes per boot image block (bosboot counts "512 byte blocks"). */
export const BOOT_BLOCK_BYTES = 512;

/** Options for the boot image. */
export interface BootImageOptions {
  /** Length in 512-byte blocks (at least 2: IPL and config records). */
  blocks: number;
  seed: number;
  /** Fault for tests: leave out the IPL magic (readers must warn, not fail). */
  omitIplMagic?: boolean;
}

/** Builds the boot image in memory (a few MB at most). */
export function buildBootImage(options: BootImageOptions): Buffer {
  if (!Number.isInteger(options.blocks) || options.blocks < 2) {
    throw new RangeError(`boot image needs at least 2 blocks of 512 bytes, got ${options.blocks}`);
  }
  const image = Buffer.alloc(options.blocks * BOOT_BLOCK_BYTES);
  if (!options.omitIplMagic) image.writeUInt32BE(IPL_RECORD_ID, 0);
  // The IPL record's other fields (boot code length/offset, in blocks) are not checked by any reader;
  // values in the right places keep a hex dump plausible. Offsets are this writer's own choice.
  image.writeUInt32BE(options.blocks - 2, 40);
  image.writeUInt32BE(2, 44);
  image.writeUInt32BE(CONFIG_RECORD_ID, BOOT_BLOCK_BYTES);
  image.write(BOOT_COPYRIGHT, BOOT_BLOCK_BYTES + 8, 'latin1');
  // Boot code: compressed data looks random. The tail is left zero, as bosboot's dd conv=sync pads.
  const code = image.subarray(2 * BOOT_BLOCK_BYTES, image.length - Math.min(300, image.length - 2 * BOOT_BLOCK_BYTES));
  new SeededRandom(options.seed ^ 0xb007).fill(code);
  return image;
}
