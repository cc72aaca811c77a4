/**
 * Byte builders for the records of a backup-by-name archive (aix-formats.md §4.3–§4.7): FS_VOLUME,
 * FS_NAME_X / FS_NAME_LF file headers, the sac_rec ACL/PCL block, FS_END. All little-endian, every
 * header's checksum set.
 */
import {
  DWORD,
  END_BYTES,
  INCNO_BY_NAME,
  MAGIC_PACKED,
  MAGIC_PLAIN,
  NAME_LF_HEADER_BYTES,
  NAME_MAX_BYTES,
  NAME_X_HEADER_BYTES,
  NUMWDS_TAPE,
  S_IFDIR,
  S_IFMT,
  TYPE_END,
  TYPE_NAME_LF,
  TYPE_NAME_X,
  TYPE_VOLUME,
  VOLUME_BYTES,
  align8,
  headerChecksum,
} from '../backup-format.ts';

/** Largest size an FS_NAME_X header can hold (i32); bigger files need FS_NAME_LF. */
export const NAME_X_MAX_SIZE = 0x7fffffff;

/** Fields of the FS_VOLUME record. */
export interface VolumeFields {
  /** 1-based volume number. */
  volnum: number;
  /** Backup date, epoch seconds. */
  date: number;
  /** The user who ran backup (AIX writes "root"). */
  user: string;
}

/** Fields of one file header, as backup takes them from stat(). */
export interface FileHeaderFields {
  /** Name exactly as stored, e.g. "./etc/hosts" (bytes; a string is written as UTF-8). */
  name: string | Uint8Array;
  /** st_mode including the type bits (and high bits such as 0x10000 IFJOURNAL if wanted). */
  mode: number;
  nlink: number;
  ino: number;
  uid: number;
  gid: number;
  /** Original size (forced to 0 for directories, as backup does). */
  size: number;
  /** Packed length for packed members; st_size for directories; size for plain files. */
  dsize: number;
  atime: number;
  mtime: number;
  ctime: number;
  devmaj: number;
  devmin: number;
  /** True for a packed member (magic 60012). */
  packed: boolean;
  /** True to write an FS_NAME_LF (64-bit sizes) record. */
  largeFile: boolean;
}

/** Writes a string into a fixed NUL-padded field. */
function putText(buf: Buffer, offset: number, width: number, text: string): void {
  buf.write(text.slice(0, width - 1), offset, width, 'latin1');
}

/** Sets len/type/magic and the checksum of a finished header buffer. */
function seal(buf: Buffer, type: number, magic: number): Buffer {
  buf[0] = buf.length / DWORD;
  buf[1] = type;
  buf.writeUInt16LE(magic, 2);
  buf.writeUInt16LE(headerChecksum(buf), 4);
  return buf;
}

/** The 72-byte FS_VOLUME record that opens every archive (and every later volume). */
export function volumeRecord(fields: VolumeFields): Buffer {
  const buf = Buffer.alloc(VOLUME_BYTES);
  buf.writeUInt16LE(fields.volnum, 6);
  buf.writeInt32LE(fields.date, 8);
  buf.writeInt32LE(fields.date, 12); // dumpdate: backup by name writes the same time
  buf.writeInt32LE(NUMWDS_TAPE, 16);
  putText(buf, 20, 16, 'by name');
  putText(buf, 36, 16, 'by name');
  putText(buf, 52, 16, fields.user);
  buf.writeInt16LE(INCNO_BY_NAME, 68);
  return seal(buf, TYPE_VOLUME, MAGIC_PLAIN);
}

/** The 8-byte FS_END record. */
export function endRecord(volnum = 1): Buffer {
  const buf = Buffer.alloc(END_BYTES);
  buf.writeUInt16LE(volnum, 6);
  return seal(buf, TYPE_END, MAGIC_PLAIN);
}

