/** Schema version 2: jobs as ordered durable steps, linked from writes and verifications. */
import type Database from 'better-sqlite3';

/** Adds jobs and job steps. */
export function updateToSchemaVersion2(db: Database.Database): void {
  db.exec(`
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending','running','done','failed','cancelled','interrupted')),
      server_id INTEGER REFERENCES servers(id) ON DELETE SET NULL,
      image_set_id INTEGER REFERENCES image_sets(id) ON DELETE SET NULL,
      cartridge_id INTEGER REFERENCES cartridges(id) ON DELETE SET NULL,
      params TEXT NOT NULL DEFAULT '{}',
      log_path TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX jobs_state ON jobs(state, created_at);

    CREATE TABLE job_steps (
      job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      name TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending','running','done','failed','cancelled','interrupted')),
      started_at TEXT,
      ended_at TEXT,
      progress_done INTEGER NOT NULL DEFAULT 0,
      progress_total INTEGER,
      message TEXT,
      result TEXT,
      PRIMARY KEY (job_id, seq),
      UNIQUE (job_id, name)
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE writes ADD COLUMN job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL;
    ALTER TABLE verifications ADD COLUMN job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL;
  `);
}
