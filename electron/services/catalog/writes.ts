/** Tape writes: one row per write with its per-record block size, blocks, bytes and SHA-256. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { BUILTIN_POLICY } from '../../../shared/operations.ts';
import type { CartridgeRepo } from './cartridges.ts';
import { localDate } from './clock.ts';
import { type NewWrite, type TapeWrite, type WriteResult, type WrittenRecord } from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';

interface WriteRow {
  id: number;
  volser: string;
  image_set_id: number | null;
  job_id: number | null;
  drive: string;
  started_at: string;
  ended_at: string;
  result: string;
  error: string | null;
}
interface RecordRow {
  write_id: number;
  record_no: number;
  block_size: number;
  blocks: number;
  bytes: number;
  sha256: string;
}

const SELECT = `SELECT w.id, c.volser, w.image_set_id, w.job_id, w.drive, w.started_at, w.ended_at, w.result, w.error
  FROM writes w JOIN cartridges c ON c.id = w.cartridge_id`;

/** Records and reads tape writes. */
export class WriteRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #cartridges: CartridgeRepo;

  constructor(db: Database.Database, cartridges: CartridgeRepo) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#cartridges = cartridges;
  }

  /** Records a finished write and updates the cartridge (status, write count, first/last use) in one transaction. */
  record(input: NewWrite): TapeWrite {
    const w = validate((s) => s.newWriteSchema, input, 'write');
    if (w.endedAt < w.startedAt) throw new SysbError('INVALID_INPUT', 'write: endedAt must not be before startedAt');
    const id = immediate(this.#db, () => {
      const c = this.#cartridges.require(w.volser);
      if (w.imageSetId !== undefined && !this.#sql('SELECT 1 FROM image_sets WHERE id = ?').get(w.imageSetId)) {
        throw new SysbError('NOT_FOUND', `write: imageSetId ${w.imageSetId} is not in the catalog`);
      }
      if (w.jobId !== undefined && !this.#sql('SELECT 1 FROM jobs WHERE id = ?').get(w.jobId))
        throw new SysbError('NOT_FOUND', `write: jobId ${w.jobId} is not in the catalog`);
      const writeId = Number(
        this.#sql(
          'INSERT INTO writes (cartridge_id, image_set_id, job_id, drive, started_at, ended_at, result, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(c.id, w.imageSetId ?? null, w.jobId ?? null, w.drive, w.startedAt, w.endedAt, w.result, w.error ?? null).lastInsertRowid,
      );
      const ins = this.#sql('INSERT INTO write_records (write_id, record_no, block_size, blocks, bytes, sha256) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of w.records) ins.run(writeId, r.index, r.blockSize, r.blocks, r.bytes, r.sha256);
      const status = statusAfterWrite(w.result);
      // A retired cartridge stays retired: the write is history, not a return to service.
      this.#sql(
        `UPDATE cartridges SET write_count = write_count + 1,
          status = CASE WHEN status = 'retired' THEN status ELSE ? END,
          first_used_at = COALESCE(first_used_at, ?),
          last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END
        WHERE id = ?`,
      ).run(status, w.startedAt, w.endedAt, w.endedAt, c.id);
      if (w.result === 'ok' && w.imageSetId !== undefined) this.#applyPolicyRetention(c.id, w.imageSetId, w.endedAt);
      return writeId;
    });
    return this.get(id)!;
  }

  /**
   * A new tape gets the retention of its server's backup policy (issue 19; none unless the operator set
   * one), counted from the end of the write; a later retention date already on the cartridge is kept.
   */
  #applyPolicyRetention(cartridgeId: number, imageSetId: number, endedAt: string): void {
    const row = this.#sql<[number], { days: number | null }>(
      `SELECT COALESCE(
        (SELECT p.retention_days FROM policies p JOIN image_sets i ON i.server_id = p.server_id WHERE i.id = ?),
        (SELECT retention_days FROM policies WHERE server_id IS NULL)) AS days`,
    ).get(imageSetId);
    const days = row?.days ?? BUILTIN_POLICY.retentionDays;
    if (days <= 0) return;
    const until = localDate(new Date(Date.parse(endedAt) + days * 86_400_000));
    this.#sql(
      `UPDATE cartridges SET retention_until = ? WHERE id = ? AND status <> 'retired' AND (retention_until IS NULL OR retention_until < ?)`,
    ).run(until, cartridgeId, until);
  }

  /** One write with its records. */
  get(id: number): TapeWrite | undefined {
    const row = this.#sql<[number], WriteRow>(`${SELECT} WHERE w.id = ?`).get(id);
    return row ? this.#withRecords([row])[0] : undefined;
  }

  /** A cartridge's writes, newest first. */
  listFor(cartridgeId: number): TapeWrite[] {
    return this.#withRecords(
      this.#sql<[number], WriteRow>(`${SELECT} WHERE w.cartridge_id = ? ORDER BY w.started_at DESC, w.id DESC`).all(cartridgeId),
    );
  }

  /** The newest successful write of a cartridge (what it should hold now). */
  lastGood(cartridgeId: number): TapeWrite | undefined {
    const row = this.#sql<[number], WriteRow>(
      `${SELECT} WHERE w.cartridge_id = ? AND w.result = 'ok' ORDER BY w.started_at DESC, w.id DESC LIMIT 1`,
    ).get(cartridgeId);
    return row ? this.#withRecords([row])[0] : undefined;
  }

  #withRecords(rows: WriteRow[]): TapeWrite[] {
    if (rows.length === 0) return [];
    const recs = this.#sql<[string], RecordRow>(
      `SELECT * FROM write_records WHERE write_id IN (SELECT value FROM json_each(?)) ORDER BY record_no`,
    ).all(JSON.stringify(rows.map((r) => r.id)));
    const byWrite = new Map<number, WrittenRecord[]>();
    for (const r of recs) {
      const list = byWrite.get(r.write_id) ?? [];
      list.push({ index: r.record_no, blockSize: r.block_size, blocks: r.blocks, bytes: r.bytes, sha256: r.sha256 });
      byWrite.set(r.write_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      volser: r.volser,
      imageSetId: r.image_set_id,
      jobId: r.job_id,
      drive: r.drive,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      result: r.result as WriteResult,
      error: r.error,
      records: byWrite.get(r.id) ?? [],
    }));
  }
}

/** The cartridge status a write leaves behind: a write that did not finish leaves contents nobody knows. */
function statusAfterWrite(result: WriteResult): 'written' | 'unknown' {
  switch (result) {
    case 'ok':
      return 'written';
    case 'failed':
      return 'unknown';
    case 'cancelled':
      return 'unknown';
    default: {
      const never: never = result;
      throw new Error(`unexpected write result ${String(never)}`);
    }
  }
}
