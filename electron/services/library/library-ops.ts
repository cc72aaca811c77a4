/**
 * The operations `library load/unload` and jobs share: which drive element is meant, load a VOLSER into
 * it (checking the slot, the drive and the label first), and unload it back to its slot or the mail slot.
 */
import { constants as fsc } from 'node:fs';
import { open } from 'node:fs/promises';
import { vpdCdb, ALLOC } from '../tape/scsi/cdb.ts';
import { decodeUnitSerial } from '../tape/scsi/inquiry.ts';
import { SgIoTransport, sgNodeForTape } from '../tape/scsi/sg-io.ts';
import { KoffiStControl } from '../tape/st-control.ts';
import {
  ChangerError,
  describeElement,
  findVolser,
  volserOfBarcode,
  type LibraryElement,
  type LibraryInventory,
  type MediaChanger,
} from './media-changer.ts';

/** How the drive of a job or command is named: --drive N, or the serial of the /dev/nstN in use. */
export interface DriveChoice {
  driveNumber?: number;
  tapeSerial?: string;
}

/** The serial number (VPD 0x80) of a Linux st drive, to find its element in the library; undefined when unreadable. */
export async function tapeSerialOf(tape: string): Promise<string | undefined> {
  const sg = await sgNodeForTape(tape).catch(() => undefined);
  if (!sg) return undefined;
  const t = await SgIoTransport.open(sg).catch(() => undefined);
  if (!t) return undefined;
  try {
    return decodeUnitSerial(await t.dataIn(vpdCdb(0x80), ALLOC.vpd));
  } catch {
    return undefined;
  } finally {
    await t.close();
  }
}

/**
 * The drive element meant: --drive N; else the one whose device identifier contains the drive's serial;
 * else the only drive. Several drives and nothing to tell them apart: a clear error.
 */
export function driveElement(inv: LibraryInventory, choice: DriveChoice): LibraryElement {
  if (choice.driveNumber !== undefined) {
    const d = inv.drives.find((x) => x.number === choice.driveNumber);
    if (!d) throw new ChangerError('BAD_ELEMENT', `${inv.device} has no drive ${choice.driveNumber} (it has ${inv.drives.length})`);
    return d;
  }
  const serial = choice.tapeSerial;
  if (serial) {
    const bySerial = inv.drives.filter((x) => x.identifier !== undefined && x.identifier.includes(serial));
    if (bySerial.length === 1) return bySerial[0]!;
  }
  if (inv.drives.length === 1) return inv.drives[0]!;
  if (inv.drives.length === 0) throw new ChangerError('BAD_ELEMENT', `${inv.device} reports no drives`);
  throw new ChangerError(
    'BAD_ELEMENT',
    `${inv.device} has ${inv.drives.length} drives and none reports serial ${serial ?? '(unknown)'}; say which with --drive N`,
  );
}

/** What a load did. */
export interface LoadResult {
  volser: string;
  from: string;
  drive: string;
  alreadyLoaded: boolean;
}

/**
 * Loads the cartridge labelled VOLSER into the drive. Already there: nothing moves. In another drive,
 * missing, or the drive holding another cartridge: a ChangerError naming it, and nothing moves.
 */
export async function loadVolser(changer: MediaChanger, volser: string, choice: DriveChoice): Promise<LoadResult> {
  const v = volser.toUpperCase();
  const inv = await changer.inventory();
  const drive = driveElement(inv, choice);
  const at = findVolser(inv, v);
  if (at && at.address === drive.address)
    return { volser: v, from: describeElement(at), drive: describeElement(drive), alreadyLoaded: true };
  if (!at)
    throw new ChangerError(
      'NOT_FOUND',
      `cartridge ${v} is not in the library ${changer.device} (no slot holds a label ${v}…); 'sysbtape library inventory' lists what is there`,
    );
  if (at.kind === 'drive')
    throw new ChangerError('DESTINATION_FULL', `cartridge ${v} is in another drive, ${describeElement(at)}; unload it first`);
  if (drive.full) {
    const what = drive.barcode ? `cartridge ${drive.barcode}` : 'an unlabeled cartridge';
    throw new ChangerError(
      'DESTINATION_FULL',
      `${describeElement(drive)} already holds ${what}, not ${v}; unload it first ('sysbtape library unload')`,
    );
  }
  await changer.load(at.address, drive.address);
  return { volser: v, from: describeElement(at), drive: describeElement(drive), alreadyLoaded: false };
}

/** Checks that the drive holds the cartridge labelled VOLSER (before anything is written to it). */
export async function requireLoaded(changer: MediaChanger, volser: string, choice: DriveChoice): Promise<void> {
  const inv = await changer.inventory();
  const drive = driveElement(inv, choice);
  const v = volser.toUpperCase();
  if (!drive.full) throw new ChangerError('SOURCE_EMPTY', `${describeElement(drive)} is empty; cartridge ${v} was not loaded`);
  if (!drive.barcode || volserOfBarcode(drive.barcode) !== v) {
    throw new ChangerError(
      'DESTINATION_FULL',
      `wrong cartridge in ${describeElement(drive)}: label ${drive.barcode ?? '(none)'}, expected ${v}; nothing was written`,
    );
  }
}

/** Rewinds and unloads the cartridge in the st drive (MTOFFL), as most drives need before the robot can take it. */
export async function ejectInDrive(tape: string): Promise<void> {
  const handle = await open(tape, fsc.O_RDONLY | fsc.O_NONBLOCK);
  const control = new KoffiStControl();
  try {
    await control.op(handle.fd, 'OFFL', 1);
  } finally {
    await control.dispose();
    await handle.close();
  }
}

/** What an unload did. */
export interface UnloadResult {
  barcode: string | null;
  drive: string;
  to: string;
}

/** Unloads the drive to a given slot, the import/export slot (`toExport`), or the slot its cartridge came from. */
export async function unloadDrive(
  changer: MediaChanger,
  choice: DriveChoice,
  opts: { slotNumber?: number; toExport?: boolean } = {},
): Promise<UnloadResult> {
  const inv = await changer.inventory();
  const drive = driveElement(inv, choice);
  if (!drive.full) throw new ChangerError('SOURCE_EMPTY', `${describeElement(drive)} is empty; nothing to unload`);
  let dest: LibraryElement | undefined;
  if (opts.toExport) {
    dest = inv.importExport.find((e) => !e.full && e.accessible);
    if (!dest)
      throw new ChangerError(
        'DESTINATION_FULL',
        `no empty import/export slot in ${changer.device} (${inv.importExport.length} in all); empty the mail slot first`,
      );
  } else if (opts.slotNumber !== undefined) {
    dest = inv.slots.find((s) => s.number === opts.slotNumber);
    if (!dest) throw new ChangerError('BAD_ELEMENT', `${changer.device} has no slot ${opts.slotNumber} (it has ${inv.slots.length})`);
  } else {
    dest = inv.slots.find((s) => s.address === drive.sourceAddress && !s.full) ?? inv.slots.find((s) => !s.full);
    if (!dest) throw new ChangerError('DESTINATION_FULL', `no empty slot in ${changer.device} to unload ${describeElement(drive)} to`);
  }
  await changer.unload(drive.address, dest.address);
  return { barcode: drive.barcode ?? null, drive: describeElement(drive), to: describeElement(dest) };
}
