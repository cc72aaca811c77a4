/**
 * MediaChanger over SG_IO on the library's /dev/sgN.
 *
 * Why SCSI Media Changer commands and not Debian's `mtx`: the drive-health code already sends SG_IO from a
 * koffi worker (../tape/scsi/sg-io.ts), so this adds no runtime dependency on the operator's machine (mtx
 * is not installed by default, and not at all on the Windows/macOS builds of the app), we get the raw
 * sense key/ASC/ASCQ to tell "door open" from "slot empty" from "drive full" (mtx prints them as text that
 * varies by version), and the decoder is a pure function tested on canned bytes. `mtx status` is still
 * used in the rig as the independent reader the decoding is cross-checked against.
 */
import { inquiryCdb, ALLOC } from '../tape/scsi/cdb.ts';
import { decodeInquiry } from '../tape/scsi/inquiry.ts';
import { ScsiCommandError, SgIoTransport, type ScsiTransport } from '../tape/scsi/sg-io.ts';
import { describeSense, type SenseInfo } from '../tape/scsi/sense.ts';
import { decodeElementAddressPage, decodeElementStatus, type ElementAddressAssignment } from './element-status.ts';
import {
  ChangerError,
  checkMove,
  describeElement,
  type ElementKind,
  type LibraryElement,
  type LibraryInventory,
  type MediaChanger,
} from './media-changer.ts';
import {
  ELEMENT_ADDRESS_PAGE,
  ELEMENT_TYPE,
  initializeElementStatusCdb,
  modeSense6Cdb,
  moveMediumCdb,
  readElementStatusCdb,
  testUnitReadyCdb,
} from './smc-cdb.ts';

/** Kernel timeout of status commands: a library answers these in seconds, or it is not responding. */
export const CHANGER_STATUS_TIMEOUT_MS = 60_000;
/** Kernel timeout of MOVE MEDIUM and INITIALIZE ELEMENT STATUS: a full rescan of a big library takes minutes. */
export const CHANGER_MOVE_TIMEOUT_MS = 15 * 60_000;
/** SPC peripheral device type of a medium changer. */
const MEDIUM_CHANGER = 0x08;
/** Bytes per element asked for in READ ELEMENT STATUS: 12 fixed + 2×36 volume tags + a 36-byte DVCID, rounded up. */
const BYTES_PER_ELEMENT = 128;

/** Turns a failed changer command into the operator's problem (SMC-3 / SPC-4 sense codes, and common vendor ones). */
export function changerErrorOf(err: unknown, what: string, device: string): ChangerError {
  if (err instanceof ChangerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ScsiCommandError))
    return new ChangerError('NOT_RESPONDING', `${what}: the changer ${device} is not responding (${message})`);
  const s: SenseInfo | undefined = err.sense;
  if (!s) return new ChangerError('NOT_RESPONDING', `${what}: the changer ${device} is not responding (${message})`);
  const code = `(${describeSense(s)})`;
  const ascq = (asc: number, q?: number): boolean => s.asc === asc && (q === undefined || s.ascq === q);
  // 04/83 is the door-open code of IBM, Dell, Quantum and HPE libraries; 04/03 "manual intervention required".
  if (s.key === 0x2 && (ascq(0x04, 0x83) || ascq(0x04, 0x03) || ascq(0x3a))) {
    return new ChangerError('DOOR_OPEN', `${what}: the library door or a magazine is open ${code}; close it and try again`);
  }
  if (ascq(0x3b, 0x0e)) return new ChangerError('SOURCE_EMPTY', `${what}: the source element is empty ${code}`);
  if (ascq(0x3b, 0x0d)) return new ChangerError('DESTINATION_FULL', `${what}: the destination element is full ${code}`);
  if (ascq(0x3b, 0x11) || ascq(0x3b, 0x12))
    return new ChangerError('DOOR_OPEN', `${what}: a magazine is removed or not accessible ${code}`);
  if (ascq(0x21, 0x01)) return new ChangerError('BAD_ELEMENT', `${what}: invalid element address ${code}`);
  if (ascq(0x53)) {
    return new ChangerError(
      'MEDIUM_REMOVAL_PREVENTED',
      `${what}: the drive did not release the cartridge ${code}; unload it in the drive first (mt-st offline)`,
    );
  }
  if (s.key === 0x2) return new ChangerError('NOT_READY', `${what}: the library is not ready ${code}`);
  return new ChangerError('FAILED', `${what} failed ${code}`);
}

/** Changer over two transports to the same /dev/sgN: short timeouts for status, long ones for moves. */
export class SgMediaChanger implements MediaChanger {
  readonly device: string;
  readonly #status: ScsiTransport;
  readonly #move: ScsiTransport;
  #layout: ElementAddressAssignment | undefined;

  constructor(device: string, status: ScsiTransport, move: ScsiTransport) {
    this.device = device;
    this.#status = status;
    this.#move = move;
  }

  /** Opens /dev/sgN and checks that it is a medium changer (INQUIRY). */
  static async open(device: string): Promise<SgMediaChanger> {
    let status: ScsiTransport | undefined;
    try {
      status = await SgIoTransport.open(device, CHANGER_STATUS_TIMEOUT_MS);
      const move = await SgIoTransport.open(device, CHANGER_MOVE_TIMEOUT_MS);
      const changer = new SgMediaChanger(device, status, move);
      await changer.checkIsChanger();
      return changer;
    } catch (err) {
      await status?.close();
      if (err instanceof ChangerError) throw err;
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT')
        throw new ChangerError('NOT_FOUND', `no changer device ${device} (ENOENT); list SCSI devices with lsscsi -g`);
      if (e.code === 'EACCES')
        throw new ChangerError('FAILED', `no permission to open ${device} (EACCES); add the user to the tape group or run as root`);
      throw changerErrorOf(err, `opening ${device}`, device);
    }
  }

