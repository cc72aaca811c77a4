/** Types of the durable tape job: its steps, parameters, progress, events and pre-write checks. */
import type { WriteCheckCode, WriteCheckKind } from '../../../shared/domain.ts';
import type { CaptureRequest } from '../ssh/capture.ts';
import type { FetchTransport } from '../ssh/fetch-file.ts';

/** The steps of a tape job, in order; each one's result is in the catalog before the next starts. */
export const TAPE_JOB_STEPS = ['capture', 'fetch', 'write', 'verify', 'record'] as const;
/** One step of a tape job. */
export type TapeJobStep = (typeof TAPE_JOB_STEPS)[number];

/** The job kind stored in the catalog for a full tape job (the CLI's `run` and `demo`). */
export const TAPE_JOB_KIND = 'mksysb-tape';
/** The wizard's capture: bosboot, mkinsttape and mksysb on the server, then the fetch (no tape yet). */
export const IMAGE_SET_JOB_KIND = 'image-set';
/** The wizard's write of an image set already staged and recorded. */
export const WRITE_JOB_KIND = 'tape-write';
/** The app's verification of a written cartridge: one step, recorded in the cartridge's history. */
export const VERIFY_JOB_KIND = 'tape-verify';

/** Every job kind the engine runs, with its steps in order. */
export const JOB_KIND_STEPS = {
  [TAPE_JOB_KIND]: TAPE_JOB_STEPS,
  [IMAGE_SET_JOB_KIND]: ['capture', 'fetch'],
  [WRITE_JOB_KIND]: ['write'],
  [VERIFY_JOB_KIND]: ['verify'],
} as const satisfies Record<string, readonly TapeJobStep[]>;
/** A job kind the engine runs. */
export type EngineJobKind = keyof typeof JOB_KIND_STEPS;

/** Whether a catalog job kind is one the engine runs. */
export function isEngineJobKind(kind: string): kind is EngineJobKind {
  return Object.hasOwn(JOB_KIND_STEPS, kind);
}

/** What the capture and fetch steps need; stored as the job's params (JSON, no secrets). */
export interface CaptureJobParams {
  /** Server name in the catalog. */
  server: string;
  /** Where image sets are staged (<staging>/<server>/<timestamp>/). */
  stagingRoot: string;
  capture: CaptureRequest;
  /** known_hosts to consult besides the pinned keys; null = none. */
  knownHostsPath: string | null;
  /** Fetch transport; default: the SSH layer's measured choice. */
  transport?: FetchTransport;
}

/**
 * The library cartridge a write or verify job uses (set right after the job is created when its cartridge
 * came from a library): running or resuming the job loads this VOLSER again first (library-job-link.ts).
 */
export interface LibraryJobLink {
  volser: string;
  /** The changer the cartridge was loaded with (used when nothing newer names one). */
  changer: string;
  /** The drive's tape target (the job's target). */
  tape: string;
  driveNumber?: number;
  /** After a passed verification: back to its slot, to the import/export slot, or left in the drive. */
  afterVerify: 'slot' | 'export' | 'stay';
}

/** What the write, verify and record steps need; stored as the job's params (JSON, no secrets). */
export interface WriteJobParams {
  /** Server name in the catalog (whose image set is written). */
  server: string;
  /** A .tap path or /dev/nstN. */
  target: string;
  volser: string;
  /** Where the label PDF and PNGs go. */
  labelDir: string;
  /** Virtual tape only: capacity of the .tap file in bytes. */
  capacityBytes?: number;
  /** The image set to write, for a job without capture and fetch steps. */
  imageSet?: { imageSetId: number; dir: string };
  /** The cartridge came from a library. */
  library?: LibraryJobLink;
}

/** What a full tape job was asked to do. */
export type TapeJobParams = CaptureJobParams & WriteJobParams;

/** What a verify job reads and compares; without an image set, the hashes its last good write recorded. */
export interface VerifyJobParams {
  target: string;
  volser: string;
  imageSet?: { imageSetId: number; dir: string };
  /** The cartridge came from a library. */
  library?: LibraryJobLink;
}

/** Each engine job kind's params, as stored in the catalog (schemas: job-params.ts). */
export interface JobParamsByKind {
  [TAPE_JOB_KIND]: TapeJobParams;
  [IMAGE_SET_JOB_KIND]: CaptureJobParams;
  /** The wizard's write names the image set it writes (it has no fetch step). */
  [WRITE_JOB_KIND]: WriteJobParams & { imageSet: { imageSetId: number; dir: string } };
  [VERIFY_JOB_KIND]: VerifyJobParams;
}
/** The params of a job of kind K. */
export type JobParamsOf<K extends EngineJobKind> = JobParamsByKind[K];
/** An engine job read back from the catalog: its kind and that kind's params (a discriminated union). */
export type EngineJob = { [K in EngineJobKind]: { kind: K; params: JobParamsByKind[K] } }[EngineJobKind];
/** Params of any engine job. */
export type JobParams = JobParamsByKind[EngineJobKind];

/** The server a job works for (whose SSH secrets a resumed capture needs); a verify job has none. */
export function serverOfJob(spec: EngineJob): string | undefined {
  return spec.kind === VERIFY_JOB_KIND ? undefined : spec.params.server;
}

/** Progress of the running step, about four times a second. */
export interface StepProgress {
  step: TapeJobStep;
  /** What is moving: "mksysb files", an image name, "record 4". */
  detail: string;
  bytes: number;
  totalBytes: number | null;
  mbPerSecond: number;
  etaSeconds: number | null;
  /** For capture: mksysb's percentage. */
  percent: number | null;
}

/** A check before a write, as Etcher does for drives: blocking ones stop the write, confirmations need a yes. */
export interface WriteCheck {
  code: WriteCheckCode;
  kind: WriteCheckKind;
  message: string;
  /** The cartridge a RETENTION check is about when it is not the one being written (the one identified in the drive). */
  volser?: string;
}

/** Stable codes of the pre-write checks (defined with the vocabulary in shared/domain.ts). */
export type { WriteCheckCode };

/** Answers the operator gave before the write step. */
export interface WriteConsent {
  /** Check codes the operator confirmed (e.g. after "are you sure?"); ['*'] confirms all. */
  confirmed?: readonly string[];
  /** An explicit override of the retention guard; the reason is recorded in the catalog. */
  retentionOverrideReason?: string;
}

/** Events a running job sends (the CLI prints them, the UI forwards them). */
export type JobEvent =
  | { type: 'step'; jobId: number; step: TapeJobStep; state: 'running' | 'done' | 'failed' | 'cancelled'; message: string | null }
  | { type: 'progress'; jobId: number; progress: StepProgress }
  | { type: 'log'; jobId: number; line: string }
  | { type: 'checks'; jobId: number; checks: WriteCheck[] };

/** Receives job events. */
export type JobListener = (event: JobEvent) => void;
