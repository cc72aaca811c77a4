/** SQLite failures turned into operator-readable CATALOG errors (busy, damaged, disk full, read-only). */
import { SysbError } from '../../../shared/errors.ts';
import { damagedCatalogError } from './damaged.ts';

function sqliteCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_') ? err.code : undefined;
}

/** Maps a SQLite error to a SysbError naming the catalog and what to do; other errors pass through unchanged. */
export function catalogErrorFor(err: unknown, catalogPath: string): unknown {
  const code = sqliteCode(err);
  if (!code) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damagedCatalogError(catalogPath, detail);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new SysbError(
      'CATALOG',
      `catalog ${catalogPath} is locked by another SysbTape process (${detail}); try again when it has finished`,
    );
  }
  if (code.startsWith('SQLITE_FULL'))
    return new SysbError('CATALOG', `the disk holding catalog ${catalogPath} is full; nothing was recorded. Free some space and try again`);
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH')
  ) {
    return new SysbError(
      'CATALOG',
      `cannot write catalog ${catalogPath} (${code}); check the path and its permissions, or choose another with --catalog`,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) return new SysbError('CATALOG', `I/O error on catalog ${catalogPath} (${detail}); check the disk`);
  // Constraint failures here mean a bug in the catalog's own checks; keep SQLite's words for the report.
  return new SysbError('CATALOG', `catalog ${catalogPath}: ${detail} [${code}]`);
}

/** Wraps a repository so every method's SQLite error becomes a CATALOG error (methods keep their own `this`). */
export function guardRepo<T extends object>(repo: T, catalogPath: string): T {
  return new Proxy(repo, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          throw catalogErrorFor(err, catalogPath);
        }
      };
    },
  });
}
