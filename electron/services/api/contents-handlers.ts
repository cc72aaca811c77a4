/**
 * Contents methods of the contract (issue 18, in the app): browse a backup's member index one directory
 * at a time, search it, find which backups hold a file, and extract members into a folder as a job (in
 * the job worker: progress, cancel). Folders and tapes named by the window are checked here first.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiHandlers } from '../../../shared/api.ts';
import type { ContentsSource, ExtractOutcome, FoundMember } from '../../../shared/contents.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { IndexedMember } from '../catalog/member-index.ts';
import type { ExtractSummary } from '../contents/extract.ts';
import { indexImageSet } from '../contents/index-image-set.ts';
import { runStepWork } from '../jobs/step-work.ts';
import type { JobRegistry } from './job-registry.ts';
import { checkOutputFolder } from './output-folder-guard.ts';
import { checkTapeTarget } from './tape-target-guard.ts';
import { toJobProgress } from './work-progress.ts';

type ContentsHandlers = Pick<ApiHandlers, 'listContents' | 'searchContents' | 'findBackups' | 'startExtract' | 'chooseFolder'>;

/** Asks the operator for a folder (Electron's dialog); null when cancelled. */
export type FolderChooser = (title: string) => Promise<string | null>;

const MKSYSB_FILE = '4_mksysb.img';
const SKIPPED_SHOWN = 100;

function imageSetIdOf(id: string): number {
  if (!/^\d+$/.test(id)) throw new SysbError('INVALID_INPUT', `image set id '${id}' is not a number`);
  return Number(id);
}

function found(m: IndexedMember): FoundMember {
  return { name: m.name, kind: m.kind, size: m.size, mtime: m.mtime };
}

/** The image set a Contents source names: the id, or the image set of the cartridge's last good write. */
function imageSetOf(catalog: Catalog, source: ContentsSource): number {
  if ('imageSetId' in source) {
    const id = imageSetIdOf(source.imageSetId);
    if (!catalog.imageSets.get(id)) throw new SysbError('NOT_FOUND', `no image set ${source.imageSetId} in the catalog`);
    return id;
  }
  const cart = catalog.cartridges.get(source.volser);
  if (!cart) throw new SysbError('NOT_FOUND', `no cartridge ${source.volser} in the catalog`);
  const write = catalog.writes.listFor(cart.id).find((w) => w.result === 'ok');
  if (write?.imageSetId == null)
    throw new SysbError('NOT_FOUND', `cartridge ${source.volser} has no good write of a cataloged image set: nothing to show`);
  return write.imageSetId;
}

async function stagedArchive(catalog: Catalog, imageSetId: number): Promise<string | null> {
  const file = path.join(catalog.imageSets.get(imageSetId)!.stagingPath, MKSYSB_FILE);
  return (await stat(file).catch(() => null))?.isFile() ? file : null;
}

/** The image set's index, made now from its staged mksysb when it was never indexed (sets captured before the index). */
async function ensureIndexed(catalog: Catalog, imageSetId: number) {
  const info = catalog.members.info(imageSetId);
  if (info) return info;
  if (!(await stagedArchive(catalog, imageSetId))) {
    throw new SysbError(
      'NOT_FOUND',
      `image set ${imageSetId} has no member index and its images are no longer staged: index it from its tape with 'sysbtape catalog rebuild --tape …'`,
    );
  }
  return indexImageSet(catalog, imageSetId);
}

/** The extract summary as the job result (skipped members cut to the first hundred). */
export function extractOutcome(s: ExtractSummary): ExtractOutcome {
  return {
    source: s.source,
    outDir: s.outDir,
    files: s.files,
    directories: s.directories,
    symlinks: s.symlinks,
    hardLinks: s.hardLinks,
    bytes: s.bytes,
    skipped: s.skipped.slice(0, SKIPPED_SHOWN).map((k) => ({ name: k.name, reason: k.reason })),
    skippedCount: s.skipped.length,
    archiveProblems: s.archive.problemCount,
    ok: s.ok,
  };
}

