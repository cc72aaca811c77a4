/**
 * The pre-write checks from what a SCSI drive and its cartridge say about themselves (issue 17), and the
 * TapeAlert reading recorded after each write and verification. Only /dev/nstN targets: a .tap virtual
 * tape is not a SCSI drive and gets none of this. A drive whose health cannot be read at all (no sg node,
 * no permission) gets no health checks either: the st-level checks still apply.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { checkImageSet } from '../tape/image-set.ts';
import { tapeBytesNeeded } from '../tape/four-record-writer.ts';
import { decodeDriveHealth, type DriveHealthReport, type HealthCommand } from '../tape/scsi/drive-health.ts';
import { isScsiTapeTarget, readTapeHealth, writeMamBarcode } from '../tape/scsi/drive-status.ts';
import { CLEAN_NOW_FLAG, type TapeAlertFlag } from '../tape/scsi/tape-alert.ts';
import { problem, type VerifyProblem } from '../tape/verify-problems.ts';
import type { WriteCheck } from './job-model.ts';
import { cartridgeForBarcode } from './mam-identity.ts';

/** Reads a drive's health report; injected in tests. */
export type HealthReader = (target: string, commands?: readonly HealthCommand[]) => Promise<DriveHealthReport>;

/** Writes the cartridge memory BARCODE attribute; injected in tests. */
export type BarcodeWriter = (target: string, barcode: string) => Promise<void>;

/** The real reader: SG_IO on the drive's /dev/sgN. */
export const readHealthReport: HealthReader = async (target, commands) =>
  decodeDriveHealth(await readTapeHealth(target, commands ? { commands } : {}));

/** What the drive-health checks look at. */
export interface DriveHealthCheckInput {
  catalog: Catalog;
  volser: string;
  target: string;
  /** The image set's staging directory, for the too-big check against the cartridge's native capacity. */
  imageDir?: string;
  readHealth?: HealthReader;
}

function flagList(flags: readonly TapeAlertFlag[]): string {
  return flags.map((f) => `${f.flag} ${f.name}`).join(', ');
}

/** The report, or undefined when the target is not a SCSI drive or its health cannot be read. */
async function healthOf(target: string, read: HealthReader): Promise<DriveHealthReport | undefined> {
  if (!isScsiTapeTarget(target)) return undefined;
  return read(target).catch(() => undefined);
}

/** DRIVE_ALERT, CLEANING_REQUIRED, DRIVE_WARNING, CARTRIDGE_SWAPPED and MEDIA_TOO_SMALL from the drive's own report. */
export async function driveHealthChecks(input: DriveHealthCheckInput): Promise<WriteCheck[]> {
  const report = await healthOf(input.target, input.readHealth ?? readHealthReport);
  if (!report) return [];
  const checks: WriteCheck[] = [];
  const t = input.target;
  if (report.tapeAlert.some((f) => f.flag === CLEAN_NOW_FLAG)) {
    checks.push({
      code: 'CLEANING_REQUIRED',
      kind: 'blocking',
      message: `the drive ${t} needs cleaning (TapeAlert 20 Cleaning required): load a cleaning cartridge, then write`,
    });
  }
  const critical = report.tapeAlert.filter((f) => f.severity === 'critical' && f.flag !== CLEAN_NOW_FLAG);
  if (critical.length > 0) {
    checks.push({
      code: 'DRIVE_ALERT',
      kind: 'blocking',
      message: `the drive ${t} reports critical TapeAlert flags (${flagList(critical)}): a tape written now may not be readable; fix the drive or use another cartridge`,
    });
  }
  const warnings = report.tapeAlert.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) {
    checks.push({
      code: 'DRIVE_WARNING',
      kind: 'confirm',
      message: `the drive ${t} reports TapeAlert warnings (${flagList(warnings)}); write anyway?`,
    });
  }
  const serial = report.medium.mam.serial;
  const recorded = input.catalog.driveHealth.mamSerialOf(input.volser);
  if (serial && recorded && serial !== recorded) {
    checks.push({
      code: 'CARTRIDGE_SWAPPED',
      kind: 'confirm',
      message: `the cartridge in ${t} has cartridge-memory serial ${serial}, but ${input.volser.toUpperCase()} was first written with serial ${recorded}: another physical cartridge carries this label. Writing destroys what it holds.`,
    });
  }
  const mamBarcode = report.medium.mam.barcode;
  const barcode = input.catalog.cartridges.require(input.volser).barcode;
  if (mamBarcode && mamBarcode !== barcode && !checks.some((c) => c.code === 'CARTRIDGE_SWAPPED')) {
    checks.push({
      code: 'CARTRIDGE_SWAPPED',
      kind: 'confirm',
      message: `the cartridge memory of the tape in ${t} names it ${mamBarcode}, not ${barcode}: is the right cartridge loaded? Writing destroys what it holds.`,
    });
  }
  // The cartridge memory names the cartridge before its data is read: when that is another cataloged
  // cartridge, its retention guards the tape at once, as it does once the data is read and matches.
  const named = mamBarcode ? cartridgeForBarcode(input.catalog, mamBarcode) : null;
  if (named && named !== input.volser.toUpperCase()) {
    const r = input.catalog.cartridges.checkRetention(named);
    if (r.blocked)
      checks.push({
        code: 'RETENTION',
        kind: 'blocking',
        volser: named,
        message: `the cartridge memory of the tape in ${t} names it cartridge ${named}, not ${input.volser.toUpperCase()}: ${r.message}`,
      });
  }
  const native = report.medium.nativeCapacityBytes;
  if (native !== undefined && input.imageDir) {
    const set = await checkImageSet(input.imageDir).catch(() => undefined);
    const need = set ? tapeBytesNeeded(set, 0, 0) : 0;
    if (need > native) {
      checks.push({
        code: 'MEDIA_TOO_SMALL',
        kind: 'blocking',
        message: `the image set needs ${need} bytes but the ${report.medium.generation ?? ''} cartridge in ${t} holds ${native} natively; use a larger cartridge`,
      });
    }
  }
  return checks;
}

