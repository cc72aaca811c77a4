/** Schema version 8: an image set keeps its restore-readiness report (issue 16) as JSON; null for older sets. */
import type Database from 'better-sqlite3';

/** Adds image_sets.readiness. */
export function updateToSchemaVersion8(db: Database.Database): void {
  db.exec(`ALTER TABLE image_sets ADD COLUMN readiness TEXT CHECK (readiness IS NULL OR json_valid(readiness));`);
}
