/** Builds catalog files as each earlier schema version left them, with a little data, for migration tests. */
import Database from 'better-sqlite3';
import { runMigrations } from '../../../electron/services/catalog/migrate.ts';

const SHA = (n: number) => n.toString(16).padStart(64, '0');

/** Version 1: one server, one image set, one cartridge with a write and a verification. */
export function buildSchemaV1(file: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 1);
  db.exec(`
    INSERT INTO servers (id, name, host, port, user, auth_method, work_dir, created_at, updated_at)
      VALUES (1, 'aix1', 'aix1.example', 22, 'root', 'key', '/tmp/sysbtape', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    INSERT INTO image_sets (id, server_id, captured_at, os_level, mksysb_options, tapeblksz, staging_path, state)
      VALUES (1, 1, '2026-01-02T00:00:00.000Z', '7300-02-01', '["-i","-e"]', 262144, '/stage/1', 'verified');
    INSERT INTO images VALUES (1, 'boot', '1_boot', 100, '${SHA(1)}', NULL), (1, 'mkinsttape', '2_mkinsttape', 200, '${SHA(2)}', NULL),
      (1, 'mksysb', '4_mksysb', 300, '${SHA(4)}', 'cksum 1 300');
    INSERT INTO cartridges (id, volser, media_id, status, location, retention_until, write_count, first_used_at, last_used_at, created_at)
      VALUES (1, 'OLD001', 'L6', 'verified', 'Vault A', '2030-01-01', 1, '2026-01-03T00:00:00.000Z', '2026-01-03T01:00:00.000Z', '2026-01-01T00:00:00.000Z');
    INSERT INTO writes (id, cartridge_id, image_set_id, drive, started_at, ended_at, result) VALUES (1, 1, 1, '/dev/nst0', '2026-01-03T00:00:00.000Z', '2026-01-03T00:30:00.000Z', 'ok');
    INSERT INTO write_records VALUES (1, 1, 512, 1, 512, '${SHA(11)}'), (1, 2, 512, 1, 512, '${SHA(12)}'), (1, 3, 512, 1, 512, '${SHA(13)}'), (1, 4, 262144, 1, 262144, '${SHA(14)}');
    INSERT INTO verifications (id, cartridge_id, write_id, drive, verified_at, verdict, problems, mksysb_member_count) VALUES (1, 1, 1, '/dev/nst0', '2026-01-03T01:00:00.000Z', 'pass', '[]', 1234);
    INSERT INTO verification_records VALUES (1, 1, 512, 1, 512, '${SHA(11)}', 'ok'), (1, 4, 262144, 1, 262144, '${SHA(14)}', 'ok');
  `);
  db.close();
}

/** Version 2: version 1's data plus a job that was running when the app stopped. */
export function buildSchemaV2(file: string): void {
  buildSchemaV1(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 2);
  db.exec(`
    INSERT INTO jobs (id, kind, state, server_id, image_set_id, cartridge_id, params, log_path, created_at, updated_at)
      VALUES (1, 'backup', 'running', 1, 1, 1, '{"compress":false}', '/logs/1.log', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z');
    INSERT INTO job_steps (job_id, seq, name, state, progress_done, progress_total) VALUES
      (1, 1, 'capture', 'done', 1, 1), (1, 2, 'fetch', 'done', 600, 600), (1, 3, 'write', 'running', 100, 600), (1, 4, 'verify', 'pending', 0, NULL);
    UPDATE writes SET job_id = 1 WHERE id = 1;
  `);
  db.close();
}

/** Version 3: version 2's data plus a retired cartridge and a recorded retention override. */
export function buildSchemaV3(file: string): void {
  buildSchemaV2(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 3);
  db.exec(`
    UPDATE servers SET host_key = 'SHA256:${'B'.repeat(43)}' WHERE id = 1;
    INSERT INTO cartridges (id, volser, media_id, status, write_count, created_at, retired_at, retired_reason, retention_until)
      VALUES (2, 'OLD002', 'LV', 'retired', 0, '2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 'dropped', '2030-01-01');
    INSERT INTO retention_overrides (cartridge_id, action, reason, retention_until, at) VALUES (2, 'retire', 'dropped on the floor', '2030-01-01', '2026-03-01T00:00:00.000Z');
  `);
  db.close();
}