/**
 * After a write: reads TapeAlert again and records it with the write; on a good write also records the
 * cartridge memory serial with the cartridge (first write only). Never fails the write: returns the flags, or
 * undefined when they could not be read.
 */
export async function recordAfterWrite(
  catalog: Catalog,
  volser: string,
  target: string,
  writeId: number,
  ok: boolean,
  read: HealthReader = readHealthReport,
  writeBarcode: BarcodeWriter = writeMamBarcode,
): Promise<TapeAlertFlag[] | undefined> {
  if (!isScsiTapeTarget(target)) return undefined;
  const report = await read(target, ok ? ['log-2e', 'read-attribute'] : ['log-2e']).catch(() => undefined);
  if (!report) return undefined;
  if (ok && report.medium.mam.serial) catalog.driveHealth.recordMamSerial(volser, report.medium.mam.serial);
  // Name the cartridge in its own memory (VOLSER + media id) when nothing did yet, so it can be identified
  // without reading its data. Only a cartridge memory that answered READ ATTRIBUTE is written to.
  const mamRead = ok && !report.unsupported.includes('read-attribute') && !report.errors.some((e) => e.command === 'read-attribute');
  if (mamRead && !report.medium.mam.barcode) await writeBarcode(target, catalog.cartridges.require(volser).barcode).catch(() => undefined);
  if (report.unsupported.includes('log-2e') || report.errors.some((e) => e.command === 'log-2e')) return undefined;
  catalog.driveHealth.recordTapeAlert({ writeId }, target, report.tapeAlert);
  return report.tapeAlert;
}

/** TapeAlert right after a verification's read-back; a critical flag adds a DRIVE_ALERT problem (not a pass). */
export async function tapeAlertAfterVerify(
  target: string,
  read: HealthReader = readHealthReport,
): Promise<{ flags?: TapeAlertFlag[]; problems: VerifyProblem[] }> {
  if (!isScsiTapeTarget(target)) return { problems: [] };
  const report = await read(target, ['log-2e']).catch(() => undefined);
  if (!report || report.unsupported.includes('log-2e') || report.errors.length > 0) return { problems: [] };
  const critical = report.tapeAlert.filter((f) => f.severity === 'critical');
  return {
    flags: report.tapeAlert,
    problems:
      critical.length === 0
        ? []
        : [
            problem(
              'DRIVE_ALERT',
              `the drive reported critical TapeAlert flags during the read-back (${flagList(critical)}): the verification does not count as a pass`,
            ),
          ],
  };
}

/** A verification result with the drive's TapeAlert problems added (not ok when one is critical), and the flags read. */
export async function withDriveAlerts<V extends { ok: boolean; problems: VerifyProblem[] }>(
  result: V,
  target: string,
  read: HealthReader = readHealthReport,
): Promise<{ result: V; flags?: TapeAlertFlag[] }> {
  const alert = await tapeAlertAfterVerify(target, read);
  const checked = alert.problems.length === 0 ? result : { ...result, ok: false, problems: [...result.problems, ...alert.problems] };
  return alert.flags ? { result: checked, flags: alert.flags } : { result: checked };
}
