/**
 * Identify a tape without its label: read its records, hash them at the lengths the catalog knows,
 * and match the hashes to recorded writes (which cartridge) and image sets; when nothing matches, say
 * what it holds from record 2's image.data (host, OS level, backup date).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { IdentifyMatch } from '../catalog/model.ts';
import { runStepWork, type StepWorkOptions } from './step-work.ts';
import type { TapeReading } from './tape-reading.ts';
import type { TapeContentsKind } from '../../../shared/model.ts';
import { type MamIdentity, readMamIdentity } from './mam-identity.ts';

/** What a tape was found to hold. */
export interface TapeIdentity {
  target: string;
  /** blank: provably blank; known: a cartridge or image set the catalog knows (records 2 and 4 match); else unknown. */
  contents: TapeContentsKind;
  /** Writes whose records 2 and 4 both match: the cartridge(s) this tape is, best first. */
  matches: IdentifyMatch[];
  /** Writes of which only some records match (e.g. the boot image, shared by hosts of one AIX level): said, never trusted. */
  partialMatches: IdentifyMatch[];
  /** Image sets whose images match records 1, 2 or 4, best first (only those matching 2 and 4 make the tape known). */
  imageSets: { imageSetId: number; matchedRecords: number[] }[];
  /** The catalog knows this tape (contents === 'known'). */
  known: boolean;
  reading: TapeReading;
  /** What the cartridge memory's BARCODE attribute names (a /dev/nstN drive whose cartridge has one), else null. */
  cartridgeMemory: MamIdentity | null;
  /** One line for the operator. */
  summary: string;
}

/** Records that tell whose tape it is: record 2 carries the host's image.data, record 4 is the backup itself. */
const IDENTIFYING_RECORDS = [2, 4] as const;

/** Whether these matched record numbers make a tape known: records 2 AND 4 (record 1 boot images are shared by hosts of one AIX level). */
export function isFullMatch(matchedRecords: readonly number[]): boolean {
  return IDENTIFYING_RECORDS.every((n) => matchedRecords.includes(n));
}

/** Content lengths the catalog knows per record: sizes of recorded writes' records and of image set images. */
export function candidateLengths(catalog: Catalog): Record<number, number[]> {
  const sets: Record<number, Set<number>> = { 1: new Set(), 2: new Set(), 3: new Set([512]), 4: new Set() };
  const kindRecord = { boot: 1, mkinsttape: 2, mksysb: 4 } as const;
  for (const s of catalog.imageSets.list({ limit: 1_000_000 })) for (const i of s.images) sets[kindRecord[i.kind]]!.add(i.size);
  for (let offset = 0; ; offset += 10_000) {
    const page = catalog.cartridges.search({ limit: 10_000, offset });
    for (const c of page.cartridges) for (const w of catalog.writes.listFor(c.id)) for (const r of w.records) sets[r.index]?.add(r.bytes);
    if (offset + page.cartridges.length >= page.total || page.cartridges.length === 0) break;
  }
  return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v]]));
}

/** Every hash a record may have: at each candidate length, and of all its bytes. */
function hashesOf(r: TapeReading['records'][number]): string[] {
  return [...new Set([...Object.values(r.byLength), r.sha256])];
}

/** Matches a reading against the catalog. */
export function matchReading(
  catalog: Catalog,
  reading: TapeReading,
): Pick<TapeIdentity, 'contents' | 'matches' | 'partialMatches' | 'imageSets' | 'known'> {
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
      for (const s of catalog.imageSetsMatching(vector))
        bySet.set(s.imageSetId, new Set([...(bySet.get(s.imageSetId) ?? []), ...s.matchedRecords]));
    }
  }
  const all = [...byWrite.values()]
    .map((m) => ({ ...m, complete: isFullMatch(m.matchedRecords) }))
    .sort((a, b) => b.matchedRecords.length - a.matchedRecords.length || b.writtenAt.localeCompare(a.writtenAt) || b.writeId - a.writeId);
  const imageSets = [...bySet.entries()]
    .map(([imageSetId, recs]) => ({ imageSetId, matchedRecords: [...recs].sort((a, b) => a - b) }))
    .sort((a, b) => b.matchedRecords.length - a.matchedRecords.length || b.imageSetId - a.imageSetId);
  const matches = all.filter((m) => m.complete);
  const known = matches.length > 0 || imageSets.some((s) => isFullMatch(s.matchedRecords));
  const contents: TapeContentsKind = reading.blank ? 'blank' : known ? 'known' : 'unknown';
  return { contents, matches, partialMatches: all.filter((m) => !m.complete), imageSets, known: contents === 'known' };
}

