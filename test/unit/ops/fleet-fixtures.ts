/** Generated catalogs for the fleet status: servers ok, due soon, overdue and failing, and a shelf with something on every list. */
import path from 'node:path';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';

const DAY = 86_400_000;
let shaSeed = 1000;

/** An instant `days` days before `now`. */
export function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY).toISOString();
}

/** A local date `days` days after `now` (negative: before). */
export function dateIn(now: Date, days: number): string {
  const d = new Date(now.getTime() + days * DAY);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Adds a server. */
export function addServer(catalog: Catalog, name: string): number {
  return catalog.servers.put({ name, host: `${name}.example`, user: 'root', auth: ['agent'], workdir: '/tmp/sysbtape' }).id;
}

/** Records an image set captured `ageDays` ago and a cartridge written and verified with it. */
export function verifiedTape(
  catalog: Catalog,
  now: Date,
  serverId: number,
  volser: string,
  opts: { ageDays: number; verifiedDaysAgo?: number; location?: string; retentionUntil?: string },
): { imageSetId: number; writeId: number } {
  const n = shaSeed;
  shaSeed += 10;
  const set = catalog.imageSets.add({
    serverId,
    capturedAt: daysAgo(now, opts.ageDays),
    osLevel: '7300-02-01',
    mksysbOptions: ['-i'],
    tapeblksz: 512,
    stagingPath: `/stage/${volser}`,
    state: 'verified',
    images: [
      { kind: 'boot', fileName: '1_bosboot.img', size: 512, sha256: fakeSha(n + 1) },
      { kind: 'mkinsttape', fileName: '2_mkinsttape.img', size: 512, sha256: fakeSha(n + 2) },
      { kind: 'mksysb', fileName: '4_mksysb.img', size: 512, sha256: fakeSha(n + 4) },
    ],
  });
  catalog.cartridges.add({
    volser,
    mediaId: 'L6',
    ...(opts.location ? { location: opts.location } : {}),
    ...(opts.retentionUntil ? { retentionUntil: opts.retentionUntil } : {}),
  });
  const writtenAt = daysAgo(now, opts.ageDays);
  const w = catalog.writes.record({
    volser,
    imageSetId: set.id,
    drive: '/dev/nst0',
    startedAt: writtenAt,
    endedAt: writtenAt,
    result: 'ok',
    records: [1, 2, 3, 4].map((index) => ({ index, blockSize: 512, blocks: 1, bytes: 512, sha256: fakeSha(n + index) })),
  });
  catalog.verifications.record({
    volser,
    writeId: w.id,
    drive: '/dev/nst0',
    verifiedAt: daysAgo(now, opts.verifiedDaysAgo ?? opts.ageDays),
    verdict: 'pass',
    records: [],
  });
  return { imageSetId: set.id, writeId: w.id };
}

/** A job for a server with its one step in `state`. */
export function job(catalog: Catalog, serverId: number, state: 'done' | 'failed', message?: string): number {
  const j = catalog.jobs.create({ kind: 'image-set', steps: ['capture', 'fetch'], serverId });
  catalog.jobs.updateStep(j.id, 'capture', { state, ...(message ? { message } : {}) });
  if (state === 'done') catalog.jobs.updateStep(j.id, 'fetch', { state: 'done' });
  return j.id;
}

/**
 * aixok: two fresh copies, one in the off-site vault. aixsoon: copies 26 days old (policy 30). aixold:
 * 45 days old. aixfail: fresh copies but its last capture job failed. Shelf: an old tape due for
 * re-verification, one with retention ending in 10 days, a blank one, one whose retention ran out,
 * and a drive asking for cleaning.
 */
export async function fleetCatalog(dir: string, now: Date): Promise<Catalog> {
  const catalog = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
  catalog.policies.set(null, { offsiteLocations: ['Iron Mountain'] });
  const ok = addServer(catalog, 'aixok');
  verifiedTape(catalog, now, ok, 'OK0001', { ageDays: 3, location: 'Rack 1' });
  verifiedTape(catalog, now, ok, 'OK0002', { ageDays: 3, location: 'iron mountain' });
  verifiedTape(catalog, now, ok, 'OK0OLD', { ageDays: 250, verifiedDaysAgo: 200, location: 'Iron Mountain' });
  const soon = addServer(catalog, 'aixsoon');
  verifiedTape(catalog, now, soon, 'SOON01', { ageDays: 26, location: 'Rack 1', retentionUntil: dateIn(now, 10) });
  verifiedTape(catalog, now, soon, 'SOON02', { ageDays: 26, location: 'Iron Mountain' });
  const old = addServer(catalog, 'aixold');
  verifiedTape(catalog, now, old, 'OLD001', { ageDays: 45, location: 'Rack 1' });
  verifiedTape(catalog, now, old, 'OLD002', { ageDays: 45, location: 'Iron Mountain' });
  const fail = addServer(catalog, 'aixfail');
  const { writeId } = verifiedTape(catalog, now, fail, 'FAIL01', { ageDays: 2, location: 'Rack 1' });
  verifiedTape(catalog, now, fail, 'FAIL02', { ageDays: 2, location: 'Iron Mountain' });
  job(catalog, fail, 'done');
  job(catalog, fail, 'failed', 'mksysb failed on aixfail: 0512-005 no space left in /tmp');
  catalog.cartridges.add({ volser: 'BLANK1', mediaId: 'L6', location: 'Rack 2' });
  catalog.cartridges.add({ volser: 'EXPIRD', mediaId: 'L6', retentionUntil: dateIn(now, -5) });
  catalog.driveHealth.recordTapeAlert({ writeId }, '/dev/nst0', [{ flag: 20, name: 'Cleaning required', severity: 'critical' }]);
  return catalog;
}
