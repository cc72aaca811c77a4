/** The CLI's servers live in the catalog named by --catalog; a servers.json from before the catalog is moved in once. */
import type { Command } from 'commander';
import { rename } from 'node:fs/promises';
import type { Catalog } from '../services/catalog/catalog.ts';
import { CatalogServerStore, importServers } from '../services/catalog/server-store.ts';
import type { ServerConfig } from '../services/ssh/server-config.ts';
import { JsonServerStore, type ServerStore } from '../services/ssh/server-store.ts';
import { catalogPathOf, openCatalogAt } from './command-kit.ts';

/**
 * Copies servers from the old JSON list into the catalog, then renames the file so that a server
 * removed from the catalog later does not come back from it.
 */
export async function importLegacyServers(catalog: Catalog, json = new JsonServerStore()): Promise<string[]> {
  const copied = await importServers(json, catalog);
  try {
    await rename(json.path, `${json.path}.imported-to-catalog`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return copied;
}

/** A ServerStore that opens the command's catalog for each operation (the CLI runs one or two). */
class CliServerStore implements ServerStore {
  readonly #catalogPath: string;

  constructor(catalogPath: string) {
    this.#catalogPath = catalogPath;
  }

  async #with<T>(fn: (store: CatalogServerStore) => Promise<T>): Promise<T> {
    const catalog = await openCatalogAt(this.#catalogPath);
    try {
      await importLegacyServers(catalog);
      return await fn(new CatalogServerStore(catalog));
    } finally {
      catalog.close();
    }
  }

  list(): Promise<ServerConfig[]> {
    return this.#with((s) => s.list());
  }
  get(name: string): Promise<ServerConfig | undefined> {
    return this.#with((s) => s.get(name));
  }
  put(server: ServerConfig): Promise<void> {
    return this.#with((s) => s.put(server));
  }
  remove(name: string): Promise<boolean> {
    return this.#with((s) => s.remove(name));
  }
}

/** The server store of a CLI command: the catalog given by its (global) --catalog option. */
export function cliServerStore(cmd: Command): ServerStore {
  return new CliServerStore(catalogPathOf(cmd));
}
