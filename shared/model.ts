/**
 * JSON-safe domain types that cross the app's boundaries (IPC, the browser harness, the CLI's --json).
 * Dates are ISO strings, sizes are byte counts, paths are strings: nothing here needs structured clone.
 */
import type { ReadinessReport, ReadinessSummary } from './readiness.ts';
import type { ExtractOutcome } from './contents.ts';
import type { AuthMethod, CartridgeStatus, ImageSetState, MediaId, Problem, StepState, WriteCheckCode, WriteCheckKind } from './domain.ts';
import type { ErrorCode } from './errors.ts';

// The vocabulary is defined in domain.ts; re-exported here for code that reads the contract's types.
export * from './domain.ts';

/** A remote AIX server as the catalog knows it. */
export interface ServerInfo {
  name: string;
  host: string;
  port: number;
  user: string;
  auth: AuthMethod;
  keyPath: string | null;
  workdir: string;
  /** OpenSSH-style `SHA256:…` fingerprint of the pinned host key, or null before the first trust. */
  pinnedFingerprint: string | null;
  osLevel: string | null;
  lastPreflightAt: string | null;
}

/** What the server's host key looks like compared with the pinned one. */
export type HostKeyState = 'pinned' | 'unknown' | 'changed';

/** Result of "test connection": the host-key verdict comes first, authentication only after it. */
export interface ConnectionTest {
  hostKey: HostKeyState;
  offeredFingerprint: string;
  pinnedFingerprint: string | null;
  /** True only when the key was pinned and authentication succeeded. */
  connected: boolean;
  message: string;
}

/** Level of one preflight check. */
export type CheckLevel = 'ok' | 'warning' | 'error';

/** One read-only preflight check with the fix an operator can apply. */
export interface PreflightCheck {
  id: string;
  title: string;
  level: CheckLevel;
  detail: string;
  fix: string | null;
}

/** All preflight checks of a server at one moment. */
export interface PreflightReport {
  server: string;
  at: string;
  ok: boolean;
  checks: PreflightCheck[];
}

/** Options the operator chooses for mksysb. */
export interface CaptureOptions {
  /** mksysb -e: honour /etc/exclude.rootvg. */
  exclude: boolean;
  /** mksysb -p unless true: pack files. */
  pack: boolean;
  /** Written to /tapeblksz before mkinsttape; record 4 is written at this block size. */
  record4BlockSize: number;
}

/** One staged image of an image set. */
export interface ImageInfo {
  record: 1 | 2 | 4;
  name: string;
  size: number;
  sha256: string;
  remoteChecksum: string | null;
}

/** Three images captured together, staged on local disk with their hashes. */
export interface ImageSetInfo {
  id: string;
  server: string;
  capturedAt: string;
  osLevel: string | null;
  tapeblksz: number | null;
  path: string;
  state: ImageSetState;
  images: ImageInfo[];
  /** The restore-readiness report kept with the image set; null for sets captured before reports existed. */
  readiness: ReadinessReport | null;
}

/** Kind of tape target: a Linux st drive or a SIMH .tap file. */
export type TapeTargetKind = 'st' | 'virtual';

/** A tape target the operator can pick, with what is known of its state. */
export interface DriveInfo {
  target: string;
  kind: TapeTargetKind;
  online: boolean;
  writeProtected: boolean;
  /** Human status ("no tape", "ready, at BOT", "file not created yet"). */
  status: string;
}

/** A check before writing; blocking ones stop the write, confirmations need an explicit yes. */
export interface TapeCheck {
  code: WriteCheckCode;
  kind: WriteCheckKind;
  message: string;
  /** The cartridge a RETENTION check is about when it is not the one being written (the one the tape in the drive is). */
  volser?: string;
}

/** What a tape holds: provably blank, a cartridge or image set the catalog knows (records 2 and 4 match), or unknown. */
export type TapeContentsKind = 'blank' | 'known' | 'unknown';

