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
/**
 * At most this many matching names are looked at per find (most of them may be in image sets the filter
 * leaves out): past it the answer is cut and says so, rather than scanning every name of the catalog.
 * Each costs about 3 µs (the trigram index checks it against the name), so this bounds a find to ~30 ms.
 */
export const FIND_MAX_SCANNED = 10_000;

/** The answer of find. */
export interface FindResult {
  backups: FindHit[];
  /** Distinct member names that matched (up to FIND_MAX_NAMES). */
  namesMatched: number;
  /** More names matched than FIND_MAX_NAMES: narrow the pattern. */
  truncated: boolean;
}

/** Member rows are keyed image_set_id << 32 | name_id (one integer: the fastest key SQLite looks up). */
const MAX_KEY_PART = 2 ** 32;
const NAME_MASK = MAX_KEY_PART - 1;

const KIND_NO: Record<IndexedMemberKind, number> = { file: 0, directory: 1, symlink: 2, other: 3 };
const GLOB_CHARS = /[*?[]/;

/** An indexed image set as find reports it. */
interface SetInfo {
  imageSetId: number;
  serverName: string;
  capturedAt: string;
  osLevel: string | null;
}

/** A name that matched, with the wanted image sets holding it. */
interface MatchedName {
  id: number;
  name: string;
  postingId: number;
  sets: number[];
}

interface MemberRow {
  name: string;
  kind: number;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  offset: number;
}

function toMember(r: MemberRow): IndexedMember {
  return {
    name: r.name,
    kind: MEMBER_KINDS[r.kind] ?? 'other',
    size: r.size,
    mode: r.mode,
    uid: r.uid,
    gid: r.gid,
    mtime: r.mtime,
    offset: r.offset,
  };
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
   * writes, and must not fail half-way because another process wrote first). The index gets a new
   * generation; every listed name moves to the posting of its other live generations plus this one.
   */
  replace(imageSetId: number, record: 2 | 4, members: Iterable<IndexedMember>): MemberIndexInfo {
    const addName = this.#sql<[string], { id: number }>('INSERT INTO member_names (name) VALUES (?) RETURNING id');
    const findName = this.#sql<[string], { id: number; posting_id: number | null }>(
      'SELECT id, posting_id FROM member_names WHERE name = ?',
    );
    const addFts = this.#sql('INSERT INTO member_names_fts (rowid, name) VALUES (?, ?)');
    const addMember = this.#sql(
      'INSERT OR REPLACE INTO image_set_members (key, kind, size, mode, uid, gid, mtime, offset) VALUES ((? << 32) | ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const run = this.#db.transaction(() => {
      if (!this.#sql('SELECT 1 FROM image_sets WHERE id = ?').get(imageSetId))
        throw new SysbError('NOT_FOUND', `image set ${imageSetId} is not in the catalog`);
      // The member key is image_set_id << 32 | name_id: both must fit their half.
      if (imageSetId >= MAX_KEY_PART / 2) throw new SysbError('INTERNAL', `image set id ${imageSetId} is too large for the member index`);
      this.#sql('DELETE FROM member_indexes WHERE image_set_id = ?').run(imageSetId);
      const generation = this.#sql<[], { g: number }>(
        'UPDATE member_index_state SET next_generation = next_generation + 1 RETURNING next_generation - 1 AS g',
      ).get()!.g;
      this.#sql(
        'INSERT INTO member_indexes (image_set_id, record_no, members, bytes, indexed_at, generation) VALUES (?, ?, 0, 0, ?, ?)',
      ).run(imageSetId, record, this.#now().toISOString(), generation);
      // Passes, not one loop: FTS5 flushes its pending terms whenever another table is written between
      // its inserts, which made interleaved indexing three times slower.
      const list = [...members];
      const ids = new Array<number>(list.length);
      const fresh: number[] = [];
      /** Names by the posting they are leaving (0: none yet); a name listed twice moves once. */
      const leaving = new Map<number, number[]>();
      const seen = new Set<number>();
      for (let i = 0; i < list.length; i++) {
        const name = list[i]!.name;
        const row = findName.get(name);
        let id = row?.id;
        if (id === undefined) {
          id = addName.get(name)!.id;
          if (id >= MAX_KEY_PART) throw new SysbError('INTERNAL', `member name id ${id} is too large for the member index`);
          fresh.push(i);
        }
        ids[i] = id;
        if (seen.has(id)) continue;
        seen.add(id);
        const from = row?.posting_id ?? 0;
        const group = leaving.get(from);
        if (group) group.push(id);
        else leaving.set(from, [id]);
      }
      for (const i of fresh) addFts.run(ids[i], list[i]!.name);
      this.#movePostings(leaving, generation);
      let bytes = 0;
      // In key order (image set, name): the rows are appended. Stable, so of a name listed twice the last wins.
      const order = Array.from(list.keys()).sort((a, b) => ids[a]! - ids[b]!);
      for (const i of order) {
        const m = list[i]!;
        addMember.run(imageSetId, ids[i], KIND_NO[m.kind], m.size, m.mode, m.uid, m.gid, m.mtime, m.offset);
        bytes += m.size;
      }
      this.#sql('UPDATE member_indexes SET members = ?, bytes = ? WHERE image_set_id = ?').run(list.length, bytes, imageSetId);
    });
    run.immediate();
    return this.info(imageSetId)!;
  }

  /**
   * Moves each group of names from its posting to the posting of (its live generations + `generation`),
   * creating postings as needed and dropping those no name points at any more. Generations of indexes
   * since replaced or deleted are left out on the way (they would only be ignored by find).
   */
  #movePostings(leaving: Map<number, number[]>, generation: number): void {
    const live = new Set(this.#sql<[], number>('SELECT generation FROM member_indexes').pluck().all());
    const postingById = this.#sql<[number], { generations: string }>('SELECT generations FROM member_postings WHERE id = ?');
    const postingByKey = this.#sql<[string], { id: number }>('SELECT id FROM member_postings WHERE generations = ?');
    const addPosting = this.#sql<[string], { id: number }>('INSERT INTO member_postings (generations, names) VALUES (?, 0) RETURNING id');
    const count = this.#sql('UPDATE member_postings SET names = names + ? WHERE id = ?');
    const dropEmpty = this.#sql('DELETE FROM member_postings WHERE id = ? AND names = 0');
    // One statement per group (the names arrive as a JSON array): one call per name cost more than the update.
    const setPosting = this.#sql('UPDATE member_names SET posting_id = ? WHERE id IN (SELECT value FROM json_each(?))');
    for (const [from, nameIds] of leaving) {
      const old = from === 0 ? [] : (JSON.parse(postingById.get(from)!.generations) as number[]);
      const key = JSON.stringify([...old.filter((g) => live.has(g) && g !== generation), generation].sort((a, b) => a - b));
      const to = postingByKey.get(key)?.id ?? addPosting.get(key)!.id;
      count.run(nameIds.length, to);
      setPosting.run(to, JSON.stringify(nameIds));
      if (from !== 0) {
        count.run(-nameIds.length, from);
        dropEmpty.run(from);
      }
    }
  }

  /** What is indexed for an image set, or undefined. */
  info(imageSetId: number): MemberIndexInfo | undefined {
    const r = this.#sql<[number], { image_set_id: number; record_no: 2 | 4; members: number; bytes: number; indexed_at: string }>(
      'SELECT * FROM member_indexes WHERE image_set_id = ?',
    ).get(imageSetId);
    return r ? { imageSetId: r.image_set_id, record: r.record_no, members: r.members, bytes: r.bytes, indexedAt: r.indexed_at } : undefined;
  }

  /** Every member of an image set, in name order. */
  members(imageSetId: number): IndexedMember[] {
    return this.#sql<[number, number], MemberRow>(
      `SELECT n.name, m.kind, m.size, m.mode, m.uid, m.gid, m.mtime, m.offset
      FROM image_set_members m JOIN member_names n ON n.id = m.key & ${NAME_MASK}
      WHERE m.key >= (? << 32) AND m.key < ((? + 1) << 32) ORDER BY n.name`,
    )
      .all(imageSetId, imageSetId)
      .map(toMember);
  }

  /** The FTS5 condition and argument for a pattern: a shell pattern (GLOB) when it has * ? [, else a substring (LIKE). */
  static #nameCondition(pattern: string): { where: string; args: string[] } {
    const text = pattern.trim();
    if (text === '') throw new SysbError('USAGE', 'find: the PATTERN is empty');
    // The trigram index serves LIKE/GLOB with at least 3 literal characters; shorter ones scan the names.
    if (GLOB_CHARS.test(text)) {
      // A pattern without a slash matches the last path component, like find -name.
      const glob = text.includes('/')
        ? text.startsWith('./') || text.startsWith('*')
          ? text
          : `.${text.startsWith('/') ? '' : '/'}${text}`
        : `*/${text}`;
      return { where: 'f.name GLOB ?', args: [glob] };
    }
    // FTS5 cannot use the trigram index for a LIKE with ESCAPE (it scans every name): the index gets the
    // pattern unescaped, a superset when the text holds % or _, and the name itself the exact test.
    return { where: "f.name LIKE ? AND n.name LIKE ? ESCAPE '\\'", args: [`%${text}%`, likeContains(text)] };
  }

  /** The indexed image sets that pass the filter, by generation. */
  #indexedSets(filter: FindFilter): Map<number, SetInfo> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.server) {
      where.push('s.name = ?');
      args.push(filter.server);
    }
    if (filter.before) {
      where.push('i.captured_at < ?');
      args.push(filter.before);
    }
    if (filter.after) {
      where.push('i.captured_at >= ?');
      args.push(filter.after);
    }
    const rows = this.#sql<
      string[],
      { generation: number; image_set_id: number; server_name: string; captured_at: string; os_level: string | null }
    >(
      `
      SELECT x.generation, x.image_set_id, s.name AS server_name, i.captured_at, i.os_level
      FROM member_indexes x JOIN image_sets i ON i.id = x.image_set_id JOIN servers s ON s.id = i.server_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
    ).all(...args);
    return new Map(
      rows.map((r) => [
        r.generation,
        { imageSetId: r.image_set_id, serverName: r.server_name, capturedAt: r.captured_at, osLevel: r.os_level },
      ]),
    );
  }

  /**
   * Names matching the pattern that some wanted image set holds, each with the image sets (of `sets`) holding it:
   * up to FIND_MAX_NAMES + 1 of them, looking at no more than FIND_MAX_SCANNED names.
   */
  #matchingNames(pattern: string, sets: Map<number, SetInfo>): { names: MatchedName[]; truncated: boolean } {
    const { where, args } = MemberIndexRepo.#nameCondition(pattern);
    if (sets.size === 0) return { names: [], truncated: false };
    const page = this.#sql<(string | number)[], [number, string, number | null]>(
      `
      SELECT n.id, n.name, n.posting_id FROM member_names_fts f JOIN member_names n ON n.id = f.rowid
      WHERE ${where} AND f.rowid > ? ORDER BY f.rowid LIMIT ?`,
    ).raw();
    const postings = this.#sql<[string], [number, string]>(
      'SELECT id, generations FROM member_postings WHERE id IN (SELECT value FROM json_each(?))',
    ).raw();
    /** Per posting: the wanted image sets it names (empty: none of them). */
    const setsOf = new Map<number, number[]>();
    const names: MatchedName[] = [];
    let after = 0;
    let scanned = 0;
    let size = FIND_MAX_NAMES + 1;
    // Pages, not one query: with a narrow filter most matching names may be in other image sets.
    for (;;) {
      const rows = page.all(...args, after, size);
      const unknown = [...new Set(rows.map((r) => r[2]).filter((p): p is number => p !== null && !setsOf.has(p)))];
      for (const [id, generations] of unknown.length > 0 ? postings.all(JSON.stringify(unknown)) : []) {
        setsOf.set(
          id,
          (JSON.parse(generations) as number[]).filter((g) => sets.has(g)).map((g) => sets.get(g)!.imageSetId),
        );
      }
      for (const [id, name, postingId] of rows) {
        const holders = postingId === null ? undefined : setsOf.get(postingId);
        if (holders !== undefined && holders.length > 0) names.push({ id, name, postingId: postingId!, sets: holders });
        if (names.length > FIND_MAX_NAMES) return { names, truncated: true };
      }
      scanned += rows.length;
      if (rows.length < size) return { names, truncated: false };
      if (scanned >= FIND_MAX_SCANNED) return { names, truncated: true };
      after = rows[rows.length - 1]![0];
      size = Math.min(size * 4, FIND_MAX_SCANNED - scanned);
    }
  }

  /** Every backup holding a member that matches `pattern`, newest first, with the cartridges that hold it. */
  find(pattern: string, filter: FindFilter = {}): FindResult {
    const sets = this.#indexedSets(filter);
    const matched = this.#matchingNames(pattern, sets);
    const names = matched.names.slice(0, FIND_MAX_NAMES);
    if (names.length === 0) return { backups: [], namesMatched: 0, truncated: matched.truncated };
    const limit = filter.limitPerSet ?? 100;
    // Matches per image set, from the postings (names per posting, then per image set): no member row is read to count.
    const perPosting = new Map<number, { sets: number[]; names: number }>();
    for (const n of names) {
      const p = perPosting.get(n.postingId);
      if (p) p.names++;
      else perPosting.set(n.postingId, { sets: n.sets, names: 1 });
    }
    const hits = new Map<number, FindHit>();
    const info = new Map([...sets.values()].map((s) => [s.imageSetId, s]));
    for (const p of perPosting.values()) {
      for (const setId of p.sets) {
        let h = hits.get(setId);
        if (!h) {
          const s = info.get(setId)!;
          h = {
            imageSetId: setId,
            serverName: s.serverName,
            capturedAt: s.capturedAt,
            osLevel: s.osLevel,
            cartridges: [],
            members: [],
            matches: 0,
          };
          hits.set(setId, h);
        }
        h.matches += p.names;
      }
    }
    // The members listed: per image set the first `limit` matching names in name order, read by key
    // (image set, name); no other member row is read.
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const toList = new Map<number, number[]>([...hits.keys()].map((id) => [id, []]));
    let open = toList.size;
    for (const n of names) {
      if (open === 0) break;
      for (const setId of n.sets) {
        const list = toList.get(setId)!;
        if (list.length >= limit) continue;
        list.push(n.id);
        if (list.length === Math.min(limit, hits.get(setId)!.matches)) open--;
      }
    }
    // Each set's listed rows are read by their integer key, in key order (SQLite sorts the IN list, so
    // consecutive seeks stay near each other); the rows are put back in name order by rank.
    const rankOf = new Map(names.map((n, i) => [n.id, i]));
    const read = this.#sql<[number, string], [number, number, number, number, number, number, number, number]>(
      `
      SELECT key & ${NAME_MASK}, kind, size, mode, uid, gid, mtime, offset FROM image_set_members
      WHERE key IN (SELECT (? << 32) | value FROM json_each(?))`,
    ).raw();
    for (const [setId, nameIds] of toList) {
      const h = hits.get(setId)!;
      const rows = read.all(setId, JSON.stringify(nameIds));
      rows.sort((a, b) => rankOf.get(a[0])! - rankOf.get(b[0])!);
      for (const [nameId, kind, size, mode, uid, gid, mtime, offset] of rows) {
        h.members.push({
          name: names[rankOf.get(nameId)!]!.name,
          kind: MEMBER_KINDS[kind] ?? 'other',
          size,
          mode,
          uid,
          gid,
          mtime,
          offset,
        });
      }
    }
    const backups = [...hits.values()].sort((a, b) =>
      a.capturedAt < b.capturedAt ? 1 : a.capturedAt > b.capturedAt ? -1 : b.imageSetId - a.imageSetId,
    );
    const carts = this.#sql<[string], { image_set_id: number; volser: string; status: string; location: string | null }>(
      `
      SELECT w.image_set_id, c.volser, c.status, c.location FROM writes w JOIN cartridges c ON c.id = w.cartridge_id
      WHERE w.result = 'ok' AND w.image_set_id IN (SELECT value FROM json_each(?))
        AND w.id = (SELECT w2.id FROM writes w2 WHERE w2.cartridge_id = w.cartridge_id ORDER BY w2.started_at DESC, w2.id DESC LIMIT 1)
      ORDER BY c.volser`,
    ).all(JSON.stringify([...hits.keys()]));
    for (const c of carts) hits.get(c.image_set_id)?.cartridges.push({ volser: c.volser, status: c.status, location: c.location });
    return { backups, namesMatched: names.length, truncated: matched.truncated };
  }
}
