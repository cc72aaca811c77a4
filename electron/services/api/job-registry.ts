/**
 * Jobs started from the UI: each gets an id, steps, a log and an AbortController; progress reaches
 * listeners at most four times a second (state changes go out at once) so a fast writer cannot flood
 * the renderer.
 */
import { randomUUID } from 'node:crypto';
import type { ApiEventName, ApiEvents } from '../../../shared/api.ts';
import type { JobId, JobIdentity, JobInfo, JobKind, JobProgress, JobResult, StepState } from '../../../shared/model.ts';
import { type ErrorInfo, SysbError, toErrorInfo } from '../../../shared/errors.ts';

/** Receives every event the API pushes to the renderer. */
export type EventSink = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What a running job's body may do. */
export interface JobContext {
  signal: AbortSignal;
  /** Marks a step running/done/failed; the first pending step by default. */
  step(name: string, state: StepState, message?: string): void;
  progress(p: Omit<JobProgress, 'jobId'>): void;
  log(line: string): void;
}

/** The body of a job: does the work and returns the result shown by the UI. */
export type JobBody = (ctx: JobContext) => Promise<JobResult>;

const PROGRESS_INTERVAL_MS = 250;
const LOG_KEEP = 200;

interface Entry {
  info: JobInfo;
  abort: AbortController;
  lastProgressAt: number;
  pendingProgress: NodeJS.Timeout | null;
  ended: Promise<void>;
}

/** In-memory registry of UI jobs. */
export class JobRegistry {
  readonly #emit: EventSink;
  readonly #jobs = new Map<JobId, Entry>();

  constructor(emit: EventSink) {
    this.#emit = emit;
  }

  /**
   * Starts a job in the background and returns its first snapshot. `catalogJobId` names the durable catalog
   * job it runs (its id in both lists, see engine-jobs.ts); without it a fresh session-only job (a UUID).
   */
  start(kind: JobKind, title: string, steps: string[], body: JobBody, catalogJobId?: number): JobInfo {
    const identity: JobIdentity = catalogJobId === undefined ? { durable: false, id: randomUUID() } : { durable: true, id: catalogJobId };
    const id = identity.id;
    if (this.#jobs.get(id)?.info.state === 'running') throw new SysbError('INVALID_INPUT', `job ${id} is already running`);
    const info: JobInfo = {
      ...identity,
      kind,
      title,
      state: 'running',
      steps: steps.map((name) => ({ name, state: 'pending', message: null })),
      startedAt: new Date().toISOString(),
      endedAt: null,
      progress: null,
      error: null,
      result: null,
      log: [],
    };
    const entry: Entry = { info, abort: new AbortController(), lastProgressAt: 0, pendingProgress: null, ended: Promise.resolve() };
    this.#jobs.delete(id); // a resumed job goes to the top of the list
    this.#jobs.set(id, entry);
    const ctx = this.#context(entry);
    entry.ended = (async () => {
      try {
        const result = await body(ctx);
        this.#finish(entry, 'done', null, result);
      } catch (err) {
        const cancelled = entry.abort.signal.aborted || (err instanceof SysbError && err.code === 'CANCELLED');
        const error: ErrorInfo = cancelled ? { code: 'CANCELLED', message: 'cancelled by the operator' } : toErrorInfo(err);
        this.#finish(entry, cancelled ? 'cancelled' : 'failed', error, null);
      }
    })();
    this.#publish(entry);
    return structuredClone(info);
  }

  /** All jobs, newest first. */
  list(): JobInfo[] {
    return [...this.#jobs.values()].map((e) => structuredClone(e.info)).reverse();
  }

  /** Whether this session holds the job (running here, or run here since the start). */
  has(id: JobId): boolean {
    return this.#jobs.has(id);
  }

  /** One job by id. */
  get(id: JobId): JobInfo {
    return structuredClone(this.#entry(id).info);
  }

  /** Asks a running job to stop; the body sees its AbortSignal fire. */
  cancel(id: JobId): JobInfo {
    const entry = this.#entry(id);
    if (entry.info.state === 'running') entry.abort.abort(new SysbError('CANCELLED', 'cancelled by the operator'));
    return structuredClone(entry.info);
  }

  /**
   * Cancels every running job (at shutdown) and waits up to `waitMs` for them to stop, so durable jobs
   * record "cancelled" before the catalog closes (one that does not stop in time shows as interrupted).
   */
  async cancelAll(waitMs = 10_000): Promise<void> {
    const running = [...this.#jobs.values()].filter((e) => e.info.state === 'running');
    for (const e of running) e.abort.abort(new SysbError('CANCELLED', 'the application is closing'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    await Promise.race([Promise.all(running.map((e) => e.ended)), timeout]);
    clearTimeout(timer);
  }

  #entry(id: JobId): Entry {
    const entry = this.#jobs.get(id);
    if (!entry) throw new SysbError('NOT_FOUND', `no job with id ${id}; list jobs to see the current ones`);
    return entry;
  }

  #context(entry: Entry): JobContext {
    return {
      signal: entry.abort.signal,
      step: (name, state, message) => {
        const step = entry.info.steps.find((s) => s.name === name);
        if (!step) entry.info.steps.push({ name, state, message: message ?? null });
        else {
          step.state = state;
          step.message = message ?? step.message;
        }
        this.#publish(entry);
      },
      progress: (p) => {
        entry.info.progress = { jobId: entry.info.id, ...p };
        this.#throttledPublish(entry);
      },
      log: (line) => {
        entry.info.log.push(line);
        if (entry.info.log.length > LOG_KEEP) entry.info.log.splice(0, entry.info.log.length - LOG_KEEP);
        this.#emit('jobLog', { jobId: entry.info.id, lines: [line] });
      },
    };
  }

  #finish(entry: Entry, state: StepState, error: JobInfo['error'], result: JobResult | null): void {
    if (entry.pendingProgress) clearTimeout(entry.pendingProgress);
    entry.pendingProgress = null;
    entry.info.state = state;
    entry.info.error = error;
    entry.info.result = result;
    entry.info.endedAt = new Date().toISOString();
    for (const s of entry.info.steps) {
      if (s.state === 'running') s.state = state === 'done' ? 'done' : state;
      else if (s.state === 'pending' && state !== 'done') s.state = 'cancelled';
    }
    this.#publish(entry);
  }

  #throttledPublish(entry: Entry): void {
    const wait = entry.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.#publish(entry);
      return;
    }
    entry.pendingProgress ??= setTimeout(() => {
      entry.pendingProgress = null;
      this.#publish(entry);
    }, wait);
  }

  #publish(entry: Entry): void {
    entry.lastProgressAt = Date.now();
    this.#emit('job', structuredClone(entry.info));
  }
}
