/** The global --catalog PATH option and opening the catalog it names, for every command that uses the catalog. */
import type { Command } from 'commander';
import { type Catalog, openCatalog } from '../services/catalog/catalog.ts';
import { resolveCatalogPath } from '../services/catalog/catalog-path.ts';

export { addCatalogOption } from './catalog-flag.ts';

/** The catalog file a command should use: --catalog (before or after the subcommand), else the XDG default. */
export function catalogPathOf(cmd: Command): string {
  const opts = cmd.optsWithGlobals<{ catalog?: string }>();
  return resolveCatalogPath(opts.catalog);
}

/** Opens the command's catalog, runs `fn`, and always closes it. */
export async function withCatalog<T>(cmd: Command, fn: (catalog: Catalog) => Promise<T> | T): Promise<T> {
  const catalog = await openCatalog(catalogPathOf(cmd));
  try {
    return await fn(catalog);
  } finally {
    catalog.close();
  }
}
