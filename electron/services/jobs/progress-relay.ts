/** Turns worker progress into StepProgress events (~4 Hz) and durable step progress in the catalog (~0.5 Hz). */
import type { TapeJobStep, StepProgress } from './job-model.ts';
import type { WorkProgress } from './step-work.ts';

/** Converts one worker report into the job's progress shape. */
export function toStepProgress(step: TapeJobStep, p: WorkProgress): StepProgress {
  switch (p.kind) {
    case 'tape':
      return {
        step,
        detail: `${p.tape.phase} record ${p.tape.record}`,
        bytes: p.tape.bytes,
        totalBytes: p.tape.totalBytes ?? null,
        mbPerSecond: p.tape.mbPerSecond,
        etaSeconds: p.tape.etaSeconds ?? null,
        percent: null,
      };
    case 'mksysb':
      return {
        step,
        detail: `mksysb ${p.files} of ${p.totalFiles} files`,
        bytes: 0,
        totalBytes: null,
        mbPerSecond: 0,
        etaSeconds: null,
        percent: p.percent,
      };
    case 'fetch':
      return {
        step,
        detail: p.image,
        bytes: p.bytes,
        totalBytes: p.total,
        mbPerSecond: p.bytesPerSecond / 1e6,
        etaSeconds: p.etaSeconds,
        percent: null,
      };
    case 'read':
      return { step, detail: `read record ${p.record}`, bytes: p.bytes, totalBytes: null, mbPerSecond: 0, etaSeconds: null, percent: null };
    case 'extract':
      return {
        step,
        detail: 'extract',
        bytes: p.bytes,
        totalBytes: p.totalBytes,
        mbPerSecond: p.bytesPerSecond / 1e6,
        etaSeconds: p.etaSeconds,
        percent: null,
      };
    default: {
      const never: never = p;
      throw new Error(`unexpected progress ${JSON.stringify(never)}`);
    }
  }
}

/** Formats progress as one terminal line. */
export function formatStepProgress(p: StepProgress): string {
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  if (p.percent !== null) return `${p.step}: ${p.detail} (${p.percent}%)`;
  const size = p.totalBytes !== null ? `${mb(p.bytes)}/${mb(p.totalBytes)} MB` : `${mb(p.bytes)} MB`;
  const eta = p.etaSeconds !== null ? `, ETA ${Math.ceil(p.etaSeconds)} s` : '';
  return `${p.step}: ${p.detail} ${size}, ${p.mbPerSecond.toFixed(1)} MB/s${eta}`;
}
