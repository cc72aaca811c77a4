/** Opens a catalog file safely: refuse newer schemas, quick_check (unless unchanged since it passed), WAL + foreign keys, backup, migrate. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { dailyBackupIfDue, takeAutomaticBackup } from './backups.ts';
import { catalogFingerprint, passedCheckAsIs, stampPassedCheck } from './check-stamp.ts';
import { damagedCatalogError } from './damaged.ts';
import { SCHEMA_VERSION, refuseNewerCatalog, schemaVersionOf } from './schema-version.ts';
import { catalogErrorFor } from './sqlite-errors.ts';

// better-sqlite3 is CommonJS: require() skips the ESM wrapper's export scan, ~3 ms of every CLI command that opens the catalog.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** How to open a catalog. */
export interface OpenDatabaseOptions {
  /** Take a daily backup into catalog-backups/ when the last one is a day old (default true). */
  autoBackup?: boolean;
  /** How long to wait for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

/**
 * The member index (#12): names, their trigram index, postings and one row per member and backup. It is most
 * of a large catalog (about 1 GiB at 100 backups of 200,000 members) and can be rebuilt from the images or
 * the tapes (`catalog index`, `catalog rebuild`), so the check on every open leaves it out: checking it took
 * seconds of every command. `Catalog.integrityCheck()` still checks the whole file.
 */
const MEMBER_INDEX_TABLES = /^(member_names|member_names_fts(_\w+)?|image_set_members|member_postings)$/;

function quickCheck(db: BetterSqlite3.Database): string[] {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  const checked = tables.filter((t) => !MEMBER_INDEX_TABLES.test(t));
  // quick_check of the whole file when the member index is not there (a new or an older catalog), else per table.
  const msgs = checked.length === tables.length ? quickCheckOf(db) : checked.flatMap((t) => quickCheckOf(db, t));
  return msgs.filter((m) => m !== 'ok');
}

function quickCheckOf(db: BetterSqlite3.Database, table?: string): string[] {
  const rows = db.pragma(table === undefined ? 'quick_check' : `quick_check("${table.replaceAll('"', '""')}")`) as {
    quick_check: string;
  }[];
  return rows.map((r) => r.quick_check);
}

/**
 * Creates a missing catalog file empty and owner-only (0600) before SQLite opens it: SQLite gives the
 * -wal and -shm files the mode of the database file, so they are owner-only too.
 */
export function createOwnerOnly(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Opens (creating if needed) and migrates the catalog database at `catalogPath`. */
export async function openCatalogDatabase(catalogPath: string, options: OpenDatabaseOptions = {}): Promise<BetterSqlite3.Database> {
  fs.mkdirSync(path.dirname(catalogPath), { recursive: true, mode: 0o700 });
  createOwnerOnly(catalogPath);
  // Taken before SQLite touches the files: the state the last passing check recorded, or not.
  const checkedAsIs = passedCheckAsIs(catalogPath, catalogFingerprint(catalogPath));
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(catalogPath, { timeout: options.busyTimeoutMs ?? 5000 });
    refuseNewerCatalog(db, catalogPath);
    if (!checkedAsIs) {
      const problems = quickCheck(db);
      if (problems.length > 0) throw damagedCatalogError(catalogPath, `quick_check: ${problems.slice(0, 3).join('; ')}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Each job step must be durable before the next starts, even across a power cut.
    db.pragma('synchronous = FULL');
    // The member index makes the file large; SQLite's 2 MiB default cache turns indexing into page thrash.
    db.pragma('cache_size = -65536');
    // Reads through a memory map: find's listing reads ~10,000 rows on as many pages, and copying each page
    // into the cache (a read() per page once the file outgrows the cache) was a fifth of its time. Writes still
    // go through the file (SQLite maps read-only); SQLite caps the size at its build's maximum (2 GiB).
    db.pragma('mmap_size = 2147418112');
    const version = schemaVersionOf(db);
    if (version < SCHEMA_VERSION) {
      if (version > 0) await takeAutomaticBackup(db, catalogPath, 'pre-migration', version);
      // Loaded only when there is something to migrate: a current catalog (the usual case) skips the
      // migration modules and their foreign-key check, a good part of a short CLI command's start.
      const { runMigrations } = await import('./migrate.ts');
      runMigrations(db);
    }
    if (options.autoBackup ?? true) await dailyBackupIfDue(db, catalogPath, SCHEMA_VERSION);
    // After the migrations: what is stamped is the file as this open leaves it.
    if (!checkedAsIs) stampPassedCheck(catalogPath);
    return db;
  } catch (err) {
    db?.close();
    throw catalogErrorFor(err, catalogPath);
  }
}
