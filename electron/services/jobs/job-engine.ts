/**
 * The durable job engine: capture → fetch → write → verify → record. Each step's result is stored in
 * the catalog before the next starts; a failed, cancelled or interrupted job resumes at the step that
 * did not finish. Byte work runs in worker threads; this side only moves progress, log lines and
 * results, so the main event loop stays responsive.
 */
import path from 'node:path';
import { assertNever, type ErrorCode, SysbError, toErrorInfo } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Job } from '../catalog/model.ts';
import { tapeTargetKind } from '../tape/open-tape-drive.ts';
import { JobLog, jobLogDirFor, newJobLogPath } from './job-log.ts';
import {
  type CaptureJobParams,
  type EngineJob,
  IMAGE_SET_JOB_KIND,
  JOB_KIND_STEPS,
  type JobEvent,
  type JobListener,
  TAPE_JOB_KIND,
  type TapeJobParams,
  type TapeJobStep,
  VERIFY_JOB_KIND,
  WRITE_JOB_KIND,
  type WriteCheck,
  type WriteConsent,
} from './job-model.ts';
import { engineJobOf, jobParamsToStore } from './job-params.ts';
import { doneStepResult, requireStepResult } from './step-results.ts';
import { currentOwner, detectInterrupted, ownerAlive, ownerOf } from './job-owner.ts';
import { identifyTape, type TapeIdentity } from './identify-tape.ts';
import { toStepProgress } from './progress-relay.ts';
import { stopHere, stopsAt, stopsAtStart } from './test-stop.ts';
import { runWriteChecks } from './write-checks.ts';
import type { StepWorkOptions } from './step-work.ts';
import type { SshSecrets } from '../ssh/ssh-secrets.ts';
import { captureStep, fetchStep, recordStep, reverifyStep, type StepContext, verifyStep, writeStep } from './tape-job-steps.ts';
import { reverifyBasis } from './reverify.ts';

/** How to run (or resume) a job. */
export interface RunJobOptions extends WriteConsent {
  signal?: AbortSignal;
  /** SSH password and key passphrase for this run only (kept apart). */
  secrets?: SshSecrets;
}

/** What a finished job produced. */
export interface TapeJobOutcome {
  job: Job;
  verdict: 'pass' | 'fail' | null;
  imageSetDir: string | null;
  labelPdf: string | null;
  labelPng: string | null;
}

/** What the wizard's write job needs: an image set in the catalog, a cartridge and a target. */
export interface WriteJobRequest {
  imageSetId: number;
  volser: string;
  target: string;
  labelDir: string;
  capacityBytes?: number;
}

/** What the app's verify job needs: a cartridge, a target, and optionally the image set to compare with. */
export interface VerifyJobRequest {
  volser: string;
  target: string;
  imageSetId?: number;
}

/** A job's pre-write checks, with the tape and cartridge they are about. */
export interface JobWriteChecks {
  target: string;
  volser: string;
  checks: WriteCheck[];
}

/** Options of the engine. */
export interface JobEngineOptions {
  /** Where job logs go (default: job-logs/ beside the catalog file). */
  logDir?: string;
}

// Each catalog update is an fsync (synchronous = FULL); progress is persisted rarely, events carry it live.
const PERSIST_PROGRESS_MS = 5000;

/** Creates, runs, resumes and watches tape jobs on one catalog. */
export class JobEngine {
  readonly catalog: Catalog;
  readonly logDir: string;
  readonly #listeners = new Set<JobListener>();
  readonly #active = new Set<number>();

  constructor(catalog: Catalog, opts: JobEngineOptions = {}) {
    this.catalog = catalog;
    this.logDir = opts.logDir ?? jobLogDirFor(catalog.path);
  }

