/**
 * What a tape drive and its cartridge say about themselves: the raw responses of five informational
 * commands (a "bundle", savable for support), and their decoding into the `drive status` report.
 * A command the drive refuses with ILLEGAL REQUEST is "not supported by this drive"; any other failure
 * is reported as an error of that command; either way the others carry on.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ALLOC, inquiryCdb, logSenseCdb, modeSense10Cdb, readAttributeCdb, vpdCdb } from './cdb.ts';
import { decodeInquiry, decodeUnitSerial } from './inquiry.ts';
import { decodeReadAttribute, type MamSummary, summarizeMam } from './mam.ts';
import { decodeModeSense10 } from './mode-sense.ts';
import { ScsiCommandError, type ScsiTransport } from './sg-io.ts';
import { UNIT_ATTENTION } from './sense.ts';
import { decodeTapeAlertPage, type TapeAlertFlag } from './tape-alert.ts';

/** The five commands, named as their bundle files (without .bin). */
export const HEALTH_COMMANDS = ['inquiry', 'vpd80', 'mode-sense', 'log-2e', 'read-attribute'] as const;
export type HealthCommand = (typeof HEALTH_COMMANDS)[number];

/** What each command is, for messages. */
export const COMMAND_TITLES: Readonly<Record<HealthCommand, string>> = {
  inquiry: 'INQUIRY',
  vpd80: 'unit serial number (INQUIRY VPD 0x80)',
  'mode-sense': 'MODE SENSE(10)',
  'log-2e': 'TapeAlert (LOG SENSE page 0x2E)',
  'read-attribute': 'cartridge memory (READ ATTRIBUTE)',
};

/** Raw data-in bytes by command; a missing entry means the drive did not return it. */
export type RawHealth = Partial<Record<HealthCommand, Uint8Array>>;

/** The `drive status --json` shape (issue 17); `errors` lists commands that failed for another reason. */
export interface DriveHealthReport {
  drive: { vendor?: string; product?: string; firmware?: string; serial?: string };
  medium: {
    generation?: string;
    densityCode?: number;
    nativeCapacityBytes?: number;
    writeProtected?: boolean;
    mam: MamSummary;
  };
  tapeAlert: TapeAlertFlag[];
  /** Commands the drive answered with ILLEGAL REQUEST (or absent from a bundle). */
  unsupported: HealthCommand[];
  /** Commands that failed otherwise (not ready, timeout, undecodable data): command and message. */
  errors: { command: HealthCommand; message: string }[];
}

/** The raw responses plus what went wrong with the commands that gave none. */
export interface HealthReading {
  raw: RawHealth;
  unsupported: HealthCommand[];
  errors: { command: HealthCommand; message: string }[];
}

const CDBS: Readonly<Record<HealthCommand, () => [Uint8Array, number]>> = {
  inquiry: () => [inquiryCdb(), ALLOC.inquiry],
  vpd80: () => [vpdCdb(0x80), ALLOC.vpd],
  'mode-sense': () => [modeSense10Cdb(0x3f), ALLOC.modeSense],
  'log-2e': () => [logSenseCdb(0x2e), ALLOC.logSense],
  'read-attribute': () => [readAttributeCdb(), ALLOC.readAttribute],
};

/**
 * UNIT ATTENTION (sense key 6) reports an event (power on, reset, medium changed) once, on whatever command
 * comes next; the command itself was not run. Seen on the rig: the first MODE SENSE after boot got 29h/00h.
 */
async function withUnitAttentionRetry(send: () => Promise<Uint8Array>): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof ScsiCommandError && err.sense?.key === UNIT_ATTENTION) || attempt >= 3) throw err;
    }
  }
}

/** Sends the five commands; a refused or failed one is recorded and the rest carry on. */
export async function readDriveHealth(t: ScsiTransport, commands: readonly HealthCommand[] = HEALTH_COMMANDS): Promise<HealthReading> {
  const reading: HealthReading = { raw: {}, unsupported: [], errors: [] };
  for (const command of commands) {
    const [cdb, length] = CDBS[command]();
    try {
      reading.raw[command] = await withUnitAttentionRetry(() => t.dataIn(cdb, length));
    } catch (err) {
      if (err instanceof ScsiCommandError && err.unsupported) reading.unsupported.push(command);
      else reading.errors.push({ command, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return reading;
}

/** Saves the raw responses as a support bundle: one <command>.bin per answered command. */
export async function saveRawBundle(dir: string, raw: RawHealth): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const command of HEALTH_COMMANDS) {
    const bytes = raw[command];
    if (!bytes) continue;
    const file = path.join(dir, `${command}.bin`);
    await writeFile(file, bytes);
    written.push(file);
  }
  return written;
}

/** Loads a saved bundle; an absent file means the drive refused that command. */
export async function loadRawBundle(dir: string): Promise<HealthReading> {
  const reading: HealthReading = { raw: {}, unsupported: [], errors: [] };
  let found = 0;
  for (const command of HEALTH_COMMANDS) {
    const bytes = await readFile(path.join(dir, `${command}.bin`)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (bytes) {
      reading.raw[command] = bytes;
      found++;
    } else reading.unsupported.push(command);
  }
  if (found === 0) throw new Error(`${dir} holds none of ${HEALTH_COMMANDS.map((c) => `${c}.bin`).join(', ')}: not a drive status bundle`);
  return reading;
}

/** Decodes a reading into the report; a response that does not decode becomes an error of its command. */
export function decodeDriveHealth(reading: HealthReading): DriveHealthReport {
  const report: DriveHealthReport = {
    drive: {},
    medium: { mam: {} },
    tapeAlert: [],
    unsupported: [...reading.unsupported],
    errors: [...reading.errors],
  };
  const decode = (command: HealthCommand, fn: (bytes: Uint8Array) => void): void => {
    const bytes = reading.raw[command];
    if (!bytes) return;
    try {
      fn(bytes);
    } catch (err) {
      report.errors.push({ command, message: `${COMMAND_TITLES[command]}: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  decode('inquiry', (b) => {
    const inq = decodeInquiry(b);
    report.drive = { ...report.drive, vendor: inq.vendor, product: inq.product, firmware: inq.firmware };
  });
  decode('vpd80', (b) => {
    report.drive.serial = decodeUnitSerial(b);
  });
  decode('mode-sense', (b) => {
    const ms = decodeModeSense10(b);
    report.medium = {
      ...report.medium,
      generation: ms.generation,
      densityCode: ms.densityCode,
      nativeCapacityBytes: ms.nativeCapacityBytes,
      writeProtected: ms.writeProtected,
    };
  });
  decode('log-2e', (b) => {
    report.tapeAlert = decodeTapeAlertPage(b);
  });
  decode('read-attribute', (b) => {
    report.medium.mam = summarizeMam(decodeReadAttribute(b));
  });
  return report;
}
