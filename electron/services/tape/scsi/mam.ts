/**
 * READ ATTRIBUTE, service action ATTRIBUTE VALUES (SPC-4 §6.17, §7.4): the cartridge memory (MAM) of a
 * tape. Response: 4-byte AVAILABLE DATA, then attributes of id(2) flags(1: READ ONLY bit 7, FORMAT bits
 * 1..0: 0 binary, 1 ASCII, 2 text) length(2) value.
 */

/** One attribute as the cartridge returned it. */
export interface MamAttribute {
  id: number;
  readOnly: boolean;
  format: 'binary' | 'ascii' | 'text' | 'reserved';
  /** Numbers for binary attributes up to 8 bytes, trimmed strings for ASCII/text, hex otherwise. */
  value: number | string;
}

/** Attribute ids the app uses. */
export const MAM_ID = {
  remainingCapacityMiB: 0x0000,
  maximumCapacityMiB: 0x0001,
  tapeAlertFlags: 0x0002,
  loadCount: 0x0003,
  totalMiBWritten: 0x0220,
  totalMiBRead: 0x0221,
  manufacturer: 0x0400,
  serial: 0x0401,
  manufactureDate: 0x0406,
  applicationVendor: 0x0800,
  applicationName: 0x0801,
  userMediumTextLabel: 0x0803,
  barcode: 0x0806,
} as const;

/** The MAM fields an operator (and the write checks) look at; absent = the cartridge did not return it. */
export interface MamSummary {
  serial?: string;
  barcode?: string;
  manufacturer?: string;
  manufactureDate?: string;
  userMediumTextLabel?: string;
  loadCount?: number;
  remainingCapacityMiB?: number;
  maximumCapacityMiB?: number;
  totalMiBWritten?: number;
  totalMiBRead?: number;
}

const FORMATS = ['binary', 'ascii', 'text', 'reserved'] as const;

function valueOf(format: MamAttribute['format'], bytes: Buffer): number | string {
  if (format === 'ascii' || format === 'text')
    return bytes
      .toString(format === 'text' ? 'utf8' : 'latin1')
      .replace(/\0+$/, '')
      .trim();
  // 8-byte counters are far below 2^53 (MiB counts, load counts): a number is exact enough.
  if (format === 'binary' && bytes.length >= 1 && bytes.length <= 8) return Number(bytes.reduce((n, x) => (n << 8n) | BigInt(x), 0n));
  return bytes.toString('hex');
}

/** Decodes an ATTRIBUTE VALUES response into its attributes, in the order returned. */
export function decodeReadAttribute(buf: Uint8Array): MamAttribute[] {
  if (buf.length < 4) throw new Error(`READ ATTRIBUTE data is ${buf.length} bytes; its header has 4`);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const end = Math.min(b.length, 4 + b.readUInt32BE(0));
  const out: MamAttribute[] = [];
  for (let at = 4; at + 5 <= end;) {
    const len = b.readUInt16BE(at + 3);
    if (at + 5 + len > end) break;
    const format = FORMATS[b[at + 2]! & 0x03]!;
    out.push({
      id: b.readUInt16BE(at),
      readOnly: (b[at + 2]! & 0x80) !== 0,
      format,
      value: valueOf(format, b.subarray(at + 5, at + 5 + len)),
    });
    at += 5 + len;
  }
  return out;
}

/** Picks the fields of MamSummary out of the attributes (empty strings count as absent). */
export function summarizeMam(attrs: readonly MamAttribute[]): MamSummary {
  const byId = new Map(attrs.map((a) => [a.id, a.value]));
  const str = (id: number): string | undefined => {
    const v = byId.get(id);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const num = (id: number): number | undefined => {
    const v = byId.get(id);
    return typeof v === 'number' ? v : undefined;
  };
  const s: MamSummary = {
    serial: str(MAM_ID.serial),
    barcode: str(MAM_ID.barcode),
    manufacturer: str(MAM_ID.manufacturer),
    manufactureDate: str(MAM_ID.manufactureDate),
    userMediumTextLabel: str(MAM_ID.userMediumTextLabel),
    loadCount: num(MAM_ID.loadCount),
    remainingCapacityMiB: num(MAM_ID.remainingCapacityMiB),
    maximumCapacityMiB: num(MAM_ID.maximumCapacityMiB),
    totalMiBWritten: num(MAM_ID.totalMiBWritten),
    totalMiBRead: num(MAM_ID.totalMiBRead),
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as MamSummary;
}

/** The BARCODE attribute's length (SPC-4: 32 bytes of ASCII, left-aligned, space-padded). */
export const BARCODE_BYTES = 32;

/**
 * The WRITE ATTRIBUTE parameter list that sets the host-writable BARCODE attribute (0x0806): the same layout
 * as an ATTRIBUTE VALUES response (4-byte length, then the attribute), so sg_read_attr can decode it too.
 */
export function encodeBarcodeAttribute(barcode: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,32}$/.test(barcode))
    throw new Error(`barcode '${barcode}' must be 1 to ${BARCODE_BYTES} printable ASCII characters`);
  const attr = Buffer.alloc(5 + BARCODE_BYTES, 0x20);
  attr.writeUInt16BE(MAM_ID.barcode, 0);
  attr[2] = 0x01; // format ASCII, not read-only
  attr.writeUInt16BE(BARCODE_BYTES, 3);
  attr.write(barcode, 5, 'latin1');
  const list = Buffer.alloc(4 + attr.length);
  list.writeUInt32BE(attr.length, 0);
  attr.copy(list, 4);
  return list;
}
