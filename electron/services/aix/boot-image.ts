/**
 * Checks of record 1, the bosboot tape boot image (aix-formats.md §2): its length and the IPL record
 * magic 0xC9C2D4C1 (big-endian) at offset 0. A missing magic is a warning, not an error: newer AIX
 * boot images are unconfirmed.
 */
import { open } from 'node:fs/promises';

/** IPL record id, EBCDIC "IBMA", big-endian u32 at offset 0. */
export const IPL_MAGIC = 0xc9c2d4c1;
/** Record 1 is written in 512-byte records. */
export const BOOT_RECORD_BYTES = 512;

/** Findings about a boot image. */
export interface BootImageCheck {
  length: number;
  /** Whole 512-byte records (the last one padded with zeros when written). */
  records: number;
  iplMagic: boolean;
  /** Things that stop the image from being written or booted. */
  errors: string[];
  /** Things worth a look that do not stop anything. */
  warnings: string[];
}

/** Checks a boot image from its first bytes (at least 4) and its total length. */
export function checkBootImage(head: Uint8Array, length: number): BootImageCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const iplMagic = head.length >= 4 && Buffer.from(head.buffer, head.byteOffset, 4).readUInt32BE(0) === IPL_MAGIC;
  if (length === 0) errors.push('the boot image is empty; re-run bosboot -ad /dev/rmt0 -b <file>');
  else if (length < 2 * BOOT_RECORD_BYTES)
    errors.push(`the boot image is only ${length} bytes; a bosboot image has at least an IPL and a config record (1024 bytes)`);
  if (length > 0 && !iplMagic) {
    warnings.push('no IPL record magic 0xC9C2D4C1 at offset 0; expected for AIX tape boot images (newer levels unconfirmed)');
  }
  if (length % BOOT_RECORD_BYTES !== 0) {
    warnings.push(`length ${length} is not a multiple of 512; the last record will be padded with zeros`);
  }
  return { length, records: Math.ceil(length / BOOT_RECORD_BYTES), iplMagic, errors, warnings };
}

/** Checks a boot image file on disk. */
export async function checkBootImageFile(path: string): Promise<BootImageCheck> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return checkBootImage(head.subarray(0, bytesRead), size);
  } finally {
    await fh.close();
  }
}
