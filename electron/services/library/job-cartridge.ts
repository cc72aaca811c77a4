/**
 * The library steps around a tape job (used by `run`): before the write, choose (--pick) and load the
 * cartridge and check the drive holds the right label; after a verified write, put it back in its slot
 * or in the import/export slot. Every refusal happens before the job exists, so nothing is written.
 */
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { pickCartridge } from './library-catalog.ts';
import { ejectInDrive, loadVolser, requireLoaded, tapeSerialOf, unloadDrive, type DriveChoice, type LoadResult, type UnloadResult } from './library-ops.ts';
import { withChanger } from './open-changer.ts';

/** What the job asked of the library. */
export interface LibraryJobRequest {
  /** --changer, or undefined to use $SYSBTAPE_CHANGER / sysfs. */
  changer: string | undefined;
  tape: string;
  volser: string | undefined;
  pick: boolean;
  driveNumber?: number;
}

/**
 * The library is used when --changer is given, --pick asks it to choose, or $SYSBTAPE_CHANGER is set and
 * the target is a real drive (a .tap file is never in a library, whatever the environment says).
 */
export function usesLibrary(req: { changer: string | undefined; pick: boolean; tape: string }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (req.pick || req.changer !== undefined) return true;
  return env.SYSBTAPE_CHANGER !== undefined && env.SYSBTAPE_CHANGER !== '' && /^\/dev\/n?st\d+$/.test(req.tape);
}

async function choiceOf(req: { tape: string; driveNumber?: number }): Promise<DriveChoice> {
  if (req.driveNumber !== undefined) return { driveNumber: req.driveNumber };
  const tapeSerial = await tapeSerialOf(req.tape);
  return tapeSerial ? { tapeSerial } : {};
}

/** Chooses (with --pick) and loads the job's cartridge; returns its VOLSER once the drive holds it. */
export async function loadForJob(catalog: Catalog, req: LibraryJobRequest): Promise<{ volser: string; load: LoadResult; why?: string }> {
  if (!/^\/dev\/n?st\d+$/.test(req.tape)) throw new SysbError('USAGE', `a library needs a real drive: --tape must be /dev/nstN, got '${req.tape}'`);
  const choice = await choiceOf(req);
  return withChanger(req.changer, req.tape, async (changer) => {
    let volser = req.volser?.toUpperCase();
    let why: string | undefined;
    if (req.pick) {
      const inv = await changer.inventory();
      const picked = pickCartridge(catalog, inv);
      if (!picked) {
        throw new SysbError('NOT_FOUND', `no reusable cartridge in the library ${changer.device}: none is blank or past its retention `
          + `(cartridges under retention and the newest verified copy of each server are never picked); 'sysbtape library inventory' shows why`);
      }
      volser = picked.volser;
      why = picked.why;
    }
    if (!volser) throw new SysbError('USAGE', 'give --volser V or --pick');
    const load = await loadVolser(changer, volser, choice);
    await requireLoaded(changer, volser, choice);
    return { volser, load, ...(why ? { why } : {}) };
  });
}

/** Puts the cartridge back after the job: ejected in the drive, then to its slot (or the import/export slot). */
export async function returnAfterJob(req: LibraryJobRequest, toExport: boolean): Promise<UnloadResult> {
  const choice = await choiceOf(req);
  await ejectInDrive(req.tape).catch(() => undefined);
  return withChanger(req.changer, req.tape, (changer) => unloadDrive(changer, choice, { toExport }));
}
