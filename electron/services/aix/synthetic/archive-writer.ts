/**
 * Streaming writer of backup-by-name archives (the format of mkinsttape and mksysb images): FS_VOLUME,
 * one record per member, FS_END, then the final cluster filled with zeros to a multiple of the cluster
 * size (51200 by default) as backup does. Yields Buffers; never holds more than one member's data.
 */
import { DEFAULT_CLUSTER_BYTES, S_IFDIR, S_IFLNK, S_IFREG, align8 } from '../backup-format.ts';
import { customSacRecord, endRecord, fileHeader, sacRecord, volumeRecord } from './archive-records.ts';
import { packIfWorthwhile } from './pack-encoder.ts';
import { SeededRandom } from './seeded-random.ts';

/** Content streamed in pieces for members too big to hold at once; never packed. */
export interface StreamedData {
  /** Total bytes the pieces add up to (checked). */
  size: number;
  /** Produces the pieces in order; called once. */
  pieces: () => Iterable<Uint8Array>;
}

/** One member to write. Unset metadata gets plausible AIX defaults. */
export interface ArchiveMember {
  /** Name exactly as stored, e.g. "./usr/bin/ls". */
  name: string | Uint8Array;
  type: 'directory' | 'file' | 'symlink';
  /** Permission bits plus any high bits (e.g. 0x10000 IFJOURNAL); the type bits are added from `type`. */
  perm?: number;
  uid?: number;
  gid?: number;
  nlink?: number;
  /** Inode number; give hard links the same one (each name still carries its full data, as backup writes). */
  ino?: number;
  /** Modification time, epoch seconds (atime/ctime follow it). */
  mtime?: number;
  /** Whole content of a file. */
  data?: Uint8Array;
  /** Content of a large file, in pieces. */
  streamed?: StreamedData;
  /** Link target of a symlink (stored as its data, no NUL). */
  target?: string;
  /** st_size of a directory, kept in dsize (backup forces size to 0). */
  dirSize?: number;
  /** Write an FS_NAME_LF record even if the size fits 32 bits. */
  largeFile?: boolean;
  /** false to store this member plain even when packing is on. */
  pack?: boolean;
  /**
   * The pack(1) stream of `data` when the caller already has it (null: store plain). Used as given
   * when packing is on, instead of encoding `data` again.
   */
  packed?: Uint8Array | null;
  /** A non-standard ACL/PCL block instead of the usual 2,2 one. */
  acl?: { acl: Uint8Array; pcl: Uint8Array };
}

/** Archive-wide options. */
export interface ArchiveOptions {
  /** Backup date (FS_VOLUME) and default member times, epoch seconds. */
  date: number;
  /** Pack members like `backup -p` (only when it saves ≥ 4 KB). */
  pack: boolean;
  /** Cluster the final write is filled to; 51200 unless backup got -b. */
  clusterBytes?: number;
  /** The user name in FS_VOLUME. */
  user?: string;
  /** st_dev of the backed-up file system. */
  devmaj?: number;
  devmin?: number;
  /**
   * When set, the bytes after each name's NUL and the data padding hold seeded junk instead of zeros,
   * as on real AIX archives (backup reuses its buffers); readers must ignore them.
   */
  junkSeed?: number;
  /** Called after each member's record is produced, for progress. */
  onMember?: (event: MemberWritten) => void;
}

/** Progress event per member. */
export interface MemberWritten {
  /** 1-based count of members written so far. */
  index: number;
  name: string | Uint8Array;
  packed: boolean;
  /** Archive bytes produced so far. */
  bytes: number;
}

/** Totals, returned by the generator when it finishes. */
export interface ArchiveTotals {
  members: number;
  packedMembers: number;
  /** Archive length including the final cluster fill. */
  bytes: number;
}

/** Size of the Buffers the writer hands out when it gathers small records. */
const OUT_CHUNK = 256 * 1024;
/** Pieces at least this big are handed out as they are rather than copied. */
const PASS_THROUGH = 64 * 1024;
const ZEROS = Buffer.alloc(Math.max(DEFAULT_CLUSTER_BYTES, 8));

/** Gathers small pieces into bigger Buffers so a stream consumer is not flooded with tiny chunks. */
class Gatherer {
  private buf = Buffer.allocUnsafe(OUT_CHUNK);
  private used = 0;
  total = 0;

  /** Adds bytes; returns the Buffers that are ready to hand out. */
  push(piece: Uint8Array, ready: Buffer[]): void {
    this.total += piece.length;
    if (piece.length >= PASS_THROUGH) {
      this.flush(ready);
      ready.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length));
      return;
    }
    let at = 0;
    while (at < piece.length) {
      const n = Math.min(piece.length - at, OUT_CHUNK - this.used);
      this.buf.set(piece.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
      if (this.used === OUT_CHUNK) this.flush(ready);
    }
  }

  /** Hands out what is gathered; a new buffer is used afterwards because consumers may keep the old one. */
  flush(ready: Buffer[]): void {
    if (this.used === 0) return;
    ready.push(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(OUT_CHUNK);
    this.used = 0;
  }
}

