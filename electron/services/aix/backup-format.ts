/**
 * Constants and primitives of the AIX backup-by-name format (records 2 and 4 of a mksysb tape).
 * Spec: ../shared/reference/aix-formats.md §4. Header integers are little-endian on every platform.
 * Shared by the archive reader and the synthetic image writer so both agree byte for byte.
 */

/** Everything in the format is addressed in 8-byte "dwords". */
export const DWORD = 8;

/** Header magic values (u16 at offset 2). */
export const MAGIC_PLAIN = 60011; // 0xEA6B
export const MAGIC_PACKED = 60012; // 0xEA6C, member data is pack(1) Huffman without the 6-byte prefix
/** Magics that exist (H53) but whose layouts are not public; a reader reports them rather than guessing. */
export const MAGIC_KNOWN_OTHER: readonly number[] = [60013, 60014, 60015, 60016, 60017];

/** Header types (u8 at offset 1). */
export const TYPE_VOLUME = 0;
export const TYPE_FINDEX = 1;
export const TYPE_END = 7;
export const TYPE_NAME_X = 11;
export const TYPE_NAME_LF = 12;
/** Highest type number restore accepts as "in range". */
export const TYPE_MAX = 15;

/** Fixed header lengths in bytes (before the name for file records). */
export const VOLUME_BYTES = 72; // len 9
export const END_BYTES = 8; // len 1
export const NAME_X_HEADER_BYTES = 64;
export const NAME_LF_HEADER_BYTES = 72;
/** NAMESZ in dumprestor.h: PATH_MAX + 1. */
export const NAME_MAX_BYTES = 1024;

/** FS_VOLUME incno value meaning "backed up by name". */
export const INCNO_BY_NAME = 100;
/** numwds value written for tape and file media. */
export const NUMWDS_TAPE = 0x7fffffff;

/** mode bits */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

/** The default cluster: backup writes whole clusters of 100 × 512 bytes. */
export const DEFAULT_CLUSTER_BYTES = 51200;

/** The first four bytes of every archive: FS_VOLUME, len 9, magic 60011. */
export const ARCHIVE_SIGNATURE = Buffer.from([0x09, 0x00, 0x6b, 0xea]);

/** Rounds a byte count up to whole dwords. */
export function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Header checksum as restore computes it: low 16 bits of Σ(b << (b & 7)) over the record's
 * len*8 bytes, with the two checksum bytes (offsets 4 and 5) counted as zero.
 */
export function headerChecksum(record: Uint8Array, start = 0, length = record.length - start): number {
  let sum = 0;
  for (let i = 0; i < length; i++) {
    if (i === 4 || i === 5) continue;
    const b = record[start + i]!;
    sum += b << (b & 7);
  }
  return sum & 0xffff;
}
