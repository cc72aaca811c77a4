/**
 * A durable job whose cartridge came from the library remembers it (params.library), so that running or
 * resuming it — in the app or with `sysbtape jobs resume` — first loads that VOLSER again and checks the
 * drive holds it (a cartridge gone from the library, or another one in the drive, stops the job before a
 * byte is written), and a verified cartridge goes back to its slot or the import/export slot afterwards.
 */
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Job } from '../catalog/model.ts';
import type { LibraryJobLink } from '../jobs/job-model.ts';
import { libraryLinkSchema } from '../jobs/job-params.ts';
import type { LibrarySettings } from '../settings/settings-file.ts';
import { ejectInDrive, loadVolser, requireLoaded, unloadDrive, type DriveChoice } from './library-ops.ts';
import { librarySettings, withChanger } from './open-changer.ts';

/** The library link of a job (its schema is the job params' own, job-params.ts). */
export type { LibraryJobLink };

/** The job's library link, or undefined for a job that did not take its cartridge from a library. */
export function libraryLinkOf(job: Job): LibraryJobLink | undefined {
  const raw = job.params['library'];
  if (raw === undefined) return undefined;
  const parsed = libraryLinkSchema.safeParse(raw);
  if (!parsed.success)
    throw new SysbError('INVALID_INPUT', `job ${job.id}: its library link is unreadable (${parsed.error.issues[0]?.message ?? 'bad'})`);
  return parsed.data;
}

/** Records that the job's cartridge comes from the library (before the job first runs). */
export function recordLibraryLink(catalog: Catalog, jobId: number, link: LibraryJobLink): void {
  catalog.jobs.setParam(jobId, 'library', libraryLinkSchema.parse(link));
}

function choiceOf(link: LibraryJobLink): DriveChoice {
  const sim = /\/drive-(\d+)\/tape\.tap$/.exec(link.tape);
  const n = link.driveNumber ?? (sim ? Number(sim[1]) : undefined);
  return n === undefined ? {} : { driveNumber: n };
}

/** The steps that touch the cartridge: those need it in the drive. */
function needsCartridge(job: Job): boolean {
  return job.steps.some((s) => s.state !== 'done' && (s.name === 'write' || s.name === 'verify'));
}

/**
 * Loads the linked VOLSER (if it is not in the drive already) and checks the drive holds it. The changer:
 * `flag`, else $SYSBTAPE_CHANGER, else the settings file, else the one the job used. Returns what it did.
 */
export async function loadLinkedCartridge(
  job: Job,
  opts: { flag?: string | undefined; env?: NodeJS.ProcessEnv; settings?: LibrarySettings | undefined } = {},
): Promise<string | undefined> {
  const link = libraryLinkOf(job);
  if (!link || !needsCartridge(job)) return undefined;
  const settings = opts.settings ?? librarySettings() ?? { changer: link.changer, afterVerify: link.afterVerify };
  const choice = choiceOf(link);
  return withChanger(
    opts.flag,
    link.tape,
    async (changer) => {
      const r = await loadVolser(changer, link.volser, choice);
      await requireLoaded(changer, link.volser, choice);
      return r.alreadyLoaded ? `library: ${r.volser} is in ${r.drive}` : `library: loaded ${r.volser} from ${r.from} into ${r.drive}`;
    },
    opts.env ?? process.env,
    settings,
  );
}

/** After the job: a passed verification sends the linked cartridge back (its slot or the mail slot); else it stays. */
export async function returnLinkedCartridge(
  job: Job,
  verdict: 'pass' | 'fail' | null,
  opts: { flag?: string | undefined; env?: NodeJS.ProcessEnv; settings?: LibrarySettings | undefined } = {},
): Promise<string | undefined> {
  const link = libraryLinkOf(job);
  if (!link || !job.steps.some((s) => s.name === 'verify')) return undefined;
  if (verdict !== 'pass') return `library: ${link.volser} stays in the drive (the verification did not pass)`;
  if (link.afterVerify === 'stay') return `library: ${link.volser} stays in the drive (settings: afterVerify stay)`;
  const settings = opts.settings ?? librarySettings() ?? { changer: link.changer, afterVerify: link.afterVerify };
  if (/^\/dev\/n?st\d+$/.test(link.tape)) await ejectInDrive(link.tape).catch(() => undefined);
  const r = await withChanger(
    opts.flag,
    link.tape,
    (changer) => unloadDrive(changer, choiceOf(link), { toExport: link.afterVerify === 'export' }),
    opts.env ?? process.env,
    settings,
  );
  return `library: unloaded ${r.barcode ?? link.volser} from ${r.drive} to ${r.to}`;
}
