/** SCSI sense data (fixed 0x70/0x71 and descriptor 0x72/0x73 formats): the sense key, ASC and ASCQ. */

/** What a CHECK CONDITION said. */
export interface SenseInfo {
  key: number;
  asc: number;
  ascq: number;
}

/** Sense key 5: the device does not support the command or a field of it. */
export const ILLEGAL_REQUEST = 0x5;
/** Sense key 6: an event (reset, medium change) is being reported; the command was not run. */
export const UNIT_ATTENTION = 0x6;

const KEY_NAMES = [
  'NO SENSE',
  'RECOVERED ERROR',
  'NOT READY',
  'MEDIUM ERROR',
  'HARDWARE ERROR',
  'ILLEGAL REQUEST',
  'UNIT ATTENTION',
  'DATA PROTECT',
  'BLANK CHECK',
  'VENDOR SPECIFIC',
  'COPY ABORTED',
  'ABORTED COMMAND',
  'RESERVED',
  'VOLUME OVERFLOW',
  'MISCOMPARE',
  'COMPLETED',
];

/** Decodes sense data; undefined when there is none or its response code is not one of the four standard ones. */
export function decodeSense(sb: Uint8Array): SenseInfo | undefined {
  if (sb.length < 2) return undefined;
  const code = sb[0]! & 0x7f;
  if (code === 0x70 || code === 0x71) {
    if (sb.length < 3) return undefined;
    return { key: sb[2]! & 0x0f, asc: sb[12] ?? 0, ascq: sb[13] ?? 0 };
  }
  if (code === 0x72 || code === 0x73) {
    if (sb.length < 4) return undefined;
    return { key: sb[1]! & 0x0f, asc: sb[2]!, ascq: sb[3]! };
  }
  return undefined;
}

/** "ILLEGAL REQUEST, ASC/ASCQ 20h/00h" for messages. */
export function describeSense(s: SenseInfo): string {
  const hex = (n: number): string => `${n.toString(16).padStart(2, '0')}h`;
  return `${KEY_NAMES[s.key] ?? `sense key ${s.key}`}, ASC/ASCQ ${hex(s.asc)}/${hex(s.ascq)}`;
}
