/** The catalog's closed vocabularies: media ids, statuses, states, results (values and their union types). */

/** LTO media ids a barcode label may carry: data L5–L9, LTO-7 Type M (M8), WORM LV–LZ. */
export const MEDIA_IDS = ['L5', 'L6', 'L7', 'L8', 'L9', 'M8', 'LV', 'LW', 'LX', 'LY', 'LZ'] as const;
/** One LTO media id. */
export type MediaId = (typeof MEDIA_IDS)[number];

/**
 * Cartridge life cycle as the operator sees it. The status never claims more than the tape holds:
 * `writing` from just before the first byte is written; `unknown` when a write did not finish (killed,
 * cancelled, failed, end of medium) or the tape was overwritten without being recorded — its contents
 * are unknown until a new write and verification. Keep in step with shared/model.ts.
 */
export const CARTRIDGE_STATUSES = ['blank', 'writing', 'written', 'verified', 'failed', 'unknown', 'retired'] as const;
/** One cartridge status. */
export type CartridgeStatus = (typeof CARTRIDGE_STATUSES)[number];

/** The three images of an image set, by the tape record they become (record 3 is the dummy TOC). */
export const IMAGE_KINDS = ['boot', 'mkinsttape', 'mksysb'] as const;
/** One image kind. */
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** Where an image set is in its life: captured on the server, fetched, checked against the remote checksums. */
export const IMAGE_SET_STATES = ['capturing', 'fetching', 'staged', 'verified', 'failed', 'discarded'] as const;
/** One image set state. */
export type ImageSetState = (typeof IMAGE_SET_STATES)[number];

/** How a server is logged into, tried in the order listed (secrets are never stored). */
export const AUTH_METHODS = ['agent', 'key', 'password', 'keyboard-interactive'] as const;
/** One auth method. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Outcome of a tape write. */
export const WRITE_RESULTS = ['ok', 'failed', 'cancelled'] as const;
/** One write result. */
export type WriteResult = (typeof WRITE_RESULTS)[number];

/** Verdict of a read-back verification. */
export const VERDICTS = ['pass', 'fail'] as const;
/** One verdict. */
export type Verdict = (typeof VERDICTS)[number];

/** Result of checking one tape record on read-back. */
export const RECORD_RESULTS = ['ok', 'mismatch', 'missing', 'unreadable', 'unchecked'] as const;
/** One record result. */
export type RecordResult = (typeof RECORD_RESULTS)[number];

/** States of a job and of each of its steps. */
export const STEP_STATES = ['pending', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
/** One step (or job) state. */
export type StepState = (typeof STEP_STATES)[number];

/** Cartridge actions the retention guard protects. */
export const GUARDED_ACTIONS = ['write', 'retire'] as const;
/** One guarded action. */
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];
