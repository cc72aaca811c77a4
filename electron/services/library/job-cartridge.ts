/**
 * The library steps around a tape job (used by `run`): before the write, choose (--pick) and load the
 * cartridge and check the drive holds the right label; after a verified write, put it back in its slot
 * or in the import/export slot. Every refusal happens before the job exists, so nothing is written.
 */
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { LibrarySettings } from '../settings/settings-file.ts';
import { pickCartridge } from './library-catalog.ts';
import {
  ejectInDrive,
  loadVolser,
  requireLoaded,
  tapeSerialOf,
  unloadDrive,
  type DriveChoice,
  type LoadResult,
  type UnloadResult,
} from './library-ops.ts';
import { isSimulatedChanger, librarySettings, withChanger } from './open-changer.ts';
import { simulatedDriveTarget } from './simulated-changer.ts';

/** What the job asked of the library. */
export interface LibraryJobRequest {
  /** --changer, or undefined to use $SYSBTAPE_CHANGER / the settings file / sysfs. */
  changer: string | undefined;
  tape: string;
  volser: string | undefined;
  pick: boolean;
  driveNumber?: number;
}

const REAL_DRIVE = /^\/dev\/n?st\d+$/;
const SIMULATED_DRIVE = /\/drive-(\d+)\/tape\.tap$/;

/** Whether `tape` is a drive a library can hold: a real /dev/nstN, or a simulated library's drive file. */
function isLibraryTape(tape: string): boolean {
  return REAL_DRIVE.test(tape) || SIMULATED_DRIVE.test(tape);
}

/**
 * The library is used when --changer is given, --pick asks it to choose, or $SYSBTAPE_CHANGER (or the
 * settings file's library) is set and the target is a drive a library holds: a real drive (the settings'
 * own drive when it names one), or the simulated library's drive file. A plain .tap is never in a library.
 */
export function usesLibrary(
  req: { changer: string | undefined; pick: boolean; tape: string },
  env: NodeJS.ProcessEnv = process.env,
  fromSettings: LibrarySettings | undefined | 'file' = 'file',
): boolean {
  if (req.pick || req.changer !== undefined) return true;
  if (env.SYSBTAPE_CHANGER) return isLibraryTape(req.tape);
  const settings = fromSettings === 'file' ? librarySettings() : fromSettings;
  if (!settings) return false;
  if (isSimulatedChanger(settings.changer)) return SIMULATED_DRIVE.test(req.tape);
  return REAL_DRIVE.test(req.tape) && (settings.tape === undefined || settings.tape === req.tape);
}

async function choiceOf(req: { tape: string; driveNumber?: number }): Promise<DriveChoice> {
  if (req.driveNumber !== undefined) return { driveNumber: req.driveNumber };
  const sim = SIMULATED_DRIVE.exec(req.tape);
  if (sim) return { driveNumber: Number(sim[1]) };
  const tapeSerial = await tapeSerialOf(req.tape);
  return tapeSerial ? { tapeSerial } : {};
}

/** A simulated library's drive file must be that library's own: a .tap elsewhere is not in it. */
function checkTapeOfChanger(device: string, tape: string, choice: DriveChoice): void {
  if (!isSimulatedChanger(device)) {
    if (!REAL_DRIVE.test(tape)) throw new SysbError('USAGE', `a library needs a real drive: --tape must be /dev/nstN, got '${tape}'`);
    return;
  }
  const own = simulatedDriveTarget(device.slice('sim:'.length), choice.driveNumber ?? 1);
  if (path.resolve(tape) !== own) throw new SysbError('USAGE', `the simulated library ${device} has its drive at ${own}, not '${tape}'`);
}

/** Chooses (with --pick) and loads the job's cartridge; returns its VOLSER once the drive holds it. */
export async function loadForJob(
  catalog: Catalog,
  req: LibraryJobRequest,
): Promise<{ volser: string; load: LoadResult; why?: string; changer: string }> {
  if (!isLibraryTape(req.tape)) throw new SysbError('USAGE', `a library needs a real drive: --tape must be /dev/nstN, got '${req.tape}'`);
  const choice = await choiceOf(req);
  return withChanger(req.changer, req.tape, async (changer) => {
    checkTapeOfChanger(changer.device, req.tape, choice);
    let volser = req.volser?.toUpperCase();
    let why: string | undefined;
    if (req.pick) {
      const inv = await changer.inventory();
      const picked = pickCartridge(catalog, inv);
      if (!picked) {
        throw new SysbError(
          'NOT_FOUND',
          `no reusable cartridge in the library ${changer.device}: none is blank or past its retention ` +
            `(cartridges under retention and the newest verified copy of each server are never picked); 'sysbtape library inventory' shows why`,
        );
      }
      volser = picked.volser;
      why = picked.why;
    }
    if (!volser) throw new SysbError('USAGE', 'give --volser V or --pick');
    const load = await loadVolser(changer, volser, choice);
    await requireLoaded(changer, volser, choice);
    return { volser, load, changer: changer.device, ...(why ? { why } : {}) };
  });
}

/** Puts the cartridge back after the job: ejected in the drive, then to its slot (or the import/export slot). */
export async function returnAfterJob(req: LibraryJobRequest, toExport: boolean): Promise<UnloadResult> {
  const choice = await choiceOf(req);
  if (REAL_DRIVE.test(req.tape)) await ejectInDrive(req.tape).catch(() => undefined);
  return withChanger(req.changer, req.tape, (changer) => unloadDrive(changer, choice, { toExport }));
}
