/**
 * Turns zod validation failures into INVALID_INPUT errors that name the bad field, and loads the catalog's
 * input schemas on the first validation only: building them loads zod (~95 modules, ~70 ms), which a
 * read-only command such as `sysbtape tape list` should not pay for at start.
 */
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { SysbError } from '../../../shared/errors.ts';
import type * as InputSchemas from './input-schemas.ts';

/** The catalog's input schemas (electron/services/catalog/input-schemas.ts). */
export type CatalogSchemas = typeof InputSchemas;

const requireHere = createRequire(import.meta.url);
// The sources run as .ts (type stripping, tests), the build as .js (dist/cli, the packaged app).
const schemasFile = `./input-schemas${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`;
let loaded: CatalogSchemas | undefined;

/**
 * Loads the input schemas ahead of use with a plain dynamic import; the app calls it once at start, so only the
 * CLI (plain Node) relies on the synchronous require below.
 */
export async function preloadCatalogSchemas(): Promise<void> {
  loaded ??= await import('./input-schemas.ts');
}

/** The catalog's input schemas, built on first use (a synchronous require of the ES module). */
export function catalogSchemas(): CatalogSchemas {
  loaded ??= requireHere(schemasFile) as CatalogSchemas;
  return loaded;
}

/**
 * Parses `value` with the schema `pick` chooses from the catalog's input schemas; on failure throws
 * INVALID_INPUT naming each bad field, e.g. "cartridge: volser must be …".
 */
export function validate<S extends z.ZodType>(pick: (schemas: CatalogSchemas) => S, value: unknown, what: string): z.output<S> {
  const r = pick(catalogSchemas()).safeParse(value);
  if (r.success) return r.data;
  const parts = r.error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '';
    const msg = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return field ? `${field} ${msg}` : msg;
  });
  throw new SysbError('INVALID_INPUT', `${what}: ${parts.join('; ')}`, {
    issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}
