/**
 * Opens the library's changer for the CLI, the app and jobs, and turns changer problems into the app's
 * error codes. The changer is named by --changer, $SYSBTAPE_CHANGER, the settings file or sysfs (in that
 * order); a name starting with sim: is the simulated library (a folder), anything else a SCSI changer.
 */
import { SysbError, type ErrorCode } from '../../../shared/errors.ts';
import { SIMULATED_CHANGER_PREFIX } from '../../../shared/library.ts';
import { loadSettings, type LibrarySettings } from '../settings/settings-file.ts';
import { resolveChanger, type ChangerSource } from './changer-discovery.ts';
import { ChangerError, type ChangerProblem, type MediaChanger } from './media-changer.ts';
import { SgMediaChanger } from './sg-media-changer.ts';
import { SimulatedChanger, simulatedDriveTarget } from './simulated-changer.ts';

const CODE_OF: Record<ChangerProblem, ErrorCode> = {
  NOT_RESPONDING: 'UNAVAILABLE',
  DOOR_OPEN: 'UNAVAILABLE',
  NOT_READY: 'UNAVAILABLE',
  SOURCE_EMPTY: 'CHECK_BLOCKED',
  DESTINATION_FULL: 'CHECK_BLOCKED',
  MEDIUM_REMOVAL_PREVENTED: 'CHECK_BLOCKED',
  NOT_FOUND: 'NOT_FOUND',
  BAD_ELEMENT: 'INVALID_INPUT',
  NOT_A_CHANGER: 'INVALID_INPUT',
  FAILED: 'TAPE_IO',
};

/** A SysbError for a changer problem (the problem code kept in details.problem); other errors unchanged. */
export function asSysbError(err: unknown): unknown {
  if (!(err instanceof ChangerError)) return err;
  return new SysbError(CODE_OF[err.problem], `library: ${err.message}`, { problem: err.problem });
}

/** Whether a changer name is the simulated library. */
export function isSimulatedChanger(ref: string): boolean {
  return ref.startsWith(SIMULATED_CHANGER_PREFIX);
}

/** Opens a changer by name: sim:/folder is the simulated library, anything else an sg device. */
export async function openChanger(ref: string): Promise<MediaChanger> {
  return isSimulatedChanger(ref) ? SimulatedChanger.open(ref.slice(SIMULATED_CHANGER_PREFIX.length)) : SgMediaChanger.open(ref);
}

/** The library settings from the settings file (undefined when it configures none). */
export function librarySettings(): LibrarySettings | undefined {
  return loadSettings().library;
}

/**
 * The tape target of the library's drive: the simulated library's own .tap file, else the settings' tape
 * (a real drive), else undefined (the caller names it with --tape).
 */
export function libraryDriveTarget(changerRef: string, settings: LibrarySettings | undefined, driveNumber?: number): string | undefined {
  if (isSimulatedChanger(changerRef)) {
    return simulatedDriveTarget(changerRef.slice(SIMULATED_CHANGER_PREFIX.length), driveNumber ?? settings?.driveNumber ?? 1);
  }
  return settings?.changer === changerRef ? settings.tape : undefined;
}

/**
 * Runs `fn` with the changer open (from --changer, $SYSBTAPE_CHANGER, the settings file or sysfs beside
 * `tape`), closing it after. `settings` defaults to the settings file's library ('file').
 */
export async function withChanger<T>(
  flag: string | undefined,
  tape: string | undefined,
  fn: (changer: MediaChanger, source: ChangerSource) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
  settings: LibrarySettings | undefined | 'file' = 'file',
): Promise<T> {
  let changer: MediaChanger | undefined;
  try {
    // The file is read only when nothing before it names the changer (a broken file never stops --changer).
    const fromFile = settings === 'file' ? (flag || env.SYSBTAPE_CHANGER ? undefined : librarySettings()) : settings;
    const { device, source } = await resolveChanger(flag, env, tape, '/sys', fromFile?.changer);
    changer = await openChanger(device);
    return await fn(changer, source);
  } catch (err) {
    throw asSysbError(err);
  } finally {
    await changer?.close();
  }
}
