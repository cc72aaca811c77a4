/**
 * Schema version 10 (#12, find at fleet scale): posting lists for the member index, so `find` costs what it
 * matches and lists, not what the image sets hold.
 *
 * Backups of a fleet share most names, and names that appear in exactly the same backups are the rule:
 * every base-OS file is in every backup, a server's own files in all of that server's. So each distinct
 * name points at a shared posting — the set of member indexes holding it — and `find` counts the matches
 * of every backup from the few postings of its matching names instead of reading one row per (name,
 * backup). The rows of image_set_members stay as they were (sizes, modes, times): find reads only those
 * it lists.
 *
 * The member rows are re-keyed by image set then name, as one integer (image_set_id << 32 | name_id), so
 * indexing a backup appends one key range rather than touching every name's range, and find's lookups
 * compare integers; their (image set, name) index goes (the key replaces it), a trigger deletes them with
 * their member_indexes row (the foreign key's cascade did).
 *
 * Postings name member indexes by a generation number that is never reused (not by image_set_id, which
 * SQLite may hand out again after a delete): a re-indexed or deleted image set leaves stale generations
 * behind that no member_indexes row carries, and readers ignore them.
 */
import type Database from 'better-sqlite3';

/** Adds postings and generations, computes both from the member rows already indexed, and re-keys the rows. */
export function updateToSchemaVersion10(db: Database.Database): void {
  db.exec(`
    -- generations: JSON array of member_indexes.generation, ascending, distinct. names: member_names pointing here.
    CREATE TABLE member_postings (
      id INTEGER PRIMARY KEY,
      generations TEXT NOT NULL UNIQUE CHECK (json_valid(generations)),
      names INTEGER NOT NULL CHECK (names >= 0)
    ) STRICT;
    ALTER TABLE member_names ADD COLUMN posting_id INTEGER REFERENCES member_postings(id);
    ALTER TABLE member_indexes ADD COLUMN generation INTEGER;
    CREATE UNIQUE INDEX member_indexes_generation ON member_indexes(generation);
    -- One row: the next generation to hand out (never goes back, so a generation names one indexing only).
    CREATE TABLE member_index_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      next_generation INTEGER NOT NULL
    ) STRICT;
    -- Existing indexes keep their image set id as their generation; new ones count on from the highest.
    UPDATE member_indexes SET generation = image_set_id;
    INSERT INTO member_index_state (id, next_generation) SELECT 1, coalesce(max(image_set_id), 0) + 1 FROM member_indexes;
  `);
  // The postings of the names indexed so far, from one pass over the rows in their (old) key order, name then
  // image set; written after the pass (a statement cannot write while another one is still reading).
  const keys = new Map<string, number>();
  const nameIds: number[] = [];
  const keyOfName: number[] = [];
  let current = -1;
  let gens: number[] = [];
  const flush = (): void => {
    if (current < 0) return;
    const key = JSON.stringify(gens);
    let k = keys.get(key);
    if (k === undefined) {
      k = keys.size;
      keys.set(key, k);
    }
    nameIds.push(current);
    keyOfName.push(k);
  };
  for (const [nameId, setId] of db
    .prepare<[], [number, number]>('SELECT name_id, image_set_id FROM image_set_members ORDER BY name_id, image_set_id')
    .raw()
    .iterate()) {
    if (nameId !== current) {
      flush();
      current = nameId;
      gens = [];
    }
    gens.push(setId);
  }
  flush();
  const addPosting = db.prepare<[string, number], { id: number }>(
    'INSERT INTO member_postings (generations, names) VALUES (?, ?) RETURNING id',
  );
  const names = new Array<number>(keys.size).fill(0);
  for (const k of keyOfName) names[k] = names[k]! + 1;
  const postingIds = [...keys.keys()].map((key, k) => addPosting.get(key, names[k]!)!.id);
  const setPosting = db.prepare('UPDATE member_names SET posting_id = ? WHERE id = ?');
  for (let i = 0; i < nameIds.length; i++) setPosting.run(postingIds[keyOfName[i]!], nameIds[i]);
  db.exec(`
    -- The member rows are keyed by image set first now: indexing appends one key range instead of adding a
    -- row to every name's range (which rewrote nearly every page of the table per image set at fleet scale),
    -- and find no longer reads rows by name. The key is one integer, image_set_id << 32 | name_id (a rowid
    -- table): find's point lookups compare integers instead of decoding two-column keys, nearly twice as fast.
    -- Copied in key order, through the old (image_set_id, name_id) index; that index goes (the key is it).
    CREATE TABLE image_set_members_v10 (
      key INTEGER PRIMARY KEY,
      kind INTEGER NOT NULL,
      size INTEGER NOT NULL,
      mode INTEGER NOT NULL,
      uid INTEGER NOT NULL,
      gid INTEGER NOT NULL,
      mtime INTEGER NOT NULL,
      offset INTEGER NOT NULL
    ) STRICT;
    INSERT INTO image_set_members_v10 (key, kind, size, mode, uid, gid, mtime, offset)
      SELECT (image_set_id << 32) | name_id, kind, size, mode, uid, gid, mtime, offset FROM image_set_members INDEXED BY image_set_members_set
      ORDER BY image_set_id, name_id;
    DROP TABLE image_set_members;
    ALTER TABLE image_set_members_v10 RENAME TO image_set_members;
    -- What the foreign key's ON DELETE CASCADE did (an integer key cannot reference member_indexes): an index
    -- that goes (re-indexed, or its image set deleted) takes its rows with it.
    CREATE TRIGGER member_indexes_delete_members AFTER DELETE ON member_indexes BEGIN
      DELETE FROM image_set_members WHERE key >= (old.image_set_id << 32) AND key < ((old.image_set_id + 1) << 32);
    END;
  `);
}
