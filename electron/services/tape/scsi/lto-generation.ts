/**
 * LTO generation and native capacity by the density code a drive reports for the loaded cartridge
 * (MODE SENSE block descriptor). Values from the LTO SCSI references, as in linux-tape.md §5.
 */

/** One LTO cartridge type. */
export interface LtoGeneration {
  /** What an operator calls it: "LTO-6", "LTO-7 Type M". */
  name: string;
  /** Media id on the barcode label (L6, M8, …). */
  mediaId: string;
  /** Native (uncompressed) capacity in bytes. */
  nativeCapacityBytes: number;
}

const BY_DENSITY: Readonly<Record<number, LtoGeneration>> = {
  0x58: { name: 'LTO-5', mediaId: 'L5', nativeCapacityBytes: 1.5e12 },
  0x5a: { name: 'LTO-6', mediaId: 'L6', nativeCapacityBytes: 2.5e12 },
  0x5c: { name: 'LTO-7', mediaId: 'L7', nativeCapacityBytes: 6e12 },
  0x5d: { name: 'LTO-7 Type M', mediaId: 'M8', nativeCapacityBytes: 9e12 },
  0x5e: { name: 'LTO-8', mediaId: 'L8', nativeCapacityBytes: 12e12 },
  0x60: { name: 'LTO-9', mediaId: 'L9', nativeCapacityBytes: 18e12 },
};

/** The LTO generation of a density code, or undefined for codes that are not LTO-5..9 (0 = default/unknown). */
export function ltoGenerationOf(densityCode: number): LtoGeneration | undefined {
  return BY_DENSITY[densityCode];
}
