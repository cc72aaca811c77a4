/**
 * The tape library (autoloader) in the contract: how a changer is named, what the Library view shows,
 * and what load/unload return. The services' own types (media-changer.ts) stay on the Node side.
 */
import { z } from 'zod';

/** A changer: an absolute device path (/dev/sgN, a udev link), or sim:/folder for the simulated library. */
export const changerRefSchema = z
  .string()
  .min(2)
  .max(4096)
  .refine(
    (s) => !s.includes('\0') && (s.startsWith('/') || /^sim:\/./.test(s)),
    'changer: an absolute device path like /dev/sg3, or sim:/folder for the simulated library',
  );
/** The library's drive as a tape target: a non-rewinding st device. */
export const libraryTapeSchema = z.string().regex(/^\/dev\/nst\d+$/, 'the library drive must be a non-rewinding device like /dev/nst0');

/** The prefix that names the simulated library (a folder of .tap files; demo and tests, never hardware). */
export const SIMULATED_CHANGER_PREFIX = 'sim:';

/** Where a verified cartridge goes after an app job. */
export type AfterVerify = 'slot' | 'export' | 'stay';

/** Where the changer in use was named. */
export type ChangerSourceName = 'flag' | 'env' | 'settings' | 'sysfs';

/** The library part of the settings file, as the Library view's form shows it. */
export interface LibrarySettingsInfo {
  /** The settings file. */
  path: string;
  /** What the file says (null: no library configured there). */
  library: { changer: string; tape: string | null; driveNumber: number | null; afterVerify: AfterVerify } | null;
  /** The changer the app uses now and where it was named (env wins over the file); null when none. */
  effective: { changer: string; source: ChangerSourceName } | null;
}

/** One element of the library as the Library view shows it. */
export interface LibrarySlotInfo {
  kind: 'drive' | 'slot' | 'import-export';
  number: number;
  address: number;
  full: boolean;
  barcode: string | null;
  volser: string | null;
  /** Catalog status, 'unknown-to-catalog', 'cleaning', 'no-label', or null when empty. */
  state: string | null;
  retentionUntil: string | null;
  underRetention: boolean;
  /** Media id from the catalog, else from the label suffix (L8 of ABC123L8). */
  mediaId: string | null;
  /** Whether `--pick` could take it (blank, or past retention and not a newest copy), with why. */
  reusable: boolean;
  why: string | null;
  /** The robot can reach it (false e.g. for a mail slot whose door is open). */
  accessible: boolean;
}

/** The Library view's data: the changer, its elements reconciled with the catalog. */
export interface LibraryStatus {
  changer: string;
  source: ChangerSourceName;
  /** The simulated library (a folder of .tap files), not hardware. */
  simulated: boolean;
  /** The tape target of the library's drive (what the wizard writes to), when known. */
  driveTarget: string | null;
  elements: LibrarySlotInfo[];
  /** Labels in the library the catalog does not know; mediaId null when the label has no LTO suffix. */
  unknown: { barcode: string; volser: string; mediaId: string | null; where: string }[];
  unlabeled: string[];
}

/** What a load did. */
export interface LibraryLoadResult {
  volser: string;
  from: string;
  drive: string;
  alreadyLoaded: boolean;
  /** The tape target now holding the cartridge. */
  target: string | null;
  mediaId: string | null;
  /** With pick: why this cartridge was chosen. */
  why: string | null;
}

/** What an unload did. */
export interface LibraryUnloadResult {
  barcode: string | null;
  drive: string;
  to: string;
}
