/** Shared set-up for job tests: temp dirs, a catalog holding a server and a small synthetic image set, tapes. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { writeFourRecordTape, type WriteResult } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';

/** A fresh temp dir per call; all removed after each test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-jobs-'));
    dirs.push(d);
    return d;
  };
}

/** A small synthetic image set (256 KiB mksysb) in `dir`. */
export async function smallImageSet(dir: string, opts: { seed?: number; hostname?: string; oslevel?: string } = {}): Promise<string> {
  await writeImageSet(dir, {
    mksysbSize: 256 * 1024,
    bootBlocks: 64,
    seed: opts.seed ?? 1,
    hostname: opts.hostname ?? 'aixprod01',
    oslevel: opts.oslevel ?? '7200-05-03-2148',
  });
  return dir;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Records an image set directory in the catalog (state verified unless said otherwise). */
export function recordImageSet(catalog: Catalog, serverId: number, dir: string, state: 'verified' | 'staged' = 'verified'): number {
  const img = (kind: 'boot' | 'mkinsttape' | 'mksysb', fileName: string) => ({
    kind,
    fileName,
    size: fs.statSync(path.join(dir, fileName)).size,
    sha256: sha256(path.join(dir, fileName)),
  });
  return catalog.imageSets.add({
    serverId,
    capturedAt: '2026-11-20T10:00:00Z',
    osLevel: '7200-05-03-2148',
    mksysbOptions: ['-i'],
    tapeblksz: 512,
    stagingPath: dir,
    state,
    images: [img('boot', '1_bosboot.img'), img('mkinsttape', '2_mkinsttape.img'), img('mksysb', '4_mksysb.img')],
  }).id;
}

/** A catalog in `dir` with server aix1 (unreachable on purpose: port 1) and one verified image set. */
export async function catalogWithImageSet(
  dir: string,
): Promise<{ catalog: Catalog; serverId: number; imageSetId: number; setDir: string }> {
  const catalog = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
  const server = catalog.servers.put({ name: 'aix1', host: '127.0.0.1', port: 1, user: 'root', auth: ['agent'], workdir: '/tmp/sysbtape' });
  const setDir = await smallImageSet(path.join(dir, 'set'));
  return { catalog, serverId: server.id, imageSetId: recordImageSet(catalog, server.id, setDir), setDir };
}

/** Writes an image set onto a virtual tape (outside any job). */
export function writeTape(setDir: string, tapePath: string): Promise<WriteResult> {
  return writeFourRecordTape(new SimhTapeDrive(tapePath), setDir);
}
