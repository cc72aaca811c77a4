/** Cartridges: registration, shelf data, searches, retirement and the retention guard. */
import os from 'node:os';
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { type Clock, isoInstant, localDate } from './clock.ts';
import {
  type Cartridge,
  type CartridgeFilter,
  type CartridgePatch,
  type CartridgeSearchResult,
  type CartridgeStatus,
  type GuardedAction,
  type MediaId,
  type NewCartridge,
  type RetentionCheck,
  type RetentionOverride,
  type RetentionOverrideRecord,
} from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';
import { CARTRIDGE_STATUSES, normalizeVolser } from '../../../shared/domain.ts';

const FILTER_KEYS = new Set(['volserPrefix', 'status', 'location', 'limit', 'offset']);

/**
 * The common searches (`tape list` with --status, --location, a prefix) checked without zod, with the
 * schema's defaults and normalising; undefined for anything else, which the schema then checks and words.
 */
function plainFilter(filter: CartridgeFilter):
  | {
      volserPrefix?: string;
      status?: CartridgeStatus[];
      location?: string;
      underRetentionOn?: undefined;
      retentionEndsBy?: undefined;
      limit: number;
      offset: number;
    }
  | undefined {
  if (Object.keys(filter).some((k) => !FILTER_KEYS.has(k))) return undefined;
  const { volserPrefix, status, location, limit = 500, offset = 0 } = filter;
  if (volserPrefix !== undefined && typeof volserPrefix !== 'string') return undefined;
  const prefix = volserPrefix === undefined ? undefined : volserPrefix.trim().toUpperCase();
  if (prefix !== undefined && !/^[A-Z0-9]{0,6}$/.test(prefix)) return undefined;
  if (status !== undefined && !(Array.isArray(status) && status.every((x) => (CARTRIDGE_STATUSES as readonly string[]).includes(x))))
    return undefined;
  if (location !== undefined && (typeof location !== 'string' || location.trim().length > 200)) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000 || !Number.isInteger(offset) || offset < 0) return undefined;
  return {
    ...(prefix !== undefined ? { volserPrefix: prefix } : {}),
    ...(status ? { status } : {}),
    ...(location !== undefined ? { location: location.trim() } : {}),
    limit,
    offset,
  };
}

interface CartridgeRow {
  id: number;
  volser: string;
  media_id: string;
  barcode: string;
  status: string;
  location: string | null;
  retention_until: string | null;
  notes: string | null;
  write_count: number;
  first_used_at: string | null;
  last_used_at: string | null;
  created_at: string;
  retired_at: string | null;
  retired_reason: string | null;
}

const COLUMNS =
  'id, volser, media_id, barcode, status, location, retention_until, notes, write_count, first_used_at, last_used_at, created_at, retired_at, retired_reason';

function toCartridge(r: CartridgeRow): Cartridge {
  return {
    id: r.id,
    volser: r.volser,
    mediaId: r.media_id as MediaId,
    barcode: r.barcode,
    status: r.status as CartridgeStatus,
    location: r.location,
    retentionUntil: r.retention_until,
    notes: r.notes,
    writeCount: r.write_count,
    firstUsedAt: r.first_used_at,
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
    retiredReason: r.retired_reason,
  };
}

/** Cartridge queries and changes; every input is validated, every change is one transaction. */
/** The process writing a cartridge's tape (as a job step's owner stamp). */
export interface CartridgeWriter {
  pid: number;
  host: string;
}

