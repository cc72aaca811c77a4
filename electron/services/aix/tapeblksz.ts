/**
 * The ./tapeblksz member of the mkinsttape image: one line `<blocksize> <blocks|NONE>`
 * (aix-formats.md §1, §3). Field 1 is the drive block size for record 4 (used only when > 512);
 * field 2 is the `-b` value (512-byte blocks per read) restore gets at install time, or NONE.
 */
import { SysbError } from '../../../shared/errors.ts';

/** Parsed ./tapeblksz. */
export interface Tapeblksz {
  /** Drive block size in bytes the backup was written with (0 = variable). */
  blockSize: number;
  /** 512-byte blocks per restore read, or null for NONE (restore's default of 100). */
  blocks: number | null;
}

/**
 * Largest record-4 block SysbTape writes and reads back: the read/verify path reads one block into a
 * 1 MiB buffer (a larger block does not fit: ENOMEM/EOVERFLOW), and 1 MiB is also the st driver's usual
 * limit (its default buffer of 256 scatter-gather pages; linux-tape.md "Fixed versus variable").
 */
export const MAX_TAPE_BLOCK_BYTES = 1024 * 1024;

/** restore reads 100 blocks of 512 bytes at a time unless given -b. */
const DEFAULT_READ_BLOCKS = 100;

/** Parses the text of ./tapeblksz; throws SysbError('IMAGE_SET_INVALID') naming what is wrong. */
export function parseTapeblksz(text: string): Tapeblksz {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) {
    throw new SysbError('IMAGE_SET_INVALID', "tapeblksz is empty; it must hold '<blocksize> <blocks|NONE>', e.g. '512 NONE'");
  }
  if (lines.length > 1) {
    throw new SysbError('IMAGE_SET_INVALID', `tapeblksz has ${lines.length} lines; it must hold one line '<blocksize> <blocks|NONE>'`);
  }
  const fields = lines[0]!.split(/\s+/);
  if (fields.length !== 2) {
    throw new SysbError(
      'IMAGE_SET_INVALID',
      `tapeblksz reads '${lines[0]}': expected two fields '<blocksize> <blocks|NONE>', e.g. '512 NONE'`,
    );
  }
  const [first, second] = fields as [string, string];
  if (!/^\d+$/.test(first) || Number(first) > 16 * 1024 * 1024) {
    throw new SysbError('IMAGE_SET_INVALID', `tapeblksz block size '${first}' is not a block size in bytes (e.g. 512, 1024, 262144)`);
  }
  let blocks: number | null = null;
  if (second.toUpperCase() !== 'NONE') {
    if (!/^\d+$/.test(second) || Number(second) === 0 || Number(second) > 65535) {
      throw new SysbError('IMAGE_SET_INVALID', `tapeblksz second field '${second}' must be NONE or a count of 512-byte blocks (1-65535)`);
    }
    blocks = Number(second);
  }
  return { blockSize: Number(first), blocks };
}

/** The block size record 4 is written and read at: field 1 when above 512, else 512 (bi_main, mksysb). */
export function record4BlockSize(t: Tapeblksz): number {
  return t.blockSize > 512 ? t.blockSize : 512;
}

/** Bytes restore asks for per read when installing record 4. */
export function restoreReadBytes(t: Tapeblksz): number {
  return (t.blocks ?? DEFAULT_READ_BLOCKS) * 512;
}

/**
 * The one rule for record 4's block size, used by write (before the tape is touched), verify and
 * inspect: 512, or a multiple of 512 up to MAX_TAPE_BLOCK_BYTES. AIX tape block sizes are multiples
 * of 512 (aix-formats.md §1), and anything larger than 1 MiB could be written but not read back.
 * Returns why `t` breaks it, or null when it does not.
 */
export function tapeblkszError(t: Tapeblksz): string | null {
  const size = record4BlockSize(t);
  if (size % 512 !== 0) {
    return `record 4 block size ${size} is not a multiple of 512; AIX tape block sizes are 512 or a multiple of it (e.g. 1024, 262144)`;
  }
  if (size > MAX_TAPE_BLOCK_BYTES) {
    return `record 4 block size ${size} is larger than ${MAX_TAPE_BLOCK_BYTES} bytes, the largest block a tape drive here can read back`;
  }
  return null;
}

/** Settings that may make the installer's restore misread (an inference from restbyname): empty when all is well. */
export function tapeblkszWarnings(t: Tapeblksz): string[] {
  const warnings: string[] = [];
  const size = record4BlockSize(t);
  if (tapeblkszError(t) !== null) return warnings;
  const read = restoreReadBytes(t);
  if (read % size !== 0) {
    warnings.push(
      `restore reads ${read} bytes at a time, which is not a multiple of the ${size}-byte block size; set the second field so that it is (e.g. ${(size / 512) * Math.max(1, Math.ceil((DEFAULT_READ_BLOCKS * 512) / size))})`,
    );
  }
  if (t.blockSize === 0) warnings.push('block size 0 (variable): record 4 is written at 512; whether newer AIX honours 0 is unconfirmed');
  return warnings;
}

/** Renders tapeblksz back to its one-line text (with newline). */
export function formatTapeblksz(t: Tapeblksz): string {
  return `${t.blockSize} ${t.blocks === null ? 'NONE' : t.blocks}\n`;
}
