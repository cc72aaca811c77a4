/** A job's verification verdict, from wherever the job carries it (its live result or the catalog's stored step). */
import type { JobInfo } from '../../../shared/model.ts';

/** The verdict a job's read-back reached: pass, fail, or null when it has none (no verify step, or not run yet). */
export type JobVerdict = 'pass' | 'fail' | null;

/** Reads the verdict: the live result's report first, then the stored verdict of a catalog job. */
export function jobVerdict(job: JobInfo): JobVerdict {
  const r = job.result;
  if (r?.kind === 'verify') return r.report.ok ? 'pass' : 'fail';
  if (r?.kind === 'tape' && r.verdict) return r.verdict;
  return job.verdict ?? null;
}

/** Step names that are a read-back: their chip shows the verdict, not just "done". */
export const VERIFY_STEP_NAMES: ReadonlySet<string> = new Set(['verify', 'read back']);
