/**
 * Schema version 11: the process writing a cartridge (pid and host, as a job step's owner stamp), kept
 * while the cartridge is `writing`, so a write whose process died — a `sysbtape write` killed outside any
 * job — is found on the next catalog use and the cartridge becomes `unknown` instead of `writing` forever.
 */
import type Database from 'better-sqlite3';

/** Adds cartridge_writers: one row per cartridge, replaced by each write that starts. */
export function updateToSchemaVersion11(db: Database.Database): void {
  db.exec(`
    CREATE TABLE cartridge_writers (
      cartridge_id INTEGER PRIMARY KEY REFERENCES cartridges(id) ON DELETE CASCADE,
      pid INTEGER NOT NULL CHECK (pid > 0),
      host TEXT NOT NULL,
      started_at TEXT NOT NULL
    ) STRICT;
  `);
}