/** What is on a tape, as read before a write or by identify (the "what is on this tape" card). */
export interface TapeContents {
  target: string;
  /** 'not-read' when the tape could not be read (no tape, or the checks stopped before reading it). */
  kind: TapeContentsKind | 'not-read';
  /** From record 2's image.data, when it could be read. */
  host: string | null;
  osLevel: string | null;
  backupDate: string | null;
  /** The cartridge the tape is known as (records 2 and 4 match its write), else null. */
  cartridge: { volser: string; barcode: string; writeId: number } | null;
  /** One line: what the tape holds, partial matches said as such ("boot image matches DEMO01's, the backup does not"). */
  summary: string;
}

/** Everything that stands between the operator and a write. */
export interface TapeChecks {
  target: string;
  volser: string;
  checks: TapeCheck[];
  /** What is on the tape in the drive now. */
  contents: TapeContents;
  /** False when the VOLSER is not in the catalog yet: checking never registers it; the write (or "Add to catalog") does. */
  inCatalog?: boolean;
}

/** Kind of background job. */
/** Every kind of job the app shows. */
export const JOB_KINDS = ['capture', 'write', 'verify', 'identify', 'tape', 'extract'] as const;
/** One of JOB_KINDS. */
export type JobKind = (typeof JOB_KINDS)[number];

/** One step of a job. */
export interface JobStepInfo {
  name: string;
  state: StepState;
  message: string | null;
}

/**
 * A job's one id, the same in every list and request: a durable job's number in the catalog (the number
 * `sysbtape jobs show` takes), or the UUID of a job that lives only in this session (an identify, a plain
 * read-back, an extract). Which of the two a job is, JobInfo says with `durable`, never by the id's shape.
 */
export type JobId = number | string;

