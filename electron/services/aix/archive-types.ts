/** Data types of the backup-by-name archive reader (records 2 and 4 of a mksysb tape). */

/** What a member is, from the file type bits of its mode. */
export type MemberKind = 'file' | 'directory' | 'symlink' | 'other';

/**
 * Header checksum status of a record the reader accepted. A damaged checksum is never "accepted":
 * it becomes a problem and the reader resynchronises.
 */
export type ChecksumStatus = 'valid' | 'absent';

/** One file record (FS_NAME_X or FS_NAME_LF). */
export interface ArchiveMember {
  /** Name exactly as stored (bytes up to the NUL), e.g. `./etc/hosts`. */
  name: Buffer;
  /** Name for display: UTF-8 when valid, odd bytes escaped as \xNN. */
  displayName: string;
  kind: MemberKind;
  /** Inode number on the source file system: names of one hard-link group share it (each carries its data). */
  ino: number;
  /** Link count on the source file system (above 1 for hard links). */
  nlink: number;
  /** Full stored mode (type bits, permissions and high AIX bits such as S_IXACL). */
  mode: number;
  uid: number;
  gid: number;
  /** Declared (original) size in bytes; 0 for directories. */
  size: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** True for magic 60012: data is pack(1) Huffman coded. */
  packed: boolean;
  /** Bytes of data stored in the archive (dsize when packed, else size), before padding. */
  storedLength: number;
  /** Byte offset of the member's header in the archive stream. */
  headerOffset: number;
  /** Byte offset of the member's data in the archive stream. */
  dataOffset: number;
  /** 11 = FS_NAME_X (32-bit sizes), 12 = FS_NAME_LF (64-bit sizes). */
  recordType: 11 | 12;
  /** For symlinks: the link target as stored (its data), for display. */
  linkTarget: string | null;
  checksum: ChecksumStatus;
}

/** The FS_VOLUME record that starts every archive volume. */
export interface VolumeHeader {
  volumeNumber: number;
  /** Backup date, seconds since the epoch. */
  date: number;
  dumpDate: number;
  disk: string;
  fsname: string;
  user: string;
  /** 100 = backed up by name; 101 = by inode. */
  incno: number;
  checksum: ChecksumStatus;
}

/** Stable problem codes; callers switch on these, never on message text. */
export type ArchiveProblemCode =
  | 'NOT_BACKUP_FORMAT'
  | 'NO_VOLUME_HEADER'
  | 'WRONG_VOLUME'
  | 'NOT_BY_NAME'
  | 'BAD_HEADER'
  | 'CHECKSUM_ERROR'
  | 'CHECKSUM_ABSENT'
  | 'UNSUPPORTED_RECORD'
  | 'UNEXPECTED_VOLUME'
  | 'BAD_NAME'
  | 'NAME_OVERRUNS_HEADER'
  | 'BAD_SIZE'
  | 'BAD_ACL_SIZE'
  | 'ACL_OVERRUNS_HEADER'
  | 'BAD_SYMLINK'
  | 'UNPACK_ERROR'
  | 'RESYNC'
  | 'TRUNCATED';

/** Something wrong in the archive, with the byte offset where it was found. */
export interface ArchiveProblem {
  code: ArchiveProblemCode;
  message: string;
  offset: number;
}

/** How a member's data ended (delivered to onMemberEnd). */
export interface MemberDataResult {
  /** False when the data was cut short or a packed member failed to decode to its declared size. */
  ok: boolean;
  /** Decoded bytes produced (packed) or data bytes seen (plain). */
  bytes: number;
  error: string | null;
}

/** Result of parsing a whole archive stream. */
export interface ArchiveSummary {
  volume: VolumeHeader | null;
  memberCount: number;
  /** Sum of the members' declared sizes (what `restore -Tv` calls "total size"). */
  totalBytes: number;
  /** Offset just after FS_END, or null when no FS_END was found. */
  endOffset: number | null;
  /** Bytes of the stream the parser consumed (up to FS_END, or everything when there is none). */
  bytesParsed: number;
  /** The first problems found (see problemCount for how many there were in all). */
  problems: ArchiveProblem[];
  problemCount: number;
  /** How many accepted headers stored a zero checksum ("checksum absent"). */
  checksumsAbsent: number;
  /** True when the stream ended with FS_END and no problem was found. */
  complete: boolean;
}

/** Callbacks and choices for the parser. */
export interface ArchiveParserOptions {
  /** Called once per member, before its data. */
  onMember?: (member: ArchiveMember) => void;
  /**
   * Decoded data of members for which wantData says yes. The chunk may be a view into a buffer
   * that is reused after the call: copy it to keep it.
   */
  onMemberData?: (member: ArchiveMember, chunk: Buffer) => void;
  /** Called after a member's data (for every member). */
  onMemberEnd?: (member: ArchiveMember, result: MemberDataResult) => void;
  /** Which members' data to deliver to onMemberData (default: all when onMemberData is set). */
  wantData?: boolean | ((member: ArchiveMember) => boolean);
  /** Decode packed members to check their size even when their data is not wanted (default true). */
  decodePacked?: boolean;
  /** How many problems to keep in the summary (default 100); all are counted. */
  maxProblems?: number;
}
