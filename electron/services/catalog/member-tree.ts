/**
 * The member index as a tree, one directory at a time (the Contents views): a mksysb of 200,000 members
 * is never sent whole. A directory's children come with their aggregated sizes (everything under them),
 * computed by SQLite in one range scan of the names under that directory.
 */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { MEMBER_KINDS, type IndexedMemberKind } from './member-index.ts';
import { type Prepare, statementsOf } from './statements.ts';

/** One child of a directory: a member, or a directory that only exists as the prefix of members under it. */
export interface DirectoryChild {
  /** Full member name as listed (`./etc/hosts`). */
  name: string;
  /** Last path component. */
  base: string;
  /** The member's own kind; a directory implied by names under it is 'directory'. */
  kind: IndexedMemberKind;
  /** Bytes of the member itself plus everything under it. */
  bytes: number;
  /** Members under it (itself included when it is a member). */
  members: number;
  /** True when members exist under it (it can be opened). */
  hasChildren: boolean;
  /** mtime of the member itself (seconds), null for an implied directory. */
  mtime: number | null;
  mode: number | null;
}

/** One page of a directory's children, largest first. */
export interface DirectoryPage {
  imageSetId: number;
  /** The directory listed, as a member name (`.` for the root). */
  directory: string;
  /** Children of the directory in all. */
  total: number;
  offset: number;
  children: DirectoryChild[];
}

interface ChildRow {
  child: string;
  bytes: number;
  members: number;
  own_kind: number | null;
  has_children: number;
  mtime: number | null;
  mode: number | null;
}

/** Directory listings kept (least recently used dropped first). */
const CACHE_DIRECTORIES = 64;

/** `./etc/` for `./etc`, `etc`, `/etc/` or `./etc/`; `./` for the root (`.`, `./`, `/` or ``). */
export function directoryPrefix(directory: string): string {
  let d = directory.trim();
  while (d.startsWith('./')) d = d.slice(2);
  d = d.replace(/^\/+/, '').replace(/\/+$/, '');
  if (d === '.' || d === '') return './';
  if (d.split('/').some((part) => part === '..' || part === '.' || part === ''))
    throw new SysbError('INVALID_INPUT', `'${directory}' is not a directory name as listed (./etc)`);
  return `./${d}/`;
}

/** Lists directories of the member index page by page. */
export class MemberTreeRepo {
  readonly #sql: Prepare;
  readonly #cache = new Map<string, DirectoryChild[]>();

  constructor(db: Database.Database) {
    this.#sql = statementsOf(db);
  }

  /**
   * The children of `directory` in image set `imageSetId`, largest first (then by name), `limit` from
   * `offset`. Names sort byte-wise, so every name under `./etc/` lies in [`./etc/`, `./etc0`): the
   * unique index on member names serves the range and each match is one primary-key probe.
   */
  children(imageSetId: number, directory: string, page: { offset?: number; limit?: number } = {}): DirectoryPage {
    const prefix = directoryPrefix(directory);
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 200;
    const all = this.#allChildren(imageSetId, prefix);
    return {
      imageSetId,
      directory: prefix === './' ? '.' : prefix.slice(0, -1),
      total: all.length,
      offset,
      children: all.slice(offset, offset + limit),
    };
  }

  /**
   * Every child of one directory, sorted. Aggregating costs one pass over everything under the directory
   * (about half a second for the root of 200,000 members), so the answer is kept per image set, directory
   * and indexing time: paging, reopening and going back cost nothing, and a re-index is never served stale.
   */
  #allChildren(imageSetId: number, prefix: string): DirectoryChild[] {
    const index = this.#sql<[number], { indexed_at: string; members: number; bytes: number }>(
      'SELECT indexed_at, members, bytes FROM member_indexes WHERE image_set_id = ?',
    ).get(imageSetId);
    if (index === undefined) return [];
    const key = `${imageSetId}|${index.indexed_at}|${index.members}|${index.bytes}|${prefix}`;
    const cached = this.#cache.get(key);
    if (cached) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const end = `${prefix.slice(0, -1)}0`; // '0' is the character after '/'
    // CROSS JOIN keeps SQLite on the name range first; left to itself it scanned the whole image set.
    const rows = this.#sql<[number, number, string, string], ChildRow>(
      `
      WITH under AS (
        SELECT substr(n.name, ?) AS rest, m.kind, m.size, m.mtime, m.mode
        FROM member_names n CROSS JOIN image_set_members m ON m.key = (? << 32) | n.id
        WHERE n.name >= ? AND n.name < ?
      ), split AS (
        SELECT rest, kind, size, mtime, mode, instr(rest, '/') AS slash FROM under WHERE rest <> ''
      )
      SELECT CASE slash WHEN 0 THEN rest ELSE substr(rest, 1, slash - 1) END AS child,
        SUM(size) AS bytes, COUNT(*) AS members,
        MAX(CASE WHEN slash = 0 THEN kind END) AS own_kind,
        MAX(slash > 0 AND slash < length(rest)) AS has_children,
        MAX(CASE WHEN slash = 0 THEN mtime END) AS mtime,
        MAX(CASE WHEN slash = 0 THEN mode END) AS mode
      FROM split GROUP BY child HAVING child <> ''
      ORDER BY bytes DESC, child`,
    ).all(prefix.length + 1, imageSetId, prefix, end);
    const children = rows.map((r): DirectoryChild => ({
      name: `${prefix}${r.child}`,
      base: r.child,
      kind: r.own_kind === null ? 'directory' : (MEMBER_KINDS[r.own_kind] ?? 'other'),
      bytes: r.bytes,
      members: r.members,
      hasChildren: r.has_children === 1,
      mtime: r.mtime,
      mode: r.mode,
    }));
    this.#cache.set(key, children);
    if (this.#cache.size > CACHE_DIRECTORIES) this.#cache.delete(this.#cache.keys().next().value!);
    return children;
  }
}
