/**
 * The job engine's durable tape jobs (capture → fetch → write → verify → record, as the CLI's
 * `sysbtape run` and `demo` create them) in the Jobs view: listed from the catalog, resumed at the
 * step that did not finish, with the engine's progress and log relayed to the UI job that resumes it.
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { JobInfo } from '../../../shared/model.ts';
import type { Job } from '../catalog/model.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { TAPE_JOB_KIND } from '../jobs/job-model.ts';
import type { JobRegistry } from './job-registry.ts';

const PREFIX = 'tape-job-';

/** A catalog job as the renderer's JobInfo. */
export function engineJobInfo(job: Job): JobInfo {
  const failed = job.steps.find((s) => s.state === 'failed' || s.state === 'interrupted' || s.state === 'cancelled');
  const params = job.params as { server?: string; target?: string };
  return {
    id: `${PREFIX}${job.id}`, kind: 'tape', title: `Tape job ${job.id}: ${params.server ?? '?'} → ${job.volser ?? '?'} on ${params.target ?? '?'}`,
    state: job.state, steps: job.steps.map((s) => ({ name: s.name, state: s.state, message: s.message })),
    startedAt: job.createdAt, endedAt: job.state === 'running' ? null : job.updatedAt, progress: null,
    error: failed?.message ? { code: failed.state === 'interrupted' ? 'INTERRUPTED' : 'FAILED', message: failed.message } : null,
    result: null, log: [],
  };
}

/** listJobs (UI jobs, then the engine's) and resumeJob. */
export function engineJobHandlers(engine: JobEngine, jobs: JobRegistry): Pick<ApiHandlers, 'listJobs' | 'resumeJob'> {
  return {
    listJobs: async () => [...jobs.list(), ...engine.catalog.jobs.list({ limit: 200 }).filter((j) => j.kind === TAPE_JOB_KIND).map(engineJobInfo)],

    resumeJob: async ({ id }) => {
      if (!id.startsWith(PREFIX)) throw new SysbError('INVALID_INPUT', `job ${id} is not a durable tape job; start it again instead`);
      const jobId = Number(id.slice(PREFIX.length));
      const job = engine.catalog.jobs.get(jobId);
      if (!job) throw new SysbError('NOT_FOUND', `no tape job ${jobId} in the catalog`);
      const todo = job.steps.filter((s) => s.state !== 'done').map((s) => s.name);
      return jobs.start('tape', `Resume tape job ${jobId}`, todo, async (ctx) => {
        const off = engine.subscribe((e) => {
          if (e.jobId !== jobId) return;
          switch (e.type) {
            case 'step': ctx.step(e.step, e.state, e.message ?? undefined); break;
            case 'progress': ctx.progress({
              step: `${e.progress.step}: ${e.progress.detail}`, record: null,
              ...(e.progress.percent === null ? { bytes: e.progress.bytes, totalBytes: e.progress.totalBytes, unit: 'bytes' as const } : { bytes: e.progress.percent, totalBytes: 100, unit: 'percent' as const }),
              bytesPerSecond: e.progress.mbPerSecond * 1e6, etaSeconds: e.progress.etaSeconds,
            }); break;
            case 'log': ctx.log(e.line); break;
            case 'checks': break;
          }
        });
        try {
          const out = await engine.run(jobId, { signal: ctx.signal });
          return { kind: 'tape', jobId, verdict: out.verdict, labelPdf: out.labelPdf };
        } finally {
          off();
        }
      });
    },
  };
}
