/**
 * Schema version 5: cartridge statuses `writing` (a write is under way) and `unknown` (a write did not
 * finish; contents unknown until a new write and verification), so the catalog never claims more than
 * the tape holds. A CHECK constraint cannot be altered in SQLite: the table is rebuilt (the documented
 * twelve-step way; the runner turns foreign keys off around it, so the rebuild cascades into nothing).
 */
import type Database from 'better-sqlite3';

/** Rebuilds cartridges with the wider status list, keeping every row, id and index. */
export function updateToSchemaVersion5(db: Database.Database): void {
  db.exec(`
    CREATE TABLE cartridges_v5 (
      id INTEGER PRIMARY KEY,
      volser TEXT NOT NULL UNIQUE CHECK (length(volser) = 6 AND volser NOT GLOB '*[^A-Z0-9]*'),
      media_id TEXT NOT NULL CHECK (media_id IN ('L5','L6','L7','L8','L9','M8','LV','LW','LX','LY','LZ')),
      barcode TEXT GENERATED ALWAYS AS (volser || media_id) VIRTUAL,
      status TEXT NOT NULL DEFAULT 'blank' CHECK (status IN ('blank','writing','written','verified','failed','unknown','retired')),
      location TEXT,
      retention_until TEXT,
      notes TEXT,
      write_count INTEGER NOT NULL DEFAULT 0,
      first_used_at TEXT,
      last_used_at TEXT,
      created_at TEXT NOT NULL,
      retired_at TEXT,
      retired_reason TEXT
    ) STRICT;
    INSERT INTO cartridges_v5 (id, volser, media_id, status, location, retention_until, notes, write_count, first_used_at, last_used_at,
        created_at, retired_at, retired_reason)
      SELECT id, volser, media_id, status, location, retention_until, notes, write_count, first_used_at, last_used_at,
        created_at, retired_at, retired_reason FROM cartridges;
    DROP TABLE cartridges;
    ALTER TABLE cartridges_v5 RENAME TO cartridges;
    CREATE INDEX cartridges_status ON cartridges(status, volser);
    CREATE INDEX cartridges_location ON cartridges(location COLLATE NOCASE, volser);
    CREATE INDEX cartridges_retention ON cartridges(retention_until);
  `);
}
