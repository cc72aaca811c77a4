/**
 * What is in a backup, as the Contents views see it (issue 18): one directory of the member index at a
 * time, searches, "which backups have this file", and the outcome of an extract. JSON-safe.
 */

/** Kind of an indexed member. */
export type MemberKind = 'file' | 'directory' | 'symlink' | 'other';

/** One entry of a directory listing: a member, or a directory implied by the names under it. */
export interface ContentsEntry {
  /** Member name as listed (`./etc/hosts`). */
  name: string;
  /** Last path component. */
  base: string;
  kind: MemberKind;
  /** Bytes of the member and everything under it. */
  bytes: number;
  /** Members under it, itself included. */
  members: number;
  hasChildren: boolean;
  /** Seconds since the epoch; null for an implied directory. */
  mtime: number | null;
  mode: number | null;
}

/** Which backup the Contents views look at: an image set, or the image set a cartridge's last good write holds. */
export type ContentsSource = { imageSetId: string } | { volser: string };

/** One page of a directory, largest first. */
export interface ContentsPage {
  imageSetId: string;
  /** `.` for the root. */
  directory: string;
  total: number;
  offset: number;
  entries: ContentsEntry[];
  /** Members and bytes of the whole image set. */
  indexed: { members: number; bytes: number; indexedAt: string };
  /** The staged mksysb to extract from, or null when the images were removed (extract from tape then). */
  stagedArchive: boolean;
}

/** One member found by a search. */
export interface FoundMember {
  name: string;
  kind: MemberKind;
  size: number;
  mtime: number;
}

/** Members of one backup matching a search. */
export interface ContentsSearch {
  imageSetId: string;
  members: FoundMember[];
  /** Matches in all (members may stop at the limit). */
  matches: number;
  /** More names matched than a search looks at: narrow the pattern. */
  truncated: boolean;
}

/** A backup holding a member that matches a find pattern, with the cartridges holding it. */
export interface BackupHit {
  imageSetId: string;
  server: string;
  capturedAt: string;
  osLevel: string | null;
  cartridges: { volser: string; status: string; location: string | null }[];
  members: FoundMember[];
  matches: number;
}

/** "Which backups have this file". */
export interface FindBackupsResult {
  pattern: string;
  backups: BackupHit[];
  truncated: boolean;
}

/** Where an extract reads the archive: a staged image set's mksysb, or record 4 (or 2) of a tape. */
export type ExtractSource = { imageSetId: string } | { target: string; record: 2 | 4 };

/** What an extract did. */
export interface ExtractOutcome {
  source: string;
  outDir: string;
  files: number;
  directories: number;
  symlinks: number;
  hardLinks: number;
  bytes: number;
  /** Members not extracted, with why (the first 100). */
  skipped: { name: string; reason: string }[];
  skippedCount: number;
  archiveProblems: number;
  ok: boolean;
}
