/**
 * The unattended write of a scheduled capture (`sysbtape due --run`) when the settings file names a
 * library: pick a reusable cartridge (the `run --pick` rules: blank, or past retention and not the newest
 * copy of any server; never one under retention), load it, write the image set, verify it, and put the
 * verified cartridge back (its slot, the import/export slot, or the drive, as the settings say). Nothing is
 * confirmed on the operator's behalf: a write check that needs a "yes" stops the write job, which the
 * operator resumes. No reusable cartridge: the write waits for a tape, as without a library.
 */
import { toErrorInfo } from '../../../shared/errors.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import type { LibrarySettings } from '../settings/settings-file.ts';
import { pickCartridge } from './library-catalog.ts';
import { recordLibraryLink, returnLinkedCartridge } from './library-job-link.ts';
import { loadVolser, requireLoaded, tapeSerialOf, type DriveChoice } from './library-ops.ts';
import { isSimulatedChanger, libraryDriveTarget, withChanger } from './open-changer.ts';

/** What the unattended write did. */
export interface UnattendedWrite {
  /** The cartridge was written and verified. */
  written: boolean;
  /** A job failed (the operator must look), as opposed to "no cartridge to use". */
  failed: boolean;
  volser: string | null;
  jobId: number | null;
  message: string;
}

/** Picks, loads, writes and verifies a cartridge for image set `imageSetId`; never throws. */
export async function writeFromLibrary(
  engine: JobEngine,
  imageSetId: number,
  library: LibrarySettings,
  labelDir: string,
  signal?: AbortSignal,
): Promise<UnattendedWrite> {
  const catalog = engine.catalog;
  let volser: string | null = null;
  let jobId: number | null = null;
  try {
    const loaded = await withChanger(
      undefined,
      library.tape,
      async (changer) => {
        const target = libraryDriveTarget(changer.device, library, library.driveNumber);
        if (!target) return { none: 'the library settings name no drive to write to (sysbtape library settings --tape /dev/nstN)' };
        const picked = pickCartridge(catalog, await changer.inventory());
        if (!picked) return { none: `no reusable cartridge in the library ${changer.device} (none blank or past its retention)` };
        const serial =
          !isSimulatedChanger(changer.device) && library.driveNumber === undefined && library.tape
            ? await tapeSerialOf(library.tape)
            : undefined;
        const choice: DriveChoice =
          library.driveNumber !== undefined ? { driveNumber: library.driveNumber } : serial ? { tapeSerial: serial } : {};
        const r = await loadVolser(changer, picked.volser, choice);
        await requireLoaded(changer, picked.volser, choice);
        return { volser: picked.volser, target, changer: changer.device, why: picked.why, from: r.from };
      },
      process.env,
      library,
    );
    if ('none' in loaded) return { written: false, failed: false, volser: null, jobId: null, message: loaded.none ?? 'no cartridge' };
    volser = loaded.volser;
    const link = {
      volser,
      changer: loaded.changer,
      tape: loaded.target,
      afterVerify: library.afterVerify,
      ...(library.driveNumber ? { driveNumber: library.driveNumber } : {}),
    };
    const write = engine.createWriteJob({ imageSetId, volser, target: loaded.target, labelDir });
    jobId = write.id;
    recordLibraryLink(catalog, write.id, link);
    await engine.run(write.id, signal ? { signal } : {});
    const verify = engine.createVerifyJob({ volser, target: loaded.target, imageSetId });
    jobId = verify.id;
    recordLibraryLink(catalog, verify.id, link);
    const out = await engine.run(verify.id, signal ? { signal } : {});
    if (out.verdict !== 'pass') {
      return {
        written: false,
        failed: true,
        volser,
        jobId,
        message: `${volser} was written but did not verify (job ${verify.id}); it stays in the drive`,
      };
    }
    const back = await returnLinkedCartridge(out.job, out.verdict, { settings: library }).catch(
      (err: unknown) => `could not unload: ${(err as Error).message}`,
    );
    return {
      written: true,
      failed: false,
      volser,
      jobId,
      message: `written to ${volser} (picked: ${loaded.why}, from ${loaded.from}) and verified; ${back ?? ''}`.trim(),
    };
  } catch (err) {
    const info = toErrorInfo(err);
    const where = jobId === null ? '' : ` (job ${jobId}; resume it with sysbtape jobs resume ${jobId})`;
    return {
      written: false,
      failed: true,
      volser,
      jobId,
      message: `library write${volser ? ` of ${volser}` : ''} failed: ${info.message}${where}`,
    };
  }
}
