/** Jobs as durable ordered steps; the job's state is derived from its steps so the two never disagree. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { type Clock, isoInstant } from './clock.ts';
import type { CartridgeRepo } from './cartridges.ts';
import { type Job, type JobStep, type NewJob, type StepState, type StepUpdate, STEP_STATES } from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';

interface JobRow {
  id: number;
  kind: string;
  state: string;
  server_id: number | null;
  image_set_id: number | null;
  volser: string | null;
  params: string;
  log_path: string | null;
  created_at: string;
  updated_at: string;
}
interface StepRow {
  job_id: number;
  seq: number;
  name: string;
  state: string;
  started_at: string | null;
  ended_at: string | null;
  progress_done: number;
  progress_total: number | null;
  message: string | null;
  result: string | null;
}

const SELECT = `SELECT j.id, j.kind, j.state, j.server_id, j.image_set_id, c.volser, j.params, j.log_path, j.created_at, j.updated_at
  FROM jobs j LEFT JOIN cartridges c ON c.id = j.cartridge_id`;

/** A job's state from its steps: a failure, cancellation or interruption anywhere wins; then running; then done. */
export function deriveJobState(steps: readonly StepState[]): StepState {
  for (const s of ['failed', 'cancelled', 'interrupted'] as const) if (steps.includes(s)) return s;
  if (steps.includes('running')) return 'running';
  if (steps.length > 0 && steps.every((s) => s === 'done')) return 'done';
  return steps.includes('done') ? 'running' : 'pending';
}

function isTerminal(s: StepState): boolean {
  switch (s) {
    case 'pending':
    case 'running':
      return false;
    case 'done':
    case 'failed':
    case 'cancelled':
    case 'interrupted':
      return true;
    default: {
      const never: never = s;
      throw new Error(`unexpected step state ${String(never)}`);
    }
  }
}

/** Filters for listing jobs. */
export interface JobFilter {
  states?: StepState[];
  limit?: number;
}

/** The verdict a job's verify step recorded: pass, fail, or none (no verify step done). */
export type JobVerdictFilter = 'any' | 'pass' | 'fail' | 'none';

/** One page of jobs, filtered and sorted by start time in the catalog (the Jobs view). */
export interface JobPageQuery {
  /** Only these kinds (catalog kinds, e.g. 'tape-write'); an empty list matches nothing. */
  kinds: readonly string[];
  /** Only these states; empty or absent: any state. */
  states?: readonly StepState[];
  verdict?: JobVerdictFilter;
  /** By start (created_at, then id): newest first ('desc', the default) or oldest first. */
  direction?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

// The verdict of a job's done verify step, as stored in its result; NULL when there is none.
const VERDICT_SQL = `(SELECT json_extract(s.result, '$.verdict') FROM job_steps s WHERE s.job_id = j.id AND s.name = 'verify' AND s.state = 'done')`;

/** Creates jobs and records step progress. */
export class JobRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #now: Clock;
  readonly #cartridges: CartridgeRepo;

