/**
 * A SIMULATED tape library, for the demo and the tests (the app's Library view in a browser, CLI tests):
 * never hardware. It is a folder:
 *   library.json          what is where (barcodes by slot, import/export slot and drive), plus fault switches
 *   cartridges/BC.tap     each cartridge's tape while it sits in a slot (absent: never written, i.e. blank)
 *   drive-N/tape.tap      the drive's tape while a cartridge is loaded; the folder drive-N/ exists only then
 * Loading moves the cartridge's .tap into drive-N/, so the simulated drive (SimhTapeDrive) at
 * drive-N/tape.tap sees exactly the cartridge the robot put there; an empty drive has no folder, which the
 * simulated drive reports as "no tape" and refuses to create. The switches `doorOpen` and `notResponding`
 * in library.json let tests and demos show the errors a real library gives. Moves are serialised across
 * processes by an flock on library.lock (each move re-reads the state under it), and the robot will not
 * take a cartridge out of a drive whose tape a write, verify or identify has open (the .tap's flock), as
 * a real drive holds its cartridge while the tape device is open.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { tryFlock } from '../flock.ts';
import {
  ChangerError,
  checkMove,
  describeElement,
  type LibraryElement,
  type LibraryInventory,
  type MediaChanger,
} from './media-changer.ts';

const STATE_FILE = 'library.json';
/** flock'ed for the whole of one move, so that two processes (app, CLI, timer) move one at a time. */
const MOVE_LOCK_FILE = 'library.lock';
/** How long a move waits for another process's move to finish (a real robot's queue). */
const MOVE_WAIT_MS = 120_000;
const barcode = z.string().regex(/^[A-Z0-9]{6}[A-Z0-9]{0,2}$/, 'a barcode label like ABC123L8');
const stateSchema = z
  .object({
    version: z.literal(1),
    slots: z.array(barcode.nullable()).min(1).max(500),
    importExport: z.array(barcode.nullable()).max(50),
    /** Each drive: the label it holds and the slot address it came from, or null when empty. */
    drives: z
      .array(z.object({ barcode, from: z.number().int() }).nullable())
      .min(1)
      .max(8),
    /** Fault switches: the front door is open / the library does not answer. */
    doorOpen: z.boolean().default(false),
    notResponding: z.boolean().default(false),
    /** How long one move takes, so the app's busy state is real (default 0.4 s). */
    moveMillis: z.number().int().min(0).max(60_000).default(400),
  })
  .strict();
/** What library.json holds. */
export type SimulatedLibraryState = z.infer<typeof stateSchema>;

// Element addresses as small libraries number them: transport 0, drives from 1, slots from 1000, mail slots from 2000.
const BASE = { drive: 1, slot: 1000, 'import-export': 2000 } as const;

/** The tape target of a simulated library's drive N (1-based). */
export function simulatedDriveTarget(dir: string, driveNumber = 1): string {
  return path.join(path.resolve(dir), `drive-${driveNumber}`, 'tape.tap');
}

