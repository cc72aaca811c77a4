/**
 * Schema version 9 (issue 19, operations): the backup policy (a default row with server_id NULL, and
 * per-server rows whose NULL columns inherit the default) and the capture schedules `sysbtape due`
 * runs, with their back-off state. Self-contained: it only adds tables.
 */
import type Database from 'better-sqlite3';

/** Adds policies and schedules. */
export function updateToSchemaVersion9(db: Database.Database): void {
  db.exec(`
    CREATE TABLE policies (
      id INTEGER PRIMARY KEY,
      server_id INTEGER UNIQUE REFERENCES servers(id) ON DELETE CASCADE,
      max_age_days INTEGER CHECK (max_age_days IS NULL OR max_age_days > 0),
      copies INTEGER CHECK (copies IS NULL OR copies > 0),
      offsite_copies INTEGER CHECK (offsite_copies IS NULL OR offsite_copies >= 0),
      offsite_locations TEXT CHECK (offsite_locations IS NULL OR json_valid(offsite_locations)),
      reverify_days INTEGER CHECK (reverify_days IS NULL OR reverify_days > 0),
      retention_days INTEGER CHECK (retention_days IS NULL OR retention_days >= 0),
      updated_at TEXT NOT NULL
    ) STRICT;
    -- One default policy at most (UNIQUE lets many NULL server_ids through).
    CREATE UNIQUE INDEX policies_one_default ON policies((server_id IS NULL)) WHERE server_id IS NULL;

    CREATE TABLE schedules (
      id INTEGER PRIMARY KEY,
      server_id INTEGER NOT NULL UNIQUE REFERENCES servers(id) ON DELETE CASCADE,
      every_seconds INTEGER CHECK (every_seconds IS NULL OR every_seconds > 0),
      cron TEXT,
      created_at TEXT NOT NULL,
      last_attempt_at TEXT,
      last_success_at TEXT,
      last_error TEXT,
      failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
      retry_at TEXT,
      CHECK ((every_seconds IS NULL) <> (cron IS NULL))
    ) STRICT;
  `);
}
