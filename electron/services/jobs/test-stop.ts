/**
 * Tests only: freeze this process (SIGSTOP) at a chosen point of a chosen job step, so a crash test can
 * kill -9 it exactly there instead of racing a timer. Unset in normal use; read once per step.
 */
import type { TapeProgress } from '../tape/tape-progress.ts';
import type { StepProgress, TapeJobStep } from './job-model.ts';

/** Env var naming the step to stop in (capture, fetch, write, verify, record). */
export const STOP_IN_STEP_ENV = 'SYSBTAPE_TEST_STOP_IN_STEP';

/** Whether to stop in `step`: at its start when it reports no byte progress (record), else at its first real progress. */
export function stopsAtStart(step: TapeJobStep, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[STOP_IN_STEP_ENV] === step && step === 'record';
}

/** Whether this progress is the moment to stop: bytes moving in the step's own work (for write: on tape, past the checks). */
export function stopsAt(p: StepProgress, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[STOP_IN_STEP_ENV] !== p.step) return false;
  if (p.step === 'write') return p.detail.startsWith('write') && p.bytes > 0;
  return p.bytes > 0 || p.percent !== null;
}

/** Stops this whole process (worker threads too) until SIGCONT or SIGKILL. */
export function stopHere(): void {
  process.kill(process.pid, 'SIGSTOP');
}

/** `sysbtape write` outside a job (env var set to write): stop at its first bytes on tape, past the checks. */
export function stopsInDirectWrite(p: TapeProgress, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[STOP_IN_STEP_ENV] === 'write' && p.phase === 'write' && p.bytes > 0;
}
