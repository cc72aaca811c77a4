/**
 * MODE SENSE(10) parameter data of a tape drive: the 8-byte header (SPC-4 §7.5.5) and the first short
 * block descriptor (SSC-4 §8.3.2) — density code of the loaded medium, write protection, block size.
 */
import { ltoGenerationOf } from './lto-generation.ts';

/** What the header and block descriptor say about the loaded medium. */
export interface ModeSenseData {
  /** WP bit of the device-specific parameter (bit 7): the cartridge is write-protected. */
  writeProtected: boolean;
  /** Buffered mode (device-specific parameter bits 6..4). */
  bufferedMode: number;
  /** Density code of the block descriptor; undefined when the drive returned no block descriptor. */
  densityCode?: number;
  /** Block length of the block descriptor (0 = variable). */
  blockLength?: number;
  /** "LTO-6" etc., when the density code is an LTO one. */
  generation?: string;
  /** Native capacity of that LTO generation in bytes. */
  nativeCapacityBytes?: number;
}

/** Decodes MODE SENSE(10) parameter data. */
export function decodeModeSense10(buf: Uint8Array): ModeSenseData {
  if (buf.length < 8) throw new Error(`MODE SENSE(10) data is ${buf.length} bytes; its header alone has 8`);
  const deviceSpecific = buf[3]!;
  const out: ModeSenseData = { writeProtected: (deviceSpecific & 0x80) !== 0, bufferedMode: (deviceSpecific >> 4) & 0x07 };
  const longLba = (buf[4]! & 0x01) !== 0;
  const descLen = (buf[6]! << 8) | buf[7]!;
  // A tape drive's short block descriptor: density(1) blocks(3) reserved(1) block length(3).
  if (!longLba && descLen >= 8 && buf.length >= 16) {
    out.densityCode = buf[8]!;
    out.blockLength = (buf[13]! << 16) | (buf[14]! << 8) | buf[15]!;
    const lto = ltoGenerationOf(out.densityCode);
    if (lto) {
      out.generation = lto.name;
      out.nativeCapacityBytes = lto.nativeCapacityBytes;
    }
  }
  return out;
}
