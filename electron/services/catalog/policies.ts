/** Backup policies: one default (server_id NULL) and per-server rows whose NULL columns inherit it. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import {
  BUILTIN_POLICY,
  type BackupPolicy,
  type EffectivePolicy,
  POLICY_FIELDS,
  type PolicyField,
  type PolicyPatch,
} from '../../../shared/operations.ts';
import { type Clock, isoInstant } from './clock.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';

interface PolicyRow {
  max_age_days: number | null;
  copies: number | null;
  offsite_copies: number | null;
  offsite_locations: string | null;
  reverify_days: number | null;
  retention_days: number | null;
}

const COLUMN: Record<PolicyField, keyof PolicyRow> = {
  maxAgeDays: 'max_age_days',
  copies: 'copies',
  offsiteCopies: 'offsite_copies',
  offsiteLocations: 'offsite_locations',
  reverifyDays: 'reverify_days',
  retentionDays: 'retention_days',
};

function ownFields(row: PolicyRow | undefined): Partial<BackupPolicy> {
  const out: Partial<BackupPolicy> = {};
  if (!row) return out;
  for (const f of POLICY_FIELDS) {
    const v = row[COLUMN[f]];
    if (v === null || v === undefined) continue;
    if (f === 'offsiteLocations') out.offsiteLocations = JSON.parse(v as string) as string[];
    else out[f] = v as number;
  }
  return out;
}

/** Checks a patch field by field; the message names the field. */
function checkPatch(patch: PolicyPatch, allowNull: boolean): void {
  for (const f of POLICY_FIELDS) {
    const v = patch[f];
    if (v === undefined) continue;
    if (v === null) {
      if (!allowNull) throw new SysbError('INVALID_INPUT', `the default policy cannot inherit ${f}: give it a value`);
      continue;
    }
    if (f === 'offsiteLocations') {
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === ''))
        throw new SysbError('INVALID_INPUT', 'offsiteLocations must be a list of non-empty names');
      continue;
    }
    const min = f === 'offsiteCopies' || f === 'retentionDays' ? 0 : 1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 36500) {
      throw new SysbError('INVALID_INPUT', `${f} must be a whole number from ${min} to 36500, got ${String(v)}`);
    }
  }
}

/** Reads and changes policies. */
export class PolicyRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #now: Clock;

  constructor(db: Database.Database, now: Clock) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#now = now;
  }

  #row(serverId: number | null): PolicyRow | undefined {
    return serverId === null
      ? this.#sql<[], PolicyRow>('SELECT * FROM policies WHERE server_id IS NULL').get()
      : this.#sql<[number], PolicyRow>('SELECT * FROM policies WHERE server_id = ?').get(serverId);
  }

  /** The default policy: the built-in one with what the operator set. */
  defaultPolicy(): BackupPolicy {
    return { ...BUILTIN_POLICY, ...ownFields(this.#row(null)) };
  }

  /** The policy in effect for a server (null: the default) and the fields it sets itself. */
  effective(server: { id: number; name: string } | null): EffectivePolicy {
    if (!server)
      return { server: null, policy: this.defaultPolicy(), own: POLICY_FIELDS.filter((f) => ownFields(this.#row(null))[f] !== undefined) };
    const own = ownFields(this.#row(server.id));
    return { server: server.name, policy: { ...this.defaultPolicy(), ...own }, own: POLICY_FIELDS.filter((f) => own[f] !== undefined) };
  }

  /**
   * Changes the default policy (serverId null) or a server's; null in a server's patch inherits the default
   * again. The result must keep offsiteCopies ≤ copies.
   */
  set(serverId: number | null, patch: PolicyPatch): void {
    checkPatch(patch, serverId !== null);
    immediate(this.#db, () => {
      const current: Record<string, unknown> = { ...(this.#row(serverId) ?? {}) };
      for (const f of POLICY_FIELDS) {
        const v = patch[f];
        if (v === undefined) continue;
        current[COLUMN[f]] = v === null ? null : f === 'offsiteLocations' ? JSON.stringify((v as string[]).map((s) => s.trim())) : v;
      }
      const merged = { ...this.defaultPolicy(), ...ownFields(current as unknown as PolicyRow) };
      if (merged.offsiteCopies > merged.copies) {
        throw new SysbError('INVALID_INPUT', `offsiteCopies (${merged.offsiteCopies}) cannot exceed copies (${merged.copies})`);
      }
      const v = (c: keyof PolicyRow) => (current[c] ?? null) as number | string | null;
      // Replace rather than upsert: UNIQUE(server_id) does not catch two NULLs (the default row).
      if (serverId === null) this.#sql('DELETE FROM policies WHERE server_id IS NULL').run();
      else this.#sql<[number]>('DELETE FROM policies WHERE server_id = ?').run(serverId);
      this.#sql(
        `INSERT INTO policies (server_id, max_age_days, copies, offsite_copies, offsite_locations, reverify_days, retention_days, updated_at)
          VALUES (@serverId, @max, @copies, @offsite, @locations, @reverify, @retention, @now)`,
      ).run({
        serverId,
        max: v('max_age_days'),
        copies: v('copies'),
        offsite: v('offsite_copies'),
        locations: v('offsite_locations'),
        reverify: v('reverify_days'),
        retention: v('retention_days'),
        now: isoInstant(this.#now()),
      });
    });
  }

  /** Drops a server's own policy: it follows the default again. Returns whether it had one. */
  reset(serverId: number): boolean {
    return this.#sql<[number]>('DELETE FROM policies WHERE server_id = ?').run(serverId).changes > 0;
  }
}
