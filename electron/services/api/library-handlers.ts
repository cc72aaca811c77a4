/**
 * Library methods of the contract (issue 20): the settings file's library, the inventory reconciled with
 * the catalog, load and unload, adding unknown labels. The changer is the one the CLI would use
 * ($SYSBTAPE_CHANGER, else the settings file, else sysfs); a sim:/folder changer is the simulated library.
 * Also what runs around a durable job whose cartridge came from the library (load it again, return it).
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { LibrarySettingsInfo, LibrarySlotInfo, LibraryStatus } from '../../../shared/library.ts';
import { MEDIA_IDS, type MediaId } from '../../../shared/domain.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { localDate } from '../catalog/clock.ts';
import type { Job } from '../catalog/model.ts';
import { newestVerifiedCopies, pickCartridge, reconcile, reuseVerdict } from '../library/library-catalog.ts';
import { loadLinkedCartridge, recordLibraryLink, returnLinkedCartridge } from '../library/library-job-link.ts';
import { ejectInDrive, loadVolser, requireLoaded, tapeSerialOf, unloadDrive, type DriveChoice } from '../library/library-ops.ts';
import { isSimulatedChanger, libraryDriveTarget, withChanger } from '../library/open-changer.ts';
import { mediaIdOfBarcode, type LibraryInventory, type MediaChanger } from '../library/media-changer.ts';
import { resolveChanger } from '../library/changer-discovery.ts';
import { loadSettings, saveLibrarySettings, type LibrarySettings } from '../settings/settings-file.ts';
import type { JobAround } from './job-around.ts';

type LibraryHandlers = Pick<
  ApiHandlers,
  'getLibrarySettings' | 'setLibrarySettings' | 'getLibrary' | 'libraryLoad' | 'libraryUnload' | 'libraryAddUnknown'
>;

/** The library steps around the app's durable jobs, with the library of `settingsFile`. */
export function libraryAround(settingsFile: string): JobAround {
  return {
    before: (job) => loadLinkedCartridge(job, { settings: loadSettings(settingsFile).library }),
    after: (job, verdict) => returnLinkedCartridge(job, verdict, { settings: loadSettings(settingsFile).library }),
  };
}

/**
 * Links a new write or verify job to the library when its target is the library's drive: the job then
 * loads that VOLSER again when resumed, and a passed verification returns the cartridge.
 */
export function linkToLibrary(catalog: Catalog, settingsFile: string, job: Job, target: string): void {
  const library = loadSettings(settingsFile).library;
  const changer = process.env.SYSBTAPE_CHANGER || library?.changer;
  if (!changer || !job.volser) return;
  if (libraryDriveTarget(changer, library, library?.driveNumber) !== target) return;
  recordLibraryLink(catalog, job.id, {
    volser: job.volser,
    changer,
    tape: target,
    afterVerify: library?.afterVerify ?? 'slot',
    ...(library?.driveNumber ? { driveNumber: library.driveNumber } : {}),
  });
}

function isMediaId(id: string | null): id is MediaId {
  return id !== null && (MEDIA_IDS as readonly string[]).includes(id);
}

/** Refuses to move a cartridge while a job reads or writes the library's drive. */
function refuseWhileBusy(catalog: Catalog, target: string | undefined): void {
  if (!target) return;
  const busy = catalog.jobs.list({ states: ['running'] }).find((j) => j.params['target'] === target);
  if (busy)
    throw new SysbError(
      'CHECK_BLOCKED',
      `library: job ${busy.id} is using the drive ${target}; wait for it to finish (or cancel it) first`,
    );
}

