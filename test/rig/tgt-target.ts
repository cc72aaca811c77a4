/** tgtd, the user-space iSCSI target, serving file-backed SSC tape LUNs on 127.0.0.1 for the rig. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { guardChild } from './child-guard.ts';
import { freePort } from './free-port.ts';

const execFileP = promisify(execFile);

/** One tape LUN: a tgtimg cartridge image of sizeMiB served as LUN `lun`. */
export interface TapeLunSpec {
  lun: number;
  file: string;
  sizeMiB: number;
  barcode: string;
}

/**
 * A media changer LUN (tgt's SMC emulation, usr/smc.c): one drive (the tape LUN `driveLun`, element 500),
 * a picker (element 1), storage slots from element 1000 and import/export slots from element 10. A slot
 * holds the cartridge `mediaHome/BARCODE` (a tgtimg file named exactly as its label, as tgt requires);
 * MOVE MEDIUM into the drive makes tgt load that file into the tape LUN.
 */
export interface ChangerLunSpec {
  lun: number;
  driveLun: number;
  mediaHome: string;
  /** Barcode of each storage slot's cartridge, or null for an empty slot. */
  slots: (string | null)[];
  importExport: number;
}

/** A running tgtd with one iSCSI target; stop() must always be called. */
export interface TgtTarget {
  readonly port: number;
  readonly controlPort: number;
  readonly iqn: string;
  readonly pid: number;
  /** tgtadm --op update on a LUN's params, e.g. "readonly=1" or "online=0". */
  update(lun: number, params: string): Promise<void>;
  /** Runs `tgtimg --op show` on a LUN's backing file (what is on the cartridge, record by record). */
  show(lun: number): Promise<string>;
  /** Deletes the target system through the control port, then kills tgtd by PID if it lingers. */
  stop(): Promise<void>;
}

const TOOL_TIMEOUT_MS = 20_000;