  /** Listens to every job event; returns the unsubscribe function. */
  subscribe(listener: JobListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Marks jobs whose process died mid-step as interrupted (call at start-up); returns their ids. */
  detectInterrupted(): number[] {
    return detectInterrupted(this.catalog, this.#active);
  }

  /** Jobs that can be resumed: interrupted, failed or cancelled, newest first. */
  resumable(): Job[] {
    return this.catalog.jobs.list({ states: ['interrupted', 'failed', 'cancelled'] });
  }

  /** Creates a tape job (all steps pending) after checking that the server, cartridge and target make sense. */
  createTapeJob(params: TapeJobParams): Job {
    const server = this.catalog.servers.getByName(params.server);
    if (!server) throw new SysbError('NOT_FOUND', `no server named '${params.server}' in the catalog; add it with 'sysbtape server add'`);
    const cartridge = this.catalog.cartridges.require(params.volser);
    const stored: TapeJobParams = {
      ...params,
      volser: cartridge.volser,
      // Throws USAGE for a target that is neither a .tap path nor /dev/nstN.
      target: tapeTargetKind(params.target) === 'simh' ? path.resolve(params.target) : params.target,
      stagingRoot: path.resolve(params.stagingRoot),
      labelDir: path.resolve(params.labelDir),
    };
    return this.catalog.jobs.create({
      kind: TAPE_JOB_KIND,
      steps: [...JOB_KIND_STEPS[TAPE_JOB_KIND]],
      serverId: server.id,
      volser: cartridge.volser,
      params: jobParamsToStore(TAPE_JOB_KIND, stored),
      logPath: newJobLogPath(this.logDir),
    });
  }

  /** Creates the wizard's capture job: capture and fetch only; the tape is chosen once the image set exists. */
  createImageSetJob(params: CaptureJobParams): Job {
    const server = this.catalog.servers.getByName(params.server);
    if (!server) throw new SysbError('NOT_FOUND', `no server named '${params.server}' in the catalog; add it first`);
    const stored: CaptureJobParams = { ...params, stagingRoot: path.resolve(params.stagingRoot) };
    return this.catalog.jobs.create({
      kind: IMAGE_SET_JOB_KIND,
      steps: [...JOB_KIND_STEPS[IMAGE_SET_JOB_KIND]],
      serverId: server.id,
      params: jobParamsToStore(IMAGE_SET_JOB_KIND, stored),
      logPath: newJobLogPath(this.logDir),
    });
  }

  /** Creates the wizard's write job for an image set already in the catalog (its one step: write, checks first). */
  createWriteJob(req: WriteJobRequest): Job {
    const set = this.catalog.imageSets.get(req.imageSetId);
    if (!set) throw new SysbError('NOT_FOUND', `no image set ${req.imageSetId} in the catalog`);
    const server = this.catalog.servers.get(set.serverId);
    if (!server) throw new SysbError('NOT_FOUND', `the server of image set ${set.id} is no longer in the catalog`);
    const cartridge = this.catalog.cartridges.require(req.volser);
    const stored = {
      server: server.name,
      volser: cartridge.volser,
      target: tapeTargetKind(req.target) === 'simh' ? path.resolve(req.target) : req.target,
      labelDir: path.resolve(req.labelDir),
      imageSet: { imageSetId: set.id, dir: set.stagingPath },
      ...(req.capacityBytes === undefined ? {} : { capacityBytes: req.capacityBytes }),
    };
    return this.catalog.jobs.create({
      kind: WRITE_JOB_KIND,
      steps: [...JOB_KIND_STEPS[WRITE_JOB_KIND]],
      serverId: server.id,
      imageSetId: set.id,
      volser: cartridge.volser,
      params: jobParamsToStore(WRITE_JOB_KIND, stored),
      logPath: newJobLogPath(this.logDir),
    });
  }

  /** Creates a verify job; refuses first what the verification would refuse (no write and no image set). */
  createVerifyJob(req: VerifyJobRequest): Job {
    const set = req.imageSetId === undefined ? undefined : this.catalog.imageSets.get(req.imageSetId);
    if (req.imageSetId !== undefined && !set) throw new SysbError('NOT_FOUND', `no image set ${req.imageSetId} in the catalog`);
    const { cartridge, write } = reverifyBasis(this.catalog, req.volser, set !== undefined);
    const stored = {
      volser: cartridge.volser,
      target: tapeTargetKind(req.target) === 'simh' ? path.resolve(req.target) : req.target,
      ...(set ? { imageSet: { imageSetId: set.id, dir: set.stagingPath } } : {}),
    };
    const imageSetId = set?.id ?? write?.imageSetId ?? undefined;
    return this.catalog.jobs.create({
      kind: VERIFY_JOB_KIND,
      steps: [...JOB_KIND_STEPS[VERIFY_JOB_KIND]],
      volser: cartridge.volser,
      ...(imageSetId ? { imageSetId } : {}),
      params: jobParamsToStore(VERIFY_JOB_KIND, stored),
      logPath: newJobLogPath(this.logDir),
    });
  }

  /**
   * Makes a job run again from `step` (e.g. write a new tape after a failed verification): that step and
   * the later ones go back to pending; the earlier ones must be done and keep their results.
   */
  rerunFrom(jobId: number, step: TapeJobStep): Job {
    if (this.#active.has(jobId)) throw new SysbError('INVALID_INPUT', `job ${jobId} is running; cancel it first`);
    const job = this.catalog.jobs.require(jobId);
    const at = job.steps.findIndex((s) => s.name === step);
    if (at < 0)
      throw new SysbError('INVALID_INPUT', `job ${jobId} has no step '${step}'; its steps are ${job.steps.map((s) => s.name).join(', ')}`);
    const notDone = job.steps.slice(0, at).find((s) => s.state !== 'done');
    if (notDone)
      throw new SysbError(
        'INVALID_INPUT',
        `job ${jobId} cannot run again from ${step}: step ${notDone.name} before it is ${notDone.state}`,
      );
    if (job.steps.some((s) => s.state === 'running'))
      throw new SysbError('INVALID_INPUT', `job ${jobId} has a running step; it may still be running in another process`);
    for (const s of job.steps.slice(at))
      this.catalog.jobs.updateStep(jobId, s.name, {
        state: 'pending',
        message: `to run again from ${step}`,
        progressDone: 0,
        progressTotal: null,
      });
    return this.catalog.jobs.require(jobId);
  }

  /**
   * The pre-write checks for a job whose fetch is done, without running anything (for a UI that shows
   * them before the operator resumes or confirms). Reads the tape when nothing else blocks.
   */
  async writeChecks(jobId: number, opts: StepWorkOptions & { onIdentity?: (id: TapeIdentity) => void } = {}): Promise<JobWriteChecks> {
    const { onIdentity, ...work } = opts;
    const job = this.catalog.jobs.require(jobId);
    const spec = engineJobOf(job);
    if (spec.kind !== TAPE_JOB_KIND && spec.kind !== WRITE_JOB_KIND)
      throw new SysbError('INVALID_INPUT', `job ${jobId} is a '${spec.kind}' job: it writes no tape`);
    const params = spec.params;
    const imageSetId = params.imageSet?.imageSetId ?? doneStepResult(job, 'fetch')?.imageSetId;
    if (imageSetId === undefined)
      throw new SysbError('INVALID_INPUT', `job ${jobId} has no fetched image set yet; the checks run once the fetch step is done`);
    const checks = await runWriteChecks({
      catalog: this.catalog,
      volser: params.volser,
      imageSetId,
      target: params.target,
      ...(params.capacityBytes === undefined ? {} : { capacityBytes: params.capacityBytes }),
      identify: async (t) => {
        const id = await identifyTape(this.catalog, t, { ...work, maxRecords: 2 });
        onIdentity?.(id);
        return id;
      },
    });
    return { target: params.target, volser: params.volser, checks };
  }

  /** Runs a job from its first unfinished step to the end; rejects with the failing step's error. */
  async run(jobId: number, opts: RunJobOptions = {}): Promise<TapeJobOutcome> {
    if (this.#active.has(jobId)) throw new SysbError('INVALID_INPUT', `job ${jobId} is already running in this process`);
    this.detectInterrupted();
    const job = this.catalog.jobs.require(jobId);
    // The stored params are validated before anything runs: a bad row is a CATALOG error naming the job and field.
    const spec = engineJobOf(job);
    const running = job.steps.find((s) => s.state === 'running');
    const owner = ownerOf(running);
    if (running && owner && ownerAlive(owner)) {
      throw new SysbError(
        'INVALID_INPUT',
        `job ${jobId} is running in process ${owner.pid} on ${owner.host} (step ${running.name}); wait for it or stop that process`,
      );
    }
    const log = new JobLog(job.logPath ?? newJobLogPath(this.logDir));
    this.#active.add(jobId);
    const say = (line: string): void => {
      log.write(line);
      this.#emit({ type: 'log', jobId, line });
    };
    try {
      const todo = job.steps.filter((s) => s.state !== 'done').map((s) => s.name as TapeJobStep);
      say(
        job.steps.every((s) => s.state === 'pending')
          ? `job ${jobId}: ${describeJob(spec)}`
          : `job ${jobId}: resuming at ${todo[0] ?? '(nothing left)'}`,
      );
      for (const step of todo) await this.#runStep(spec, jobId, step, opts, say);
      say(`job ${jobId}: done`);
      return this.outcome(jobId);
    } finally {
      this.#active.delete(jobId);
    }
  }

  /** What a job produced so far (from the stored step results). */
  outcome(jobId: number): TapeJobOutcome {
    const job = this.catalog.jobs.require(jobId);
    const spec = engineJobOf(job);
    const verify = doneStepResult(job, 'verify');
    const record = doneStepResult(job, 'record');
    const fetch = doneStepResult(job, 'fetch');
    const chosen = spec.kind === IMAGE_SET_JOB_KIND ? undefined : spec.params.imageSet;
    return {
      job,
      verdict: verify?.verdict ?? null,
      imageSetDir: fetch?.dir ?? chosen?.dir ?? null,
      labelPdf: record?.labelPdf ?? null,
      labelPng: record?.labelPng ?? null,
    };
  }

  async #runStep(spec: EngineJob, jobId: number, step: TapeJobStep, opts: RunJobOptions, say: (line: string) => void): Promise<void> {
    const owner = currentOwner();
    this.catalog.jobs.updateStep(jobId, step, { state: 'running', message: null, progressDone: 0, progressTotal: null, result: { owner } });
    this.#emit({ type: 'step', jobId, step, state: 'running', message: null });
    say(`== ${step}`);
    if (stopsAtStart(step)) stopHere();
    let lastPersist = 0;
    let stopped = false;
    const work: StepWorkOptions = {
      onLog: say,
      onProgress: (p) => {
        const progress = toStepProgress(step, p);
        this.#emit({ type: 'progress', jobId, progress });
        if (!stopped && stopsAt(progress)) {
          stopped = true;
          stopHere();
        }
        const now = Date.now();
        if (now - lastPersist >= PERSIST_PROGRESS_MS) {
          lastPersist = now;
          this.catalog.jobs.recordProgress(jobId, step, Math.round(progress.bytes), progress.totalBytes);
        }
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
    const ctx: StepBase = {
      catalog: this.catalog,
      jobId,
      work,
      secrets: opts.secrets ?? {},
      consent: opts,
      log: say,
      earlier: (name) => requireStepResult(this.catalog.jobs.require(jobId), name),
      onChecks: (checks: WriteCheck[]) => this.#emit({ type: 'checks', jobId, checks }),
    };
    try {
      opts.signal?.throwIfAborted();
      const result = await stepBody(spec, step, ctx);
      const message = summaryOf(step, result);
      this.catalog.jobs.updateStep(jobId, step, { state: 'done', message, result: { ...result, owner } });
      this.#emit({ type: 'step', jobId, step, state: 'done', message });
      say(`${step}: done${message ? ` — ${message}` : ''}`);
    } catch (err) {
      const cancelled = opts.signal?.aborted === true || (err instanceof SysbError && err.code === 'CANCELLED');
      const message = cancelled ? `cancelled by the operator` : err instanceof Error ? err.message : String(err);
      // The failed step keeps its stable error code, so the UI shows the same code after a restart.
      const errorCode: ErrorCode = cancelled ? 'CANCELLED' : toErrorInfo(err).code;
      this.catalog.jobs.updateStep(jobId, step, {
        state: cancelled ? 'cancelled' : 'failed',
        message: message.slice(0, 4000),
        result: { errorCode },
      });
      this.#emit({ type: 'step', jobId, step, state: cancelled ? 'cancelled' : 'failed', message });
      say(`${step}: ${cancelled ? 'cancelled' : `FAILED — ${message}`}`);
      if (cancelled && !(err instanceof SysbError && err.code === 'CANCELLED'))
        throw new SysbError('CANCELLED', `job ${jobId} cancelled during ${step}`);
      throw err;
    }
  }

  #emit(event: JobEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch {
        // A listener's bug must not break the job.
      }
    }
  }
}

/** What every step body gets besides the params of its job. */
type StepBase = Omit<StepContext, 'params'>;

/** The body of `step` for a job of this kind, with that kind's typed params. */
function stepBody(spec: EngineJob, step: TapeJobStep, base: StepBase): Promise<object> {
  const wrong = (): never => {
    throw new SysbError('INTERNAL', `a '${spec.kind}' job has no step '${step}'`);
  };
  switch (spec.kind) {
    case TAPE_JOB_KIND: {
      const ctx = { ...base, params: spec.params };
      switch (step) {
        case 'capture':
          return captureStep(ctx);
        case 'fetch':
          return fetchStep(ctx);
        case 'write':
          return writeStep(ctx);
        case 'verify':
          return verifyStep(ctx);
        case 'record':
          return recordStep(ctx);
        default:
          return assertNever(step);
      }
    }
    case IMAGE_SET_JOB_KIND: {
      const ctx = { ...base, params: spec.params };
      return step === 'capture' ? captureStep(ctx) : step === 'fetch' ? fetchStep(ctx) : wrong();
    }
    case WRITE_JOB_KIND:
      return step === 'write' ? writeStep({ ...base, params: spec.params }) : wrong();
    // A verify job has no write of its own: it compares with the cartridge's last good write.
    case VERIFY_JOB_KIND:
      return step === 'verify' ? reverifyStep({ ...base, params: spec.params }) : wrong();
    default:
      return assertNever(spec);
  }
}

/** One line saying what a job does, for its log. */
export function describeJob(spec: EngineJob): string {
  switch (spec.kind) {
    case IMAGE_SET_JOB_KIND:
      return `capture on ${spec.params.server} into ${spec.params.stagingRoot}`;
    case VERIFY_JOB_KIND: {
      const p = spec.params;
      return `verify ${p.volser} on ${p.target} against ${p.imageSet ? `image set ${p.imageSet.imageSetId}` : 'its last good write'}`;
    }
    case WRITE_JOB_KIND: {
      const p = spec.params;
      return `write image set ${p.imageSet.imageSetId} of ${p.server} → ${p.target} (${p.volser})`;
    }
    case TAPE_JOB_KIND:
      return `${spec.params.server} → ${spec.params.target} (${spec.params.volser})`;
    default:
      return assertNever(spec);
  }
}

function summaryOf(step: TapeJobStep, result: object): string | null {
  const r = result as Record<string, unknown>;
  switch (step) {
    case 'capture':
      return 'images captured on the server';
    case 'fetch':
      return `image set ${String(r.imageSetId)} in ${String(r.dir)}`;
    case 'write':
      return `write ${String(r.writeId)} recorded`;
    case 'verify':
      return `verdict ${String(r.verdict)} (verification ${String(r.verificationId)})`;
    case 'record':
      return r.labelPdf ? `label ${String(r.labelPdf)}` : null;
    default: {
      const never: never = step;
      return String(never);
    }
  }
}
