/** Image sets: the three images (boot, mkinsttape, mksysb) captured from one server, with sizes and hashes. */
import type Database from 'better-sqlite3';
import { SysbError } from '../../../shared/errors.ts';
import { type Image, type ImageKind, type ImageSet, type ImageSetState, type NewImageSet, IMAGE_SET_STATES } from './model.ts';
import { immediate } from './immediate.ts';
import { type Prepare, statementsOf } from './statements.ts';
import { validate } from './validate.ts';
import type { StoredReadiness } from '../../../shared/readiness.ts';

interface ImageSetRow {
  id: number;
  server_id: number;
  server_name: string;
  host: string;
  captured_at: string;
  os_level: string | null;
  mksysb_options: string;
  tapeblksz: number;
  staging_path: string;
  state: string;
  readiness: string | null;
}
interface ImageRow {
  image_set_id: number;
  kind: string;
  file_name: string;
  size: number;
  sha256: string;
  remote_checksum: string | null;
}

const SELECT = `SELECT i.id, i.server_id, s.name AS server_name, s.host, i.captured_at, i.os_level, i.mksysb_options, i.tapeblksz, i.staging_path, i.state, i.readiness
  FROM image_sets i JOIN servers s ON s.id = i.server_id`;
const KIND_ORDER: Record<ImageKind, number> = { boot: 1, mkinsttape: 2, mksysb: 3 };

/** Filters for listing image sets. */
export interface ImageSetFilter {
  serverId?: number;
  state?: ImageSetState;
  limit?: number;
}

/** Records and reads image sets. */
export class ImageSetRepo {
  readonly #db: Database.Database;
  readonly #sql: Prepare;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = statementsOf(db);
  }

  /** Records an image set with its three images in one transaction. */
  add(input: NewImageSet): ImageSet {
    const s = validate((s) => s.newImageSetSchema, input, 'image set');
    const id = immediate(this.#db, () => {
      if (!this.#sql('SELECT 1 FROM servers WHERE id = ?').get(s.serverId))
        throw new SysbError('NOT_FOUND', `image set: serverId ${s.serverId} is not in the catalog`);
      const newId = Number(
        this.#sql(
          'INSERT INTO image_sets (server_id, captured_at, os_level, mksysb_options, tapeblksz, staging_path, state) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(s.serverId, s.capturedAt, s.osLevel ?? null, JSON.stringify(s.mksysbOptions), s.tapeblksz, s.stagingPath, s.state)
          .lastInsertRowid,
      );
      const ins = this.#sql('INSERT INTO images (image_set_id, kind, file_name, size, sha256, remote_checksum) VALUES (?, ?, ?, ?, ?, ?)');
      for (const img of s.images) ins.run(newId, img.kind, img.fileName, img.size, img.sha256, img.remoteChecksum ?? null);
      return newId;
    });
    return this.get(id)!;
  }

  /** One image set, or undefined. */
  get(id: number): ImageSet | undefined {
    const row = this.#sql<[number], ImageSetRow>(`${SELECT} WHERE i.id = ?`).get(id);
    return row ? this.#withImages([row])[0] : undefined;
  }

  /** The image set staged in this directory, if any (lets a resumed job avoid recording it twice). */
  findByStagingPath(stagingPath: string): ImageSet | undefined {
    const row = this.#sql<[string], ImageSetRow>(`${SELECT} WHERE i.staging_path = ? ORDER BY i.id DESC LIMIT 1`).get(stagingPath);
    return row ? this.#withImages([row])[0] : undefined;
  }

  /** Image sets, newest capture first. */
  list(filter: ImageSetFilter = {}): ImageSet[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.serverId !== undefined) {
      where.push('i.server_id = ?');
      args.push(filter.serverId);
    }
    if (filter.state !== undefined) {
      where.push('i.state = ?');
      args.push(filter.state);
    }
    const rows = this.#sql<unknown[], ImageSetRow>(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.captured_at DESC, i.id DESC LIMIT ?`,
    ).all(...args, filter.limit ?? 500);
    return this.#withImages(rows);
  }

  /** Moves an image set to another state (e.g. staged → verified after the fetched hashes matched). */
  setState(id: number, state: ImageSetState): ImageSet {
    if (!IMAGE_SET_STATES.includes(state))
      throw new SysbError('INVALID_INPUT', `image set state must be one of ${IMAGE_SET_STATES.join(', ')}`);
    return immediate(this.#db, () => {
      const r = this.#sql('UPDATE image_sets SET state = ? WHERE id = ?').run(state, id);
      if (r.changes === 0) throw new SysbError('NOT_FOUND', `no image set ${id} in the catalog`);
      return this.get(id)!;
    });
  }

  /** Keeps the image set's readiness report (computed after the fetch). */
  setReadiness(id: number, readiness: StoredReadiness): ImageSet {
    const r = this.#sql('UPDATE image_sets SET readiness = ? WHERE id = ?').run(JSON.stringify(readiness), id);
    if (r.changes === 0) throw new SysbError('NOT_FOUND', `no image set ${id} in the catalog`);
    return this.get(id)!;
  }

  #withImages(rows: ImageSetRow[]): ImageSet[] {
    if (rows.length === 0) return [];
    const imgs = this.#sql<[string], ImageRow>(`SELECT * FROM images WHERE image_set_id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(rows.map((r) => r.id)),
    );
    const byId = new Map<number, Image[]>();
    for (const i of imgs) {
      const list = byId.get(i.image_set_id) ?? [];
      list.push({ kind: i.kind as ImageKind, fileName: i.file_name, size: i.size, sha256: i.sha256, remoteChecksum: i.remote_checksum });
      byId.set(i.image_set_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      serverId: r.server_id,
      serverName: r.server_name,
      host: r.host,
      capturedAt: r.captured_at,
      osLevel: r.os_level,
      mksysbOptions: JSON.parse(r.mksysb_options) as string[],
      tapeblksz: r.tapeblksz,
      stagingPath: r.staging_path,
      state: r.state as ImageSetState,
      images: (byId.get(r.id) ?? []).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]),
      readiness: r.readiness === null ? null : (JSON.parse(r.readiness) as StoredReadiness),
    }));
  }
}
