/**
 * The domain vocabulary, defined once: media ids, statuses and states, auth methods, the VOLSER rule,
 * the record-4 block sizes, check codes, a problem's shape and the retention-override rule. The catalog,
 * the services, the CLI and the renderer all import these from here. Plain values and pure functions
 * only (no zod, no Node, no DOM), so that even `sysbtape tape list` can load it at no cost.
 */
import type { ReadinessCode, READINESS_WARNINGS } from './readiness.ts';

/** LTO media ids a barcode label may carry: data L5–L9, LTO-7 Type M (M8), WORM LV–LZ. */
export const MEDIA_IDS = ['L5', 'L6', 'L7', 'L8', 'L9', 'M8', 'LV', 'LW', 'LX', 'LY', 'LZ'] as const;
/** One LTO media id. */
export type MediaId = (typeof MEDIA_IDS)[number];

/**
 * Cartridge life cycle as the operator sees it. The status never claims more than the tape holds:
 * `writing` from just before the first byte is written; `unknown` when a write did not finish (killed,
 * cancelled, failed, end of medium) or the tape was overwritten without being recorded — its contents
 * are unknown until a new write and verification.
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
/** The methods the app's server form offers (keyboard-interactive is set up with the CLI). */
export const FORM_AUTH_METHODS = ['agent', 'key', 'password'] as const satisfies readonly AuthMethod[];
/** One method the app's server form offers. */
export type FormAuthMethod = (typeof FORM_AUTH_METHODS)[number];

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

/** The record-4 block sizes restbyname reads safely (see aix-formats.md). */
export const RECORD4_BLOCK_SIZES = [512, 1024, 2048, 5120, 10240, 25600, 51200] as const;

/** A VOLSER: exactly six of A–Z and 0–9, as on the cartridge's barcode label. */
export const VOLSER_PATTERN = /^[A-Z0-9]{6}$/;
/** What a VOLSER must be, for error messages. */
export const VOLSER_RULE = 'must be exactly 6 characters of A–Z and 0–9 (e.g. ABC123)';

/** The VOLSER as stored: trimmed and upper-cased (lower case is accepted), or null when it breaks the rule. */
export function normalizeVolser(text: string): string | null {
  const v = text.trim().toUpperCase();
  return VOLSER_PATTERN.test(v) ? v : null;
}

/** Whether a check stops the write (blocking) or needs the operator's explicit yes (confirm). */
export type WriteCheckKind = 'blocking' | 'confirm';

/** Stable codes of the pre-write checks. */
export type WriteCheckCode =
  | 'RETENTION'
  | 'RETIRED'
  | 'IMAGE_SET_NOT_VERIFIED'
  | 'MEDIA_TOO_SMALL'
  | 'WRITE_PROTECTED'
  | 'NO_TAPE'
  | 'UNKNOWN_CONTENTS'
  | 'KNOWN_CONTENTS'
  | 'FAILED_BEFORE'
  // From the SCSI drive's own report (issue 17, drive-health-checks.ts).
  | 'DRIVE_ALERT'
  | 'CLEANING_REQUIRED'
  | 'DRIVE_WARNING'
  | 'CARTRIDGE_SWAPPED'
  /** The image set's readiness report has warnings (confirm); its errors block under their own codes. */
  | typeof READINESS_WARNINGS
  | ReadinessCode;

/**
 * One problem found by a verification, an archive scan or a check. `record` is the tape record it concerns
 * (1–4, or 5+ for data past record 4), `offset` the byte offset within it; each is absent when not known.
 */
export interface Problem {
  code: string;
  message: string;
  record?: number;
  offset?: number;
}

/** The shortest retention-override reason the app accepts (the CLI takes any non-empty reason). */
export const RETENTION_REASON_MIN_LENGTH = 10;

/** A check as the retention-override rule sees it. */
export interface CheckVerdict {
  code: string;
  kind: WriteCheckKind;
}

/** The operator's answers to the checks: confirmed codes ('*' confirms all) and a retention-override reason. */
export interface CheckAnswers {
  confirmed?: readonly string[];
  overrideReason?: string | null;
}

/**
 * The one retention-override rule: the checks the answers do not settle. Only a RETENTION check can be
 * overridden, and only by a reason of at least `minReasonLength` characters (trimmed); every other blocking
 * check stays; a confirmation needs its code (or '*') among the confirmed ones. Empty: the write may go ahead.
 */
export function unsettledChecks<C extends CheckVerdict>(checks: readonly C[], answers: CheckAnswers, minReasonLength = 1): C[] {
  const confirmed = new Set(answers.confirmed ?? []);
  const reasonOk = (answers.overrideReason?.trim().length ?? 0) >= Math.max(1, minReasonLength);
  return checks.filter((c) => {
    if (c.code === 'RETENTION') return !reasonOk;
    if (c.kind === 'blocking') return true;
    return !(confirmed.has('*') || confirmed.has(c.code));
  });
}

/** Whether the blocking checks are all retention ones, i.e. a reason could override them (the UI shows the reason field then). */
export function onlyRetentionBlocks(checks: readonly CheckVerdict[]): boolean {
  const blocking = checks.filter((c) => c.kind === 'blocking');
  return blocking.length > 0 && blocking.every((c) => c.code === 'RETENTION');
}