/** Builds the contents handlers; `chooseFolder` is the Electron dialog (absent in the harness). */
export function contentsHandlers(catalog: Catalog, jobs: JobRegistry, chooseFolder?: FolderChooser): ContentsHandlers {
  return {
    listContents: async ({ source, directory, offset, limit }) => {
      const imageSetId = imageSetOf(catalog, source);
      const info = await ensureIndexed(catalog, imageSetId);
      const page = catalog.memberTree.children(imageSetId, directory, { offset, limit });
      return {
        imageSetId: String(imageSetId),
        directory: page.directory,
        total: page.total,
        offset: page.offset,
        entries: page.children,
        indexed: { members: info.members, bytes: info.bytes, indexedAt: info.indexedAt },
        stagedArchive: (await stagedArchive(catalog, imageSetId)) !== null,
      };
    },

    searchContents: async ({ source, pattern, limit }) => {
      const imageSetId = imageSetOf(catalog, source);
      await ensureIndexed(catalog, imageSetId);
      const r = catalog.members.find(pattern, { limitPerSet: limit });
      const hit = r.backups.find((b) => b.imageSetId === imageSetId);
      return {
        imageSetId: String(imageSetId),
        members: (hit?.members ?? []).map(found),
        matches: hit?.matches ?? 0,
        truncated: r.truncated,
      };
    },

    findBackups: async ({ pattern, server }) => {
      if (server !== null && !catalog.servers.getByName(server))
        throw new SysbError('NOT_FOUND', `server '${server}' is not in the catalog`);
      const r = catalog.members.find(pattern, { limitPerSet: 20, ...(server === null ? {} : { server }) });
      return {
        pattern,
        truncated: r.truncated,
        backups: r.backups.map((b) => ({
          imageSetId: String(b.imageSetId),
          server: b.serverName,
          capturedAt: b.capturedAt,
          osLevel: b.osLevel,
          cartridges: b.cartridges,
          members: b.members.map(found),
          matches: b.matches,
        })),
      };
    },

    startExtract: async ({ source, paths, outDir, overwrite }) => {
      const folder = await checkOutputFolder(outDir);
      let from: { file: string } | { target: string; record: 2 | 4 };
      let title: string;
      if ('imageSetId' in source) {
        const id = imageSetIdOf(source.imageSetId);
        if (!catalog.imageSets.get(id)) throw new SysbError('NOT_FOUND', `no image set ${source.imageSetId} in the catalog`);
        const file = await stagedArchive(catalog, id);
        if (!file) throw new SysbError('NOT_FOUND', `the images of image set ${id} are no longer staged: extract from a tape holding it`);
        from = { file };
        title = `Extract from image set ${id}`;
      } else {
        await checkTapeTarget(source.target);
        from = { target: source.target, record: source.record };
        title = `Extract from ${source.target}`;
      }
      const what = paths.length === 0 ? 'everything' : paths.length === 1 ? paths[0]! : `${paths.length} selections`;
      return jobs.start('extract', `${title}: ${what}`, ['extract'], async (ctx) => {
        ctx.step('extract', 'running');
        ctx.log(`extracting ${what} into ${folder}`);
        const summary = await runStepWork(
          { op: 'extract', from, outDir: folder, paths, overwrite },
          {
            onProgress: (p) => ctx.progress(toJobProgress(p)),
            onLog: ctx.log,
            signal: ctx.signal,
          },
        );
        for (const k of summary.skipped.slice(0, SKIPPED_SHOWN)) ctx.log(`skipped ${k.name}: ${k.reason}`);
        const outcome = extractOutcome(summary);
        ctx.step(
          'extract',
          'done',
          `${outcome.files} file(s), ${outcome.bytes} bytes${outcome.skippedCount ? `, ${outcome.skippedCount} skipped` : ''}`,
        );
        return { kind: 'extract', outcome };
      });
    },

    chooseFolder: async ({ title }) => {
      if (!chooseFolder) throw new SysbError('UNAVAILABLE', "no folder dialog here (browser harness): type the folder's path");
      return chooseFolder(title);
    },
  };
}
