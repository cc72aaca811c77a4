/** The catalog: what is on every cartridge. The one API the job engine, CLI and UI use (no SQL outside this folder). */
import { type CartridgePageQuery, type CartridgePageRow, queryCartridgePage } from './cartridge-page.ts';
import type Database from 'better-sqlite3';
import { backupCatalogTo } from './backups.ts';
import { CartridgeRepo } from './cartridges.ts';
import { type Clock, systemClock } from './clock.ts';
import { immediate } from './immediate.ts';
import { identifyByRecordHashes, imageSetsByRecordHashes } from './identify.ts';
import { DriveHealthRepo } from './drive-health.ts';
import { ImageSetRepo } from './image-sets.ts';
import { JobRepo } from './jobs.ts';
import { MemberIndexRepo } from './member-index.ts';
import { MemberTreeRepo } from './member-tree.ts';
import { schemaVersionOf } from './schema-version.ts';
import type { CartridgeHistory, IdentifyMatch } from './model.ts';
import { type OpenDatabaseOptions, openCatalogDatabase } from './open-catalog.ts';
import { type FleetFacts, readFleetFacts } from './fleet-facts.ts';
import { PolicyRepo } from './policies.ts';
import { ScheduleRepo } from './schedules.ts';
import { ServerRepo } from './servers.ts';
import { catalogErrorFor, guardRepo } from './sqlite-errors.ts';
import { statementsOf } from './statements.ts';
import { VerificationRepo } from './verifications.ts';
import { WriteRepo } from './writes.ts';

/** How to open a catalog. */
export interface OpenCatalogOptions extends OpenDatabaseOptions {
  /** The clock used for timestamps and "today" in the retention guard. */
  now?: Clock;
}

/** An open catalog; close it when done. */
export class Catalog {
  /** The catalog file. */
  readonly path: string;
  /** Servers images are captured from. */
  readonly servers: ServerRepo;
  /** Captured image sets with their three images. */
  readonly imageSets: ImageSetRepo;
  /** Cartridges, searches, retirement and the retention guard. */
  readonly cartridges: CartridgeRepo;
  /** Tape writes with per-record results. */
  readonly writes: WriteRepo;
  /** Read-back verifications. */
  readonly verifications: VerificationRepo;
  /** Jobs and their durable steps. */
  readonly jobs: JobRepo;
  /** Cartridge memory serials and TapeAlert flags read from SCSI drives (issue 17). */
  readonly driveHealth: DriveHealthRepo;
  /** What files each image set holds: find, diff, contents. */
  readonly members: MemberIndexRepo;
  /** The member index one directory at a time, with aggregated sizes (the Contents views). */
  readonly memberTree: MemberTreeRepo;
  /** Backup policies: the default and per-server overrides (issue 19). */
  readonly policies: PolicyRepo;
  /** Capture schedules and their back-off state (issue 19). */
  readonly schedules: ScheduleRepo;
  readonly #db: Database.Database;

  constructor(db: Database.Database, catalogPath: string, now: Clock = systemClock) {
    this.#db = db;
    this.path = catalogPath;
    // Repositories see each other unwrapped; callers get SQLite failures as CATALOG errors.
    const cartridges = new CartridgeRepo(db, now);
    this.servers = guardRepo(new ServerRepo(db, now), catalogPath);
    this.imageSets = guardRepo(new ImageSetRepo(db), catalogPath);
    this.cartridges = guardRepo(cartridges, catalogPath);
    this.writes = guardRepo(new WriteRepo(db, cartridges), catalogPath);
    this.verifications = guardRepo(new VerificationRepo(db, cartridges), catalogPath);
    this.jobs = guardRepo(new JobRepo(db, now, cartridges), catalogPath);
    this.driveHealth = guardRepo(new DriveHealthRepo(db, cartridges, now), catalogPath);
    this.members = guardRepo(new MemberIndexRepo(db, now), catalogPath);
    this.memberTree = guardRepo(new MemberTreeRepo(db), catalogPath);
    this.policies = guardRepo(new PolicyRepo(db, now), catalogPath);
    this.schedules = guardRepo(new ScheduleRepo(db, now), catalogPath);
  }

