/**
 * Where servers are kept. The catalog will implement ServerStore later; until then a small JSON
 * file (written atomically, never holding a secret) does the job.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import { normalizeServerConfig, type ServerConfig } from './server-config.ts';
import { sysbtapeHome } from '../sysbtape-home.ts';

/** Storage of server settings, by name. */
export interface ServerStore {
  list(): Promise<ServerConfig[]>;
  get(name: string): Promise<ServerConfig | undefined>;
  /** Adds or replaces the server with this name. */
  put(server: ServerConfig): Promise<void>;
  remove(name: string): Promise<boolean>;
}

export { sysbtapeHome };

interface StoreFile {
  version: 1;
  servers: ServerConfig[];
}

/** A ServerStore in one JSON file (default <sysbtapeHome>/servers.json). */
export class JsonServerStore implements ServerStore {
  readonly path: string;

  constructor(path = join(sysbtapeHome(), 'servers.json')) {
    this.path = path;
  }

  private async load(): Promise<ServerConfig[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let parsed: StoreFile;
    try {
      parsed = JSON.parse(text) as StoreFile;
    } catch {
      throw new SysbError('INVALID_INPUT', `server list ${this.path} is not valid JSON; fix or remove it`);
    }
    if (!parsed || !Array.isArray(parsed.servers)) throw new SysbError('INVALID_INPUT', `server list ${this.path} has no "servers" array`);
    return parsed.servers.map((s) => normalizeServerConfig(s));
  }

  private async save(servers: ServerConfig[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body: StoreFile = { version: 1, servers };
    await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }

  async list(): Promise<ServerConfig[]> {
    return (await this.load()).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<ServerConfig | undefined> {
    return (await this.load()).find((s) => s.name === name);
  }

  async put(server: ServerConfig): Promise<void> {
    const servers = (await this.load()).filter((s) => s.name !== server.name);
    servers.push(normalizeServerConfig(server));
    await this.save(servers);
  }

  async remove(name: string): Promise<boolean> {
    const servers = await this.load();
    const kept = servers.filter((s) => s.name !== name);
    if (kept.length === servers.length) return false;
    await this.save(kept);
    return true;
  }
}

/** Looks a server up or throws NOT_FOUND telling how to add it. */
export async function requireServer(store: ServerStore, name: string): Promise<ServerConfig> {
  const server = await store.get(name);
  if (!server) throw new SysbError('NOT_FOUND', `no server named '${name}'; add it with: sysbtape server add ${name} --host H --user U`);
  return server;
}
