/** What runs around a durable job in the app: before it (load its library cartridge), after it (return it). */
import type { Job } from '../catalog/model.ts';

/** The steps around a job; each returns a line for the job's log, or undefined. */
export interface JobAround {
  before(job: Job): Promise<string | undefined>;
  after(job: Job, verdict: 'pass' | 'fail' | null): Promise<string | undefined>;
}

/** Nothing around the job (no library). */
export const NOTHING_AROUND: JobAround = { before: async () => undefined, after: async () => undefined };
