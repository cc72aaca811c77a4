/**
 * The job engine's durable jobs in the UI. The wizard's capture, write and cartridge verify, and the CLI's full tape jobs,
 * are catalog jobs: each step's result is stored before the next starts, so a crash leaves a job the
 * Jobs view lists as interrupted and resumes at the step that did not finish. While a job runs in this
 * process it is also a UI job (same id) that relays the engine's steps, progress and log.
 */
import { readFile } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api.ts';
import { assertNever, type ErrorCode, isErrorCode, SysbError } from '../../../shared/errors.ts';
import type { JobInfo, JobKind, JobResult, TapeChecks } from '../../../shared/model.ts';
import type { TapeIdentity } from '../jobs/identify-tape.ts';
import { tapeContentsOf } from '../jobs/tape-contents.ts';
import { toTapeCheck } from '../jobs/write-checks.ts';
import type { Job, JobStep } from '../catalog/model.ts';
import type { JobEngine, RunJobOptions, TapeJobOutcome } from '../jobs/job-engine.ts';
import {
  type EngineJob,
  IMAGE_SET_JOB_KIND,
  isEngineJobKind,
  serverOfJob,
  TAPE_JOB_KIND,
  VERIFY_JOB_KIND,
  WRITE_JOB_KIND,
} from '../jobs/job-model.ts';
import { engineJobOf } from '../jobs/job-params.ts';
import { doneStepResult, requireStepResult } from '../jobs/step-results.ts';
import { toImageSetInfo } from './catalog-handlers.ts';
import type { JobContext, JobRegistry } from './job-registry.ts';
import type { SecretStore } from './secret-store.ts';
import { loadServerSecrets } from './server-secrets.ts';
import { type JobAround, NOTHING_AROUND } from './job-around.ts';

function uiKindOf(kind: string): JobKind {
  switch (kind) {
    case IMAGE_SET_JOB_KIND:
      return 'capture';
    case WRITE_JOB_KIND:
      return 'write';
    case VERIFY_JOB_KIND:
      return 'verify';
    default:
      return 'tape';
  }
}

/** What the operator reads in the Jobs view; a job whose stored params are bad is listed with why. */
function titleOf(job: Job): string {
  let spec: EngineJob;
  try {
    spec = engineJobOf(job);
  } catch (err) {
    return `Job ${job.id} (${job.kind}): ${err instanceof Error ? err.message : String(err)}`;
  }
  switch (spec.kind) {
    // As the wizard names its running jobs (its progress regions and logs are labelled by title).
    case IMAGE_SET_JOB_KIND:
      return `Capture on ${spec.params.server}`;
    case WRITE_JOB_KIND:
      return `Write ${spec.params.volser}`;
    case VERIFY_JOB_KIND:
      return `Verify ${spec.params.volser}`;
    case TAPE_JOB_KIND:
      return `Tape job ${job.id}: ${spec.params.server} → ${spec.params.volser} on ${spec.params.target}`;
    default:
      return assertNever(spec);
  }
}

/** The stable code of a step that did not finish: kept in its result by the engine ('INTERNAL' for older rows). */
function stepErrorCode(step: JobStep): ErrorCode {
  if (step.state === 'interrupted') return 'INTERRUPTED';
  if (step.state === 'cancelled') return 'CANCELLED';
  const code = step.result?.['errorCode'];
  return typeof code === 'string' && isErrorCode(code) ? code : 'INTERNAL';
}

/** A catalog job as the renderer's JobInfo. */
export function engineJobInfo(job: Job): JobInfo {
  const failed = job.steps.find((s) => s.state === 'failed' || s.state === 'interrupted' || s.state === 'cancelled');
  return {
    durable: true,
    id: job.id,
    kind: uiKindOf(job.kind),
    title: titleOf(job),
    state: job.state,
    steps: job.steps.map((s) => ({ name: s.name, state: s.state, message: s.message })),
    startedAt: job.createdAt,
    endedAt: job.state === 'running' ? null : job.updatedAt,
    progress: null,
    error: failed?.message ? { code: stepErrorCode(failed), message: failed.message } : null,
    result: null,
    log: [],
    verdict: verdictOf(job),
  };
}

/** The stored verdict of a job's verify step (write-then-verify, verify and full tape jobs all name it 'verify'). */
function verdictOf(job: Job): 'pass' | 'fail' | null {
  return doneStepResult(job, 'verify')?.verdict ?? null;
}

/** A catalog job not running in this process, with the tail of its log file (the Jobs view opens it). */
export async function durableJobInfo(engine: JobEngine, id: number): Promise<JobInfo> {
  const job = engine.catalog.jobs.require(id);
  const info = engineJobInfo(job);
  // A log file that is gone (cleaned up, another machine) leaves the steps and their messages to show.
  const text = job.logPath ? await readFile(job.logPath, 'utf8').catch(() => '') : '';
  return {
    ...info,
    log: text
      .split('\n')
      .filter((l) => l !== '')
      .slice(-200),
  };
}

