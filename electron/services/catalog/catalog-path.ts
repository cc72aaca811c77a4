/** Where the catalog file lives: --catalog PATH, else $XDG_DATA_HOME/sysbtape/catalog.db, else ~/.local/share/sysbtape/catalog.db. */
import os from 'node:os';
import path from 'node:path';

/** The default catalog file for this user (XDG base directory rules). */
export function defaultCatalogPath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const xdg = env.XDG_DATA_HOME;
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
  return path.join(dataHome, 'sysbtape', 'catalog.db');
}

/** The catalog file to use: an explicit path (from --catalog) wins over the default. */
export function resolveCatalogPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ? path.resolve(explicit) : defaultCatalogPath(env);
}

/** The folder that keeps automatic backups of a catalog file. */
export function backupDirFor(catalogPath: string): string {
  return path.join(path.dirname(catalogPath), 'catalog-backups');
}

/**
 * Where image sets are staged unless a command says otherwise, for the app and the CLI alike:
 * $SYSBTAPE_STAGING, else staging/ beside the catalog file — by default ~/.local/share/sysbtape/staging
 * (image sets are data, so they belong under XDG_DATA_HOME).
 */
export function defaultStagingRoot(catalogPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SYSBTAPE_STAGING;
  return fromEnv ? path.resolve(fromEnv) : path.join(path.dirname(catalogPath), 'staging');
}
