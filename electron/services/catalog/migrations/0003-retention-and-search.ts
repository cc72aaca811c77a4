/** Schema version 3: retirement and recorded retention overrides; indexes for the shelf searches. */
import type Database from 'better-sqlite3';

/** Adds retirement columns, the override log and search indexes. */
export function updateToSchemaVersion3(db: Database.Database): void {
  db.exec(`
    ALTER TABLE cartridges ADD COLUMN retired_at TEXT;
    ALTER TABLE cartridges ADD COLUMN retired_reason TEXT;

    CREATE TABLE retention_overrides (
      id INTEGER PRIMARY KEY,
      cartridge_id INTEGER NOT NULL REFERENCES cartridges(id) ON DELETE CASCADE,
      action TEXT NOT NULL CHECK (action IN ('write','retire')),
      reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
      retention_until TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX retention_overrides_cartridge ON retention_overrides(cartridge_id);

    CREATE INDEX cartridges_status ON cartridges(status, volser);
    CREATE INDEX cartridges_location ON cartridges(location COLLATE NOCASE, volser);
    CREATE INDEX cartridges_retention ON cartridges(retention_until);
  `);
}