async function run(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileP(cmd, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Makes a fresh cartridge image with tgtimg (sizes in MiB, as tgtimg counts them). */
export async function makeCartridge(spec: TapeLunSpec): Promise<void> {
  await run('tgtimg', [
    '--op',
    'new',
    '--device-type',
    'tape',
    '--barcode',
    spec.barcode,
    '--size',
    String(spec.sizeMiB),
    '--type',
    'data',
    '--file',
    spec.file,
  ]);
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Starts tgtd on a free loopback port with its own control port and serves the given tape LUNs. */
export async function startTgt(opts: { logFile: string; luns: TapeLunSpec[]; iqn?: string; changer?: ChangerLunSpec }): Promise<TgtTarget> {
  const iqn = opts.iqn ?? 'iqn.2026-01.test.sysbtape:rig';
  for (const spec of opts.luns) await makeCartridge(spec);
  let lastError = '';
  // A free port can be taken between probing and binding; a few attempts cover that race.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    // tgtd accepts control ports up to 32767 (it names its socket /var/run/tgtd/socket.N).
    let controlPort = randomInt(1_000, 32_768);
    while (existsSync(`/var/run/tgtd/socket.${controlPort}`)) controlPort = randomInt(1_000, 32_768);
    const log = openSync(opts.logFile, 'a');
    const child = spawn('tgtd', ['-f', '--iscsi', `portal=127.0.0.1:${port}`, '-C', String(controlPort)], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const guard = child.pid === undefined ? undefined : guardChild(child.pid);
    const ctl = ['-C', String(controlPort)];
    const stopChild = async (): Promise<void> => {
      // tgtd refuses "sys delete" (EINVAL) while a target exists, so the target goes first.
      await run('tgtadm', [...ctl, '--lld', 'iscsi', '--mode', 'target', '--op', 'delete', '--force', '--tid', '1']).catch(() => undefined);
      await run('tgtadm', [...ctl, '--mode', 'sys', '--op', 'delete']).catch(() => undefined);
      if (!(await waitExit(child, 5_000)) && child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // ESRCH: it exited and the exit event is still queued.
        }
        await waitExit(child, 5_000);
      }
      guard?.forget();
      // tgtd leaves its control socket and lock file behind.
      for (const f of [`/var/run/tgtd/socket.${controlPort}`, `/var/run/tgtd/socket.${controlPort}.lock`]) rmSync(f, { force: true });
    };
    let ready = false;
    for (let i = 0; i < 50 && child.exitCode === null; i++) {
      try {
        await run('tgtadm', [...ctl, '--mode', 'sys', '--op', 'show']);
        ready = true;
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (!ready || child.pid === undefined) {
      lastError = `tgtd did not come up on port ${port} (see ${opts.logFile})`;
      await stopChild();
      continue;
    }
    try {
      await run('tgtadm', [...ctl, '--lld', 'iscsi', '--mode', 'target', '--op', 'new', '--tid', '1', '--targetname', iqn]);
      for (const spec of opts.luns) {
        await run('tgtadm', [
          ...ctl,
          '--lld',
          'iscsi',
          '--mode',
          'logicalunit',
          '--op',
          'new',
          '--tid',
          '1',
          '--lun',
          String(spec.lun),
          '--device-type',
          'tape',
          '--bstype',
          'ssc',
          '--backing-store',
          spec.file,
        ]);
      }
      if (opts.changer) await addChanger(ctl, opts.changer);
      await run('tgtadm', [...ctl, '--lld', 'iscsi', '--mode', 'target', '--op', 'bind', '--tid', '1', '--initiator-address', 'ALL']);
    } catch (err) {
      await stopChild();
      throw err;
    }
    const byLun = new Map(opts.luns.map((s) => [s.lun, s]));
    const pid = child.pid;
    return {
      port,
      controlPort,
      iqn,
      pid,
      async update(lun, params) {
        await run('tgtadm', [
          ...ctl,
          '--lld',
          'iscsi',
          '--mode',
          'logicalunit',
          '--op',
          'update',
          '--tid',
          '1',
          '--lun',
          String(lun),
          '--params',
          params,
        ]);
      },
      async show(lun) {
        const spec = byLun.get(lun);
        if (!spec) throw new Error(`no LUN ${lun} in this rig`);
        return run('tgtimg', ['--op', 'show', '--device-type', 'tape', '--file', spec.file]);
      },
      stop: stopChild,
    };
  }
  throw new Error(lastError);
}

/** Adds the changer LUN and its elements (as tgt's doc/README.vtl does); the drive starts empty (offline). */
async function addChanger(ctl: string[], c: ChangerLunSpec): Promise<void> {
  const lu = (params: string): Promise<string> =>
    run('tgtadm', [
      ...ctl,
      '--lld',
      'iscsi',
      '--mode',
      'logicalunit',
      '--op',
      'update',
      '--tid',
      '1',
      '--lun',
      String(c.lun),
      '--params',
      params,
    ]);
  const smcFile = `${c.mediaHome}/smc`;
  writeFileSync(smcFile, Buffer.alloc(1024));
  await run('tgtadm', [
    ...ctl,
    '--lld',
    'iscsi',
    '--mode',
    'logicalunit',
    '--op',
    'update',
    '--tid',
    '1',
    '--lun',
    String(c.driveLun),
    '--params',
    'online=0',
  ]);
  await run('tgtadm', [
    ...ctl,
    '--lld',
    'iscsi',
    '--mode',
    'logicalunit',
    '--op',
    'new',
    '--tid',
    '1',
    '--lun',
    String(c.lun),
    '--backing-store',
    smcFile,
    '--device-type',
    'changer',
  ]);
  await lu(`media_home=${c.mediaHome}`);
  await lu('element_type=4,start_address=500,quantity=1');
  await lu(`element_type=4,address=500,tid=1,lun=${c.driveLun}`);
  await lu('element_type=1,start_address=1,quantity=1');
  await lu(`element_type=2,start_address=1000,quantity=${c.slots.length}`);
  if (c.importExport > 0) await lu(`element_type=3,start_address=10,quantity=${c.importExport}`);
  for (const [i, barcode] of c.slots.entries()) {
    if (barcode) await lu(`element_type=2,address=${1000 + i},barcode=${barcode},sides=1`);
  }
}