  /** What the fleet status is computed from (electron/services/ops/fleet-status.ts). */
  fleetFacts(): FleetFacts {
    try {
      return readFleetFacts(this.#db);
    } catch (err) {
      throw catalogErrorFor(err, this.path);
    }
  }

  /** The schema version of the open file. */
  get schemaVersion(): number {
    return schemaVersionOf(this.#db);
  }

  /** One cartridge's history: writes and verifications (newest first) and retention overrides. */
  history(volser: string): CartridgeHistory {
    const cartridge = this.cartridges.require(volser);
    return {
      cartridge,
      writes: this.writes.listFor(cartridge.id),
      verifications: this.verifications.listFor(cartridge.id),
      retentionOverrides: this.cartridges.overrides(volser),
    };
  }

  /** One page of the Cartridges view (filter, contains-search, sort and paging done in SQL). */
  cartridgePage(query: CartridgePageQuery): { total: number; rows: CartridgePageRow[] } {
    try {
      return queryCartridgePage(this.#db, query);
    } catch (err) {
      throw catalogErrorFor(err, this.path);
    }
  }

  /** Which cartridge and image set hold a tape whose records have these SHA-256s (index i = record i+1). */
  identify(recordHashes: readonly (string | null)[]): IdentifyMatch[] {
    return identifyByRecordHashes(this.#db, recordHashes);
  }

  /** Image sets whose boot, mkinsttape and mksysb images have the hashes of records 1, 2 and 4. */
  imageSetsMatching(recordHashes: readonly (string | null)[]): { imageSetId: number; matchedRecords: number[] }[] {
    return imageSetsByRecordHashes(this.#db, recordHashes);
  }

  /**
   * Runs `fn` in one transaction, so several records land together or not at all
   * (e.g. a write and the job step that produced it). Synchronous by design: no await inside. Immediate:
   * it holds the write lock from the start, so reading then writing never fails on another process's lock.
   */
  transaction<T>(fn: () => T): T {
    try {
      return immediate(this.#db, fn);
    } catch (err) {
      throw catalogErrorFor(err, this.path);
    }
  }

  /**
   * Distinct content lengths per tape record number across recorded writes and image sets: a tape read
   * without the catalog's help cannot tell where a record's zero padding starts, so it hashes at these lengths.
   */
  knownRecordLengths(): Record<1 | 2 | 3 | 4, number[]> {
    const out: Record<1 | 2 | 3 | 4, number[]> = { 1: [], 2: [], 3: [], 4: [] };
    const rows = statementsOf(this.#db)<[], { record_no: 1 | 2 | 3 | 4; bytes: number }>(
      `
      SELECT record_no, bytes FROM write_records
      UNION SELECT CASE kind WHEN 'boot' THEN 1 WHEN 'mkinsttape' THEN 2 ELSE 4 END, size FROM images
      ORDER BY 1, 2`,
    ).all();
    for (const r of rows) out[r.record_no].push(r.bytes);
    return out;
  }

  /** Online backup of the whole catalog to `dest` (safe while other processes use it). */
  async backup(dest: string): Promise<void> {
    await backupCatalogTo(this.#db, dest);
  }

  /** Full PRAGMA integrity_check; an empty list means the file is sound. */
  integrityCheck(): string[] {
    const msgs = (this.#db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    return msgs.length === 1 && msgs[0] === 'ok' ? [] : msgs;
  }

  /** Closes the file (checkpointing the WAL). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/** Opens (creating and migrating if needed) the catalog at `catalogPath`. */
export async function openCatalog(catalogPath: string, options: OpenCatalogOptions = {}): Promise<Catalog> {
  const db = await openCatalogDatabase(catalogPath, options);
  return new Catalog(db, catalogPath, options.now);
}
