/** Command descriptor blocks of the informational commands drive status sends (SPC-4, SSC-4). */

/** Allocation lengths: big enough for every page a tape drive returns for these. */
export const ALLOC = { inquiry: 96, vpd: 255, modeSense: 4096, logSense: 1024, readAttribute: 8192 } as const;

/** INQUIRY, standard data. */
export function inquiryCdb(): Uint8Array {
  return Uint8Array.of(0x12, 0, 0, 0, ALLOC.inquiry, 0);
}

/** INQUIRY with EVPD for a VPD page (0x80 = unit serial number). */
export function vpdCdb(page: number): Uint8Array {
  return Uint8Array.of(0x12, 0x01, page, 0, ALLOC.vpd, 0);
}

/** MODE SENSE(10), current values, block descriptors allowed (DBD = 0) for the given page. */
export function modeSense10Cdb(page: number): Uint8Array {
  return Uint8Array.of(0x5a, 0, page & 0x3f, 0, 0, 0, 0, ALLOC.modeSense >> 8, ALLOC.modeSense & 0xff, 0);
}

/** LOG SENSE of a page with PC = 01b (cumulative values), as sg_logs sends it. */
export function logSenseCdb(page: number): Uint8Array {
  return Uint8Array.of(0x4d, 0, 0x40 | (page & 0x3f), 0, 0, 0, 0, ALLOC.logSense >> 8, ALLOC.logSense & 0xff, 0);
}

/** READ ATTRIBUTE, service action 0 (ATTRIBUTE VALUES), partition 0, from attribute id 0. */
export function readAttributeCdb(): Uint8Array {
  const n = ALLOC.readAttribute;
  return Uint8Array.of(0x8c, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, 0, 0);
}

/** WRITE ATTRIBUTE (SPC-4 §6.40), partition 0, write-through cache off, for a parameter list of `length` bytes. */
export function writeAttributeCdb(length: number): Uint8Array {
  return Uint8Array.of(
    0x8d,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    (length >>> 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
    0,
    0,
  );
}
