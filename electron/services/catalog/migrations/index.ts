/** The ordered list of schema migrations; index i brings the catalog to user_version i + 1. */
import type Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../schema-version.ts';
import { updateToSchemaVersion1 } from './0001-cartridges-and-images.ts';
import { updateToSchemaVersion2 } from './0002-jobs.ts';
import { updateToSchemaVersion3 } from './0003-retention-and-search.ts';
import { updateToSchemaVersion4 } from './0004-server-config.ts';
import { updateToSchemaVersion5 } from './0005-cartridge-write-states.ts';
import { updateToSchemaVersion6 } from './0006-drive-health.ts';
import { updateToSchemaVersion7 } from './0007-member-index.ts';
import { updateToSchemaVersion8 } from './0008-image-set-readiness.ts';
import { updateToSchemaVersion9 } from './0009-operations.ts';
import { updateToSchemaVersion10 } from './0010-member-postings.ts';
import { updateToSchemaVersion11 } from './0011-cartridge-writers.ts';

/** One migration step. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
  /** Rebuilds a table others refer to: runs with foreign keys off (checked after), as SQLite's ALTER TABLE docs require. */
  rebuildsTables?: boolean;
}

/** Every migration in order; append only, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'cartridges-and-images', up: updateToSchemaVersion1 },
  { version: 2, name: 'jobs', up: updateToSchemaVersion2 },
  { version: 3, name: 'retention-and-search', up: updateToSchemaVersion3 },
  { version: 4, name: 'server-config', up: updateToSchemaVersion4 },
  { version: 5, name: 'cartridge-write-states', up: updateToSchemaVersion5, rebuildsTables: true },
  { version: 6, name: 'drive-health', up: updateToSchemaVersion6 },
  { version: 7, name: 'member-index', up: updateToSchemaVersion7 },
  { version: 8, name: 'image-set-readiness', up: updateToSchemaVersion8 },
  { version: 9, name: 'operations', up: updateToSchemaVersion9 },
  { version: 10, name: 'member-postings', up: updateToSchemaVersion10 },
  { version: 11, name: 'cartridge-writers', up: updateToSchemaVersion11 },
];

export { SCHEMA_VERSION };

// Catch a mis-numbered or reordered list, or a new migration without SCHEMA_VERSION raised, at load
// time rather than on a user's catalog.
MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration list is not monotonic at index ${i} (version ${m.version})`);
});
if (MIGRATIONS.length !== SCHEMA_VERSION) {
  throw new Error(`the last migration is version ${MIGRATIONS.length} but schema-version.ts says ${SCHEMA_VERSION}; make them equal`);
}