  constructor(db: Database.Database, now: Clock, cartridges: CartridgeRepo) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#now = now;
    this.#cartridges = cartridges;
  }

  /** Creates a job whose steps are all pending. */
  create(input: NewJob): Job {
    const j = validate((s) => s.newJobSchema, input, 'job');
    const now = isoInstant(this.#now());
    const id = immediate(this.#db, () => {
      const cartridgeId = j.volser ? this.#cartridges.require(j.volser).id : null;
      const jobId = Number(
        this.#sql(
          'INSERT INTO jobs (kind, state, server_id, image_set_id, cartridge_id, params, log_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          j.kind,
          'pending',
          j.serverId ?? null,
          j.imageSetId ?? null,
          cartridgeId,
          JSON.stringify(j.params),
          j.logPath ?? null,
          now,
          now,
        ).lastInsertRowid,
      );
      const ins = this.#sql(`INSERT INTO job_steps (job_id, seq, name, state) VALUES (?, ?, ?, 'pending')`);
      j.steps.forEach((name, i) => ins.run(jobId, i + 1, name));
      return jobId;
    });
    return this.get(id)!;
  }

  /** One job with its steps, or undefined. */
  get(id: number): Job | undefined {
    const row = this.#sql<[number], JobRow>(`${SELECT} WHERE j.id = ?`).get(id);
    return row ? this.#withSteps([row])[0] : undefined;
  }

  /** One job; NOT_FOUND otherwise. */
  require(id: number): Job {
    const j = this.get(id);
    if (!j) throw new SysbError('NOT_FOUND', `no job ${id} in the catalog; 'sysbtape jobs list' shows the jobs`);
    return j;
  }

  /** Jobs, newest first, optionally only in some states (e.g. ['interrupted', 'failed'] for resumable ones). */
  list(filter: JobFilter = {}): Job[] {
    const states = filter.states ?? [];
    for (const s of states)
      if (!STEP_STATES.includes(s)) throw new SysbError('INVALID_INPUT', `job state must be one of ${STEP_STATES.join(', ')}`);
    const where = states.length > 0 ? `WHERE j.state IN (${states.map(() => '?').join(',')})` : '';
    return this.#withSteps(
      this.#sql<unknown[], JobRow>(`${SELECT} ${where} ORDER BY j.created_at DESC, j.id DESC LIMIT ?`).all(...states, filter.limit ?? 200),
    );
  }

  /** One page of jobs matching the query, and how many match in all. */
  page(q: JobPageQuery): { jobs: Job[]; total: number } {
    const states = q.states ?? [];
    for (const st of states)
      if (!STEP_STATES.includes(st)) throw new SysbError('INVALID_INPUT', `job state must be one of ${STEP_STATES.join(', ')}`);
    if (q.kinds.length === 0) return { jobs: [], total: 0 };
    const where = [`j.kind IN (${q.kinds.map(() => '?').join(',')})`];
    const args: (string | number)[] = [...q.kinds];
    if (states.length > 0) {
      where.push(`j.state IN (${states.map(() => '?').join(',')})`);
      args.push(...states);
    }
    const verdict = q.verdict ?? 'any';
    if (verdict === 'pass' || verdict === 'fail') {
      where.push(`${VERDICT_SQL} = ?`);
      args.push(verdict);
    }
    if (verdict === 'none') where.push(`coalesce(${VERDICT_SQL}, '') NOT IN ('pass', 'fail')`);
    const filter = `WHERE ${where.join(' AND ')}`;
    const total = this.#sql<unknown[], { n: number }>(`SELECT count(*) AS n FROM jobs j ${filter}`).get(...args)!.n;
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = this.#sql<unknown[], JobRow>(`${SELECT} ${filter} ORDER BY j.created_at ${dir}, j.id ${dir} LIMIT ? OFFSET ?`).all(
      ...args,
      q.limit,
      q.offset,
    );
    return { jobs: this.#withSteps(rows), total };
  }

  /** Sets one key of a job's params (e.g. the library link recorded right after the job is created). */
  setParam(jobId: number, key: string, value: unknown): Job {
    const now = isoInstant(this.#now());
    immediate(this.#db, () => {
      const row = this.#sql<[number], { params: string }>('SELECT params FROM jobs WHERE id = ?').get(jobId);
      if (!row) throw new SysbError('NOT_FOUND', `no job ${jobId} in the catalog`);
      const params = { ...(JSON.parse(row.params) as Record<string, unknown>), [key]: value };
      this.#sql('UPDATE jobs SET params = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(params), now, jobId);
    });
    return this.get(jobId)!;
  }

  /**
   * A running step's progress, committed without waiting for the disk: synchronous=NORMAL for this one
   * transaction (WAL mode: the commit is appended to the log, not fsynced). A power cut may lose it (only
   * the byte count); the next step change, committed with synchronous=FULL, makes it durable with itself.
   * The fsync stalled the main thread (up to ~0.2 s, every 5 s) while a fetch kept the disk busy.
   */
  recordProgress(jobId: number, stepName: string, progressDone: number, progressTotal: number | null): Job {
    this.#db.pragma('synchronous = NORMAL');
    try {
      return this.updateStep(jobId, stepName, { progressDone, progressTotal });
    } finally {
      this.#db.pragma('synchronous = FULL');
    }
  }

  /** Changes one step (state, progress, message, result) and re-derives the job state, in one transaction. */
  updateStep(jobId: number, stepName: string, update: StepUpdate): Job {
    const u = validate((s) => s.stepUpdateSchema, update, 'job step');
    const now = isoInstant(this.#now());
    immediate(this.#db, () => {
      const step = this.#sql<[number, string], StepRow>('SELECT * FROM job_steps WHERE job_id = ? AND name = ?').get(jobId, stepName);
      if (!step) throw new SysbError('NOT_FOUND', `job ${jobId} has no step '${stepName}'`);
      const sets: string[] = [];
      const args: (string | number | null)[] = [];
      if (u.state !== undefined) {
        sets.push('state = ?');
        args.push(u.state);
        if (u.state === 'running') {
          sets.push('started_at = ?', 'ended_at = NULL');
          args.push(now);
        }
        if (isTerminal(u.state)) {
          sets.push('ended_at = ?');
          args.push(now);
        }
      }
      if (u.progressDone !== undefined) {
        sets.push('progress_done = ?');
        args.push(u.progressDone);
      }
      if (u.progressTotal !== undefined) {
        sets.push('progress_total = ?');
        args.push(u.progressTotal);
      }
      if (u.message !== undefined) {
        sets.push('message = ?');
        args.push(u.message);
      }
      if (u.result !== undefined) {
        sets.push('result = ?');
        args.push(u.result === null ? null : JSON.stringify(u.result));
      }
      if (sets.length > 0) this.#sql(`UPDATE job_steps SET ${sets.join(', ')} WHERE job_id = ? AND seq = ?`).run(...args, jobId, step.seq);
      this.#refreshState(jobId, now);
    });
    return this.get(jobId)!;
  }

  /** At start-up: every step left running by a crashed process becomes interrupted; returns the jobs touched. */
  markInterrupted(): number[] {
    const now = isoInstant(this.#now());
    return immediate(this.#db, () => {
      const ids = this.#sql<[], { job_id: number }>(`SELECT DISTINCT job_id FROM job_steps WHERE state = 'running'`)
        .all()
        .map((r) => r.job_id);
      this.#sql(`UPDATE job_steps SET state = 'interrupted', ended_at = ? WHERE state = 'running'`).run(now);
      // A crash between two steps leaves no running step but a running job.
      const between = this.#sql<[], { id: number }>(`SELECT id FROM jobs WHERE state = 'running'`)
        .all()
        .map((r) => r.id);
      for (const id of between) {
        if (!ids.includes(id)) {
          this.#sql(
            `UPDATE job_steps SET state = 'interrupted', ended_at = ? WHERE job_id = ? AND seq = (SELECT min(seq) FROM job_steps WHERE job_id = ? AND state = 'pending')`,
          ).run(now, id, id);
          ids.push(id);
        }
      }
      for (const id of ids) this.#refreshState(id, now);
      return ids;
    });
  }

  /** The step a resumed job starts at: the first one not done, or undefined when the job is complete. */
  resumePoint(jobId: number): JobStep | undefined {
    return this.require(jobId).steps.find((s) => s.state !== 'done');
  }

  #refreshState(jobId: number, now: string): void {
    const states = this.#sql<[number], { state: StepState }>('SELECT state FROM job_steps WHERE job_id = ? ORDER BY seq')
      .all(jobId)
      .map((r) => r.state);
    this.#sql('UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?').run(deriveJobState(states), now, jobId);
  }

  #withSteps(rows: JobRow[]): Job[] {
    if (rows.length === 0) return [];
    const steps = this.#sql<[string], StepRow>(`SELECT * FROM job_steps WHERE job_id IN (SELECT value FROM json_each(?)) ORDER BY seq`).all(
      JSON.stringify(rows.map((r) => r.id)),
    );
    const byJob = new Map<number, JobStep[]>();
    for (const s of steps) {
      const list = byJob.get(s.job_id) ?? [];
      list.push({
        seq: s.seq,
        name: s.name,
        state: s.state as StepState,
        startedAt: s.started_at,
        endedAt: s.ended_at,
        progressDone: s.progress_done,
        progressTotal: s.progress_total,
        message: s.message,
        result: s.result === null ? null : (JSON.parse(s.result) as Record<string, unknown>),
      });
      byJob.set(s.job_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state as StepState,
      serverId: r.server_id,
      imageSetId: r.image_set_id,
      volser: r.volser,
      params: JSON.parse(r.params) as Record<string, unknown>,
      logPath: r.log_path,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      steps: byJob.get(r.id) ?? [],
    }));
  }
}
