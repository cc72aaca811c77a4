/**
 * Write transactions that take the write lock up front (BEGIN IMMEDIATE). A deferred transaction that
 * reads first and then writes cannot upgrade its lock while another process writes: SQLite fails it at
 * once with "database is locked" without waiting the busy timeout. An immediate one waits its turn.
 */
import type Database from 'better-sqlite3';

/** Runs `fn` in one immediate transaction (a savepoint when already inside one); synchronous by design. */
export function immediate<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
