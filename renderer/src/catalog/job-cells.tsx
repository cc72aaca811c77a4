/** The Jobs table's state and verdict chips and the duration text: plain words, a cancel is not an error. */
import Chip from '@mui/material/Chip';
import type { JobInfo, StepState } from '../../../shared/model.ts';
import { jobVerdict, VERIFY_STEP_NAMES } from '../components/verdict.ts';

const STATE_LOOK: Record<StepState, { label: string; color: 'default' | 'primary' | 'success' | 'error' | 'warning' }> = {
  pending: { label: 'waiting', color: 'default' },
  running: { label: 'running', color: 'primary' },
  done: { label: 'done', color: 'success' },
  failed: { label: 'failed', color: 'error' },
  // The operator stopped it: neutral, not red.
  cancelled: { label: 'cancelled', color: 'default' },
  interrupted: { label: 'interrupted', color: 'warning' },
};

/** The job's state as a chip; a done job whose verification FAILED is not green. */
export function JobStateChip({ job }: { job: JobInfo }) {
  const look = STATE_LOOK[job.state] ?? { label: String(job.state), color: 'default' as const };
  const color = job.state === 'done' && jobVerdict(job) === 'fail' ? 'default' : look.color;
  return <Chip size="small" label={look.label} color={color} variant={job.state === 'cancelled' ? 'outlined' : 'filled'} />;
}

/** The verification verdict as a chip: FAILED in red, passed in green, a dash when the job has none. */
export function VerdictChip({ job }: { job: JobInfo }) {
  const v = jobVerdict(job);
  if (v === 'fail') return <Chip size="small" color="error" label="FAILED" aria-label="Verdict: FAILED" />;
  if (v === 'pass') return <Chip size="small" color="success" label="passed" aria-label="Verdict: passed" />;
  return <span aria-label="No verdict">—</span>;
}

/** How long the job ran (or has been running): "42 s", "3 min 05 s", "1 h 02 min". */
export function jobDuration(job: JobInfo, now: number): string {
  const start = Date.parse(job.startedAt);
  const end = job.endedAt ? Date.parse(job.endedAt) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return '—';
  const s = Math.max(0, Math.round((end - start) / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** The one line under a job that did not finish: neutral for a cancel, the error otherwise. */
export function jobOutcomeLine(job: JobInfo): string | null {
  if (job.state === 'cancelled') return 'Cancelled by the operator.';
  if (job.error && job.state !== 'done') return job.error.message;
  return null;
}

/** "capture: done · fetch: done", a read-back that failed said as "verify: FAILED". */
export function jobStepsLine(job: JobInfo): string {
  const verdict = jobVerdict(job);
  return job.steps
    .map((s) => {
      if (s.state === 'done' && VERIFY_STEP_NAMES.has(s.name) && verdict === 'fail') return `${s.name}: FAILED`;
      return `${s.name}: ${s.state}`;
    })
    .join(' · ');
}
