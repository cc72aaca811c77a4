/**
 * How long SysbTape waits on an AIX server before it gives up and stops the remote process. A
 * check command gets a total time; a capture step (mksysb can run for hours) and a transfer get
 * an idle time: they fail only when nothing arrives for that long. Defaults can be changed per
 * run with SYSBTAPE_COMMAND_TIMEOUT, SYSBTAPE_CAPTURE_IDLE_TIMEOUT and
 * SYSBTAPE_TRANSFER_IDLE_TIMEOUT (seconds; the connect timeout is a server setting).
 */
import { SysbError } from '../../../shared/errors.ts';

/** Timeouts of one connection, in seconds. */
export interface RemoteTimeouts {
  /** A check or housekeeping command (uname, df, ls, rm …): its total run time. */
  commandSeconds: number;
  /** bosboot, mkinsttape and mksysb: time without any output before the step is stopped. */
  captureIdleSeconds: number;
  /** A file transfer: time without a byte before it fails (and is resumed on a new connection). */
  transferIdleSeconds: number;
}

/** The defaults: a minute for a check, an hour of silence for a capture step, two minutes for a stalled transfer. */
export const DEFAULT_TIMEOUTS: RemoteTimeouts = { commandSeconds: 60, captureIdleSeconds: 3600, transferIdleSeconds: 120 };

const ENV: Record<keyof RemoteTimeouts, string> = {
  commandSeconds: 'SYSBTAPE_COMMAND_TIMEOUT',
  captureIdleSeconds: 'SYSBTAPE_CAPTURE_IDLE_TIMEOUT',
  transferIdleSeconds: 'SYSBTAPE_TRANSFER_IDLE_TIMEOUT',
};

function seconds(name: string, value: number | string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 7 * 24 * 3600) {
    throw new SysbError('INVALID_INPUT', `${name} must be a number of seconds above 0 and at most a week, got '${String(value)}'`);
  }
  return n;
}

/** Defaults, overridden by the SYSBTAPE_* environment variables, overridden by `given`. */
export function resolveTimeouts(given: Partial<RemoteTimeouts> = {}, env: NodeJS.ProcessEnv = process.env): RemoteTimeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(ENV) as (keyof RemoteTimeouts)[]) {
    const fromEnv = env[ENV[key]];
    if (fromEnv !== undefined && fromEnv !== '') out[key] = seconds(ENV[key], fromEnv);
    const value = given[key];
    if (value !== undefined) out[key] = seconds(key, value);
  }
  return out;
}