/** Creates a simulated library folder (refused when one is there already). */
export function createSimulatedLibrary(
  dir: string,
  opts: { slots: (string | null)[]; importExport?: number; drives?: number; moveMillis?: number },
): void {
  if (existsSync(path.join(dir, STATE_FILE)))
    throw new ChangerError('BAD_ELEMENT', `${dir} already holds a simulated library (${STATE_FILE})`);
  const state = stateSchema.parse({
    version: 1,
    slots: opts.slots.map((s) => (s === null ? null : s.toUpperCase())),
    importExport: Array.from({ length: opts.importExport ?? 1 }, () => null),
    drives: Array.from({ length: opts.drives ?? 1 }, () => null),
    ...(opts.moveMillis === undefined ? {} : { moveMillis: opts.moveMillis }),
  });
  mkdirSync(path.join(dir, 'cartridges'), { recursive: true });
  writeFileSync(path.join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** The simulated library behind the MediaChanger interface. */
export class SimulatedChanger implements MediaChanger {
  readonly device: string;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    this.device = `sim:${this.dir}`;
  }

  /** Opens the folder; a missing or malformed library.json is a clear error. */
  static open(dir: string): SimulatedChanger {
    const c = new SimulatedChanger(dir);
    c.#read();
    return c;
  }

  async inventory(): Promise<LibraryInventory> {
    const s = this.#answer();
    const el = (kind: 'drive' | 'slot' | 'import-export', i: number, label: string | null, from?: number): LibraryElement => ({
      kind,
      address: BASE[kind] + i,
      number: i + 1,
      full: label !== null,
      barcode: label ?? undefined,
      sourceAddress: from,
      exception: undefined,
      // The mail slot cannot be reached by the robot while the door is open (as real libraries report it).
      accessible: !(kind === 'import-export' && s.doorOpen),
      identifier: kind === 'drive' ? `SIMDRIVE${i + 1}` : undefined,
    });
    return {
      device: this.device,
      transports: [
        {
          kind: 'transport',
          address: 0,
          number: 1,
          full: false,
          barcode: undefined,
          sourceAddress: undefined,
          exception: undefined,
          accessible: true,
          identifier: undefined,
        },
      ],
      drives: s.drives.map((d, i) => el('drive', i, d?.barcode ?? null, d?.from)),
      slots: s.slots.map((b, i) => el('slot', i, b)),
      importExport: s.importExport.map((b, i) => el('import-export', i, b)),
    };
  }

  async transfer(sourceAddress: number, destinationAddress: number): Promise<void> {
    const lock = await open(path.join(this.dir, MOVE_LOCK_FILE), 'a', 0o600);
    try {
      for (const started = Date.now(); !tryFlock(lock.fd, 'exclusive'); await sleep(25)) {
        if (Date.now() - started > MOVE_WAIT_MS) {
          throw new ChangerError(
            'NOT_READY',
            `${this.device}: another process has been moving a cartridge for over ${MOVE_WAIT_MS / 1000} s`,
          );
        }
      }
      await this.#transferLocked(sourceAddress, destinationAddress);
    } finally {
      await lock.close();
    }
  }

  /** One move, under the move lock: the state is read here, after any other process's move. */
  async #transferLocked(sourceAddress: number, destinationAddress: number): Promise<void> {
    const s = this.#answer();
    if (s.doorOpen) throw new ChangerError('DOOR_OPEN', `${this.device}: the library door is open; close it and try again`);
    const { source, destination } = checkMove(await this.inventory(), sourceAddress, destinationAddress);
    const label = source.barcode!;
    if (s.moveMillis > 0) await new Promise((r) => setTimeout(r, s.moveMillis));
    // The tape file follows the cartridge: into the drive's folder, or back to cartridges/.
    if (destination.kind === 'drive') {
      const target = simulatedDriveTarget(this.dir, destination.number);
      mkdirSync(path.dirname(target), { recursive: true });
      if (existsSync(this.#cartridgeFile(label))) renameSync(this.#cartridgeFile(label), target);
    } else if (source.kind === 'drive') {
      const target = simulatedDriveTarget(this.dir, source.number);
      const inUse = existsSync(target) ? openSync(target, 'r') : undefined;
      try {
        // Held through the rename: a write that opens the tape meanwhile finds it busy, not moved under it.
        if (inUse !== undefined && !tryFlock(inUse, 'exclusive')) {
          throw new ChangerError(
            'MEDIUM_REMOVAL_PREVENTED',
            `${describeElement(source)} is in use (a write, verify or identify has its tape open); the robot cannot take ${label} until that finishes`,
          );
        }
        if (inUse !== undefined) renameSync(target, this.#cartridgeFile(label));
      } finally {
        if (inUse !== undefined) closeSync(inUse);
      }
      rmSync(path.dirname(target), { recursive: true, force: true });
    }
    this.#set(s, source, null);
    this.#set(s, destination, label, source.kind === 'drive' ? undefined : source.address);
    this.#write(s);
  }

  load(slotAddress: number, driveAddress: number): Promise<void> {
    return this.transfer(slotAddress, driveAddress);
  }

  async unload(driveAddress: number, slotAddress?: number): Promise<void> {
    let to = slotAddress;
    if (to === undefined) {
      const inv = await this.inventory();
      const drive = inv.drives.find((d) => d.address === driveAddress);
      if (!drive?.full)
        throw new ChangerError('SOURCE_EMPTY', `${this.device}: drive at address ${driveAddress} is empty; nothing to unload`);
      to = drive.sourceAddress ?? inv.slots.find((x) => !x.full)?.address;
      if (to === undefined) throw new ChangerError('DESTINATION_FULL', `no empty slot in ${this.device}`);
    }
    await this.transfer(driveAddress, to);
  }

  async rescan(): Promise<void> {
    this.#answer();
  }

  async close(): Promise<void> {}

  #cartridgeFile(label: string): string {
    return path.join(this.dir, 'cartridges', `${label}.tap`);
  }

  #set(s: SimulatedLibraryState, e: LibraryElement, label: string | null, from?: number): void {
    const i = e.number - 1;
    if (e.kind === 'drive') s.drives[i] = label === null ? null : { barcode: label, from: from ?? BASE.slot };
    else if (e.kind === 'slot') s.slots[i] = label;
    else s.importExport[i] = label;
  }

  #answer(): SimulatedLibraryState {
    const s = this.#read();
    if (s.notResponding)
      throw new ChangerError(
        'NOT_RESPONDING',
        `the changer ${this.device} is not responding (simulated fault: notResponding in ${STATE_FILE})`,
      );
    return s;
  }

  #read(): SimulatedLibraryState {
    const file = path.join(this.dir, STATE_FILE);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ChangerError(
        'NOT_FOUND',
        code === 'ENOENT'
          ? `no simulated library in ${this.dir} (no ${STATE_FILE}); create one with 'sysbtape library simulate ${this.dir}'`
          : `${file} is not valid JSON: ${(err as Error).message}`,
      );
    }
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success)
      throw new ChangerError('FAILED', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  #write(s: SimulatedLibraryState): void {
    const file = path.join(this.dir, STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
    renameSync(tmp, file);
  }
}
