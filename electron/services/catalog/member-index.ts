/**
 * The member index: which files each image set holds (name, kind, size, mode, owner, mtime, header
 * offset), stored compactly (names once for all image sets) and searchable by substring or shell
 * pattern through an FTS5 trigram index. Feeds `find`, `diff` and the Contents views.
 */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import type { Clock } from './clock.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { likeContains } from './like-pattern.ts';

/** Member kinds as stored (small integers keep rows small). */
export const MEMBER_KINDS = ['file', 'directory', 'symlink', 'other'] as const;
/** One member kind. */
export type IndexedMemberKind = (typeof MEMBER_KINDS)[number];

/** One member as indexed. */
export interface IndexedMember {
  name: string;
  kind: IndexedMemberKind;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Header offset in the archive (record 4, or record 2 for a mkinsttape index). */
  offset: number;
}

/** What is indexed for one image set. */
export interface MemberIndexInfo {
  imageSetId: number;
  record: 2 | 4;
  members: number;
  bytes: number;
  indexedAt: string;
}

/** A backup holding members that match a find pattern. */
export interface FindHit {
  imageSetId: number;
  serverName: string;
  capturedAt: string;
  osLevel: string | null;
  /** Cartridges whose last good write holds this image set. */
  cartridges: { volser: string; status: string; location: string | null }[];
  members: IndexedMember[];
  /** Matching members in this image set (members may be cut at the limit). */
  matches: number;
}

/** Filters of find. */
export interface FindFilter {
  server?: string;
  /** ISO dates: captured before / after. */
  before?: string;
  after?: string;
  /** Members listed per image set (default 100). */
  limitPerSet?: number;
}

/** At most this many distinct names are looked up per find: a pattern matching more is too broad to list. */
export const FIND_MAX_NAMES = 1000;

/** The answer of find. */
export interface FindResult {
  backups: FindHit[];
  /** Distinct member names that matched (up to FIND_MAX_NAMES). */
  namesMatched: number;
  /** More names matched than FIND_MAX_NAMES: narrow the pattern. */
  truncated: boolean;
}

