/** Standard INQUIRY data and the Unit Serial Number VPD page (0x80), per SPC-4 §6.6. */

/** What the standard INQUIRY data says about the device. */
export interface InquiryData {
  /** Peripheral device type (1 = sequential-access, i.e. a tape drive). */
  peripheralType: number;
  vendor: string;
  product: string;
  /** Product revision level: the drive's firmware. */
  firmware: string;
}

/** Trims the space padding of a SCSI ASCII field. */
function ascii(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.subarray(from, Math.min(to, buf.length)))
    .toString('latin1')
    .replace(/\0/g, ' ')
    .trim();
}

/** Decodes standard INQUIRY data (at least the 36 bytes every device returns). */
export function decodeInquiry(buf: Uint8Array): InquiryData {
  if (buf.length < 36) throw new Error(`INQUIRY data is ${buf.length} bytes; standard INQUIRY data has at least 36`);
  return {
    peripheralType: buf[0]! & 0x1f,
    vendor: ascii(buf, 8, 16),
    product: ascii(buf, 16, 32),
    firmware: ascii(buf, 32, 36),
  };
}

/** Decodes VPD page 0x80 (Unit Serial Number): the drive's serial number. */
export function decodeUnitSerial(buf: Uint8Array): string {
  if (buf.length < 4 || buf[1] !== 0x80) throw new Error(`not VPD page 0x80 (page code ${buf[1] ?? 'missing'})`);
  const len = (buf[2]! << 8) | buf[3]!;
  return ascii(buf, 4, 4 + len);
}
