/**
 * The catalog's schema version: the one this app writes, and reading a file's. Kept apart from the
 * migrations so that opening a catalog already at this version loads none of them (a CLI start pays
 * for every module it loads); migrations/index.ts checks at load time that its list ends here.
 */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';

/** The schema version this app writes: the version of the last migration in migrations/index.ts. */
export const SCHEMA_VERSION = 11;

/** Reads PRAGMA user_version. */
export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws CATALOG when the file was written by a newer SysbTape than this one. */
export function refuseNewerCatalog(db: Database.Database, catalogPath: string): void {
  const version = schemaVersionOf(db);
  if (version > SCHEMA_VERSION) {
    throw new SysbError(
      'CATALOG',
      `catalog ${catalogPath} has schema version ${version}, newer than this SysbTape understands (${SCHEMA_VERSION}); ` +
        'it was written by a newer SysbTape. Use that version, or open a copy made before the upgrade with --catalog.',
      { version, supported: SCHEMA_VERSION },
    );
  }
}