const KIND_NO: Record<IndexedMemberKind, number> = { file: 0, directory: 1, symlink: 2, other: 3 };
const GLOB_CHARS = /[*?[]/;

interface MemberRow { name: string; kind: number; size: number; mode: number; uid: number; gid: number; mtime: number; offset: number }

function toMember(r: MemberRow): IndexedMember {
  return { name: r.name, kind: MEMBER_KINDS[r.kind] ?? 'other', size: r.size, mode: r.mode, uid: r.uid, gid: r.gid, mtime: r.mtime, offset: r.offset };
}

/** Records and searches the member index. */
export class MemberIndexRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;
  readonly #now: Clock;

  constructor(db: Database.Database, now: Clock) {
    this.#db = db;
    this.#sql = statementsOf(db);
    this.#now = now;
  }

  /**
   * Replaces the index of an image set with `members` in one transaction (immediate: it reads then
   * writes, and must not fail half-way because another process wrote first).
   */
  replace(imageSetId: number, record: 2 | 4, members: Iterable<IndexedMember>): MemberIndexInfo {
    const addName = this.#sql<[string], { id: number }>('INSERT INTO member_names (name) VALUES (?) RETURNING id');
    const findName = this.#sql<[string], { id: number }>('SELECT id FROM member_names WHERE name = ?');
    const addFts = this.#sql('INSERT INTO member_names_fts (rowid, name) VALUES (?, ?)');
    const addMember = this.#sql('INSERT OR REPLACE INTO image_set_members (name_id, image_set_id, kind, size, mode, uid, gid, mtime, offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const run = this.#db.transaction(() => {
      if (!this.#sql('SELECT 1 FROM image_sets WHERE id = ?').get(imageSetId)) throw new SysbError('NOT_FOUND', `image set ${imageSetId} is not in the catalog`);
      this.#sql('DELETE FROM member_indexes WHERE image_set_id = ?').run(imageSetId);
      this.#sql('INSERT INTO member_indexes (image_set_id, record_no, members, bytes, indexed_at) VALUES (?, ?, 0, 0, ?)').run(imageSetId, record, this.#now().toISOString());
      // Three passes, not one: FTS5 flushes its pending terms whenever another table is written between
      // its inserts, which made interleaved indexing three times slower.
      const list = [...members];
      const ids = new Array<number>(list.length);
      const fresh: number[] = [];
      for (let i = 0; i < list.length; i++) {
        const name = list[i]!.name;
        let id = findName.get(name)?.id;
        if (id === undefined) {
          id = addName.get(name)!.id;
          fresh.push(i);
        }
        ids[i] = id;
      }
      for (const i of fresh) addFts.run(ids[i], list[i]!.name);
      let bytes = 0;
      for (let i = 0; i < list.length; i++) {
        const m = list[i]!;
        addMember.run(ids[i], imageSetId, KIND_NO[m.kind], m.size, m.mode, m.uid, m.gid, m.mtime, m.offset);
        bytes += m.size;
      }
      this.#sql('UPDATE member_indexes SET members = ?, bytes = ? WHERE image_set_id = ?').run(list.length, bytes, imageSetId);
    });
    run.immediate();
    return this.info(imageSetId)!;
  }

  /** What is indexed for an image set, or undefined. */
  info(imageSetId: number): MemberIndexInfo | undefined {
    const r = this.#sql<[number], { image_set_id: number; record_no: 2 | 4; members: number; bytes: number; indexed_at: string }>(
      'SELECT * FROM member_indexes WHERE image_set_id = ?').get(imageSetId);
    return r ? { imageSetId: r.image_set_id, record: r.record_no, members: r.members, bytes: r.bytes, indexedAt: r.indexed_at } : undefined;
  }

  /** Every member of an image set, in name order. */
  members(imageSetId: number): IndexedMember[] {
    return this.#sql<[number], MemberRow>(`SELECT n.name, m.kind, m.size, m.mode, m.uid, m.gid, m.mtime, m.offset
      FROM image_set_members m JOIN member_names n ON n.id = m.name_id WHERE m.image_set_id = ? ORDER BY n.name`).all(imageSetId).map(toMember);
  }

  /** Ids of names matching a pattern: a shell pattern (GLOB) when it has * ? [, else a substring. */
  #matchingNameIds(pattern: string): number[] {
    const text = pattern.trim();
    if (text === '') throw new SysbError('USAGE', 'find: the PATTERN is empty');
    // The trigram index serves LIKE/GLOB with at least 3 literal characters; shorter ones scan the names.
    if (GLOB_CHARS.test(text)) {
      // A pattern without a slash matches the last path component, like find -name.
      const glob = text.includes('/') ? (text.startsWith('./') || text.startsWith('*') ? text : `.${text.startsWith('/') ? '' : '/'}${text}`) : `*/${text}`;
      return this.#sql<[string, number], { rowid: number }>('SELECT rowid FROM member_names_fts WHERE name GLOB ? LIMIT ?').all(glob, FIND_MAX_NAMES + 1).map((r) => r.rowid);
    }
    return this.#sql<[string, number], { rowid: number }>("SELECT rowid FROM member_names_fts WHERE name LIKE ? ESCAPE '\\' LIMIT ?")
      .all(likeContains(text), FIND_MAX_NAMES + 1).map((r) => r.rowid);
  }

  /** Every backup holding a member that matches `pattern`, newest first, with the cartridges that hold it. */
  find(pattern: string, filter: FindFilter = {}): FindResult {
    const matched = this.#matchingNameIds(pattern);
    const truncated = matched.length > FIND_MAX_NAMES;
    const ids = matched.slice(0, FIND_MAX_NAMES);
    if (ids.length === 0) return { backups: [], namesMatched: 0, truncated: false };
    const limit = filter.limitPerSet ?? 100;
    const where: string[] = ['m.name_id IN (SELECT value FROM json_each(?))'];
    const args: (string | number)[] = [JSON.stringify(ids)];
    if (filter.server) { where.push('s.name = ?'); args.push(filter.server); }
    if (filter.before) { where.push('i.captured_at < ?'); args.push(filter.before); }
    if (filter.after) { where.push('i.captured_at >= ?'); args.push(filter.after); }
    const rows = this.#sql<unknown[], MemberRow & { image_set_id: number; server_name: string; captured_at: string; os_level: string | null }>(`
      SELECT m.image_set_id, s.name AS server_name, i.captured_at, i.os_level, n.name, m.kind, m.size, m.mode, m.uid, m.gid, m.mtime, m.offset
      FROM image_set_members m
      JOIN member_names n ON n.id = m.name_id
      JOIN image_sets i ON i.id = m.image_set_id
      JOIN servers s ON s.id = i.server_id
      WHERE ${where.join(' AND ')}
      ORDER BY i.captured_at DESC, m.image_set_id DESC, n.name`).all(...args);
    const hits = new Map<number, FindHit>();
    for (const r of rows) {
      let h = hits.get(r.image_set_id);
      if (!h) {
        h = { imageSetId: r.image_set_id, serverName: r.server_name, capturedAt: r.captured_at, osLevel: r.os_level, cartridges: [], members: [], matches: 0 };
        hits.set(r.image_set_id, h);
      }
      h.matches++;
      if (h.members.length < limit) h.members.push(toMember(r));
    }
    const carts = this.#sql<[string], { image_set_id: number; volser: string; status: string; location: string | null }>(`
      SELECT w.image_set_id, c.volser, c.status, c.location FROM writes w JOIN cartridges c ON c.id = w.cartridge_id
      WHERE w.result = 'ok' AND w.image_set_id IN (SELECT value FROM json_each(?))
        AND w.id = (SELECT w2.id FROM writes w2 WHERE w2.cartridge_id = w.cartridge_id ORDER BY w2.started_at DESC, w2.id DESC LIMIT 1)
      ORDER BY c.volser`).all(JSON.stringify([...hits.keys()]));
    for (const c of carts) hits.get(c.image_set_id)?.cartridges.push({ volser: c.volser, status: c.status, location: c.location });
    return { backups: [...hits.values()], namesMatched: ids.length, truncated };
  }
}
