/** Capture schedules (one per server) with their last attempt, last success and back-off state. */
import type Database from 'better-sqlite3';
import type { Schedule } from '../../../shared/operations.ts';
import { type Clock, isoInstant } from './clock.ts';
import { type Prepare, statementsOf } from './statements.ts';

interface ScheduleRow {
  id: number;
  server_id: number;
  server: string;
  every_seconds: number | null;
  cron: string | null;
  created_at: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  failures: number;
  retry_at: string | null;
}

function toSchedule(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    server: r.server,
    serverId: r.server_id,
    everySeconds: r.every_seconds,
    cron: r.cron,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    failures: r.failures,
    retryAt: r.retry_at,
  };
}

const SELECT = 'SELECT sc.*, s.name AS server FROM schedules sc JOIN servers s ON s.id = sc.server_id';

/** When a schedule repeats: exactly one of the two. */
export type ScheduleRule = { everySeconds: number; cron?: undefined } | { cron: string; everySeconds?: undefined };

/** Reads and changes schedules; the caller checks the rule (cron syntax) before. */
export class ScheduleRepo {
  readonly #sql: Prepare;
  readonly #now: Clock;

  constructor(db: Database.Database, now: Clock) {
    this.#sql = statementsOf(db);
    this.#now = now;
  }

  /** Adds or replaces the schedule of a server; replacing starts its failure count again. */
  put(serverId: number, rule: ScheduleRule): Schedule {
    this.#sql(
      `INSERT INTO schedules (server_id, every_seconds, cron, created_at) VALUES (@serverId, @every, @cron, @now)
        ON CONFLICT(server_id) DO UPDATE SET every_seconds = excluded.every_seconds, cron = excluded.cron, failures = 0, retry_at = NULL, last_error = NULL`,
    ).run({ serverId, every: rule.everySeconds ?? null, cron: rule.cron ?? null, now: isoInstant(this.#now()) });
    return this.forServer(serverId)!;
  }

  /** Every schedule, by server name. */
  list(): Schedule[] {
    return this.#sql<[], ScheduleRow>(`${SELECT} ORDER BY s.name`).all().map(toSchedule);
  }

  /** The schedule of a server, if any. */
  forServer(serverId: number): Schedule | undefined {
    const r = this.#sql<[number], ScheduleRow>(`${SELECT} WHERE sc.server_id = ?`).get(serverId);
    return r ? toSchedule(r) : undefined;
  }

  /** Removes a server's schedule; returns whether there was one. */
  remove(serverId: number): boolean {
    return this.#sql<[number]>('DELETE FROM schedules WHERE server_id = ?').run(serverId).changes > 0;
  }

  /** Records a successful scheduled capture: the failure count starts again. */
  noteSuccess(serverId: number, at: Date): void {
    this.#sql(
      'UPDATE schedules SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, failures = 0, retry_at = NULL WHERE server_id = @serverId',
    ).run({ serverId, at: isoInstant(at) });
  }

  /** Records a failed attempt and when the next one may start. */
  noteFailure(serverId: number, at: Date, error: string, retryAt: Date): void {
    this.#sql(
      'UPDATE schedules SET last_attempt_at = @at, last_error = @error, failures = failures + 1, retry_at = @retryAt WHERE server_id = @serverId',
    ).run({ serverId, at: isoInstant(at), error, retryAt: isoInstant(retryAt) });
  }
}
