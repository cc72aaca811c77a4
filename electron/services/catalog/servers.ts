/** Servers: the AIX hosts images are captured from, with pinned host keys and the last preflight. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { type Clock, isoInstant } from './clock.ts';
import { type AuthMethod, type NewServer, type PinnedHostKey, type Server } from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';

interface ServerRow {
  id: number;
  name: string;
  host: string;
  port: number;
  user: string;
  auth: string;
  key_path: string | null;
  workdir: string;
  host_keys: string;
  keepalive_seconds: number;
  connect_timeout_seconds: number;
  sudo: string;
  last_preflight_at: string | null;
  os_level: string | null;
  created_at: string;
  updated_at: string;
}

function toServer(r: ServerRow): Server {
  return {
    id: r.id,
    name: r.name,
    host: r.host,
    port: r.port,
    user: r.user,
    auth: JSON.parse(r.auth) as AuthMethod[],
    keyPath: r.key_path,
    workdir: r.workdir,
    hostKeys: JSON.parse(r.host_keys) as PinnedHostKey[],
    keepaliveSeconds: r.keepalive_seconds,
    connectTimeoutSeconds: r.connect_timeout_seconds,
    sudo: JSON.parse(r.sudo) as string[],
    lastPreflightAt: r.last_preflight_at,
    osLevel: r.os_level,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Server records, looked up by name or id. */
export class ServerRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #now: Clock;

  constructor(db: Database.Database, now: Clock) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#now = now;
  }

  /** Adds a server, or replaces the settings of the one with the same name (keeping its id, creation time and preflight facts unless given). */
  put(input: NewServer): Server {
    const s = validate((s) => s.newServerSchema, input, 'server');
    const now = isoInstant(this.#now());
    return immediate(this.#db, () => {
      this.#sql(
        `INSERT INTO servers (name, host, port, user, auth, key_path, workdir, host_keys, keepalive_seconds, connect_timeout_seconds, sudo,
            last_preflight_at, os_level, created_at, updated_at)
          VALUES (@name, @host, @port, @user, @auth, @keyPath, @workdir, @hostKeys, @keepaliveSeconds, @connectTimeoutSeconds, @sudo,
            @lastPreflightAt, @osLevel, @now, @now)
          ON CONFLICT(name) DO UPDATE SET host = excluded.host, port = excluded.port, user = excluded.user, auth = excluded.auth,
            key_path = excluded.key_path, workdir = excluded.workdir, host_keys = excluded.host_keys,
            keepalive_seconds = excluded.keepalive_seconds, connect_timeout_seconds = excluded.connect_timeout_seconds, sudo = excluded.sudo,
            last_preflight_at = COALESCE(excluded.last_preflight_at, last_preflight_at), os_level = COALESCE(excluded.os_level, os_level),
            updated_at = excluded.updated_at`,
      ).run({
        name: s.name,
        host: s.host,
        port: s.port,
        user: s.user,
        auth: JSON.stringify(s.auth),
        keyPath: s.keyPath ?? null,
        workdir: s.workdir,
        hostKeys: JSON.stringify(s.hostKeys),
        keepaliveSeconds: s.keepaliveSeconds,
        connectTimeoutSeconds: s.connectTimeoutSeconds,
        sudo: JSON.stringify(s.sudo),
        lastPreflightAt: s.lastPreflightAt ?? null,
        osLevel: s.osLevel ?? null,
        now,
      });
      return this.getByName(s.name)!;
    });
  }

  /** The server with this name, or undefined. */
  getByName(name: string): Server | undefined {
    const r = this.#sql<[string], ServerRow>('SELECT * FROM servers WHERE name = ?').get(name);
    return r ? toServer(r) : undefined;
  }

  /** The server with this id, or undefined. */
  get(id: number): Server | undefined {
    const r = this.#sql<[number], ServerRow>('SELECT * FROM servers WHERE id = ?').get(id);
    return r ? toServer(r) : undefined;
  }

  /** All servers by name. */
  list(): Server[] {
    return this.#sql<[], ServerRow>('SELECT * FROM servers ORDER BY name').all().map(toServer);
  }

  /** Records a preflight result: when it ran and the OS level it saw. */
  notePreflight(name: string, at: Date, osLevel: string | undefined): Server {
    return immediate(this.#db, () => {
      const s = this.getByName(name);
      if (!s) throw new SysbError('NOT_FOUND', `no server named '${name}' in the catalog`);
      this.#sql('UPDATE servers SET last_preflight_at = ?, os_level = COALESCE(?, os_level), updated_at = ? WHERE id = ?').run(
        isoInstant(at),
        osLevel ?? null,
        isoInstant(this.#now()),
        s.id,
      );
      return this.get(s.id)!;
    });
  }

  /** Removes a server; refused while image sets still refer to it. Returns false if there was none. */
  remove(name: string): boolean {
    return immediate(this.#db, () => {
      const s = this.getByName(name);
      if (!s) return false;
      const used = this.#sql<[number], { n: number }>('SELECT count(*) AS n FROM image_sets WHERE server_id = ?').get(s.id)!.n;
      if (used > 0) throw new SysbError('INVALID_INPUT', `server '${name}' has ${used} image set(s) in the catalog and cannot be removed`);
      this.#sql('DELETE FROM servers WHERE id = ?').run(s.id);
      return true;
    });
  }
}
