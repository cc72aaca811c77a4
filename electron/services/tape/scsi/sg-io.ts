/**
 * SCSI commands to a tape drive's generic node (/dev/sgN) through SG_IO, run by sg-io-worker.ts.
 * The sg node is found through sysfs from the st device (/sys/class/scsi_tape/nstN/device/scsi_generic/),
 * never by guessing numbers: sg and st numbers differ and change across reboots.
 */
import { constants as fsc } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SgIoReply, SgIoRequest } from './sg-io-worker.ts';
import { decodeSense, describeSense, ILLEGAL_REQUEST, type SenseInfo } from './sense.ts';

const SG_IO_WORKER_URL = new URL(`./sg-io-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** Kernel timeout of one command; these are all quick informational commands. */
export const SCSI_TIMEOUT_MS = 20_000;
/** How much longer than the kernel's timeout the worker may take before it is given up on. */
const WORKER_GRACE_MS = 10_000;

/** A command that did not complete with GOOD status. */
export class ScsiCommandError extends Error {
  readonly sense: SenseInfo | undefined;
  constructor(message: string, sense?: SenseInfo) {
    super(message);
    this.name = 'ScsiCommandError';
    this.sense = sense;
  }

  /** The drive answered ILLEGAL REQUEST: it does not support this command (or page). */
  get unsupported(): boolean {
    return this.sense?.key === ILLEGAL_REQUEST;
  }
}

/** Sends data-in commands to one device. */
export interface ScsiTransport {
  /** Runs a command that returns up to `length` bytes; rejects with ScsiCommandError when it fails. */
  dataIn(cdb: Uint8Array, length: number): Promise<Uint8Array>;
  /** Runs a command that sends `data` to the device; rejects with ScsiCommandError when it fails. */
  dataOut(cdb: Uint8Array, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The /dev/sgN of a /dev/nstN, from sysfs; undefined when the sg driver has no node for it. */
export async function sgNodeForTape(tape: string, sysRoot = '/sys'): Promise<string | undefined> {
  const m = /^\/dev\/n?st(\d+)[lma]?$/.exec(tape);
  if (!m) throw new Error(`${tape} is not a Linux st device (/dev/nstN)`);
  const dir = path.join(sysRoot, 'class/scsi_tape', `nst${m[1]}`, 'device/scsi_generic');
  const names = await readdir(dir).catch(() => [] as string[]);
  const sg = names.find((n) => /^sg\d+$/.test(n));
  return sg ? `/dev/${sg}` : undefined;
}

function errnoName(errno: number): string {
  return Object.entries(os.constants.errno).find(([, v]) => v === errno)?.[0] ?? `errno ${errno}`;
}

/** Turns a worker reply into data or a ScsiCommandError. */
export function resultOf(reply: SgIoReply, what: string): Uint8Array {
  if (reply.rc < 0) throw new ScsiCommandError(`${what}: SG_IO failed: ${errnoName(reply.errno)}`);
  const sense = decodeSense(reply.sense);
  // CHECK CONDITION (status 2) carries sense; RECOVERED ERROR is a success with a note.
  if (reply.status === 0x02 || (sense && sense.key !== 0 && sense.key !== 1)) {
    if (sense && sense.key === 1) return reply.data;
    throw new ScsiCommandError(`${what}: ${sense ? describeSense(sense) : 'CHECK CONDITION without sense data'}`, sense);
  }
  if (reply.status !== 0) throw new ScsiCommandError(`${what}: SCSI status 0x${reply.status.toString(16)}`);
  if (reply.hostStatus !== 0) throw new ScsiCommandError(`${what}: transport (host) status 0x${reply.hostStatus.toString(16)}`);
  if ((reply.driverStatus & 0x0f) !== 0 && (reply.driverStatus & 0x0f) !== 0x08) {
    throw new ScsiCommandError(`${what}: driver status 0x${reply.driverStatus.toString(16)}`);
  }
  return reply.data;
}

/** SG_IO on /dev/sgN through a koffi worker thread (opened read-write and non-blocking, as sg3_utils does). */
export class SgIoTransport implements ScsiTransport {
  readonly device: string;
  readonly #timeoutMs: number;
  #fd: number | undefined;
  #close: (() => Promise<void>) | undefined;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (r: SgIoReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(device: string, timeoutMs: number) {
    this.device = device;
    this.#timeoutMs = timeoutMs;
  }

  /** Opens /dev/sgN. */
  static async open(device: string, timeoutMs = SCSI_TIMEOUT_MS): Promise<SgIoTransport> {
    const t = new SgIoTransport(device, timeoutMs);
    const handle = await open(device, fsc.O_RDWR | fsc.O_NONBLOCK);
    t.#fd = handle.fd;
    t.#close = () => handle.close();
    return t;
  }

  dataIn(cdb: Uint8Array, length: number): Promise<Uint8Array> {
    const what = `SCSI command 0x${cdb[0]!.toString(16).padStart(2, '0')} on ${this.device}`;
    return this.#call({ id: this.#nextId++, fd: this.#requireFd(), cdb, dataInLength: length, timeoutMs: this.#timeoutMs }).then((reply) =>
      resultOf(reply, what),
    );
  }

  async dataOut(cdb: Uint8Array, data: Uint8Array): Promise<void> {
    const what = `SCSI command 0x${cdb[0]!.toString(16).padStart(2, '0')} on ${this.device}`;
    resultOf(
      await this.#call({ id: this.#nextId++, fd: this.#requireFd(), cdb, dataInLength: 0, dataOut: data, timeoutMs: this.#timeoutMs }),
      what,
    );
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
    const close = this.#close;
    this.#close = undefined;
    this.#fd = undefined;
    await close?.();
  }

  #requireFd(): number {
    if (this.#fd === undefined) throw new Error(`${this.device} is not open`);
    return this.#fd;
  }

  #call(req: SgIoRequest): Promise<SgIoReply> {
    const worker = this.#ensureWorker();
    return new Promise((resolve, reject) => {
      // The kernel ends the command after timeoutMs; if the worker still has not answered, give up on it.
      const timer = setTimeout(() => {
        this.#waiting.delete(req.id);
        reject(
          new ScsiCommandError(
            `SCSI command 0x${req.cdb[0]!.toString(16)} on ${this.device} did not finish in ${req.timeoutMs + WORKER_GRACE_MS} ms`,
          ),
        );
        void this.#worker?.terminate();
        this.#worker = undefined;
      }, req.timeoutMs + WORKER_GRACE_MS);
      this.#waiting.set(req.id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage(req);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(SG_IO_WORKER_URL);
    worker.on('message', (reply: SgIoReply) => {
      const w = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (w) {
        clearTimeout(w.timer);
        w.resolve(reply);
      }
    });
    const failAll = (err: Error): void => {
      for (const w of this.#waiting.values()) {
        clearTimeout(w.timer);
        w.reject(err);
      }
      this.#waiting.clear();
      if (this.#worker === worker) this.#worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.#waiting.size > 0) failAll(new Error(`SG_IO worker exited with code ${code}`));
    });
    // An idle worker must not keep the CLI alive (same as the st ioctl worker).
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