const RECORD_NAMES: Record<number, string> = { 1: 'boot image', 2: 'mkinsttape image', 4: 'backup' };

/** "boot image matches DEMO01's, the mkinsttape image and the backup do not": a partial match said as such. */
export function describePartialMatch(m: IdentifyMatch, readRecords: readonly number[]): string {
  const name = (ns: number[]) =>
    ns.map((n, i) => `${i === 0 ? '' : i === ns.length - 1 ? ' and ' : ', '}${i === 0 ? '' : 'the '}${RECORD_NAMES[n]}`).join('');
  const matched = m.matchedRecords.filter((n) => n !== 3);
  const missed = [1, 2, 4].filter((n) => !matched.includes(n) && readRecords.includes(n));
  const unread = [1, 2, 4].filter((n) => !matched.includes(n) && !readRecords.includes(n));
  const left = missed.length > 0 ? `, the ${name(missed)} ${missed.length === 1 ? 'does' : 'do'} not` : '';
  const notRead = unread.length > 0 ? ` (the ${name(unread)} not read)` : '';
  return `${name(matched)} ${matched.length === 1 ? 'matches' : 'match'} ${m.volser}'s (write ${m.writeId})${left}${notRead}`;
}

/** One line saying what the tape holds. */
export function describeIdentity(catalog: Catalog, id: Omit<TapeIdentity, 'summary' | 'cartridgeMemory'>): string {
  const r = id.reading;
  if (id.contents === 'blank') return `${r.target} is blank (end of data at the start)`;
  const best = id.matches[0];
  if (best) {
    const which = best.matchedRecords.includes(1)
      ? 'records 1, 2 and 4 match (3 is the dummy TOC)'
      : 'records 2 and 4 match, record 1 (boot image) does not';
    const from = best.serverName ? ` from ${best.serverName}${best.capturedAt ? ` captured ${best.capturedAt}` : ''}` : '';
    return `cartridge ${best.volser} (${best.barcode}): write ${best.writeId} of ${best.writtenAt}${from}, image set ${best.imageSetId ?? '-'}; ${which}`;
  }
  const set = id.imageSets.find((s) => isFullMatch(s.matchedRecords));
  if (set) {
    const s = catalog.imageSets.get(set.imageSetId);
    return `not recorded as a write, but records ${set.matchedRecords.join(', ')} match image set ${set.imageSetId}${s ? ` (${s.serverName}, captured ${s.capturedAt})` : ''}`;
  }
  const d = r.imageData;
  const read = r.records.map((x) => x.index);
  const partial =
    id.partialMatches
      .slice(0, 3)
      .map((m) => `; ${describePartialMatch(m, read)}`)
      .join('') +
    id.imageSets
      .slice(0, id.partialMatches.length > 0 ? 0 : 1)
      .map((m) => `; record(s) ${m.matchedRecords.join(', ')} match image set ${m.imageSetId}, the rest not`)
      .join('');
  const files =
    r.records.length === 0 && r.end === 'error'
      ? `its first record cannot be read: ${r.error ?? ''}; it is not blank`
      : `${r.records.length}${r.end === 'stopped' ? ' file(s) read' : ' file(s)'}${r.end === 'error' ? `, then a read error: ${r.error ?? ''}` : ''}`;
  if (d)
    return `unknown to the catalog: a mksysb tape of host ${d.hostname ?? '?'}, OS level ${d.serviceLevel ?? d.osLevel ?? '?'}, backup date ${d.backupDate ?? '?'} (${files})${partial}`;
  return `unknown to the catalog and not a mksysb tape SysbTape can read (${files})${partial}`;
}