/** Builds the library handlers on the settings file `settingsFile`. */
export function libraryHandlers(catalog: Catalog, settingsFile: string): LibraryHandlers {
  const settings = (): LibrarySettings | undefined => loadSettings(settingsFile).library;
  const open = <T>(
    fn: (changer: MediaChanger, s: LibrarySettings | undefined, target: string | undefined, choice: DriveChoice) => Promise<T>,
  ): Promise<T> => {
    const s = settings();
    return withChanger(
      undefined,
      s?.tape,
      async (changer) => {
        const target = libraryDriveTarget(changer.device, s, s?.driveNumber);
        const serial =
          !isSimulatedChanger(changer.device) && s?.tape && s.driveNumber === undefined ? await tapeSerialOf(s.tape) : undefined;
        const choice: DriveChoice = s?.driveNumber !== undefined ? { driveNumber: s.driveNumber } : serial ? { tapeSerial: serial } : {};
        return fn(changer, s, target, choice);
      },
      process.env,
      s,
    );
  };
  const info = async (): Promise<LibrarySettingsInfo> => {
    const s = settings();
    const effective = await resolveChanger(undefined, process.env, s?.tape, '/sys', s?.changer).catch(() => undefined);
    return {
      path: settingsFile,
      library: s ? { changer: s.changer, tape: s.tape ?? null, driveNumber: s.driveNumber ?? null, afterVerify: s.afterVerify } : null,
      effective: effective ? { changer: effective.device, source: effective.source } : null,
    };
  };

  return {
    getLibrarySettings: info,

    setLibrarySettings: async (req) => {
      if ('clear' in req) saveLibrarySettings(null, settingsFile);
      else {
        saveLibrarySettings(
          {
            changer: req.changer,
            afterVerify: req.afterVerify,
            ...(req.tape ? { tape: req.tape } : {}),
            ...(req.driveNumber ? { driveNumber: req.driveNumber } : {}),
          },
          settingsFile,
        );
      }
      return info();
    },

    getLibrary: () =>
      open(async (changer, s, target) => {
        const inv = await changer.inventory();
        const source = (await resolveChanger(undefined, process.env, s?.tape, '/sys', s?.changer)).source;
        return statusOf(catalog, inv, source, isSimulatedChanger(changer.device), target ?? null);
      }),

    libraryLoad: async ({ volser }) => {
      const s = settings();
      refuseWhileBusy(catalog, s ? libraryDriveTarget(s.changer, s, s.driveNumber) : undefined);
      return open(async (changer, _s, target, choice) => {
        let chosen = volser;
        let why: string | null = null;
        if (chosen === null) {
          const picked = pickCartridge(catalog, await changer.inventory());
          if (!picked) {
            throw new SysbError(
              'NOT_FOUND',
              'library: no reusable cartridge in the library: none is blank or past its retention ' +
                '(cartridges under retention and the newest verified copy of each server are never picked)',
            );
          }
          chosen = picked.volser;
          why = picked.why;
        }
        const r = await loadVolser(changer, chosen, choice);
        await requireLoaded(changer, chosen, choice);
        const inDrive = (await changer.inventory()).drives.find((d) => d.barcode?.startsWith(r.volser));
        const mediaId =
          catalog.cartridges.get(r.volser)?.mediaId ?? (inDrive?.barcode ? (mediaIdOfBarcode(inDrive.barcode) ?? null) : null);
        return { ...r, target: target ?? null, mediaId, why };
      });
    },

    libraryUnload: async ({ to }) => {
      const s = settings();
      refuseWhileBusy(catalog, s ? libraryDriveTarget(s.changer, s, s.driveNumber) : undefined);
      return open(async (changer, _s, target, choice) => {
        // Most drives keep the cartridge until told to unload it; the robot cannot take it before.
        if (target && /^\/dev\/nst\d+$/.test(target)) await ejectInDrive(target).catch(() => undefined);
        return unloadDrive(changer, choice, { toExport: to === 'export' });
      });
    },

    libraryAddUnknown: ({ volsers }) =>
      open(async (changer) => {
        const r = reconcile(catalog, await changer.inventory());
        const added: string[] = [];
        for (const v of volsers) {
          const u = r.unknown.find((x) => x.volser === v);
          if (!u)
            throw new SysbError('NOT_FOUND', `library: ${v} is not an unknown label in the library (already cataloged, or not there)`);
          if (!isMediaId(u.mediaId))
            throw new SysbError(
              'INVALID_INPUT',
              `library: label ${u.barcode} has no LTO media id suffix; add ${v} in the Cartridges view with its media`,
            );
        }
        for (const v of volsers) {
          const u = r.unknown.find((x) => x.volser === v)!;
          if (!isMediaId(u.mediaId)) continue;
          catalog.cartridges.add({ volser: v, mediaId: u.mediaId, notes: `added from library inventory (${u.where})` });
          added.push(v);
        }
        return { added };
      }),
  };
}

/** The inventory reconciled, with each cartridge's reuse verdict (as --pick judges it). */
function statusOf(
  catalog: Catalog,
  inv: LibraryInventory,
  source: LibraryStatus['source'],
  simulated: boolean,
  driveTarget: string | null,
): LibraryStatus {
  const r = reconcile(catalog, inv);
  const today = localDate(new Date());
  const protectedVolsers = newestVerifiedCopies(catalog);
  const accessible = new Map([...inv.drives, ...inv.slots, ...inv.importExport].map((e) => [e.address, e.accessible]));
  const elements: LibrarySlotInfo[] = r.elements
    .filter((e) => e.kind !== 'transport')
    .map((e) => {
      const c = e.volser ? catalog.cartridges.get(e.volser) : undefined;
      const verdict = c ? reuseVerdict(c, today, protectedVolsers) : undefined;
      return {
        kind: e.kind as LibrarySlotInfo['kind'],
        number: e.number,
        address: e.address,
        full: e.full,
        barcode: e.barcode,
        volser: e.volser,
        state: e.state,
        retentionUntil: e.retentionUntil,
        underRetention: e.underRetention,
        mediaId: c?.mediaId ?? (e.barcode ? (mediaIdOfBarcode(e.barcode) ?? null) : null),
        reusable: verdict?.reusable ?? false,
        why: verdict?.why ?? null,
        accessible: accessible.get(e.address) ?? true,
      };
    });
  return { changer: inv.device, source, simulated, driveTarget, elements, unknown: r.unknown, unlabeled: r.unlabeled };
}
