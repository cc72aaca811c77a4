/**
 * Decoders of what a media changer returns: READ ELEMENT STATUS data (SMC-3 §6.11) and the element
 * address assignment mode page 0x1D (SMC-3 §7.3.3). Pure functions over bytes, unit-tested on canned
 * responses; the descriptor length comes from each page header, so vendor extensions (DVCID, alternate
 * tags, vendor bytes) are skipped rather than misread.
 */
import type { ElementKind, LibraryElement } from './media-changer.ts';

/** Where each kind of element starts and how many there are. */
export interface ElementAddressAssignment {
  transport: { first: number; count: number };
  storage: { first: number; count: number };
  importExport: { first: number; count: number };
  drive: { first: number; count: number };
}

const KIND_OF_TYPE: Record<number, ElementKind> = { 1: 'transport', 2: 'slot', 3: 'import-export', 4: 'drive' };

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u24 = (b: Uint8Array, o: number): number => (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;

/** Finds page 0x1D in a MODE SENSE(6) or (10) response and decodes it. */
export function decodeElementAddressPage(data: Uint8Array, ten = false): ElementAddressAssignment {
  const headerLength = ten ? 8 : 4;
  if (data.length < headerLength) throw new Error(`MODE SENSE response too short (${data.length} bytes)`);
  const blockDescriptors = ten ? u16(data, 6) : data[3]!;
  let o = headerLength + blockDescriptors;
  while (o + 2 <= data.length) {
    const code = data[o]! & 0x3f;
    const len = data[o + 1]!;
    if (code === 0x1d) {
      if (len < 0x12 || o + 2 + 0x12 > data.length) throw new Error(`element address assignment page too short (${len} bytes)`);
      const p = o;
      return {
        transport: { first: u16(data, p + 2), count: u16(data, p + 4) },
        storage: { first: u16(data, p + 6), count: u16(data, p + 8) },
        importExport: { first: u16(data, p + 10), count: u16(data, p + 12) },
        drive: { first: u16(data, p + 14), count: u16(data, p + 16) },
      };
    }
    o += 2 + len;
  }
  throw new Error('MODE SENSE response has no element address assignment page (0x1D)');
}

/** A volume tag field: 32 bytes of label, space padded (some libraries pad with NULs). */
function volumeTag(b: Uint8Array, o: number): string | undefined {
  const text = Buffer.from(b.subarray(o, o + 32))
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  return text.length > 0 ? text : undefined;
}

/** The identifier of a DVCID designation (SMC-3 table 31): code set, type, length, identifier. */
function deviceIdentifier(b: Uint8Array, o: number, end: number): string | undefined {
  if (o + 4 > end) return undefined;
  const len = b[o + 3]!;
  if (len === 0 || o + 4 + len > end) return undefined;
  const text = Buffer.from(b.subarray(o + 4, o + 4 + len))
    .toString('latin1')
    .replace(/\0+$/, '')
    .trim();
  return text.length > 0 ? text : undefined;
}

/**
 * Decodes READ ELEMENT STATUS data into elements (in the order reported). `first` numbers each kind:
 * the element at `first[kind]` is number 1. A report longer than the buffer (byte count available) is
 * decoded as far as it goes; the caller asks again with a bigger allocation when `truncated` is true.
 */
export function decodeElementStatus(
  data: Uint8Array,
  first: Partial<Record<ElementKind, number>> = {},
): { elements: LibraryElement[]; truncated: boolean } {
  if (data.length < 8) throw new Error(`READ ELEMENT STATUS response too short (${data.length} bytes)`);
  const available = u24(data, 5);
  const end = Math.min(data.length, 8 + available);
  const elements: LibraryElement[] = [];
  let o = 8;
  while (o + 8 <= end) {
    const type = data[o]! & 0x0f;
    const pvoltag = (data[o + 1]! & 0x80) !== 0;
    const avoltag = (data[o + 1]! & 0x40) !== 0;
    const descLength = u16(data, o + 2);
    const pageBytes = u24(data, o + 5);
    const kind = KIND_OF_TYPE[type];
    if (!kind) throw new Error(`READ ELEMENT STATUS: unknown element type code ${type}`);
    if (descLength < 12) throw new Error(`READ ELEMENT STATUS: element descriptor length ${descLength} is too short`);
    const pageEnd = Math.min(end, o + 8 + pageBytes);
    for (let d = o + 8; d + descLength <= pageEnd; d += descLength) {
      const flags = data[d + 2]!;
      const full = (flags & 0x01) !== 0;
      const sValid = (data[d + 9]! & 0x80) !== 0;
      let v = d + 12;
      const barcode = pvoltag ? volumeTag(data, v) : undefined;
      if (pvoltag) v += 36;
      if (avoltag) v += 36;
      const address = u16(data, d);
      elements.push({
        kind,
        address,
        number: address - (first[kind] ?? address) + 1,
        full,
        barcode: full ? barcode : undefined,
        sourceAddress: sValid ? u16(data, d + 10) : undefined,
        exception: (flags & 0x04) !== 0 ? { asc: data[d + 4]!, ascq: data[d + 5]! } : undefined,
        // Access is defined for import/export and data transfer elements; storage slots are always reachable.
        accessible: kind === 'slot' || kind === 'transport' ? true : (flags & 0x08) !== 0,
        identifier: kind === 'drive' ? deviceIdentifier(data, v, d + descLength) : undefined,
      });
    }
    o = o + 8 + pageBytes;
  }
  return { elements, truncated: 8 + available > data.length };
}
