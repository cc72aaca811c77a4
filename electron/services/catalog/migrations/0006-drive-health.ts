/**
 * Schema version 6 (issue 17, drive and media health): the cartridge memory serial number recorded
 * with a cartridge on its first write to a SCSI drive (a different serial later under the same VOLSER
 * means another physical cartridge carries that label), and the TapeAlert flags read after each write
 * and verification. Self-contained: it only adds tables.
 */
import type Database from 'better-sqlite3';

/** Adds cartridge_mam and tape_alert_readings. */
export function updateToSchemaVersion6(db: Database.Database): void {
  db.exec(`
    CREATE TABLE cartridge_mam (
      cartridge_id INTEGER PRIMARY KEY REFERENCES cartridges(id) ON DELETE CASCADE,
      mam_serial TEXT NOT NULL CHECK (length(mam_serial) BETWEEN 1 AND 64),
      recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE tape_alert_readings (
      id INTEGER PRIMARY KEY,
      write_id INTEGER REFERENCES writes(id) ON DELETE CASCADE,
      verification_id INTEGER REFERENCES verifications(id) ON DELETE CASCADE,
      drive TEXT NOT NULL,
      read_at TEXT NOT NULL,
      flags TEXT NOT NULL CHECK (json_valid(flags)),
      CHECK ((write_id IS NULL) <> (verification_id IS NULL))
    ) STRICT;
    CREATE INDEX tape_alert_readings_write ON tape_alert_readings(write_id);
    CREATE INDEX tape_alert_readings_verification ON tape_alert_readings(verification_id);
  `);
}