/** Version 4: version 3's data with servers reshaped. */
export function buildSchemaV4(file: string): void {
  buildSchemaV3(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 4);
  db.close();
}

/** Version 5: version 4's data with the cartridge write states (writing, unknown) allowed. */
export function buildSchemaV5(file: string): void {
  buildSchemaV4(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 5);
  db.close();
}

/** Version 6: version 5's data plus the drive-health tables (empty). */
export function buildSchemaV6(file: string): void {
  buildSchemaV5(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 6);
  db.close();
}

/** Version 7: version 6's data plus the member index (empty). */
export function buildSchemaV7(file: string): void {
  buildSchemaV6(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 7);
  db.close();
}

/** Version 8: version 7's data with image_sets.readiness (NULL: the set was recorded before readiness existed). */
export function buildSchemaV8(file: string): void {
  buildSchemaV7(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 8);
  db.close();
}

/**
 * Version 9: version 8's data plus a member index as version 7 stored it (names once, one row per name and
 * image set, no postings): image set 1 and a second backup of aix1 (image set 2), sharing ./etc/hosts.
 */
export function buildSchemaV9(file: string): void {
  buildSchemaV8(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 9);
  db.exec(`
    INSERT INTO image_sets (id, server_id, captured_at, os_level, mksysb_options, tapeblksz, staging_path, state)
      VALUES (2, 1, '2026-02-02T00:00:00.000Z', '7300-02-02', '[]', 262144, '/stage/2', 'verified');
    INSERT INTO member_names (id, name) VALUES (1, './etc'), (2, './etc/hosts'), (3, './etc/inetd.conf'), (4, './etc/ntp.conf');
    INSERT INTO member_names_fts (rowid, name) SELECT id, name FROM member_names;
    INSERT INTO member_indexes (image_set_id, record_no, members, bytes, indexed_at) VALUES
      (1, 4, 3, 180, '2026-01-02T00:00:00.000Z'), (2, 4, 3, 210, '2026-02-02T00:00:00.000Z');
    INSERT INTO image_set_members (name_id, image_set_id, kind, size, mode, uid, gid, mtime, offset) VALUES
      (1, 1, 1, 0, 16877, 0, 0, 1700000000, 0), (2, 1, 0, 50, 33188, 0, 0, 1700000001, 512), (3, 1, 0, 130, 33188, 0, 0, 1700000002, 1024),
      (1, 2, 1, 0, 16877, 0, 0, 1700000000, 0), (2, 2, 0, 80, 33188, 0, 0, 1700000003, 512), (4, 2, 0, 130, 33188, 0, 0, 1700000004, 1024);
  `);
  db.close();
}

/**
 * Version 10: version 9's data migrated to member postings, plus cartridge WRT001 left `writing` by a write
 * from before writers were recorded (no owner: nothing can tell whether its writer is alive, so it stays).
 */
export function buildSchemaV10(file: string): void {
  buildSchemaV9(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, 10);
  db.exec(
    `INSERT INTO cartridges (id, volser, media_id, status, write_count, created_at) VALUES (3, 'WRT001', 'L8', 'writing', 0, '2026-04-01T00:00:00.000Z')`,
  );
  db.close();
}

/** Fixture builders by schema version; every earlier version must have one. */
export const SCHEMA_FIXTURES: Record<number, (file: string) => void> = {
  1: buildSchemaV1,
  2: buildSchemaV2,
  3: buildSchemaV3,
  4: buildSchemaV4,
  5: buildSchemaV5,
  6: buildSchemaV6,
  7: buildSchemaV7,
  8: buildSchemaV8,
  9: buildSchemaV9,
  10: buildSchemaV10,
};

/** Test hash helper: a recognisable SHA-256-shaped string. */
export const fakeSha = SHA;
