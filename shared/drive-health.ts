/**
 * What a tape drive and its cartridge say about themselves (issue 17), as the Drive panel and the wizard's
 * tape step show it: the `drive status --json` facts plus the operator's words (cleaning state, what to
 * do about each TapeAlert flag). JSON-safe.
 */

/** How bad a TapeAlert flag is. */
export type AlertSeverity = 'critical' | 'warning' | 'informational';

/** One set TapeAlert flag, with the fix in an operator's words. */
export interface DriveAlert {
  flag: number;
  name: string;
  severity: AlertSeverity;
  /** What to do ("load a cleaning cartridge"). */
  advice: string;
}

/** Cleaning state of the drive. */
export type CleaningState = 'clean-now' | 'clean-soon' | 'not-requested' | 'unknown';

/** The Drive panel's report; `kind: 'virtual'` for a .tap file, which has no SCSI drive behind it. */
export type DriveHealthView =
  | { kind: 'virtual'; target: string }
  | {
      kind: 'scsi';
      /** The /dev/nstN read, or the bundle directory decoded. */
      source: string;
      drive: { vendor: string | null; product: string | null; firmware: string | null; serial: string | null };
      medium: {
        generation: string | null;
        densityCode: number | null;
        nativeCapacityBytes: number | null;
        writeProtected: boolean | null;
      };
      /** Cartridge memory (MAM); fields absent when the cartridge did not return them. */
      cartridgeMemory: {
        barcode?: string;
        serial?: string;
        manufacturer?: string;
        manufactureDate?: string;
        userMediumTextLabel?: string;
        loadCount?: number;
        remainingCapacityMiB?: number;
        maximumCapacityMiB?: number;
        totalMiBWritten?: number;
        totalMiBRead?: number;
      };
      /** The cataloged cartridge whose barcode the cartridge memory carries, or null. */
      catalogedVolser: string | null;
      cleaning: { state: CleaningState; text: string };
      alerts: DriveAlert[];
      /** False when the drive does not report TapeAlert (alerts is then empty for that reason). */
      tapeAlertRead: boolean;
      /** Commands the drive does not support, in words ("cartridge memory (READ ATTRIBUTE)"). */
      unsupported: string[];
      errors: string[];
    };