/** Options of identifyTape. */
export interface IdentifyOptions extends StepWorkOptions {
  /** Read the first N records first (the pre-write check reads 2); record 4 is read only when record 2 matches the catalog. */
  maxRecords?: number;
  /** Reads the cartridge memory's barcode (READ ATTRIBUTE over SG_IO by default; injected in tests). */
  readMam?: (target: string) => Promise<MamIdentity | undefined>;
  /**
   * Reads the tape's first records (all four without a number): by default a worker of its own that opens the
   * tape for reading; the write step passes the hold that already has it open for writing (held-tape.ts).
   */
  read?: (maxRecords?: number) => Promise<TapeReading>;
}

/** The summary with what the cartridge memory says put first, and a disagreement with the data said as such. */
function withCartridgeMemory(summary: string, mam: MamIdentity | null, matches: readonly IdentifyMatch[]): string {
  if (!mam) return summary;
  const named = mam.volser ? `cartridge ${mam.volser}` : 'no cataloged cartridge';
  const best = matches[0];
  const disagree =
    mam.volser && best && best.volser !== mam.volser
      ? ` — but its data is what the catalog recorded for ${best.volser}: relabelled, or rewritten by hand?`
      : '';
  return `cartridge memory barcode ${mam.barcode} (${named})${disagree}; ${summary}`;
}

/**
 * Reads the tape at `target` in a worker thread and says what it holds. With maxRecords below 4 the
 * first records are read, and only when record 2 matches a recorded write or image set is the tape read
 * again through record 4: a tape is known as a cartridge only when records 2 AND 4 match, and record 2
 * alone is not enough (mkinsttape runs before mksysb -i, so one host's record 2 can be the same for two
 * backups). The long read is paid only for a tape that claims to be one the catalog knows; any other
 * tape is already unknown (or blank) after its first records.
 */
export async function identifyTape(catalog: Catalog, target: string, opts: IdentifyOptions = {}): Promise<TapeIdentity> {
  const { maxRecords, readMam, read: readWith, ...work } = opts;
  // The cartridge memory first: SysbTape wrote the cartridge's barcode there on its first write, so a /dev/nstN
  // drive names the cartridge in a second, without reading data. The data is still read: the cartridge memory
  // says WHICH cartridge this is, only its records say WHAT it holds now (a failed or foreign write, a tape
  // rewritten by hand), and the write checks' contents check and the retention guard need the latter.
  const mam = (await (readMam ?? ((t: string) => readMamIdentity(catalog, t)))(target).catch(() => undefined)) ?? null;
  if (mam)
    work.onLog?.(
      `cartridge memory: barcode ${mam.barcode}${mam.volser ? `, cartridge ${mam.volser} in the catalog` : ', not a cataloged cartridge'}; reading the data to see what it holds`,
    );
  let lengths: Record<number, number[]> | undefined;
  const read =
    readWith ??
    ((n?: number): Promise<TapeReading> => {
      lengths ??= candidateLengths(catalog);
      return runStepWork({ op: 'read', target, candidateLengths: lengths, ...(n === undefined ? {} : { maxRecords: n }) }, work);
    });
  let reading = await read(maxRecords);
  let found = { target, reading, ...matchReading(catalog, reading) };
  const recordTwoMatched =
    [...found.matches, ...found.partialMatches].some((m) => m.matchedRecords.includes(2)) ||
    found.imageSets.some((s) => s.matchedRecords.includes(2));
  if (reading.end === 'stopped' && recordTwoMatched) {
    work.onLog?.('record 2 matches the catalog: reading on through record 4 to tell whose tape it is');
    reading = await read();
    found = { target, reading, ...matchReading(catalog, reading) };
  }
  const identity = { ...found, cartridgeMemory: mam };
  return { ...identity, summary: withCartridgeMemory(describeIdentity(catalog, identity), mam, found.matches) };
}