/** Name bytes as stored, checked against NAMESZ. */
export function nameBytes(name: string | Uint8Array): Buffer {
  const bytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : Buffer.from(name);
  if (bytes.length === 0 || bytes.length >= NAME_MAX_BYTES) {
    throw new RangeError(`member name must be 1..${NAME_MAX_BYTES - 1} bytes, got ${bytes.length}`);
  }
  if (bytes.includes(0)) throw new RangeError('member name must not contain NUL');
  return bytes;
}

/**
 * A file header (FS_NAME_X or FS_NAME_LF) with its NUL-terminated name padded to a dword. `junk`
 * fills the bytes after the name's NUL, as real archives sometimes have (the checksum covers them).
 */
export function fileHeader(f: FileHeaderFields, junk?: (into: Uint8Array) => void): Buffer {
  const name = nameBytes(f.name);
  const isDir = (f.mode & S_IFMT) === S_IFDIR;
  const size = isDir ? 0 : f.size;
  const largeFile = f.largeFile || size > NAME_X_MAX_SIZE || f.dsize > NAME_X_MAX_SIZE;
  const fixed = largeFile ? NAME_LF_HEADER_BYTES : NAME_X_HEADER_BYTES;
  const buf = Buffer.alloc(fixed + align8(name.length + 1));
  buf.writeInt16LE(f.nlink, 6);
  buf.writeUInt32LE(f.ino >>> 0, 8);
  buf.writeUInt32LE(f.mode >>> 0, 12);
  buf.writeUInt32LE(f.uid >>> 0, 16);
  buf.writeUInt32LE(f.gid >>> 0, 20);
  // The LF layout shifts everything after size by 4 bytes (64-bit size) and moves dsize to 64.
  const shift = largeFile ? 4 : 0;
  if (largeFile) buf.writeBigInt64LE(BigInt(size), 24);
  else buf.writeInt32LE(size, 24);
  buf.writeInt32LE(f.atime, 28 + shift);
  buf.writeInt32LE(f.mtime, 32 + shift);
  buf.writeInt32LE(f.ctime, 36 + shift);
  buf.writeUInt32LE(f.devmaj, 40 + shift);
  buf.writeUInt32LE(f.devmin, 44 + shift);
  // rdevmaj/rdevmin (48/52 + shift) stay 0: no device nodes are written.
  if (largeFile) buf.writeBigInt64LE(BigInt(f.dsize), 64);
  else buf.writeInt32LE(f.dsize, 56);
  name.copy(buf, fixed);
  junk?.(buf.subarray(fixed + name.length + 1));
  return seal(buf, largeFile ? TYPE_NAME_LF : TYPE_NAME_X, f.packed ? MAGIC_PACKED : MAGIC_PLAIN);
}

/**
 * The usual 40-byte sac_rec: aclsize 2, pclsize 2 (dwords), a base AIXC ACL with the owner/group/other
 * permissions and a PCL carrying the mode, as on real archives (see test.bff).
 */
export function sacRecord(mode: number): Buffer {
  const buf = Buffer.alloc(40);
  buf.writeUInt32LE(2, 0);
  buf.writeUInt32LE(2, 4);
  buf.writeUInt32LE(16, 8); // acl_len
  buf.writeUInt32LE(0, 12); // acl_mode
  buf.writeUInt16LE((mode >> 6) & 7, 18);
  buf.writeUInt16LE((mode >> 3) & 7, 20);
  buf.writeUInt16LE(mode & 7, 22);
  buf.writeUInt32LE(16, 24); // pcl_len
  buf.writeUInt32LE(mode >>> 0, 28);
  return buf;
}

/**
 * A sac_rec with explicit ACL and PCL bytes (each a whole number of dwords), for extended ACLs whose
 * size differs from the usual 2,2.
 */
export function customSacRecord(acl: Uint8Array, pcl: Uint8Array): Buffer {
  if (acl.length % DWORD !== 0 || pcl.length % DWORD !== 0) {
    throw new RangeError('ACL and PCL must be whole dwords (multiples of 8 bytes)');
  }
  const head = Buffer.alloc(8);
  head.writeUInt32LE(acl.length / DWORD, 0);
  head.writeUInt32LE(pcl.length / DWORD, 4);
  return Buffer.concat([head, acl, pcl]);
}
