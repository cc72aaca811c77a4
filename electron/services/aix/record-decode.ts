/**
 * Decoding of single records of the backup-by-name format and the two header searches the parser
 * needs (resynchronising after damage, spotting a header inside an oversized ACL block). Pure
 * functions over a buffer; offsets are buffer positions.
 */
import {
  DWORD,
  MAGIC_PACKED,
  NAME_LF_HEADER_BYTES,
  NAME_MAX_BYTES,
  NAME_X_HEADER_BYTES,
  S_IFDIR,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  TYPE_NAME_LF,
  align8,
} from './backup-format.ts';
import type { ChecksumStatus, MemberKind, VolumeHeader } from './archive-types.ts';
import { checkShape, isGoodHeader, readSize64, readText } from './header-check.ts';

/** Where a member's name ends (its NUL) and where the record after it starts. */
export interface NameSpan {
  nul: number;
  next: number;
  overrun: boolean;
}

/**
 * Finds the NUL ending the name of a file record at buf[p]. A name running past the record length
 * (seen in hand-made archives) is followed to its NUL, at most NAMESZ bytes. 'more' = need more bytes.
 */
export function locateName(buf: Buffer, p: number, len: number, type: number): NameSpan | 'bad' | 'more' {
  const hdr = type === TYPE_NAME_LF ? NAME_LF_HEADER_BYTES : NAME_X_HEADER_BYTES;
  const recEnd = p + len * DWORD;
  const nul = buf.indexOf(0, p + hdr);
  if (nul >= 0 && nul < recEnd) return { nul, next: recEnd, overrun: false };
  const limit = p + hdr + NAME_MAX_BYTES;
  if (nul >= 0 && nul < limit) return { nul, next: p + align8(nul + 1 - p), overrun: true };
  return buf.length < limit ? 'more' : 'bad';
}

/** File type of a mode. */
export function kindOf(mode: number): MemberKind {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return 'file';
    case S_IFDIR:
      return 'directory';
    case S_IFLNK:
      return 'symlink';
    default:
      return 'other';
  }
}

/** The fields of an FS_VOLUME record at buf[p]. */
export function decodeVolume(buf: Buffer, p: number, checksum: ChecksumStatus): VolumeHeader {
  return {
    volumeNumber: buf.readUInt16LE(p + 6),
    date: buf.readInt32LE(p + 8),
    dumpDate: buf.readInt32LE(p + 12),
    disk: readText(buf, p + 20, 16),
    fsname: readText(buf, p + 36, 16),
    user: readText(buf, p + 52, 16),
    incno: buf.readInt16LE(p + 68),
    checksum,
  };
}

/** Numeric fields of a file record (type 11 or 12); sizes are null when negative or absurd. */
export interface FileFields {
  name: Buffer;
  /** Inode number on the source file system (hard links share it). */
  ino: number;
  /** Link count on the source file system. */
  nlink: number;
  mode: number;
  uid: number;
  gid: number;
  size: number | null;
  mtime: number;
  packed: boolean;
  /** Bytes stored in the archive: dsize for packed members, else size. */
  storedLength: number | null;
}

/** Decodes a file record at buf[p] whose name ends at span.nul. */
export function decodeFileFields(buf: Buffer, p: number, type: number, magic: number, span: NameSpan): FileFields {
  const lf = type === TYPE_NAME_LF;
  const size = lf ? readSize64(buf, p + 24) : nonNegative(buf.readInt32LE(p + 24));
  const packed = magic === MAGIC_PACKED;
  const dsize = lf ? readSize64(buf, p + 64) : nonNegative(buf.readInt32LE(p + 56));
  return {
    name: Buffer.from(buf.subarray(p + (lf ? NAME_LF_HEADER_BYTES : NAME_X_HEADER_BYTES), span.nul)),
    ino: buf.readUInt32LE(p + 8),
    nlink: buf.readInt16LE(p + 6),
    mode: buf.readUInt32LE(p + 12),
    uid: buf.readUInt32LE(p + 16),
    gid: buf.readUInt32LE(p + 20),
    size,
    mtime: buf.readInt32LE(p + (lf ? 36 : 32)),
    packed,
    // Directories keep st_size in dsize: it counts only for packed members.
    storedLength: packed ? dsize : size,
  };
}

function nonNegative(n: number): number | null {
  return n < 0 ? null : n;
}

/**
 * Looks for a trustworthy header at the dwords of buf[p, p+n). Returns its position, -1 when there
 * is none, -2 when a candidate needs bytes beyond the buffer.
 */
export function findHeaderInBlock(buf: Buffer, p: number, n: number, acceptAbsent: boolean): number {
  for (let q = p; q < p + n; q += DWORD) {
    if (buf[q + 3] !== 0xea) continue;
    const shape = checkShape(buf, q);
    if (!shape.ok) continue;
    if (buf.length - q < shape.len * DWORD) return -2;
    if (isGoodHeader(buf, q, acceptAbsent)) return q;
  }
  return -1;
}

/** Outcome of a resync scan over a buffer. */
export type ScanResult =
  | { kind: 'found'; at: number }
  /** No header before `at`; continue from there with more bytes. */
  | { kind: 'consumed'; at: number };

/**
 * Scans dword by dword from buf[p] for the next trustworthy header, as restore resynchronises.
 * Only dword starts whose magic high byte is 0xEA are looked at; indexOf runs at memory speed.
 */
export function scanForHeader(buf: Buffer, p: number, acceptAbsent: boolean): ScanResult {
  let i = p + 3;
  for (;;) {
    const hit = buf.indexOf(0xea, i);
    if (hit < 0) return { kind: 'consumed', at: p + Math.floor((buf.length - p) / DWORD) * DWORD };
    const q = hit - 3;
    if ((q - p) % DWORD !== 0) {
      i = hit + 1;
      continue;
    }
    if (buf.length - q < DWORD) return { kind: 'consumed', at: q };
    const shape = checkShape(buf, q);
    if (shape.ok) {
      if (buf.length - q < shape.len * DWORD) return { kind: 'consumed', at: q };
      if (isGoodHeader(buf, q, acceptAbsent)) return { kind: 'found', at: q };
    }
    i = hit + DWORD;
  }
}
