/**
 * Identify a tape without its label: read its records, hash them at the lengths the catalog knows,
 * and match the hashes to recorded writes (which cartridge) and image sets; when nothing matches, say
 * what it holds from record 2's image.data (host, OS level, backup date).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { IdentifyMatch } from '../catalog/model.ts';
import { runStepWork, type StepWorkOptions } from './step-work.ts';
import type { TapeReading } from './tape-reading.ts';

/** What a tape was found to hold. */
export interface TapeIdentity {
  target: string;
  /** Writes whose records match, best first. */
  matches: IdentifyMatch[];
  /** Image sets whose images match records 1, 2 and 4 (also for tapes written outside a recorded write). */
  imageSets: { imageSetId: number; matchedRecords: number[] }[];
  /** The catalog knows this tape (a write or an image set matched). */
  known: boolean;
  reading: TapeReading;
  /** One line for the operator. */
  summary: string;
}

/** Content lengths the catalog knows per record: sizes of recorded writes' records and of image set images. */
export function candidateLengths(catalog: Catalog): Record<number, number[]> {
  const sets: Record<number, Set<number>> = { 1: new Set(), 2: new Set(), 3: new Set([512]), 4: new Set() };
  const kindRecord = { boot: 1, mkinsttape: 2, mksysb: 4 } as const;
  for (const s of catalog.imageSets.list({ limit: 1_000_000 })) for (const i of s.images) sets[kindRecord[i.kind]]!.add(i.size);
  for (let offset = 0; ; offset += 10_000) {
    const page = catalog.cartridges.search({ limit: 10_000, offset });
    for (const c of page.cartridges) for (const w of catalog.writes.listFor(c.id)) for (const r of w.records) sets[r.recordNo]?.add(r.bytes);
    if (offset + page.cartridges.length >= page.total || page.cartridges.length === 0) break;
  }
  return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v]]));
}

/** Every hash a record may have: at each candidate length, and of all its bytes. */
function hashesOf(r: TapeReading['records'][number]): string[] {
  return [...new Set([...Object.values(r.byLength), r.sha256])];
}

/** Matches a reading against the catalog. */
export function matchReading(catalog: Catalog, reading: TapeReading): Pick<TapeIdentity, 'matches' | 'imageSets' | 'known'> {
  const byWrite = new Map<number, IdentifyMatch>();
  const bySet = new Map<number, Set<number>>();
  // Record 3 is the same dummy TOC on every bootable tape; it identifies nothing.
  for (const r of reading.records.filter((x) => x.index !== 3)) {
    for (const h of hashesOf(r)) {
      const vector: (string | null)[] = [null, null, null, null];
      vector[r.index - 1] = h;
      for (const m of catalog.identify(vector)) {
        const prev = byWrite.get(m.writeId);
        if (prev) prev.matchedRecords = [...new Set([...prev.matchedRecords, ...m.matchedRecords])].sort((a, b) => a - b);
        else byWrite.set(m.writeId, { ...m });
      }
      for (const s of catalog.imageSetsMatching(vector)) bySet.set(s.imageSetId, new Set([...(bySet.get(s.imageSetId) ?? []), ...s.matchedRecords]));
    }
  }
  const fourRecords = reading.records.length === 4;
  const matches = [...byWrite.values()].map((m) => ({ ...m, complete: fourRecords && [1, 2, 4].every((n) => m.matchedRecords.includes(n)) }))
    .sort((a, b) => b.matchedRecords.length - a.matchedRecords.length || b.writtenAt.localeCompare(a.writtenAt) || b.writeId - a.writeId);
  const imageSets = [...bySet.entries()].map(([imageSetId, recs]) => ({ imageSetId, matchedRecords: [...recs].sort((a, b) => a - b) }))
    .sort((a, b) => b.matchedRecords.length - a.matchedRecords.length || b.imageSetId - a.imageSetId);
  return { matches, imageSets, known: matches.length > 0 || imageSets.some((s) => s.matchedRecords.length > 0) };
}

/** One line saying what the tape holds. */
export function describeIdentity(catalog: Catalog, id: Omit<TapeIdentity, 'summary'>): string {
  const r = id.reading;
  if (!r.hasData) return `${r.target} is blank (end of data at the start)`;
  const best = id.matches[0];
  if (best) {
    const which = best.complete ? 'records 1, 2 and 4 match (3 is the dummy TOC)' : `records ${best.matchedRecords.join(', ')} match`;
    const from = best.serverName ? ` from ${best.serverName}${best.capturedAt ? ` captured ${best.capturedAt}` : ''}` : '';
    return `cartridge ${best.volser} (${best.barcode}): write ${best.writeId} of ${best.writtenAt}${from}, image set ${best.imageSetId ?? '-'}; ${which}`;
  }
  const set = id.imageSets[0];
  if (set) {
    const s = catalog.imageSets.get(set.imageSetId);
    return `not recorded as a write, but records ${set.matchedRecords.join(', ')} match image set ${set.imageSetId}${s ? ` (${s.serverName}, captured ${s.capturedAt})` : ''}`;
  }
  const d = r.imageData;
  const files = `${r.records.length}${r.end === 'stopped' ? ' file(s) read' : ' file(s)'}${r.end === 'error' ? `, then a read error: ${r.error ?? ''}` : ''}`;
  if (d) return `unknown to the catalog: a mksysb tape of host ${d.hostname ?? '?'}, OS level ${d.serviceLevel ?? d.osLevel ?? '?'}, backup date ${d.backupDate ?? '?'} (${files})`;
  return `unknown to the catalog and not a mksysb tape SysbTape can read (${files})`;
}

/** Options of identifyTape. */
export interface IdentifyOptions extends StepWorkOptions {
  /** Read only the first N records (the pre-write check reads 2: boot image and mkinsttape, never a long record 4). */
  maxRecords?: number;
}

/** Reads the tape at `target` in a worker thread and says what it holds. */
export async function identifyTape(catalog: Catalog, target: string, opts: IdentifyOptions = {}): Promise<TapeIdentity> {
  const { maxRecords, ...work } = opts;
  const reading = await runStepWork({ op: 'read', target, candidateLengths: candidateLengths(catalog), ...(maxRecords === undefined ? {} : { maxRecords }) }, work);
  const found = { target, reading, ...matchReading(catalog, reading) };
  return { ...found, summary: describeIdentity(catalog, found) };
}
