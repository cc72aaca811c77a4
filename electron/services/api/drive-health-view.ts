/**
 * The `drive status` report in the Drive panel's words: cleaning state, each TapeAlert flag with the fix
 * an operator can apply, and which cataloged cartridge the cartridge memory names.
 */
import type { DriveAlert, DriveHealthView } from '../../../shared/drive-health.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { COMMAND_TITLES, type DriveHealthReport } from '../tape/scsi/drive-health.ts';
import { cleaningState } from '../tape/scsi/drive-status.ts';
import { cartridgeForBarcode } from '../jobs/mam-identity.ts';
import { CLEAN_NOW_FLAG, CLEAN_PERIODIC_FLAG, type TapeAlertFlag } from '../tape/scsi/tape-alert.ts';

/** Fixes for the flags an operator meets; others get one by severity. */
const ADVICE: Readonly<Record<number, string>> = {
  3: 'the drive had trouble reading or writing this cartridge: verify the tape, and try another cartridge if it repeats',
  4: 'the cartridge is damaged or worn: copy what it holds to another cartridge and retire it',
  5: 'the drive cannot read this cartridge: try it in another drive; if it fails there too, retire it',
  6: 'the drive cannot write this cartridge: use another cartridge; if every cartridge fails, have the drive serviced',
  7: 'the cartridge is at the end of its life: write new backups to another cartridge and retire this one',
  8: 'the cartridge is not data grade: use a data-grade cartridge',
  9: 'the cartridge is write-protected: slide its tab to write-enable it',
  11: 'a cleaning cartridge is loaded: let the cleaning finish, then load a data cartridge',
  12: 'the drive cannot use this cartridge type: use a cartridge of a generation this drive writes',
  15: 'the cartridge memory chip failed: the cartridge still holds data, but retire it after copying',
  19: 'the cartridge nears the end of its life: plan to replace it',
  [CLEAN_NOW_FLAG]: 'load a cleaning cartridge now, then write',
  [CLEAN_PERIODIC_FLAG]: 'load a cleaning cartridge when this job is done',
  22: 'the cleaning cartridge is used up: load a new cleaning cartridge',
  23: 'that is not a valid cleaning cartridge: load a cleaning cartridge made for this drive',
  30: 'the drive hardware failed: power-cycle the drive; if it stays, have it serviced',
  31: 'the drive failed its self-test: power-cycle the drive; if it stays, have it serviced',
  38: 'the drive predicts a failure: have it serviced before trusting it with backups',
};

function adviceFor(f: TapeAlertFlag): string {
  const own = ADVICE[f.flag];
  if (own) return own;
  if (f.severity === 'critical') return "do not write backups with this drive until it is fixed; see the drive's manual for this flag";
  if (f.severity === 'warning') return "check the drive and the cartridge before relying on them; see the drive's manual for this flag";
  return 'for information; nothing to do now';
}

/** The report as the contract's DriveHealthView. */
export function driveHealthView(catalog: Catalog, report: DriveHealthReport, source: string): DriveHealthView {
  const flags = new Set(report.tapeAlert.map((f) => f.flag));
  const tapeAlertRead = !report.unsupported.includes('log-2e') && !report.errors.some((e) => e.command === 'log-2e');
  const state = flags.has(CLEAN_NOW_FLAG)
    ? 'clean-now'
    : flags.has(CLEAN_PERIODIC_FLAG)
      ? 'clean-soon'
      : tapeAlertRead
        ? 'not-requested'
        : 'unknown';
  const barcode = report.medium.mam.barcode;
  const alerts: DriveAlert[] = report.tapeAlert.map((f) => ({ flag: f.flag, name: f.name, severity: f.severity, advice: adviceFor(f) }));
  return {
    kind: 'scsi',
    source,
    drive: {
      vendor: report.drive.vendor ?? null,
      product: report.drive.product ?? null,
      firmware: report.drive.firmware ?? null,
      serial: report.drive.serial ?? null,
    },
    medium: {
      generation: report.medium.generation ?? null,
      densityCode: report.medium.densityCode ?? null,
      nativeCapacityBytes: report.medium.nativeCapacityBytes ?? null,
      writeProtected: report.medium.writeProtected ?? null,
    },
    cartridgeMemory: { ...report.medium.mam },
    catalogedVolser: barcode ? cartridgeForBarcode(catalog, barcode) : null,
    cleaning: { state, text: cleaningState(report) },
    alerts,
    tapeAlertRead,
    unsupported: report.unsupported.map((c) => COMMAND_TITLES[c]),
    errors: report.errors.map((e) => `${COMMAND_TITLES[e.command]}: ${e.message}`),
  };
}
