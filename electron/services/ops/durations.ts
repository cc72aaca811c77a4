/** Durations as operators type them: 30d, 12h, 2w, 90m (and a bare number of days for policy fields). */
import { SysbError } from '../../../shared/errors.ts';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses "30d", "12h", "2w", "90m" into seconds; `what` names the flag in the error. */
export function parseDurationSeconds(text: string, what: string): number {
  const m = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new SysbError('USAGE', `${what} must be a duration like 30d, 12h, 2w or 90m, got '${text}'`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
}

/** Parses a number of days: "30", "30d" or "4w"; zero allowed when `allowZero`. */
export function parseDays(text: string, what: string, allowZero = false): number {
  const m = /^(\d+)\s*([dw]?)$/i.exec(text.trim());
  const days = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1) : NaN;
  if (!Number.isSafeInteger(days) || days < (allowZero ? 0 : 1)) {
    throw new SysbError('USAGE', `${what} must be a number of days like 30, 30d or 4w${allowZero ? ' (0 for none)' : ''}, got '${text}'`);
  }
  return days;
}

/** Seconds as the shortest exact unit: 2592000 → "30d". */
export function formatSeconds(seconds: number): string {
  for (const u of ['w', 'd', 'h', 'm']) if (seconds % UNIT_SECONDS[u]! === 0) return `${seconds / UNIT_SECONDS[u]!}${u}`;
  return `${seconds}s`;
}
