/** Brings a catalog to the app's schema version: refuses newer ones, backs up, then one transaction per step. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.ts';

/** Reads PRAGMA user_version. */
export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws CATALOG when the file was written by a newer SysbTape than this one. */
export function refuseNewerCatalog(db: Database.Database, catalogPath: string): void {
  const version = schemaVersionOf(db);
  if (version > SCHEMA_VERSION) {
    throw new SysbError('CATALOG',
      `catalog ${catalogPath} has schema version ${version}, newer than this SysbTape understands (${SCHEMA_VERSION}); ` +
      'it was written by a newer SysbTape. Use that version, or open a copy made before the upgrade with --catalog.',
      { version, supported: SCHEMA_VERSION });
  }
}

/** Runs the migrations above the current version, each in its own transaction; returns the versions applied. */
export function runMigrations(db: Database.Database, upTo: number = SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= schemaVersionOf(db) || m.version > upTo) continue;
    // A table rebuild with foreign keys on would cascade the DROP into the rows that refer to it.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Immediate, and the version read again under the lock: another process may have migrated meanwhile.
      const ran = db.transaction(() => {
        if (m.version <= schemaVersionOf(db)) return false;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        return true;
      }).immediate();
      if (ran) applied.push(m.version);
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  // A migration must leave every foreign key valid; fail loudly rather than ship a broken catalog.
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new SysbError('CATALOG', `catalog migration left ${broken.length} broken foreign key(s)`);
  return applied;
}
