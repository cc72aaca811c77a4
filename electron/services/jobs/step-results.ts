/** One helper to read a step's stored result, typed per step (the engine stores each when the step is done). */
import { SysbError } from '../../../shared/errors.ts';
import type { Job } from '../catalog/model.ts';
import type { TapeJobStep } from './job-model.ts';
import type {
  CaptureStepResult,
  FetchStepResult,
  RecordStepResult,
  ReverifyStepResult,
  VerifyStepResult,
  WriteStepResult,
} from './tape-job-steps.ts';

/** What each step stores when it is done (a verify job's verify step adds the per-record report). */
export interface StepResults {
  capture: CaptureStepResult;
  fetch: FetchStepResult;
  write: WriteStepResult;
  verify: VerifyStepResult | ReverifyStepResult;
  record: RecordStepResult;
}

/** The stored result of `step` of `job` when that step is done, else null. */
export function doneStepResult<S extends TapeJobStep>(job: Job, step: S): StepResults[S] | null {
  const s = job.steps.find((x) => x.name === step && x.state === 'done');
  // The engine stores exactly the step body's return value (plus its owner), so the type is the step's.
  return (s?.result ?? null) as StepResults[S] | null;
}

/** The stored result of `step` of `job`; INTERNAL naming the job and step when it is not done. */
export function requireStepResult<S extends TapeJobStep>(job: Job, step: S): StepResults[S] {
  const r = doneStepResult(job, step);
  if (!r) throw new SysbError('INTERNAL', `job ${job.id}: step ${step} has no stored result`);
  return r;
}