/** Progress of one job, sent about four times a second. */
export interface JobProgress {
  jobId: JobId;
  step: string;
  /** Tape record 1–4 while writing or verifying, else null. */
  record: number | null;
  bytes: number;
  totalBytes: number | null;
  /** What bytes/totalBytes count: bytes moved, or a percentage (mksysb reports files, not bytes). */
  unit: 'bytes' | 'percent';
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/** One tape record as written. */
export interface WrittenRecord {
  index: number;
  blockSize: number;
  bytes: number;
  sha256: string;
}

/** One tape record as read back by the verifier (issue 3's JSON shape). */
export interface VerifiedRecord {
  index: number;
  kind: string;
  blockSize: number | null;
  blocks: number;
  bytes: number;
  sha256: string;
  matches: boolean | null;
}

/** A verification verdict with its per-record table. */
export interface VerifyReport {
  ok: boolean;
  records: VerifiedRecord[];
  problems: Problem[];
}

/** What a job produced, by kind. */
export type JobResult =
  | { kind: 'capture'; imageSet: ImageSetInfo }
  | { kind: 'write'; target: string; volser: string; records: WrittenRecord[] }
  | {
      kind: 'verify';
      target: string;
      /** The cartridge the verification was recorded for; null for a plain read. */ volser: string | null;
      report: VerifyReport;
    }
  | { kind: 'identify'; target: string; summary: string; contents: TapeContents }
  | { kind: 'tape'; jobId: number; verdict: 'pass' | 'fail' | null; labelPdf: string | null }
  | { kind: 'extract'; outcome: ExtractOutcome };

/**
 * Which job, and whether it is durable: a durable job is a catalog job (its steps are in the catalog, so it
 * is listed after a restart and can be resumed from the step that did not finish), with the catalog's number
 * as its id; any other job lives only in this session, with a UUID.
 */
export type JobIdentity = { durable: true; id: number } | { durable: false; id: string };

/** A background job as the renderer sees it. */
export type JobInfo = JobIdentity & JobFacts;
/** A durable job (resumable, listed after a restart), id = its catalog number. */
export type DurableJobInfo = Extract<JobInfo, { durable: true }>;

/** Everything about a job but its identity. */
export interface JobFacts {
  kind: JobKind;
  title: string;
  state: StepState;
  steps: JobStepInfo[];
  startedAt: string;
  endedAt: string | null;
  progress: JobProgress | null;
  error: { code: ErrorCode; message: string } | null;
  result: JobResult | null;
  /** Last lines of the job's log, newest last. */
  log: string[];
  /** The verdict of the job's verification step, when it has one and it ran (a failed verdict is still a done job). */
  verdict?: 'pass' | 'fail' | null;
}

/** A cartridge as the catalog knows it. */
export interface CartridgeInfo {
  volser: string;
  mediaId: MediaId;
  barcode: string;
  status: CartridgeStatus;
  location: string | null;
  retentionUntil: string | null;
  notes: string | null;
  writeCount: number;
  firstUsed: string | null;
  lastUsed: string | null;
  /** Readiness of the image set last written to it, for its media id; null when unknown. */
  readiness: ReadinessSummary | null;
}

/** Columns the Cartridges view sorts by (the catalog sorts, the renderer never loads every row). */
export const CARTRIDGE_SORT_KEYS = ['volser', 'status', 'location', 'host', 'retentionUntil', 'writeCount', 'lastUsed'] as const;
/** One sort column of the Cartridges view. */
export type CartridgeSortKey = (typeof CARTRIDGE_SORT_KEYS)[number];

/** A cartridge row of the paged list: the cartridge and the server its last good write came from. */
export interface CartridgeListRow extends CartridgeInfo {
  host: string | null;
}

/** One page of cartridges and how many match in all ("1–50 of 10,009"). */
export interface CartridgePage {
  total: number;
  offset: number;
  rows: CartridgeListRow[];
}

/** A verdict filter of the Jobs view: the verify step's verdict, or none (no verification ran). */
export const JOB_VERDICT_FILTERS = ['any', 'pass', 'fail', 'none'] as const;

/** One page of the Jobs view: jobs filtered and sorted by start time, and how many match in all. */
export interface JobPage {
  total: number;
  offset: number;
  jobs: JobInfo[];
}

/** A write of an image set onto a cartridge. */
export interface WriteInfo {
  at: string;
  imageSetId: string | null;
  drive: string;
  result: string;
  records: WrittenRecord[];
}

/** A verification of a cartridge. */
export interface VerificationInfo {
  at: string;
  drive: string;
  verdict: 'ok' | 'failed';
  problems: Problem[];
}

/** A cartridge with its history. */
export interface CartridgeDetail {
  cartridge: CartridgeInfo;
  writes: WriteInfo[];
  verifications: VerificationInfo[];
}

/** A rendered label or restore card. */
export interface LabelPreview {
  volser: string;
  /** Where the one-sheet PDF (label above card, as `sysbtape tape label` writes it) was saved on the workstation. */
  pdfPath: string;
  /** The spine label alone: its PDF (what Print label prints) and a PNG of it at 200 dpi. */
  label: { pdfPath: string; pngDataUrl: string };
  /** The restore card alone: its PDF (what Print card prints) and a PNG of its first page at 200 dpi. */
  card: { pdfPath: string; pngDataUrl: string };
}

/** Which part of a cartridge's paperwork to print: the spine label or the restore card. */
export const PRINT_PARTS = ['label', 'card'] as const;
/** One of PRINT_PARTS. */
export type PrintPart = (typeof PRINT_PARTS)[number];

/** The answer to printLabel: which PDF was printed and where it went. */
export interface PrintResult {
  volser: string;
  part: PrintPart;
  /** The PDF that was printed (rendered from the catalog at that moment). */
  pdfPath: string;
  outcome: 'printed' | 'cancelled';
  printedTo: string;
}

/** Facts about the running app, for the title bar and the about box. */
export interface AppInfo {
  version: string;
  transport: 'electron' | 'harness';
  catalogPath: string | null;
  /** Service areas that are available in this build (others show as unfinished). */
  features: string[];
}
