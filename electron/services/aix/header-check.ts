/**
 * Header sanity checks of the backup-by-name format, as restore's goodhdr does them
 * (aix-formats.md §4.2, §4.8): known magic, type in range, length fitting the type, then checksum.
 */
import {
  DWORD,
  MAGIC_KNOWN_OTHER,
  MAGIC_PACKED,
  MAGIC_PLAIN,
  NAME_LF_HEADER_BYTES,
  NAME_X_HEADER_BYTES,
  TYPE_END,
  TYPE_FINDEX,
  TYPE_MAX,
  TYPE_NAME_LF,
  TYPE_NAME_X,
  TYPE_VOLUME,
  VOLUME_BYTES,
  END_BYTES,
  headerChecksum,
} from './backup-format.ts';

/** Outcome of the first-dword check of a record. */
export type ShapeCheck = { ok: true; len: number; type: number; magic: number } | { ok: false; unsupported: boolean; reason: string };

/** Checks the 6-byte common header at buf[p] (len, type, magic) without the checksum. */
export function checkShape(buf: Uint8Array, p: number): ShapeCheck {
  const len = buf[p]!;
  const type = buf[p + 1]!;
  const magic = buf[p + 2]! | (buf[p + 3]! << 8);
  if (magic !== MAGIC_PLAIN && magic !== MAGIC_PACKED) {
    if (MAGIC_KNOWN_OTHER.includes(magic)) {
      return {
        ok: false,
        unsupported: true,
        reason: `record magic ${magic} (a newer backup variant whose layout is not public) is not supported`,
      };
    }
    return {
      ok: false,
      unsupported: false,
      reason: `no header here (magic 0x${magic.toString(16).padStart(4, '0')}, expected 0xea6b or 0xea6c)`,
    };
  }
  if (type > TYPE_MAX) return { ok: false, unsupported: false, reason: `record type ${type} is out of range` };
  const fixed = fixedLength(type);
  if (fixed !== null && len !== fixed)
    return { ok: false, unsupported: false, reason: `record type ${type} has length ${len} dwords, expected ${fixed}` };
  const min = minimumLength(type);
  if (len < min) return { ok: false, unsupported: false, reason: `record type ${type} has length ${len} dwords, at least ${min} expected` };
  return { ok: true, len, type, magic };
}

/** Fixed record length in dwords for fixed-size types, else null. */
function fixedLength(type: number): number | null {
  if (type === TYPE_VOLUME) return VOLUME_BYTES / DWORD;
  if (type === TYPE_END) return END_BYTES / DWORD;
  return null;
}

/** Smallest valid record length in dwords (file records need at least one dword of name). */
function minimumLength(type: number): number {
  if (type === TYPE_NAME_X) return NAME_X_HEADER_BYTES / DWORD + 1;
  if (type === TYPE_NAME_LF) return NAME_LF_HEADER_BYTES / DWORD + 1;
  if (type === TYPE_FINDEX) return 1;
  return 1;
}

/** Checksum verdict for a whole record of len dwords at buf[p]. */
export type ChecksumVerdict = 'valid' | 'absent' | 'invalid';

/** Verifies the stored checksum; a stored zero that does not match is "absent", not valid. */
export function checkChecksum(buf: Uint8Array, p: number, len: number): { verdict: ChecksumVerdict; stored: number; computed: number } {
  const stored = buf[p + 4]! | (buf[p + 5]! << 8);
  const computed = headerChecksum(buf, p, len * DWORD);
  if (stored === computed) return { verdict: 'valid', stored, computed };
  return { verdict: stored === 0 ? 'absent' : 'invalid', stored, computed };
}

/**
 * True when a complete, trustworthy header starts at buf[p] (used while resynchronising and to
 * find headers hidden inside an oversized ACL block). Zero checksums count only when the
 * archive has shown that it carries none.
 */
export function isGoodHeader(buf: Uint8Array, p: number, acceptAbsent: boolean): boolean {
  if (p + DWORD > buf.length) return false;
  const shape = checkShape(buf, p);
  if (!shape.ok) return false;
  if (p + shape.len * DWORD > buf.length) return false;
  const { verdict } = checkChecksum(buf, p, shape.len);
  return verdict === 'valid' || (verdict === 'absent' && acceptAbsent);
}

/** Reads a little-endian signed 64-bit size as a number, or null if it is negative or too big. */
export function readSize64(buf: Buffer, p: number): number | null {
  const lo = buf.readUInt32LE(p);
  const hi = buf.readInt32LE(p + 4);
  if (hi < 0 || hi > 0x1fffff) return null;
  return hi * 0x100000000 + lo;
}

/** Reads a NUL-terminated fixed text field (volume header). */
export function readText(buf: Buffer, p: number, n: number): string {
  const field = buf.subarray(p, p + n);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? n : nul).toString('latin1');
}
