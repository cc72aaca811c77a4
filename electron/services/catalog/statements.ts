/** Prepared statements cached per connection: compiling SQL on every call costs more than most catalog queries. */
import type Database from 'better-sqlite3';

/** Returns the cached prepared statement for `sql` (compiling it the first time). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- better-sqlite3's own bound for named parameters
export type Prepare = <P extends unknown[] | {} = unknown[], R = unknown>(sql: string) => Database.Statement<P, R>;

const caches = new WeakMap<Database.Database, Prepare>();
const MAX_STATEMENTS = 256;

/** The statement cache of a connection, shared by every repository on it. */
export function statementsOf(db: Database.Database): Prepare {
  let prepare = caches.get(db);
  if (!prepare) {
    const cache = new Map<string, Database.Statement>();
    prepare = (<P extends unknown[] | object, R>(sql: string) => {
      let s = cache.get(sql);
      if (!s) {
        // Dynamic filters make a bounded number of shapes; the cap only guards against a caller gone wrong.
        if (cache.size >= MAX_STATEMENTS) cache.clear();
        s = db.prepare(sql);
        cache.set(sql, s);
      }
      return s as unknown as Database.Statement<P, R>;
    }) as Prepare;
    caches.set(db, prepare);
  }
  return prepare;
}