  /** INQUIRY: refuses a device that is not a medium changer (a /dev/sgN of the drive, a disk). */
  async checkIsChanger(): Promise<void> {
    const inq = decodeInquiry(await this.#run(this.#status, inquiryCdb(), ALLOC.inquiry, 'INQUIRY'));
    if (inq.peripheralType !== MEDIUM_CHANGER) {
      throw new ChangerError(
        'NOT_A_CHANGER',
        `${this.device} is ${inq.vendor} ${inq.product}, device type ${inq.peripheralType}, not a medium changer (type 8)`,
      );
    }
  }

  async inventory(): Promise<LibraryInventory> {
    const layout = await this.#elementLayout();
    const first: Partial<Record<ElementKind, number>> = {
      transport: layout.transport.first,
      slot: layout.storage.first,
      'import-export': layout.importExport.first,
      drive: layout.drive.first,
    };
    const read = async (type: number, range: { first: number; count: number }): Promise<LibraryElement[]> => {
      if (range.count === 0) return [];
      const alloc = Math.min(0xffffff, 8 + 8 + range.count * BYTES_PER_ELEMENT);
      const cdb = readElementStatusCdb(type, range.first, range.count, alloc, type === ELEMENT_TYPE.drive);
      let data: Uint8Array;
      try {
        data = await this.#run(this.#status, cdb, alloc, 'READ ELEMENT STATUS');
      } catch (err) {
        // Some libraries refuse DVCID; ask again without it, as mtx does.
        if (!(err instanceof ChangerError) || err.problem !== 'FAILED' || type !== ELEMENT_TYPE.drive) throw err;
        data = await this.#run(this.#status, readElementStatusCdb(type, range.first, range.count, alloc), alloc, 'READ ELEMENT STATUS');
      }
      return decodeElementStatus(data, first).elements;
    };
    return {
      device: this.device,
      transports: await read(ELEMENT_TYPE.transport, layout.transport),
      drives: await read(ELEMENT_TYPE.drive, layout.drive),
      slots: await read(ELEMENT_TYPE.storage, layout.storage),
      importExport: await read(ELEMENT_TYPE.importExport, layout.importExport),
    };
  }

  async transfer(sourceAddress: number, destinationAddress: number): Promise<void> {
    const inv = await this.inventory();
    const { source, destination } = checkMove(inv, sourceAddress, destinationAddress);
    // The Access bit is not checked here: some libraries (and tgt) never set it; the library's own sense names the problem.
    const transport = inv.transports[0]?.address ?? 0;
    await this.#run(
      this.#move,
      moveMediumCdb(transport, sourceAddress, destinationAddress),
      0,
      `MOVE MEDIUM ${describeElement(source)} → ${describeElement(destination)}`,
    );
  }

  load(slotAddress: number, driveAddress: number): Promise<void> {
    return this.transfer(slotAddress, driveAddress);
  }

  async unload(driveAddress: number, slotAddress?: number): Promise<void> {
    let destination = slotAddress;
    if (destination === undefined) {
      const inv = await this.inventory();
      const drive = inv.drives.find((d) => d.address === driveAddress);
      if (!drive) throw new ChangerError('BAD_ELEMENT', `${this.device} has no drive at address ${driveAddress}`);
      if (!drive.full) throw new ChangerError('SOURCE_EMPTY', `${describeElement(drive)} is empty; nothing to unload`);
      // Back where it came from (SValid); otherwise the first empty storage slot.
      destination = drive.sourceAddress ?? inv.slots.find((s) => !s.full)?.address;
      if (destination === undefined)
        throw new ChangerError('DESTINATION_FULL', `no empty slot in ${this.device} to unload ${describeElement(drive)} to`);
    }
    await this.transfer(driveAddress, destination);
  }

  async rescan(): Promise<void> {
    await this.#run(this.#move, initializeElementStatusCdb(), 0, 'INITIALIZE ELEMENT STATUS');
  }

  /** TEST UNIT READY: throws the changer's problem (door open, not ready) when it has one. */
  async ready(): Promise<void> {
    await this.#run(this.#status, testUnitReadyCdb(), 0, 'TEST UNIT READY');
  }

  async close(): Promise<void> {
    await this.#status.close();
    await this.#move.close();
  }

  async #elementLayout(): Promise<ElementAddressAssignment> {
    this.#layout ??= decodeElementAddressPage(
      await this.#run(this.#status, modeSense6Cdb(ELEMENT_ADDRESS_PAGE), 255, 'MODE SENSE page 0x1D'),
    );
    return this.#layout;
  }

  /** One command; a UNIT ATTENTION (power on, inventory changed by the operator) is reported once, so it is retried once. */
  async #run(t: ScsiTransport, cdb: Uint8Array, length: number, what: string): Promise<Uint8Array> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await t.dataIn(cdb, length);
      } catch (err) {
        if (attempt < 3 && err instanceof ScsiCommandError && err.sense?.key === 0x6) continue;
        throw changerErrorOf(err, what, this.device);
      }
    }
  }
}
