/**
 * Canned responses of an LTO drive, built byte by byte as the standards lay them out, for the decoder
 * tests (and decoded by sg3-utils there too). Values are those of an IBM LTO-6 drive with a used cartridge.
 */

function ascii(s: string, len: number): number[] {
  return [...Buffer.from(s.padEnd(len, ' ').slice(0, len), 'latin1')];
}

function be(n: number | bigint, bytes: number): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** Standard INQUIRY data (SPC-4 table 148), 36 bytes + vendor-specific up to 56. */
export function inquiryFixture(vendor = 'IBM', product = 'ULT3580-TD6', firmware = 'J451'): Buffer {
  const b = [0x01, 0x80, 0x06, 0x02, 56 - 5, 0x00, 0x00, 0x02, ...ascii(vendor, 8), ...ascii(product, 16), ...ascii(firmware, 4)];
  return Buffer.from([...b, ...new Array<number>(56 - b.length).fill(0)]);
}

/** VPD page 0x80, unit serial number. */
export function vpd80Fixture(serial = '1013005432'): Buffer {
  return Buffer.from([0x01, 0x80, 0x00, serial.length, ...Buffer.from(serial, 'latin1')]);
}

/** MODE SENSE(10): header + one short block descriptor + the device configuration page (0x10). */
export function modeSenseFixture(density: number, writeProtected = false, blockLength = 0): Buffer {
  const desc = [density, 0, 0, 0, 0, ...be(blockLength, 3)];
  const page10 = [0x10, 0x0e, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0x18, 0, 0, 0x01, 0];
  // Medium type, device-specific parameter (WP bit 7, buffered mode 1), byte 4 (LONGLBA 0), reserved, descriptor length.
  const body = [0, 0x10 | (writeProtected ? 0x80 : 0), 0, 0, ...be(desc.length, 2), ...desc, ...page10];
  // Mode data length counts the bytes after itself.
  return Buffer.from([...be(body.length, 2), ...body]);
}

/** LOG SENSE page 0x2E with all 64 parameters, the given flags set (as drives return it). */
export function tapeAlertFixture(setFlags: readonly number[]): Buffer {
  const params: number[] = [];
  for (let code = 1; code <= 64; code++) params.push(...be(code, 2), 0x03, 0x01, setFlags.includes(code) ? 1 : 0);
  return Buffer.from([0x2e, 0x00, ...be(params.length, 2), ...params]);
}

/** One READ ATTRIBUTE attribute: id, format (0 binary, 1 ascii, 2 text), value bytes. */
function attr(id: number, format: number, value: number[], readOnly = false): number[] {
  return [...be(id, 2), (readOnly ? 0x80 : 0) | format, ...be(value.length, 2), ...value];
}

/** The cartridge memory values an LTO-6 cartridge returns (a subset, in id order). */
export interface MamFixture {
  remainingMiB: number;
  maximumMiB: number;
  loadCount: number;
  writtenMiB: number;
  readMiB: number;
  manufacturer: string;
  serial: string;
  barcode: string;
  textLabel: string;
}

export const MAM_LTO6: MamFixture = {
  remainingMiB: 2_341_211,
  maximumMiB: 2_408_088,
  loadCount: 37,
  writtenMiB: 1_022_345,
  readMiB: 3_312_001,
  manufacturer: 'FUJIFILM',
  serial: 'A1B2C3D4E5',
  barcode: 'ABC123L6',
  textLabel: 'mksysb of aixprod1',
};

/** READ ATTRIBUTE, ATTRIBUTE VALUES response. */
export function readAttributeFixture(m: MamFixture = MAM_LTO6): Buffer {
  const attrs = [
    ...attr(0x0000, 0, be(m.remainingMiB, 8), true),
    ...attr(0x0001, 0, be(m.maximumMiB, 8), true),
    ...attr(0x0003, 0, be(m.loadCount, 8), true),
    ...attr(0x0220, 0, be(m.writtenMiB, 8), true),
    ...attr(0x0221, 0, be(m.readMiB, 8), true),
    ...attr(0x0400, 1, ascii(m.manufacturer, 8), true),
    ...attr(0x0401, 1, ascii(m.serial, 32), true),
    ...attr(0x0803, 2, [...Buffer.from(m.textLabel, 'utf8'), ...new Array<number>(160 - Buffer.byteLength(m.textLabel)).fill(0)]),
    ...attr(0x0806, 1, ascii(m.barcode, 32)),
  ];
  return Buffer.from([...be(attrs.length, 4), ...attrs]);
}