/** What the UI shows once a durable job is done, by kind. */
function resultOf(engine: JobEngine, out: TapeJobOutcome): JobResult {
  const job = out.job;
  const spec = engineJobOf(job);
  switch (spec.kind) {
    case IMAGE_SET_JOB_KIND: {
      const { imageSetId } = requireStepResult(job, 'fetch');
      const set = engine.catalog.imageSets.get(imageSetId);
      if (!set) throw new SysbError('INTERNAL', `image set ${imageSetId} was not recorded`);
      return { kind: 'capture', imageSet: toImageSetInfo(set) };
    }
    case WRITE_JOB_KIND: {
      const w = requireStepResult(job, 'write');
      return {
        kind: 'write',
        target: spec.params.target,
        volser: spec.params.volser,
        records: w.records.map((r) => ({ index: r.index, blockSize: r.blockSize, bytes: r.bytes, sha256: r.sha256 })),
      };
    }
    case VERIFY_JOB_KIND: {
      const v = requireStepResult(job, 'verify');
      if (!('report' in v)) throw new SysbError('INTERNAL', `job ${job.id}: its verify step stored no report`);
      return { kind: 'verify', target: spec.params.target, volser: spec.params.volser, report: v.report };
    }
    case TAPE_JOB_KIND:
      return { kind: 'tape', jobId: job.id, verdict: out.verdict, labelPdf: out.labelPdf };
    default:
      return assertNever(spec);
  }
}

/** Feeds one engine job's events into a UI job's context; returns the unsubscribe function. */
function relay(engine: JobEngine, jobId: number, ctx: JobContext): () => void {
  return engine.subscribe((e) => {
    if (e.jobId !== jobId) return;
    switch (e.type) {
      case 'step':
        ctx.step(e.step, e.state, e.message ?? undefined);
        break;
      case 'progress':
        ctx.progress({
          step: `${e.progress.step}: ${e.progress.detail}`,
          record: null,
          ...(e.progress.percent === null
            ? { bytes: e.progress.bytes, totalBytes: e.progress.totalBytes, unit: 'bytes' as const }
            : { bytes: e.progress.percent, totalBytes: 100, unit: 'percent' as const }),
          bytesPerSecond: e.progress.mbPerSecond * 1e6,
          etaSeconds: e.progress.etaSeconds,
        });
        break;
      case 'log':
        ctx.log(e.line);
        break;
      case 'checks':
        break;
      default: {
        const never: never = e;
        throw new SysbError('INTERNAL', `unknown job event ${String(never)}`);
      }
    }
  });
}

/**
 * Runs (or resumes) a catalog job in the background as a UI job with the same id; `around` loads a library
 * cartridge first (a resumed job never writes to whatever else sits in the drive) and returns it after.
 */
export function startEngineJob(
  engine: JobEngine,
  jobs: JobRegistry,
  jobId: number,
  opts: Omit<RunJobOptions, 'signal'> = {},
  around: JobAround = NOTHING_AROUND,
): JobInfo {
  const job = engine.catalog.jobs.require(jobId);
  const todo = job.steps.filter((s) => s.state !== 'done').map((s) => s.name);
  if (todo.length === 0) throw new SysbError('INVALID_INPUT', `job ${jobId} is already done`);
  const title = job.steps.every((s) => s.state === 'pending') ? titleOf(job) : `Resume ${titleOf(job)}`;
  return jobs.start(
    uiKindOf(job.kind),
    title,
    todo,
    async (ctx) => {
      const off = relay(engine, jobId, ctx);
      try {
        const loaded = await around.before(engine.catalog.jobs.require(jobId));
        if (loaded) ctx.log(loaded);
        const out = await engine.run(jobId, { ...opts, signal: ctx.signal });
        // The tape is verified whatever the robot does next: a failed unload is said in the log, not a failed job.
        const back = await around
          .after(out.job, out.verdict)
          .catch((err: unknown) => `library: could not unload: ${(err as Error).message}`);
        if (back) ctx.log(back);
        return resultOf(engine, out);
      } finally {
        off();
      }
    },
    jobId,
  );
}

/** listJobs (UI jobs, then the catalog's durable ones not running here), jobChecks and resumeJob. */
export function engineJobHandlers(
  engine: JobEngine,
  jobs: JobRegistry,
  secrets: SecretStore,
  around: JobAround = NOTHING_AROUND,
): Pick<ApiHandlers, 'listJobs' | 'jobChecks' | 'resumeJob'> {
  return {
    listJobs: async () => {
      const live = jobs.list();
      const shown = new Set(live.map((j) => j.id));
      const durable = engine.catalog.jobs.list({ limit: 200 }).filter((j) => isEngineJobKind(j.kind) && !shown.has(j.id));
      return [...live, ...durable.map(engineJobInfo)];
    },

    jobChecks: async ({ id: jobId }): Promise<TapeChecks> => {
      let identity: TapeIdentity | undefined;
      const { target, volser, checks } = await engine.writeChecks(jobId, {
        onIdentity: (id) => {
          identity = id;
        },
      });
      return {
        target,
        volser,
        checks: checks.map(toTapeCheck),
        contents: tapeContentsOf(target, identity, 'not read: another check stops the write first'),
      };
    },

    resumeJob: async ({ id: jobId, confirmed, overrideReason }) => {
      const server = serverOfJob(engineJobOf(engine.catalog.jobs.require(jobId)));
      const auth = server ? (engine.catalog.servers.getByName(server)?.auth ?? []) : [];
      const sshSecrets = server ? await loadServerSecrets(secrets, server, auth) : {};
      return startEngineJob(
        engine,
        jobs,
        jobId,
        {
          confirmed,
          ...(overrideReason ? { retentionOverrideReason: overrideReason } : {}),
          secrets: sshSecrets,
        },
        around,
      );
    },
  };
}
