/**
 * LOG SENSE page 0x2E, TapeAlert (SSC-4 §8.2.3 and Annex A): 64 one-byte flags, parameter codes 1..64.
 * Names are the SSC ones as sg3_utils' sg_logs prints them (the test decodes every canned page with
 * sg_logs too); severities are those of the SSC / HP TapeAlert 3.0 table (C = critical, W = warning,
 * I = informational). Flags 0x28..0x2E are obsolete in SSC-3 and later (they were autoloader flags)
 * and 0x2F..0x31, 0x3D..0x40 are reserved: they are reported as informational if a drive sets them.
 */

/** How bad a TapeAlert flag is. */
export type TapeAlertSeverity = 'critical' | 'warning' | 'informational';

/** One set TapeAlert flag. */
export interface TapeAlertFlag {
  flag: number;
  name: string;
  severity: TapeAlertSeverity;
}

const C = 'critical';
const W = 'warning';
const I = 'informational';

/** Name and severity of flags 1..64, index = flag - 1. */
export const TAPE_ALERT_FLAGS: readonly (readonly [string, TapeAlertSeverity])[] = [
  ['Read warning', W],
  ['Write warning', W],
  ['Hard error', W],
  ['Media', C],
  ['Read failure', C],
  ['Write failure', C],
  ['Media life', W],
  ['Not data grade', W],
  ['Write protect', C],
  ['No removal', I],
  ['Cleaning media', I],
  ['Unsupported format', I],
  ['Recoverable mechanical cartridge failure', C],
  ['Unrecoverable mechanical cartridge failure', C],
  ['Memory chip in cartridge failure', W],
  ['Forced eject', C],
  ['Read only format', W],
  ['Tape directory corrupted on load', W],
  ['Nearing media life', I],
  ['Cleaning required', C],
  ['Cleaning requested', W],
  ['Expired cleaning media', C],
  ['Invalid cleaning tape', C],
  ['Retension requested', W],
  ['Dual port interface error', W],
  ['Cooling fan failing', W],
  ['Power supply failure', W],
  ['Power consumption', W],
  ['Drive maintenance', W],
  ['Hardware A', C],
  ['Hardware B', C],
  ['Interface', W],
  ['Eject media', C],
  ['Microcode update fail', W],
  ['Drive humidity', W],
  ['Drive temperature', W],
  ['Drive voltage', W],
  ['Predictive failure', C],
  ['Diagnostics required', W],
  ['Obsolete (28h)', I],
  ['Obsolete (29h)', I],
  ['Obsolete (2Ah)', I],
  ['Obsolete (2Bh)', I],
  ['Obsolete (2Ch)', I],
  ['Obsolete (2Dh)', I],
  ['Obsolete (2Eh)', I],
  ['Reserved (2Fh)', I],
  ['Reserved (30h)', I],
  ['Reserved (31h)', I],
  ['Lost statistics', W],
  ['Tape directory invalid at unload', W],
  ['Tape system area write failure', C],
  ['Tape system area read failure', C],
  ['No start of data', C],
  ['Loading failure', C],
  ['Unrecoverable unload failure', C],
  ['Automation interface failure', C],
  ['Firmware failure', W],
  ['WORM medium - integrity check failed', W],
  ['WORM medium - overwrite attempted', W],
  ['Reserved (3Dh)', I],
  ['Reserved (3Eh)', I],
  ['Reserved (3Fh)', I],
  ['Reserved (40h)', I],
];

/** Flag 20 (14h): the drive needs cleaning now — a write must wait for a cleaning cartridge. */
export const CLEAN_NOW_FLAG = 20;
/** Flag 21 (15h): routine cleaning is due. */
export const CLEAN_PERIODIC_FLAG = 21;

/** The name and severity of a flag number 1..64. */
export function tapeAlertFlag(flag: number): TapeAlertFlag {
  const entry = TAPE_ALERT_FLAGS[flag - 1];
  if (!entry) throw new Error(`TapeAlert flag ${flag} is outside 1..64`);
  return { flag, name: entry[0], severity: entry[1] };
}

/** Decodes a LOG SENSE page 0x2E response into the flags that are set, in flag order. */
export function decodeTapeAlertPage(buf: Uint8Array): TapeAlertFlag[] {
  if (buf.length < 4) throw new Error(`LOG SENSE data is ${buf.length} bytes; a log page header has 4`);
  if ((buf[0]! & 0x3f) !== 0x2e) throw new Error(`log page 0x${(buf[0]! & 0x3f).toString(16)} is not the TapeAlert page 0x2e`);
  const end = Math.min(buf.length, 4 + ((buf[2]! << 8) | buf[3]!));
  const set = new Map<number, TapeAlertFlag>();
  for (let at = 4; at + 4 <= end;) {
    const code = (buf[at]! << 8) | buf[at + 1]!;
    const len = buf[at + 3]!;
    // The flag is bit 0 of the parameter's one-byte value.
    if (code >= 1 && code <= 64 && len >= 1 && at + 4 < end && (buf[at + 4]! & 0x01) !== 0) set.set(code, tapeAlertFlag(code));
    at += 4 + len;
  }
  return [...set.values()].sort((a, b) => a.flag - b.flag);
}
