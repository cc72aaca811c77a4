/**
 * `drive status`: reads a /dev/nstN drive's health through its SCSI generic node, and words the
 * report for an operator (generation, capacity, cleaning state, flags and what to do about them).
 */
import { SysbError } from '../../../../shared/errors.ts';
import { tapeTargetKind } from '../open-tape-drive.ts';
import { COMMAND_TITLES, type DriveHealthReport, type HealthCommand, type HealthReading, readDriveHealth } from './drive-health.ts';
import { writeAttributeCdb } from './cdb.ts';
import { encodeBarcodeAttribute } from './mam.ts';
import { SgIoTransport, type ScsiTransport, sgNodeForTape } from './sg-io.ts';
import { CLEAN_NOW_FLAG, CLEAN_PERIODIC_FLAG } from './tape-alert.ts';

/** Injection points for tests. */
export interface DriveStatusOptions {
  sysRoot?: string;
  openTransport?: (sgDevice: string) => Promise<ScsiTransport>;
  commands?: readonly HealthCommand[];
}

/** True for targets that are SCSI tape drives (/dev/nstN); a .tap virtual tape has no SCSI. */
export function isScsiTapeTarget(target: string): boolean {
  return /^\/dev\/nst\d+[lma]?$/.test(target);
}

/** The sg node of a tape device, or a clear error saying why there is none. */
export async function requireSgNode(tape: string, sysRoot?: string): Promise<string> {
  if (tapeTargetKind(tape) !== 'linux-st')
    throw new SysbError('USAGE', `${tape} is a virtual tape, not a SCSI drive: it has no drive status`);
  const sg = await sgNodeForTape(tape, sysRoot);
  if (!sg) {
    throw new SysbError(
      'NOT_FOUND',
      `${tape} has no SCSI generic node in sysfs (/sys/class/scsi_tape/${tape.slice(5)}/device/scsi_generic): load the sg driver (modprobe sg)`,
    );
  }
  return sg;
}

/** Opens the tape's sg node and reads the five health commands. */
export async function readTapeHealth(tape: string, opts: DriveStatusOptions = {}): Promise<HealthReading & { sgDevice: string }> {
  const sgDevice = await requireSgNode(tape, opts.sysRoot);
  let t: ScsiTransport;
  try {
    t = await (opts.openTransport ?? ((d) => SgIoTransport.open(d)))(sgDevice);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES')
      throw new SysbError(
        'TAPE_IO',
        `permission denied opening ${sgDevice} (the SCSI generic node of ${tape}): add your user to the group owning it (ls -l ${sgDevice})`,
      );
    if (code === 'ENOENT') throw new SysbError('NOT_FOUND', `${sgDevice} (the SCSI generic node of ${tape}) does not exist in /dev`);
    throw err;
  }
  try {
    return { ...(await readDriveHealth(t, opts.commands)), sgDevice };
  } finally {
    await t.close();
  }
}

/** Writes the host-writable BARCODE attribute (0x0806) of the cartridge memory of the tape in the drive. */
export async function writeMamBarcode(tape: string, barcode: string, opts: DriveStatusOptions = {}): Promise<void> {
  const sgDevice = await requireSgNode(tape, opts.sysRoot);
  const t = await (opts.openTransport ?? ((d) => SgIoTransport.open(d)))(sgDevice);
  try {
    const list = encodeBarcodeAttribute(barcode);
    await t.dataOut(writeAttributeCdb(list.length), list);
  } finally {
    await t.close();
  }
}

/** The cleaning state in an operator's words, with the fix. */
export function cleaningState(report: DriveHealthReport): string {
  const flags = new Set(report.tapeAlert.map((f) => f.flag));
  if (flags.has(CLEAN_NOW_FLAG)) return 'the drive needs cleaning now: load a cleaning cartridge before writing';
  if (flags.has(CLEAN_PERIODIC_FLAG)) return 'routine cleaning is due: load a cleaning cartridge when this job is done';
  if (report.unsupported.includes('log-2e')) return 'unknown (the drive does not report TapeAlert)';
  return 'not requested';
}

function tb(bytes: number): string {
  return `${(bytes / 1e12).toFixed(bytes % 1e12 === 0 ? 0 : 1)} TB`;
}

/** The report as text, like tapeinfo + sg_logs -p 0x2e + sg_read_attr. */
export function formatDriveHealth(report: DriveHealthReport, source: string): string[] {
  const d = report.drive;
  const m = report.medium;
  const lines = [`Drive ${source}`];
  if (d.vendor !== undefined)
    lines.push(`  drive: ${d.vendor} ${d.product ?? ''}, firmware ${d.firmware ?? '?'}${d.serial ? `, serial ${d.serial}` : ''}`);
  if (m.densityCode !== undefined) {
    lines.push(
      `  medium: ${m.generation ?? 'not an LTO-5..9 cartridge'} (density code 0x${m.densityCode.toString(16).padStart(2, '0')})` +
        `${m.nativeCapacityBytes ? `, native capacity ${tb(m.nativeCapacityBytes)}` : ''}`,
    );
  }
  if (m.writeProtected !== undefined) lines.push(`  write-protected: ${m.writeProtected ? 'yes (slide the tab to write)' : 'no'}`);
  const mam = m.mam;
  if (Object.keys(mam).length > 0) {
    lines.push('  cartridge memory:');
    if (mam.barcode !== undefined) lines.push(`    barcode: ${mam.barcode}`);
    if (mam.serial !== undefined) lines.push(`    serial number: ${mam.serial}`);
    if (mam.manufacturer !== undefined)
      lines.push(`    manufacturer: ${mam.manufacturer}${mam.manufactureDate ? ` (${mam.manufactureDate})` : ''}`);
    if (mam.userMediumTextLabel !== undefined) lines.push(`    label: ${mam.userMediumTextLabel}`);
    if (mam.loadCount !== undefined) lines.push(`    loads: ${mam.loadCount}`);
    if (mam.remainingCapacityMiB !== undefined)
      lines.push(`    remaining: ${mam.remainingCapacityMiB} MiB of ${mam.maximumCapacityMiB ?? '?'} MiB`);
    if (mam.totalMiBWritten !== undefined)
      lines.push(`    written in its life: ${mam.totalMiBWritten} MiB, read: ${mam.totalMiBRead ?? '?'} MiB`);
  }
  lines.push(`  cleaning: ${cleaningState(report)}`);
  if (!report.unsupported.includes('log-2e') && !report.errors.some((e) => e.command === 'log-2e')) {
    if (report.tapeAlert.length === 0) lines.push('  TapeAlert: no flags set');
    for (const f of report.tapeAlert) lines.push(`  TapeAlert ${f.flag} (${f.severity}): ${f.name}`);
  }
  for (const c of report.unsupported) lines.push(`  ${COMMAND_TITLES[c]}: not supported by this drive`);
  for (const e of report.errors) lines.push(`  ${COMMAND_TITLES[e.command]}: failed: ${e.message}`);
  return lines;
}