/** Bytes needed to pad `n` to a dword: zeros, or junk when a junk source is given. */
function padding(n: number, junk?: (into: Uint8Array) => void): Buffer {
  if (!junk || align8(n) === n) return ZEROS.subarray(0, align8(n) - n);
  const pad = Buffer.alloc(align8(n) - n);
  junk(pad);
  return pad;
}

/** Produces an archive from members, as a sequence of Buffers. */
export function* archiveChunks(members: Iterable<ArchiveMember>, options: ArchiveOptions): Generator<Buffer, ArchiveTotals> {
  const cluster = options.clusterBytes ?? DEFAULT_CLUSTER_BYTES;
  if (!Number.isInteger(cluster) || cluster <= 0 || cluster % 512 !== 0) {
    throw new RangeError(`cluster size must be a positive multiple of 512, got ${cluster}`);
  }
  const out = new Gatherer();
  const ready: Buffer[] = [];
  let index = 0;
  let packedMembers = 0;
  let ino = 100;
  const junkRng = options.junkSeed === undefined ? null : new SeededRandom(options.junkSeed);
  const junk = junkRng ? (into: Uint8Array): void => junkRng.fill(into) : undefined;
  out.push(volumeRecord({ volnum: 1, date: options.date, user: options.user ?? 'root' }), ready);
  for (const m of members) {
    ino++;
    let typeBits: number;
    let dataLen = 0;
    let size = 0;
    let body: Uint8Array | undefined;
    let packed: Buffer | null = null;
    switch (m.type) {
      case 'directory':
        typeBits = S_IFDIR;
        break;
      case 'symlink':
        typeBits = S_IFLNK;
        body = Buffer.from(m.target ?? '', 'utf8');
        size = dataLen = body.length;
        break;
      case 'file':
        typeBits = S_IFREG;
        if (m.streamed) {
          size = dataLen = m.streamed.size;
        } else {
          body = m.data ?? new Uint8Array(0);
          size = dataLen = body.length;
          if (options.pack && m.pack !== false) {
            packed =
              m.packed === undefined
                ? packIfWorthwhile(body)
                : m.packed && Buffer.from(m.packed.buffer, m.packed.byteOffset, m.packed.length);
          }
          if (packed) dataLen = packed.length;
        }
        break;
    }
    const defaultPerm = m.type === 'directory' ? 0o755 : m.type === 'symlink' ? 0o777 : 0o644;
    const mode = typeBits | (m.perm ?? defaultPerm);
    const mtime = m.mtime ?? options.date - 86400;
    out.push(
      fileHeader(
        {
          name: m.name,
          mode,
          nlink: m.nlink ?? (m.type === 'directory' ? 2 : 1),
          ino: m.ino ?? ino,
          uid: m.uid ?? 0,
          gid: m.gid ?? 0,
          size,
          dsize: m.type === 'directory' ? (m.dirSize ?? 512) : dataLen,
          atime: options.date - 3600,
          mtime,
          ctime: mtime,
          devmaj: options.devmaj ?? 10,
          devmin: options.devmin ?? 4,
          packed: packed !== null,
          largeFile: m.largeFile ?? false,
        },
        junk,
      ),
      ready,
    );
    if (m.type !== 'symlink') out.push(m.acl ? customSacRecord(m.acl.acl, m.acl.pcl) : sacRecord(mode), ready);
    if (packed) {
      packedMembers++;
      out.push(packed, ready);
    } else if (body) {
      out.push(body, ready);
    } else if (m.streamed) {
      let seen = 0;
      for (const piece of m.streamed.pieces()) {
        seen += piece.length;
        out.push(piece, ready);
        // Hand pieces out as they come so a large member never sits in memory.
        if (ready.length > 0) yield* ready.splice(0);
      }
      if (seen !== m.streamed.size)
        throw new RangeError(`member ${String(m.name)}: pieces gave ${seen} bytes, declared ${m.streamed.size}`);
    }
    out.push(padding(dataLen, junk), ready);
    index++;
    options.onMember?.({ index, name: m.name, packed: packed !== null, bytes: out.total });
    if (ready.length > 0) yield* ready.splice(0);
  }
  out.push(endRecord(1), ready);
  // backup writes the last cluster whole; the bytes after FS_END are undefined on AIX, zeros here.
  let fill = (cluster - (out.total % cluster)) % cluster;
  while (fill > 0) {
    const n = Math.min(fill, ZEROS.length);
    out.push(ZEROS.subarray(0, n), ready);
    fill -= n;
  }
  out.flush(ready);
  yield* ready.splice(0);
  return { members: index, packedMembers, bytes: out.total };
}

/** Builds a whole (small) archive in memory: for tests and the mkinsttape image. */
export function buildArchive(members: Iterable<ArchiveMember>, options: ArchiveOptions): Buffer {
  return Buffer.concat([...archiveChunks(members, options)]);
}
