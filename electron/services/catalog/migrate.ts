/** Brings a catalog to the app's schema version, one transaction per step (open-catalog.ts refuses newer ones and backs up first). */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { SCHEMA_VERSION, schemaVersionOf } from './schema-version.ts';

export { refuseNewerCatalog, schemaVersionOf } from './schema-version.ts';

/** Runs the migrations above the current version, each in its own transaction; returns the versions applied. */
export function runMigrations(
  db: Database.Database,
  upTo: number = SCHEMA_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= schemaVersionOf(db) || m.version > upTo) continue;
    // A table rebuild with foreign keys on would cascade the DROP into the rows that refer to it.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Immediate, and the version read again under the lock: another process may have migrated meanwhile.
      const ran = db
        .transaction(() => {
          if (m.version <= schemaVersionOf(db)) return false;
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
          return true;
        })
        .immediate();
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
