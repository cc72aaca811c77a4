/**
 * A tape library or autoloader: its robot moves cartridges between storage slots, import/export (mail)
 * slots and drives. Like TapeDrive, the interface says what the job and the CLI need and nothing of how:
 * sg-media-changer.ts drives it with SCSI Media Changer commands over SG_IO.
 */

/** The kinds of places a cartridge can be in a library. */
export type ElementKind = 'drive' | 'slot' | 'import-export' | 'transport';

/** One place in the library, as the library reports it. */
export interface LibraryElement {
  kind: ElementKind;
  /** SCSI element address (what MOVE MEDIUM takes). */
  address: number;
  /** 1-based number within its kind, as operators and mtx count them ("slot 3", "drive 0" is number 1). */
  number: number;
  full: boolean;
  /** Primary volume tag (barcode label, e.g. ABC123L6) when full and the library read one; undefined otherwise. */
  barcode: string | undefined;
  /** Where the cartridge in it came from (SValid): for a drive, the slot to unload it to. */
  sourceAddress: number | undefined;
  /** The element is in an abnormal state (Except bit) with the library's ASC/ASCQ. */
  exception: { asc: number; ascq: number } | undefined;
  /** The robot can reach it (Access bit); false e.g. for a mail slot whose door is open. */
  accessible: boolean;
  /** Drives: the device identifier (serial) the library reports, when it does. */
  identifier: string | undefined;
}

/** Everything in the library at one moment. */
export interface LibraryInventory {
  device: string;
  transports: LibraryElement[];
  drives: LibraryElement[];
  slots: LibraryElement[];
  importExport: LibraryElement[];
}

/** Why a changer operation failed; each names what the operator must do. */
export type ChangerProblem =
  | 'NOT_RESPONDING'
  | 'DOOR_OPEN'
  | 'SOURCE_EMPTY'
  | 'DESTINATION_FULL'
  | 'NOT_FOUND'
  | 'NOT_READY'
  | 'BAD_ELEMENT'
  | 'MEDIUM_REMOVAL_PREVENTED'
  | 'NOT_A_CHANGER'
  | 'FAILED';

/** A changer error with its problem code, for the CLI's exit code and the job log. */
export class ChangerError extends Error {
  readonly problem: ChangerProblem;
  constructor(problem: ChangerProblem, message: string) {
    super(message);
    this.name = 'ChangerError';
    this.problem = problem;
  }
}

/** The library's robot. */
export interface MediaChanger {
  readonly device: string;
  /** Reads every element's status with barcodes (READ ELEMENT STATUS, VolTag). */
  inventory(): Promise<LibraryInventory>;
  /** Moves a cartridge from any element to any other (MOVE MEDIUM); checks full/empty first. */
  transfer(sourceAddress: number, destinationAddress: number): Promise<void>;
  /** Loads the cartridge in a slot (or import/export slot) into a drive. */
  load(slotAddress: number, driveAddress: number): Promise<void>;
  /** Unloads the drive to `slotAddress`, or to the slot its cartridge came from. */
  unload(driveAddress: number, slotAddress?: number): Promise<void>;
  /** Makes the library rescan its elements and barcodes (INITIALIZE ELEMENT STATUS); can take minutes. */
  rescan(): Promise<void>;
  close(): Promise<void>;
}

/** The VOLSER of a barcode label: its first six characters (ABC123 of ABC123L6). */
export function volserOfBarcode(barcode: string): string {
  return barcode.slice(0, 6).toUpperCase();
}

/** The media id suffix of an LTO label (L6 of ABC123L6), or undefined when the label has none. */
export function mediaIdOfBarcode(barcode: string): string | undefined {
  const m = /^[A-Z0-9]{6}([LM][0-9]|L[V-Z])$/i.exec(barcode.trim());
  return m ? m[1]!.toUpperCase() : undefined;
}

/** Cleaning cartridges are labelled CLNxxxLx: never loaded for a write, never offered as blank. */
export function isCleaningBarcode(barcode: string): boolean {
  return /^CLN/i.test(barcode);
}

/** Every element that can hold a cartridge, drives first. */
export function allElements(inv: LibraryInventory): LibraryElement[] {
  return [...inv.drives, ...inv.slots, ...inv.importExport];
}

/** The element holding the cartridge with this VOLSER (by label), if any. */
export function findVolser(inv: LibraryInventory, volser: string): LibraryElement | undefined {
  const v = volser.toUpperCase();
  return allElements(inv).find((e) => e.full && e.barcode !== undefined && volserOfBarcode(e.barcode) === v);
}

/** "slot 3 (address 1002)", "drive 1 (address 500)" for messages. */
export function describeElement(e: LibraryElement): string {
  const name = e.kind === 'import-export' ? 'import/export slot' : e.kind;
  return `${name} ${e.number} (address ${e.address})`;
}

/**
 * The elements of a move from `sourceAddress` to `destinationAddress`, refused as a library refuses it:
 * no such element, an empty source, a full destination. Every changer checks a move this way before the robot moves.
 */
export function checkMove(
  inv: LibraryInventory,
  sourceAddress: number,
  destinationAddress: number,
): { source: LibraryElement; destination: LibraryElement } {
  const at = (address: number): LibraryElement => {
    const e = [...inv.drives, ...inv.slots, ...inv.importExport].find((x) => x.address === address);
    if (!e) throw new ChangerError('BAD_ELEMENT', `${inv.device} has no element at address ${address}`);
    return e;
  };
  const source = at(sourceAddress);
  const destination = at(destinationAddress);
  if (!source.full) throw new ChangerError('SOURCE_EMPTY', `${describeElement(source)} is empty; nothing to move`);
  if (destination.full) {
    const what = destination.barcode ? ` (holds ${destination.barcode})` : '';
    throw new ChangerError('DESTINATION_FULL', `${describeElement(destination)} is already full${what}`);
  }
  return { source, destination };
}
