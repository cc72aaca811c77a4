/** Command descriptor blocks of the SCSI Media Changer commands (SMC-3) the library code sends. */

/** SMC-3 element type codes. */
export const ELEMENT_TYPE = { all: 0, transport: 1, storage: 2, importExport: 3, drive: 4 } as const;

/** Element address assignment mode page (SMC-3 §7.3.3). */
export const ELEMENT_ADDRESS_PAGE = 0x1d;

const be16 = (n: number): [number, number] => [(n >> 8) & 0xff, n & 0xff];

/** MODE SENSE(6) without block descriptors (DBD), as mtx sends it for page 0x1D; older libraries lack MODE SENSE(10). */
export function modeSense6Cdb(page: number, allocation = 255): Uint8Array {
  return Uint8Array.of(0x1a, 0x08, page & 0x3f, 0, allocation & 0xff, 0);
}

/**
 * READ ELEMENT STATUS (0xB8) of `count` elements of one type from `start`, with primary/alternate volume
 * tags (VolTag) and device identifiers (DVCID) for drives. One type per call, as mtx does: some libraries
 * reject type 0 (all) with a large allocation.
 */
export function readElementStatusCdb(type: number, start: number, count: number, allocation: number, dvcid = false): Uint8Array {
  return Uint8Array.of(
    0xb8,
    0x10 | (type & 0x0f),
    ...be16(start),
    ...be16(count),
    dvcid ? 0x01 : 0x00,
    (allocation >>> 16) & 0xff,
    (allocation >>> 8) & 0xff,
    allocation & 0xff,
    0,
    0,
  );
}

/** MOVE MEDIUM (0xA5): the transport element carries the cartridge from `source` to `destination`. */
export function moveMediumCdb(transport: number, source: number, destination: number): Uint8Array {
  return Uint8Array.of(0xa5, 0, ...be16(transport), ...be16(source), ...be16(destination), 0, 0, 0, 0);
}

/** INITIALIZE ELEMENT STATUS (0x07): the library rescans every element (barcodes included). */
export function initializeElementStatusCdb(): Uint8Array {
  return Uint8Array.of(0x07, 0, 0, 0, 0, 0);
}

/** TEST UNIT READY: does the changer answer at all. */
export function testUnitReadyCdb(): Uint8Array {
  return Uint8Array.of(0x00, 0, 0, 0, 0, 0);
}
