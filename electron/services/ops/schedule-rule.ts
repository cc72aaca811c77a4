/**
 * When a scheduled capture is due: every N (after the last good capture) or a cron expression (its first
 * occurrence after the last good capture), held back after failures with back-off, and given up after
 * MAX_FAILURES in a row (reported, not retried forever).
 */
import { CronExpressionParser } from 'cron-parser';
import { SysbError } from '../../../shared/errors.ts';
import type { DueItem, Schedule } from '../../../shared/operations.ts';

export type { DueItem, DueState } from '../../../shared/operations.ts';

/** Failed attempts in a row after which a schedule stops retrying until the operator acts. */
export const MAX_FAILURES = 4;
/** First back-off after a failure; doubles each time. */
export const FIRST_BACKOFF_MS = 30 * 60_000;
const MAX_BACKOFF_MS = 24 * 3600_000;

/** Checks a cron expression (5 or 6 fields) and returns it trimmed; the error says what is wrong. */
export function checkCron(expr: string): string {
  const e = expr.trim();
  const fields = e.split(/\s+/).length;
  if (fields < 5 || fields > 6)
    throw new SysbError('USAGE', `--cron needs 5 fields (minute hour day-of-month month day-of-week), got '${expr}'`);
  try {
    CronExpressionParser.parse(e);
  } catch (err) {
    throw new SysbError('USAGE', `--cron '${expr}' is not a valid cron expression: ${(err as Error).message}`);
  }
  return e;
}

/** The back-off after the n-th failure in a row (n ≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
}

/** The next instant the schedule wants a capture, counted from the last good capture (undefined: now, never captured). */
export function nextCaptureAt(s: Schedule, lastCaptureAt: string | null): Date | undefined {
  const anchors = [s.lastSuccessAt, lastCaptureAt].filter((a): a is string => a !== null).map((a) => Date.parse(a));
  if (!anchors.length) return undefined;
  const anchor = new Date(Math.max(...anchors));
  if (s.everySeconds !== null) return new Date(anchor.getTime() + s.everySeconds * 1000);
  return CronExpressionParser.parse(s.cron!, { currentDate: anchor }).next().toDate();
}

/** Judges a schedule at `now`; `runningJobId` is a job of the server still running (the schedule waits for it). */
export function judgeSchedule(
  s: Schedule,
  lastCaptureAt: string | null,
  now: Date,
  runningJobId: number | undefined,
): Omit<DueItem, 'unfinishedJobId'> {
  const next = nextCaptureAt(s, lastCaptureAt);
  const base = {
    server: s.server,
    serverId: s.serverId,
    dueAt: next?.toISOString() ?? null,
    failures: s.failures,
    lastError: s.lastError,
    runningJobId: runningJobId ?? null,
  };
  if (s.failures >= MAX_FAILURES) {
    return {
      ...base,
      state: 'given-up',
      reason: `stopped after ${s.failures} failed captures in a row (last: ${s.lastError ?? '?'}); fix it, then run 'sysbtape schedule add ${s.server}' again`,
    };
  }
  if (next && next > now) return { ...base, state: 'not-due', reason: `next capture ${next.toISOString()}` };
  if (runningJobId !== undefined)
    return { ...base, state: 'waiting', reason: `waits for job ${runningJobId}, still running for ${s.server}` };
  if (s.retryAt && Date.parse(s.retryAt) > now.getTime()) {
    return {
      ...base,
      state: 'backing-off',
      reason: `failed ${s.failures} time${s.failures === 1 ? '' : 's'} (last: ${s.lastError ?? '?'}); retry after ${s.retryAt}`,
    };
  }
  return { ...base, state: 'due', reason: next ? `due since ${next.toISOString()}` : 'never captured' };
}
