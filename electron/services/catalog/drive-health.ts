/** What SCSI drives said about cartridges: the cartridge memory serial and TapeAlert flags after writes and verifications. */
import type Database from 'better-sqlite3';
import type { CartridgeRepo } from './cartridges.ts';
import type { Clock } from './clock.ts';

/** One TapeAlert flag as recorded (the drive-health decoder's TapeAlertFlag). */
export interface RecordedTapeAlert {
  flag: number;
  name: string;
  severity: 'critical' | 'warning' | 'informational';
}

/** The flags read after one write or verification. */
export interface TapeAlertReading {
  id: number;
  writeId: number | null;
  verificationId: number | null;
  drive: string;
  readAt: string;
  flags: RecordedTapeAlert[];
}

interface ReadingRow {
  id: number;
  write_id: number | null;
  verification_id: number | null;
  drive: string;
  read_at: string;
  flags: string;
}

function readingOf(r: ReadingRow): TapeAlertReading {
  return {
    id: r.id,
    writeId: r.write_id,
    verificationId: r.verification_id,
    drive: r.drive,
    readAt: r.read_at,
    flags: JSON.parse(r.flags) as RecordedTapeAlert[],
  };
}

/** Cartridge memory serials and TapeAlert readings. */
export class DriveHealthRepo {
  readonly #db: Database.Database;
  readonly #cartridges: CartridgeRepo;
  readonly #now: Clock;

  constructor(db: Database.Database, cartridges: CartridgeRepo, now: Clock) {
    this.#db = db;
    this.#cartridges = cartridges;
    this.#now = now;
  }

  /** The cartridge memory serial recorded with a cartridge, if any. */
  mamSerialOf(volser: string): string | undefined {
    const c = this.#cartridges.require(volser);
    const row = this.#db.prepare('SELECT mam_serial FROM cartridge_mam WHERE cartridge_id = ?').get(c.id) as
      { mam_serial: string } | undefined;
    return row?.mam_serial;
  }

  /** Records the serial the first time only; returns the serial the cartridge now has on record. */
  recordMamSerial(volser: string, serial: string): string {
    const c = this.#cartridges.require(volser);
    this.#db
      .prepare('INSERT OR IGNORE INTO cartridge_mam (cartridge_id, mam_serial, recorded_at) VALUES (?, ?, ?)')
      .run(c.id, serial, this.#now().toISOString());
    return this.mamSerialOf(volser) ?? serial;
  }

  /** Records the flags read after a write or a verification (exactly one of the two ids). */
  recordTapeAlert(
    of: { writeId: number } | { verificationId: number },
    drive: string,
    flags: readonly RecordedTapeAlert[],
  ): TapeAlertReading {
    const writeId = 'writeId' in of ? of.writeId : null;
    const verificationId = 'verificationId' in of ? of.verificationId : null;
    const flagsJson = JSON.stringify(flags.map((f) => ({ flag: f.flag, name: f.name, severity: f.severity })));
    const info = this.#db
      .prepare('INSERT INTO tape_alert_readings (write_id, verification_id, drive, read_at, flags) VALUES (?, ?, ?, ?, ?)')
      .run(writeId, verificationId, drive, this.#now().toISOString(), flagsJson);
    return readingOf(this.#db.prepare('SELECT * FROM tape_alert_readings WHERE id = ?').get(info.lastInsertRowid) as ReadingRow);
  }

  /** The readings recorded with a write or a verification. */
  tapeAlertsOf(of: { writeId: number } | { verificationId: number }): TapeAlertReading[] {
    const [col, id] = 'writeId' in of ? ['write_id', of.writeId] : ['verification_id', of.verificationId];
    return (this.#db.prepare(`SELECT * FROM tape_alert_readings WHERE ${col} = ? ORDER BY id`).all(id) as ReadingRow[]).map(readingOf);
  }
}
