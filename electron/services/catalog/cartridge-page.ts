/**
 * The Cartridges view's query: one page of cartridges, filtered, contains-searched over VOLSER, location
 * and host, and sorted — all in SQL, so 10,000 cartridges never travel to the renderer at once.
 */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { likeContains } from './like-pattern.ts';

/** Sort columns, mapped to SQL expressions over the `page` CTE below (never interpolated from input). */
const SORT_SQL = {
  volser: 'volser',
  status: 'status',
  location: 'location COLLATE NOCASE',
  host: 'host COLLATE NOCASE',
  retentionUntil: 'retention_until',
  writeCount: 'write_count',
  lastUsed: 'last_used_at',
} as const;

/** What one page asks for. */
export interface CartridgePageQuery {
  /** Free text: matched anywhere in VOLSER, location and host, case-insensitively; LIKE wildcards are literal. */
  search: string;
  status: string | 'any';
  /** Cartridges still held on `today`, or reusable by then (no retention or it ended). */
  retention: 'any' | 'held' | 'expired';
  today: string;
  sort: keyof typeof SORT_SQL;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** One row of a page, as stored (snake case) plus the host. */
export interface CartridgePageRow {
  volser: string;
  media_id: string;
  barcode: string;
  status: string;
  location: string | null;
  retention_until: string | null;
  notes: string | null;
  write_count: number;
  first_used_at: string | null;
  last_used_at: string | null;
  host: string | null;
}

// The host of a cartridge: the server whose image set its latest good write put on it.
const PAGE_CTE = `
  WITH page AS (
    SELECT c.volser, c.media_id, c.barcode, c.status, c.location, c.retention_until, c.notes, c.write_count,
           c.first_used_at, c.last_used_at,
           (SELECT s.name FROM writes w JOIN image_sets i ON i.id = w.image_set_id JOIN servers s ON s.id = i.server_id
             WHERE w.cartridge_id = c.id AND w.result = 'ok' ORDER BY w.started_at DESC, w.id DESC LIMIT 1) AS host
    FROM cartridges c
  )`;

/** Reads one page and the number of matching cartridges. */
export function queryCartridgePage(db: Database.Database, q: CartridgePageQuery): { total: number; rows: CartridgePageRow[] } {
  const sortSql = SORT_SQL[q.sort];
  if (!sortSql) throw new SysbError('INVALID_INPUT', `cannot sort cartridges by '${String(q.sort)}'`);
  const where: string[] = [];
  const args: (string | number)[] = [];
  const text = q.search.trim();
  if (text) {
    where.push(`(volser LIKE ? ESCAPE '\\' OR location LIKE ? ESCAPE '\\' OR host LIKE ? ESCAPE '\\')`);
    const pattern = likeContains(text);
    args.push(pattern, pattern, pattern);
  }
  if (q.status !== 'any') {
    where.push('status = ?');
    args.push(q.status);
  }
  if (q.retention === 'held') {
    where.push('retention_until >= ?');
    args.push(q.today);
  }
  if (q.retention === 'expired') {
    where.push('(retention_until IS NULL OR retention_until <= ?)');
    args.push(q.today);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
  // Empty values sort last either way; VOLSER breaks ties so paging is stable.
  const order = `(${sortSql.split(' ')[0]} IS NULL), ${sortSql} ${dir}, volser ${dir}`;
  const rows = db
    .prepare<unknown[], CartridgePageRow>(`${PAGE_CTE} SELECT * FROM page ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset);
  const total = db.prepare<unknown[], { n: number }>(`${PAGE_CTE} SELECT count(*) AS n FROM page ${clause}`).get(...args)!.n;
  return { total, rows };
}