export class CartridgeRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #now: Clock;
  readonly #byVolser: Database.Statement<[string], CartridgeRow>;

  constructor(db: Database.Database, now: Clock) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#now = now;
    this.#byVolser = db.prepare(`SELECT ${COLUMNS} FROM cartridges WHERE volser = ?`);
  }

  /** Registers a new (blank) cartridge; fails if the VOLSER is already known. */
  add(input: NewCartridge): Cartridge {
    const c = validate((s) => s.newCartridgeSchema, input, 'cartridge');
    return immediate(this.#db, () => {
      if (this.get(c.volser))
        throw new SysbError('INVALID_INPUT', `cartridge ${c.volser} is already in the catalog; use 'tape show ${c.volser}'`);
      this.#sql(`INSERT INTO cartridges (volser, media_id, location, retention_until, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
        c.volser,
        c.mediaId,
        c.location ?? null,
        c.retentionUntil ?? null,
        c.notes ?? null,
        isoInstant(this.#now()),
      );
      return this.require(c.volser);
    });
  }

  /** The cartridge with this VOLSER, or undefined. */
  get(volser: string): Cartridge | undefined {
    // The plain VOLSER rule first: a read must not load zod (validate) unless it has an error to word.
    const row = this.#byVolser.get(normalizeVolser(volser) ?? validate((s) => s.volserSchema, volser, 'volser'));
    return row ? toCartridge(row) : undefined;
  }

  /** The cartridge with this VOLSER; NOT_FOUND names it otherwise. */
  require(volser: string): Cartridge {
    const c = this.get(volser);
    if (!c)
      throw new SysbError(
        'NOT_FOUND',
        `no cartridge ${volser.toUpperCase()} in the catalog; add it with 'sysbtape tape add ${volser.toUpperCase()} --media L6'`,
      );
    return c;
  }

  /** Changes location, retention date or notes (null clears). */
  update(volser: string, patch: CartridgePatch): Cartridge {
    const p = validate((s) => s.cartridgePatchSchema, patch, 'cartridge change');
    return immediate(this.#db, () => {
      const c = this.require(volser);
      const sets: string[] = [];
      const args: (string | null)[] = [];
      if (p.location !== undefined) {
        sets.push('location = ?');
        args.push(p.location);
      }
      if (p.retentionUntil !== undefined) {
        sets.push('retention_until = ?');
        args.push(p.retentionUntil);
      }
      if (p.notes !== undefined) {
        sets.push('notes = ?');
        args.push(p.notes);
      }
      if (sets.length > 0) this.#sql(`UPDATE cartridges SET ${sets.join(', ')} WHERE id = ?`).run(...args, c.id);
      return this.require(volser);
    });
  }

  /** Searches by VOLSER prefix, status, location and retention; returns one page (ordered by VOLSER) and the total. */
  search(filter: CartridgeFilter = {}): CartridgeSearchResult {
    const f = plainFilter(filter) ?? validate((s) => s.cartridgeFilterSchema, filter, 'cartridge search');
    const where: string[] = [];
    const args: (string | number)[] = [];
    // GLOB on the BINARY-collated volser uses the unique index as a range scan; the prefix holds only A–Z0–9.
    if (f.volserPrefix) {
      where.push('volser GLOB ?');
      args.push(`${f.volserPrefix}*`);
    }
    if (f.status && f.status.length > 0) {
      where.push(`status IN (${f.status.map(() => '?').join(', ')})`);
      args.push(...f.status);
    }
    if (f.location) {
      where.push('location = ? COLLATE NOCASE');
      args.push(f.location);
    }
    if (f.underRetentionOn) {
      where.push('retention_until >= ?');
      args.push(f.underRetentionOn);
    }
    if (f.retentionEndsBy) {
      where.push('(retention_until IS NULL OR retention_until <= ?)');
      args.push(f.retentionEndsBy);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.#sql<unknown[], CartridgeRow>(`SELECT ${COLUMNS} FROM cartridges ${clause} ORDER BY volser LIMIT ? OFFSET ?`).all(
      ...args,
      f.limit,
      f.offset,
    );
    const total = this.#sql<unknown[], { n: number }>(`SELECT count(*) AS n FROM cartridges ${clause}`).get(...args)!.n;
    return { cartridges: rows.map(toCartridge), total };
  }

  /**
   * Removes a cartridge that was registered but never used (a typo, a try): only while it is blank, was
   * never written, verified or named by a job or a retention override. Anything with history is retired instead.
   */
  deleteBlank(volser: string): Cartridge {
    return this.#db.transaction(() => {
      const c = this.require(volser);
      const used = this.#sql<number[], { n: number }>(
        `
        SELECT (SELECT count(*) FROM writes WHERE cartridge_id = ?) + (SELECT count(*) FROM verifications WHERE cartridge_id = ?)
             + (SELECT count(*) FROM jobs WHERE cartridge_id = ?) + (SELECT count(*) FROM retention_overrides WHERE cartridge_id = ?) AS n`,
      ).get(c.id, c.id, c.id, c.id)!.n;
      if (c.status !== 'blank' || c.writeCount > 0 || used > 0) {
        throw new SysbError(
          'INVALID_INPUT',
          `cartridge ${c.volser} is ${c.status} and has history (${c.writeCount} write(s)); only a blank cartridge never written can be deleted — retire it instead`,
        );
      }
      this.#sql('DELETE FROM cartridges WHERE id = ?').run(c.id);
      return c;
    })();
  }

  /** Every cartridge in VOLSER order, read in pages (for export). */
  *iterateAll(pageSize = 1000): Generator<Cartridge> {
    let after = '';
    for (;;) {
      const rows = this.#sql<[string, number], CartridgeRow>(
        `SELECT ${COLUMNS} FROM cartridges WHERE volser > ? ORDER BY volser LIMIT ?`,
      ).all(after, pageSize);
      if (rows.length === 0) return;
      yield* rows.map(toCartridge);
      after = rows[rows.length - 1]!.volser;
    }
  }

  /** Says whether the cartridge is under retention today (retention dates are inclusive). */
  checkRetention(volser: string): RetentionCheck {
    const c = this.require(volser);
    const today = localDate(this.#now());
    if (c.retentionUntil && c.retentionUntil >= today) {
      return {
        blocked: true,
        retentionUntil: c.retentionUntil,
        message: `cartridge ${c.volser} is under retention until ${c.retentionUntil}; it may not be overwritten or retired before then unless overridden with a reason`,
      };
    }
    return {
      blocked: false,
      retentionUntil: c.retentionUntil,
      message: c.retentionUntil ? `retention of ${c.volser} ended ${c.retentionUntil}` : `${c.volser} has no retention date`,
    };
  }

  /**
   * The retention guard: throws CHECK_BLOCKED while the cartridge is under retention, unless an explicit
   * override with a reason is given — then the override is recorded and the action may go ahead.
   */
  guardRetention(volser: string, action: GuardedAction, override?: RetentionOverride): RetentionCheck {
    return immediate(this.#db, () => {
      const check = this.checkRetention(volser);
      if (!check.blocked) return check;
      if (!override)
        throw new SysbError('CHECK_BLOCKED', check.message, { volser: volser.toUpperCase(), retentionUntil: check.retentionUntil, action });
      const o = validate((s) => s.retentionOverrideSchema, override, 'retention override');
      const c = this.require(volser);
      this.#sql(
        'INSERT INTO retention_overrides (cartridge_id, action, reason, job_id, retention_until, at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(c.id, action, o.reason, o.jobId ?? null, check.retentionUntil, isoInstant(this.#now()));
      return { ...check, message: `${check.message}; overridden: ${o.reason}` };
    });
  }

  /** Retention overrides recorded for a cartridge, newest first. */
  overrides(volser: string): RetentionOverrideRecord[] {
    const c = this.require(volser);
    return this.#sql<[number], { id: number; action: GuardedAction; reason: string; job_id: number | null; at: string }>(
      'SELECT id, action, reason, job_id, at FROM retention_overrides WHERE cartridge_id = ? ORDER BY at DESC, id DESC',
    )
      .all(c.id)
      .map((r) => ({ id: r.id, volser: c.volser, action: r.action, reason: r.reason, jobId: r.job_id, at: r.at }));
  }

  /**
   * Marks the cartridge `writing` just before the first byte goes to its tape: from then on the catalog
   * no longer claims what the tape held before. Returns the status it had (to put back with
   * `writeNotStarted` when the writer refused before touching the tape). A retired cartridge stays retired.
   * The writer is this process (the one that writes the tape and settles the catalog afterwards): recorded
   * with the status, so that if it dies mid-write `settleAbandonedWrites` can tell.
   */
  startWrite(volser: string, writer: CartridgeWriter = { pid: process.pid, host: os.hostname() }): CartridgeStatus {
    return immediate(this.#db, () => {
      const c = this.require(volser);
      if (c.status === 'retired') return c.status;
      this.#sql(`UPDATE cartridges SET status = 'writing' WHERE id = ?`).run(c.id);
      this.#sql(
        `INSERT INTO cartridge_writers (cartridge_id, pid, host, started_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (cartridge_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at`,
      ).run(c.id, writer.pid, writer.host, isoInstant(this.#now()));
      return c.status;
    });
  }

  /**
   * Cartridges left `writing` by a process that is gone (`isGone` decides, e.g. by pid on this host) become
   * `unknown`: their tape may be half written. One immediate transaction, so a write that starts meanwhile
   * (a new writer row) is never mistaken for the dead one. A `writing` cartridge without a recorded writer
   * (written before writers were recorded) is left as it is. Returns the volsers marked.
   */
  settleAbandonedWrites(isGone: (writer: CartridgeWriter) => boolean): string[] {
    // The common case costs one indexed read and no write lock.
    const count = this.#sql<[], { n: number }>(`SELECT count(*) AS n FROM cartridges WHERE status = 'writing'`).get()!.n;
    if (count === 0) return [];
    return immediate(this.#db, () => {
      const rows = this.#sql<[], { id: number; volser: string; pid: number; host: string }>(
        `SELECT c.id, c.volser, w.pid, w.host FROM cartridges c JOIN cartridge_writers w ON w.cartridge_id = c.id WHERE c.status = 'writing'`,
      ).all();
      const marked: string[] = [];
      for (const r of rows) {
        if (!isGone({ pid: r.pid, host: r.host })) continue;
        this.#sql(`UPDATE cartridges SET status = 'unknown' WHERE id = ?`).run(r.id);
        marked.push(r.volser);
      }
      return marked;
    });
  }

  /** Undoes `startWrite` when nothing was written (the tape is as it was); a no-op once anything else changed the status. */
  writeNotStarted(volser: string, previous: CartridgeStatus): Cartridge {
    return immediate(this.#db, () => {
      const c = this.require(volser);
      if (c.status === 'writing') this.#sql('UPDATE cartridges SET status = ? WHERE id = ?').run(previous, c.id);
      return this.require(volser);
    });
  }

  /**
   * The tape was (or may have been) overwritten without a finished, recorded write: its contents are
   * unknown until a new write and verification. A retired cartridge stays retired.
   */
  markContentsUnknown(volser: string): Cartridge {
    return immediate(this.#db, () => {
      const c = this.require(volser);
      if (c.status !== 'retired') this.#sql(`UPDATE cartridges SET status = 'unknown' WHERE id = ?`).run(c.id);
      return this.require(volser);
    });
  }

  /** Retires a cartridge (end of life); guarded by retention. The override, if used, is recorded in the same transaction. */
  retire(volser: string, reason: string, override?: RetentionOverride): Cartridge {
    if (!reason.trim()) throw new SysbError('INVALID_INPUT', 'retire: reason must not be empty');
    return immediate(this.#db, () => {
      const c = this.require(volser);
      if (c.status === 'retired') throw new SysbError('INVALID_INPUT', `cartridge ${c.volser} is already retired (${c.retiredAt ?? ''})`);
      this.guardRetention(volser, 'retire', override);
      this.#sql(`UPDATE cartridges SET status = 'retired', retired_at = ?, retired_reason = ? WHERE id = ?`).run(
        isoInstant(this.#now()),
        reason.trim(),
        c.id,
      );
      return this.require(volser);
    });
  }
}
