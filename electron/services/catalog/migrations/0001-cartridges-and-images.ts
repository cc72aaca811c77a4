/** Schema version 1: servers, image sets with their images, cartridges, writes and verifications. */
import type Database from 'better-sqlite3';

/** Creates the core tables. */
export function updateToSchemaVersion1(db: Database.Database): void {
  db.exec(`
    CREATE TABLE servers (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      host TEXT NOT NULL,
      port INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
      user TEXT NOT NULL,
      auth_method TEXT NOT NULL CHECK (auth_method IN ('agent','key','password')),
      key_path TEXT,
      host_key TEXT,
      work_dir TEXT NOT NULL,
      last_preflight_at TEXT,
      os_level TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE image_sets (
      id INTEGER PRIMARY KEY,
      server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE RESTRICT,
      captured_at TEXT NOT NULL,
      os_level TEXT,
      mksysb_options TEXT NOT NULL DEFAULT '[]',
      tapeblksz INTEGER NOT NULL CHECK (tapeblksz > 0),
      staging_path TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('capturing','fetching','staged','verified','failed','discarded'))
    ) STRICT;
    CREATE INDEX image_sets_server ON image_sets(server_id, captured_at);

    CREATE TABLE images (
      image_set_id INTEGER NOT NULL REFERENCES image_sets(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('boot','mkinsttape','mksysb')),
      file_name TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size >= 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      remote_checksum TEXT,
      PRIMARY KEY (image_set_id, kind)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX images_sha256 ON images(sha256);

    CREATE TABLE cartridges (
      id INTEGER PRIMARY KEY,
      volser TEXT NOT NULL UNIQUE CHECK (length(volser) = 6 AND volser NOT GLOB '*[^A-Z0-9]*'),
      media_id TEXT NOT NULL CHECK (media_id IN ('L5','L6','L7','L8','L9','M8','LV','LW','LX','LY','LZ')),
      barcode TEXT GENERATED ALWAYS AS (volser || media_id) VIRTUAL,
      status TEXT NOT NULL DEFAULT 'blank' CHECK (status IN ('blank','written','verified','failed','retired')),
      location TEXT,
      retention_until TEXT,
      notes TEXT,
      write_count INTEGER NOT NULL DEFAULT 0,
      first_used_at TEXT,
      last_used_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE writes (
      id INTEGER PRIMARY KEY,
      cartridge_id INTEGER NOT NULL REFERENCES cartridges(id) ON DELETE RESTRICT,
      image_set_id INTEGER REFERENCES image_sets(id) ON DELETE SET NULL,
      drive TEXT NOT NULL,
      started_at TEXT NOT NULL,
      ended_at TEXT NOT NULL,
      result TEXT NOT NULL CHECK (result IN ('ok','failed','cancelled')),
      error TEXT
    ) STRICT;
    CREATE INDEX writes_cartridge ON writes(cartridge_id, started_at);

    CREATE TABLE write_records (
      write_id INTEGER NOT NULL REFERENCES writes(id) ON DELETE CASCADE,
      record_no INTEGER NOT NULL CHECK (record_no BETWEEN 1 AND 4),
      block_size INTEGER NOT NULL CHECK (block_size > 0),
      blocks INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      PRIMARY KEY (write_id, record_no)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX write_records_sha256 ON write_records(sha256);

    CREATE TABLE verifications (
      id INTEGER PRIMARY KEY,
      cartridge_id INTEGER NOT NULL REFERENCES cartridges(id) ON DELETE RESTRICT,
      write_id INTEGER REFERENCES writes(id) ON DELETE SET NULL,
      drive TEXT NOT NULL,
      verified_at TEXT NOT NULL,
      verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),
      problems TEXT NOT NULL DEFAULT '[]',
      mksysb_member_count INTEGER
    ) STRICT;
    CREATE INDEX verifications_cartridge ON verifications(cartridge_id, verified_at);

    CREATE TABLE verification_records (
      verification_id INTEGER NOT NULL REFERENCES verifications(id) ON DELETE CASCADE,
      record_no INTEGER NOT NULL CHECK (record_no BETWEEN 1 AND 4),
      block_size INTEGER,
      blocks INTEGER,
      bytes INTEGER,
      sha256 TEXT,
      result TEXT NOT NULL CHECK (result IN ('ok','mismatch','missing','unreadable','unchecked')),
      PRIMARY KEY (verification_id, record_no)
    ) STRICT, WITHOUT ROWID;
  `);
}
