/**
 * Catalog domain types: the typed rows the catalog returns (no Node, no SQL). Re-exports the vocabularies and
 * the input types; the input schemas themselves live in input-schemas.ts, loaded on first validation (validate.ts).
 */
import type {
  AuthMethod,
  CartridgeStatus,
  GuardedAction,
  ImageKind,
  ImageSetState,
  MediaId,
  Problem,
  RecordResult,
  StepState,
  Verdict,
  WriteResult,
} from '../../../shared/domain.ts';
import type { PinnedHostKey } from './input-schemas.ts';
import type { StoredReadiness } from '../../../shared/readiness.ts';

export * from '../../../shared/domain.ts';
export type {
  CartridgeFilter,
  CartridgePatch,
  ImageInput,
  NewCartridge,
  NewImageSet,
  NewJob,
  NewServer,
  NewVerification,
  NewWrite,
  PinnedHostKey,
  RetentionOverride,
  StepUpdate,
  VerifiedRecordInput,
  WrittenRecordInput,
} from './input-schemas.ts';

/** A cartridge as the catalog knows it. */
export interface Cartridge {
  id: number;
  volser: string;
  mediaId: MediaId;
  /** VOLSER + media id, the text of the barcode label. */
  barcode: string;
  status: CartridgeStatus;
  location: string | null;
  retentionUntil: string | null;
  notes: string | null;
  writeCount: number;
  firstUsedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  retiredAt: string | null;
  retiredReason: string | null;
}

/** A page of cartridge search results plus the total that matched. */
export interface CartridgeSearchResult {
  cartridges: Cartridge[];
  total: number;
}

/** A server known to the catalog. */
export interface Server {
  id: number;
  name: string;
  host: string;
  port: number;
  user: string;
  auth: AuthMethod[];
  keyPath: string | null;
  workdir: string;
  hostKeys: PinnedHostKey[];
  keepaliveSeconds: number;
  connectTimeoutSeconds: number;
  sudo: string[];
  lastPreflightAt: string | null;
  osLevel: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One image of an image set. */
export interface Image {
  kind: ImageKind;
  fileName: string;
  size: number;
  sha256: string;
  remoteChecksum: string | null;
}

/** An image set: the three images captured from one server at one time. */
export interface ImageSet {
  id: number;
  serverId: number;
  serverName: string;
  host: string;
  capturedAt: string;
  osLevel: string | null;
  mksysbOptions: string[];
  tapeblksz: number;
  stagingPath: string;
  state: ImageSetState;
  images: Image[];
  /** The restore-readiness report kept since the fetch; null for image sets recorded before it existed. */
  readiness: StoredReadiness | null;
}

/** One record of a tape write. */
export interface WrittenRecord {
  index: number;
  blockSize: number;
  blocks: number;
  bytes: number;
  sha256: string;
}

/** A tape write with its records. */
export interface TapeWrite {
  id: number;
  volser: string;
  imageSetId: number | null;
  jobId: number | null;
  drive: string;
  startedAt: string;
  endedAt: string;
  result: WriteResult;
  error: string | null;
  records: WrittenRecord[];
}

/** One record as read back. */
export interface VerifiedRecord {
  index: number;
  blockSize: number | null;
  blocks: number | null;
  bytes: number | null;
  sha256: string | null;
  result: RecordResult;
}

/** A read-back verification with its records and problems. */
export interface Verification {
  id: number;
  volser: string;
  writeId: number | null;
  jobId: number | null;
  drive: string;
  verifiedAt: string;
  verdict: Verdict;
  records: VerifiedRecord[];
  problems: Problem[];
  mksysbMemberCount: number | null;
}

/** A cartridge with everything that happened to it, newest first. */
export interface CartridgeHistory {
  cartridge: Cartridge;
  writes: TapeWrite[];
  verifications: Verification[];
  retentionOverrides: RetentionOverrideRecord[];
}

/** A recorded override of the retention guard. */
export interface RetentionOverrideRecord {
  id: number;
  volser: string;
  action: GuardedAction;
  reason: string;
  jobId: number | null;
  at: string;
}

/** The answer of the retention guard. */
export interface RetentionCheck {
  blocked: boolean;
  retentionUntil: string | null;
  message: string;
}

/** One step of a job. */
export interface JobStep {
  seq: number;
  name: string;
  state: StepState;
  startedAt: string | null;
  endedAt: string | null;
  progressDone: number;
  progressTotal: number | null;
  message: string | null;
  result: Record<string, unknown> | null;
}

/** A job: ordered steps, each durable before the next. */
export interface Job {
  id: number;
  kind: string;
  state: StepState;
  serverId: number | null;
  imageSetId: number | null;
  volser: string | null;
  params: Record<string, unknown>;
  logPath: string | null;
  createdAt: string;
  updatedAt: string;
  steps: JobStep[];
}

/** A cartridge + write found by matching tape record hashes. */
export interface IdentifyMatch {
  volser: string;
  barcode: string;
  writeId: number;
  imageSetId: number | null;
  serverName: string | null;
  host: string | null;
  capturedAt: string | null;
  writtenAt: string;
  /** Record numbers (1–4) whose SHA-256 matched. */
  matchedRecords: number[];
  /** True when every given hash matched the same write. */
  complete: boolean;
}
