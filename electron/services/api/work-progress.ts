/** The job engine's worker progress (WorkProgress) as the contract's JobProgress fields. */
import type { JobProgress } from '../../../shared/model.ts';
import type { WorkProgress } from '../jobs/step-work.ts';

/** Maps one progress report; capture progress becomes mksysb's percentage of 100. */
export function toJobProgress(p: WorkProgress): Omit<JobProgress, 'jobId'> {
  switch (p.kind) {
    case 'tape':
      return {
        step: p.tape.phase,
        record: p.tape.record || null,
        bytes: p.tape.bytes,
        totalBytes: p.tape.totalBytes ?? null,
        unit: 'bytes',
        bytesPerSecond: p.tape.mbPerSecond * 1e6,
        etaSeconds: p.tape.etaSeconds ?? null,
      };
    case 'mksysb':
      return {
        step: `mksysb ${p.files} of ${p.totalFiles} files`,
        record: null,
        bytes: p.percent,
        totalBytes: 100,
        unit: 'percent',
        bytesPerSecond: 0,
        etaSeconds: null,
      };
    case 'fetch':
      return {
        step: `fetch ${p.image}`,
        record: null,
        bytes: p.bytes,
        totalBytes: p.total,
        unit: 'bytes',
        bytesPerSecond: p.bytesPerSecond,
        etaSeconds: p.etaSeconds,
      };
    case 'read':
      return { step: 'read', record: p.record, bytes: p.bytes, totalBytes: null, unit: 'bytes', bytesPerSecond: 0, etaSeconds: null };
    case 'extract':
      return {
        step: 'extract',
        record: null,
        bytes: p.bytes,
        totalBytes: p.totalBytes,
        unit: 'bytes',
        bytesPerSecond: p.bytesPerSecond,
        etaSeconds: p.etaSeconds,
      };
    default: {
      const never: never = p;
      throw new Error(`unexpected progress ${JSON.stringify(never)}`);
    }
  }
}
