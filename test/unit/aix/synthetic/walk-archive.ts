/**
 * A strict, minimal walker of backup-by-name archives written for the writer's tests, independent of
 * the product's reader: it throws on the first thing that is not exactly as the spec says.
 */
import { headerChecksum } from '../../../../electron/services/aix/backup-format.ts';

/** One record as the walker saw it. */
export interface WalkedRecord {
  offset: number;
  type: number;
  magic: number;
  lenDwords: number;
  storedChecksum: number;
  name?: Buffer;
  mode?: number;
  nlink?: number;
  ino?: number;
  size?: number;
  dsize?: number;
  aclDwords?: number;
  pclDwords?: number;
  /** Stored data (packed bytes for packed members), without padding. */
  data?: Buffer;
}

/** Everything the walker found. */
export interface WalkResult {
  records: WalkedRecord[];
  /** Offset just after FS_END. */
  endOffset: number;
}

/** Walks an archive held in memory (test sizes only). */
export function walkArchive(buf: Buffer): WalkResult {
  const records: WalkedRecord[] = [];
  let at = 0;
  for (;;) {
    if (at + 8 > buf.length) throw new Error(`truncated header at ${at}`);
    const lenDwords = buf[at]!;
    const type = buf[at + 1]!;
    const magic = buf.readUInt16LE(at + 2);
    const storedChecksum = buf.readUInt16LE(at + 4);
    const header = buf.subarray(at, at + lenDwords * 8);
    if (header.length !== lenDwords * 8 || lenDwords === 0) throw new Error(`bad header length at ${at}`);
    if (headerChecksum(header) !== storedChecksum) throw new Error(`checksum mismatch at ${at}`);
    if (magic !== 60011 && magic !== 60012) throw new Error(`bad magic ${magic} at ${at}`);
    const rec: WalkedRecord = { offset: at, type, magic, lenDwords, storedChecksum };
    records.push(rec);
    if (records.length === 1 && (type !== 0 || lenDwords !== 9)) throw new Error('archive does not start with FS_VOLUME');
    if (type === 0) {
      at += 72;
      continue;
    }
    if (type === 7) {
      if (lenDwords !== 1) throw new Error(`FS_END with len ${lenDwords}`);
      return { records, endOffset: at + 8 };
    }
    if (type !== 11 && type !== 12) throw new Error(`unexpected type ${type} at ${at}`);
    const lf = type === 12;
    const fixed = lf ? 72 : 64;
    const nameEnd = header.indexOf(0, fixed);
    if (nameEnd < 0) throw new Error(`name without NUL at ${at}`);
    rec.name = Buffer.from(header.subarray(fixed, nameEnd));
    rec.mode = header.readUInt32LE(12);
    rec.nlink = header.readInt16LE(6);
    rec.ino = header.readUInt32LE(8);
    rec.size = lf ? Number(header.readBigInt64LE(24)) : header.readInt32LE(24);
    rec.dsize = lf ? Number(header.readBigInt64LE(64)) : header.readInt32LE(56);
    at += lenDwords * 8;
    const isLink = (rec.mode & 0o170000) === 0o120000;
    if (!isLink) {
      rec.aclDwords = buf.readUInt32LE(at);
      rec.pclDwords = buf.readUInt32LE(at + 4);
      at += 8 + (rec.aclDwords + rec.pclDwords) * 8;
    }
    const dataLen = magic === 60012 ? rec.dsize : rec.size;
    rec.data = buf.subarray(at, at + dataLen);
    if (rec.data.length !== dataLen) throw new Error(`data runs past the end at ${at}`);
    at += (dataLen + 7) & ~7;
  }
}
