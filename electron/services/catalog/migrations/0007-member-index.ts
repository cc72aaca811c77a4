/**
 * Schema: the member index — what files each image set (and so each cartridge holding it) contains,
 * for `find`, `diff` and the Contents views. Compact by design: a member name is stored once for all
 * image sets (backups of one server share almost every path), and per image set only numbers remain.
 * Names are searched with an FTS5 trigram index (substring and GLOB queries use it).
 */
import type Database from 'better-sqlite3';

/** Creates the member index tables. */
export function updateToSchemaVersion7(db: Database.Database): void {
  db.exec(`
    CREATE TABLE member_names (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE VIRTUAL TABLE member_names_fts USING fts5(name, content='member_names', content_rowid='id', tokenize='trigram', detail='none');

    CREATE TABLE member_indexes (
      image_set_id INTEGER PRIMARY KEY REFERENCES image_sets(id) ON DELETE CASCADE,
      record_no INTEGER NOT NULL CHECK (record_no IN (2, 4)),
      members INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      indexed_at TEXT NOT NULL
    ) STRICT;

    -- kind: 0 file, 1 directory, 2 symlink, 3 other. Keyed by name first: find looks names up.
    CREATE TABLE image_set_members (
      name_id INTEGER NOT NULL REFERENCES member_names(id),
      image_set_id INTEGER NOT NULL REFERENCES member_indexes(image_set_id) ON DELETE CASCADE,
      kind INTEGER NOT NULL,
      size INTEGER NOT NULL,
      mode INTEGER NOT NULL,
      uid INTEGER NOT NULL,
      gid INTEGER NOT NULL,
      mtime INTEGER NOT NULL,
      offset INTEGER NOT NULL,
      PRIMARY KEY (name_id, image_set_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX image_set_members_set ON image_set_members(image_set_id, name_id);
  `);
}
