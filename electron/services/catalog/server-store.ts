/** The catalog as the SSH layer's ServerStore, so servers live in the catalog; plus a one-time import of the old JSON file. */
import type { ServerConfig } from '../ssh/server-config.ts';
import { normalizeServerConfig } from '../ssh/server-config.ts';
import type { ServerStore } from '../ssh/server-store.ts';
import type { Catalog } from './catalog.ts';
import type { Server } from './model.ts';

/** The ServerConfig view of a catalog server. */
export function toServerConfig(s: Server): ServerConfig {
  return {
    name: s.name,
    host: s.host,
    port: s.port,
    user: s.user,
    auth: [...s.auth],
    ...(s.keyPath ? { keyPath: s.keyPath } : {}),
    workdir: s.workdir,
    hostKeys: s.hostKeys.map((k) => ({ ...k })),
    keepaliveSeconds: s.keepaliveSeconds,
    connectTimeoutSeconds: s.connectTimeoutSeconds,
    sudo: [...s.sudo],
  };
}

/** A ServerStore backed by the catalog's servers table. */
export class CatalogServerStore implements ServerStore {
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  /** Every server, by name. */
  async list(): Promise<ServerConfig[]> {
    return this.#catalog.servers.list().map(toServerConfig);
  }

  /** The server with this name. */
  async get(name: string): Promise<ServerConfig | undefined> {
    const s = this.#catalog.servers.getByName(name);
    return s ? toServerConfig(s) : undefined;
  }

  /** Adds or replaces a server; the SSH layer's own validation runs first, then the catalog's. */
  async put(server: ServerConfig): Promise<void> {
    const s = normalizeServerConfig(server);
    this.#catalog.servers.put({
      name: s.name,
      host: s.host,
      port: s.port,
      user: s.user,
      auth: s.auth,
      ...(s.keyPath ? { keyPath: s.keyPath } : {}),
      workdir: s.workdir,
      hostKeys: s.hostKeys,
      keepaliveSeconds: s.keepaliveSeconds,
      connectTimeoutSeconds: s.connectTimeoutSeconds,
      sudo: s.sudo,
    });
  }

  /** Removes a server (refused while image sets refer to it). */
  async remove(name: string): Promise<boolean> {
    return this.#catalog.servers.remove(name);
  }
}

/** Copies servers from another store (the old servers.json) into the catalog, skipping names it already has; returns the names copied. */
export async function importServers(from: ServerStore, into: Catalog): Promise<string[]> {
  const store = new CatalogServerStore(into);
  const copied: string[] = [];
  for (const s of await from.list()) {
    if (into.servers.getByName(s.name)) continue;
    await store.put(s);
    copied.push(s.name);
  }
  return copied;
}
