/** Read-back verifications: verdict, per-record results, problems and the mksysb member count. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import type { CartridgeRepo } from './cartridges.ts';
import { type NewVerification, type Problem, type RecordResult, type Verdict, type Verification, type VerifiedRecord } from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';

interface VerificationRow {
  id: number;
  volser: string;
  write_id: number | null;
  job_id: number | null;
  drive: string;
  verified_at: string;
  verdict: string;
  problems: string;
  mksysb_member_count: number | null;
}
interface RecordRow {
  verification_id: number;
  record_no: number;
  block_size: number | null;
  blocks: number | null;
  bytes: number | null;
  sha256: string | null;
  result: string;
}

const SELECT = `SELECT v.id, c.volser, v.write_id, v.job_id, v.drive, v.verified_at, v.verdict, v.problems, v.mksysb_member_count
  FROM verifications v JOIN cartridges c ON c.id = v.cartridge_id`;

/** Records and reads verifications; a cartridge keeps its whole history of them. */
export class VerificationRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #cartridges: CartridgeRepo;
  readonly #forCartridge: Database.Statement<[number, number], VerificationRow>;

  constructor(db: Database.Database, cartridges: CartridgeRepo) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#cartridges = cartridges;
    this.#forCartridge = db.prepare(`${SELECT} WHERE v.cartridge_id = ? ORDER BY v.verified_at DESC, v.id DESC LIMIT ?`);
  }

  /** Records a verification and sets the cartridge to verified (pass) or failed (fail), in one transaction. */
  record(input: NewVerification): Verification {
    const v = validate((s) => s.newVerificationSchema, input, 'verification');
    const id = immediate(this.#db, () => {
      const c = this.#cartridges.require(v.volser);
      if (v.writeId !== undefined) {
        const w = this.#sql<[number], { cartridge_id: number }>('SELECT cartridge_id FROM writes WHERE id = ?').get(v.writeId);
        if (!w) throw new SysbError('NOT_FOUND', `verification: writeId ${v.writeId} is not in the catalog`);
        if (w.cartridge_id !== c.id)
          throw new SysbError('INVALID_INPUT', `verification: writeId ${v.writeId} belongs to another cartridge, not ${c.volser}`);
      }
      if (v.jobId !== undefined && !this.#sql('SELECT 1 FROM jobs WHERE id = ?').get(v.jobId))
        throw new SysbError('NOT_FOUND', `verification: jobId ${v.jobId} is not in the catalog`);
      const vid = Number(
        this.#sql(
          'INSERT INTO verifications (cartridge_id, write_id, job_id, drive, verified_at, verdict, problems, mksysb_member_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          c.id,
          v.writeId ?? null,
          v.jobId ?? null,
          v.drive,
          v.verifiedAt,
          v.verdict,
          JSON.stringify(v.problems),
          v.mksysbMemberCount ?? null,
        ).lastInsertRowid,
      );
      const ins = this.#sql(
        'INSERT INTO verification_records (verification_id, record_no, block_size, blocks, bytes, sha256, result) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of v.records) ins.run(vid, r.index, r.blockSize ?? null, r.blocks ?? null, r.bytes ?? null, r.sha256 ?? null, r.result);
      this.#sql(
        `UPDATE cartridges SET
          status = CASE WHEN status = 'retired' THEN status ELSE ? END,
          first_used_at = COALESCE(first_used_at, ?),
          last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END
        WHERE id = ?`,
      ).run(v.verdict === 'pass' ? 'verified' : 'failed', v.verifiedAt, v.verifiedAt, v.verifiedAt, c.id);
      return vid;
    });
    return this.get(id)!;
  }

  /** One verification with its records. */
  get(id: number): Verification | undefined {
    const row = this.#sql<[number], VerificationRow>(`${SELECT} WHERE v.id = ?`).get(id);
    return row ? this.#withRecords([row])[0] : undefined;
  }

  /** A cartridge's verifications, newest first (at most `limit`). */
  listFor(cartridgeId: number, limit = 1000): Verification[] {
    return this.#withRecords(this.#forCartridge.all(cartridgeId, limit));
  }

  /** Every verification, oldest first, in pages (for export). */
  *iterateAll(pageSize = 1000): Generator<Verification> {
    let after = 0;
    for (;;) {
      const rows = this.#sql<[number, number], VerificationRow>(`${SELECT} WHERE v.id > ? ORDER BY v.id LIMIT ?`).all(after, pageSize);
      if (rows.length === 0) return;
      yield* this.#withRecords(rows);
      after = rows[rows.length - 1]!.id;
    }
  }

  #withRecords(rows: VerificationRow[]): Verification[] {
    if (rows.length === 0) return [];
    const recs = this.#sql<[string], RecordRow>(
      `SELECT * FROM verification_records WHERE verification_id IN (SELECT value FROM json_each(?)) ORDER BY record_no`,
    ).all(JSON.stringify(rows.map((r) => r.id)));
    const byId = new Map<number, VerifiedRecord[]>();
    for (const r of recs) {
      const list = byId.get(r.verification_id) ?? [];
      list.push({
        index: r.record_no,
        blockSize: r.block_size,
        blocks: r.blocks,
        bytes: r.bytes,
        sha256: r.sha256,
        result: r.result as RecordResult,
      });
      byId.set(r.verification_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      volser: r.volser,
      writeId: r.write_id,
      jobId: r.job_id,
      drive: r.drive,
      verifiedAt: r.verified_at,
      verdict: r.verdict as Verdict,
      records: byId.get(r.id) ?? [],
      problems: JSON.parse(r.problems) as Problem[],
      mksysbMemberCount: r.mksysb_member_count,
    }));
  }
}
