/** Identify a tape without its label: match the SHA-256 of its records against recorded writes and images. */
import type Database from 'better-sqlite3';
import { statementsOf } from './statements.ts';
import type { IdentifyMatch, ImageKind } from './model.ts';
import { validate } from './validate.ts';

interface MatchRow {
  write_id: number;
  record_no: number;
  volser: string;
  barcode: string;
  image_set_id: number | null;
  server_name: string | null;
  host: string | null;
  captured_at: string | null;
  started_at: string;
}

/** Record number on tape → the image it was written from (record 3 is the dummy TOC, not an image). */
const RECORD_IMAGE: Record<number, ImageKind | undefined> = { 1: 'boot', 2: 'mkinsttape', 3: undefined, 4: 'mksysb' };

const DUMMY_TOC_RECORD = 3;

/**
 * Finds the writes whose records carry these hashes. `hashes[i]` is record i+1's SHA-256 (null when unread);
 * record 3 (the dummy TOC) is ignored. Best match first: most matching records, then the newest write.
 */
export function identifyByRecordHashes(db: Database.Database, hashes: readonly (string | null)[]): IdentifyMatch[] {
  const given = validate((s) => s.recordHashesSchema, [...hashes], 'record hashes');
  // Record 3 is the same one-block dummy TOC on every bootable tape: it tells tapes apart no better than a blank.
  const pairs = given.flatMap((h, i) => (h && i + 1 !== DUMMY_TOC_RECORD ? [[i + 1, h] as const] : []));
  if (pairs.length === 0) return [];
  const cond = pairs.map(() => '(r.record_no = ? AND r.sha256 = ?)').join(' OR ');
  const rows = statementsOf(db)<unknown[], MatchRow>(
    `
    SELECT r.write_id, r.record_no, c.volser, c.barcode, w.image_set_id, s.name AS server_name, s.host, i.captured_at, w.started_at
    FROM write_records r
    JOIN writes w ON w.id = r.write_id
    JOIN cartridges c ON c.id = w.cartridge_id
    LEFT JOIN image_sets i ON i.id = w.image_set_id
    LEFT JOIN servers s ON s.id = i.server_id
    WHERE ${cond}`,
  ).all(...pairs.flat());
  const byWrite = new Map<number, IdentifyMatch>();
  for (const r of rows) {
    const m = byWrite.get(r.write_id) ?? {
      volser: r.volser,
      barcode: r.barcode,
      writeId: r.write_id,
      imageSetId: r.image_set_id,
      serverName: r.server_name,
      host: r.host,
      capturedAt: r.captured_at,
      writtenAt: r.started_at,
      matchedRecords: [],
      complete: false,
    };
    m.matchedRecords.push(r.record_no);
    byWrite.set(r.write_id, m);
  }
  const matches = [...byWrite.values()];
  for (const m of matches) {
    m.matchedRecords.sort((a, b) => a - b);
    m.complete = m.matchedRecords.length === pairs.length;
  }
  return matches.sort(
    (a, b) => b.matchedRecords.length - a.matchedRecords.length || b.writtenAt.localeCompare(a.writtenAt) || b.writeId - a.writeId,
  );
}

/** Image sets whose images have the hashes of tape records 1, 2 and 4 (for tapes written outside a recorded write). */
export function imageSetsByRecordHashes(
  db: Database.Database,
  hashes: readonly (string | null)[],
): { imageSetId: number; matchedRecords: number[] }[] {
  const given = validate((s) => s.recordHashesSchema, [...hashes], 'record hashes');
  const byId = new Map<number, number[]>();
  const stmt = statementsOf(db)<[string, string], { image_set_id: number }>(
    'SELECT image_set_id FROM images WHERE kind = ? AND sha256 = ?',
  );
  given.forEach((h, i) => {
    const kind = RECORD_IMAGE[i + 1];
    if (!h || !kind) return;
    for (const r of stmt.all(kind, h)) byId.set(r.image_set_id, [...(byId.get(r.image_set_id) ?? []), i + 1]);
  });
  return [...byId.entries()]
    .map(([imageSetId, matchedRecords]) => ({ imageSetId, matchedRecords }))
    .sort((a, b) => b.matchedRecords.length - a.matchedRecords.length || b.imageSetId - a.imageSetId);
}
