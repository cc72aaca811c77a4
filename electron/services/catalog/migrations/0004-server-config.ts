/** Schema version 4: servers hold the SSH layer's full ServerConfig (auth methods in order, several pinned host keys, timeouts, sudo). */
import type Database from 'better-sqlite3';

/** Reshapes the servers table so the catalog can be the ServerStore. */
export function updateToSchemaVersion4(db: Database.Database): void {
  db.exec(`
    ALTER TABLE servers ADD COLUMN auth TEXT NOT NULL DEFAULT '["agent"]' CHECK (json_valid(auth));
    ALTER TABLE servers ADD COLUMN host_keys TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(host_keys));
    ALTER TABLE servers ADD COLUMN keepalive_seconds INTEGER NOT NULL DEFAULT 15;
    ALTER TABLE servers ADD COLUMN connect_timeout_seconds INTEGER NOT NULL DEFAULT 20;
    ALTER TABLE servers ADD COLUMN sudo TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sudo));
    UPDATE servers SET
      auth = json_array(auth_method),
      host_keys = CASE WHEN host_key IS NULL THEN '[]'
        ELSE json_array(json_object('fingerprint', host_key, 'keyType', 'unknown', 'pinnedAt', updated_at)) END;
    ALTER TABLE servers DROP COLUMN auth_method;
    ALTER TABLE servers DROP COLUMN host_key;
    ALTER TABLE servers RENAME COLUMN work_dir TO workdir;
  `);
}
