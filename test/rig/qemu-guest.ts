/** Boots the rig's QEMU/TCG guest (Debian kernel, busybox initramfs) with the iSCSI tape LUNs and 9p shares. */
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guardChild } from './child-guard.ts';

/** Answers one request a guest script made through the scratch share (see guest-lib.sh host_request). */
export type HostRequestHandler = (words: string[]) => Promise<string>;

/** What to boot and how long to let it run. */
export interface GuestOptions {
  /** Dir holding vmlinuz and initrd.gz (test/rig/prepare.sh prints it). */
  cacheDir: string;
  /** iSCSI portal port on 127.0.0.1 and target name. */
  port: number;
  iqn: string;
  /** LUNs to attach, in order: the guest sees them as SCSI ids 0, 1, … (guest-lib.sh tape_dev). */
  luns: number[];
  /** Absolute path of the scenario script the guest runs (chrooted into the host's root). */
  script: string;
  /** Writable scratch dir shared with the guest at the same absolute path. */
  outDir: string;
  /** One word passed to the script as $2. */
  arg?: string;
  timeoutMs: number;
  memoryMiB?: number;
  onRequest?: HostRequestHandler;
  signal?: AbortSignal;
}

/** How the guest run ended. rc is the scenario script's exit code (null if it never reported one). */
export interface GuestRun {
  rc: number | null;
  timedOut: boolean;
  durationMs: number;
  serialLog: string;
  guestLog: string;
}

/** The qemu-system-x86_64 argument list for a run (exported so tests can check it stays TCG + scsi-generic). */
export function qemuArgs(opts: GuestOptions, serialFile: string): string[] {
  const accel = process.env.SYSBTAPE_RIG_ACCEL ?? 'tcg';
  const args = [
    '-accel',
    accel,
    '-cpu',
    process.env.SYSBTAPE_RIG_CPU ?? 'max',
    '-m',
    String(opts.memoryMiB ?? 1024),
    '-smp',
    '2',
    '-nodefaults',
    '-display',
    'none',
    '-no-reboot',
    '-monitor',
    'none',
    '-serial',
    `file:${serialFile}`,
    '-kernel',
    join(opts.cacheDir, 'vmlinuz'),
    '-initrd',
    join(opts.cacheDir, 'initrd.gz'),
    '-append',
    [
      'console=ttyS0',
      'quiet',
      'panic=-1',
      `rig.script=${opts.script}`,
      `rig.out=${opts.outDir}`,
      ...(opts.arg ? [`rig.arg=${opts.arg}`] : []),
    ].join(' '),
    '-device',
    'virtio-scsi-pci,id=scsi0',
  ];
  opts.luns.forEach((lun, i) => {
    args.push(
      '-drive',
      `file=iscsi://127.0.0.1:${opts.port}/${opts.iqn}/${lun},if=none,id=tape${i},format=raw`,
      '-device',
      `scsi-generic,bus=scsi0.0,drive=tape${i},scsi-id=${i},lun=0`,
    );
  });
  args.push(
    '-fsdev',
    'local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap',
    '-device',
    'virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot',
    '-fsdev',
    `local,id=scratch,path=${opts.outDir},security_model=none`,
    '-device',
    'virtio-9p-pci,fsdev=scratch,mount_tag=scratch',
  );
  return args;
}

async function serveRequests(ctlDir: string, handler: HostRequestHandler | undefined, done: Set<string>): Promise<void> {
  const names = await readdir(ctlDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /^req-\d+$/.test(n)).sort()) {
    if (done.has(name)) continue;
    done.add(name);
    const words = (await readFile(join(ctlDir, name), 'utf8')).trim().split(/\s+/);
    let reply: string;
    try {
      if (!handler) throw new Error('this run takes no host requests');
      reply = `ok\n${await handler(words)}`;
    } catch (err) {
      reply = `error ${err instanceof Error ? err.message : String(err)}`;
    }
    const ack = join(ctlDir, name.replace('req-', 'ack-'));
    await writeFile(`${ack}.tmp`, reply);
    await rename(`${ack}.tmp`, ack);
  }
}

/** Boots the guest, serves its host requests, and resolves once it powered off or was killed at the timeout. */
export async function runGuest(opts: GuestOptions): Promise<GuestRun> {
  const ctlDir = join(opts.outDir, 'ctl');
  await mkdir(ctlDir, { recursive: true });
  const serialFile = join(opts.outDir, 'serial.log');
  const started = Date.now();
  const child = spawn('qemu-system-x86_64', qemuArgs(opts, serialFile), { stdio: ['ignore', 'pipe', 'pipe'] });
  const guard = child.pid === undefined ? undefined : guardChild(child.pid);
  let qemuOutput = '';
  child.stdout.on('data', (d: Buffer) => {
    qemuOutput += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    qemuOutput += d.toString();
  });
  let timedOut = false;
  const kill = (): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // ESRCH: it exited and the exit event is still queued.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, opts.timeoutMs);
  const onAbort = (): void => kill();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      qemuOutput += `\nspawn failed: ${err.message}`;
      resolve();
    });
  });
  const done = new Set<string>();
  let running = true;
  void exited.then(() => {
    running = false;
  });
  try {
    while (running) {
      await serveRequests(ctlDir, opts.onRequest, done);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    kill();
    await exited;
    guard?.forget();
  }
  const rcText = await readFile(join(opts.outDir, 'guest.rc'), 'utf8').catch(() => '');
  const serialLog = `${await readFile(serialFile, 'utf8').catch(() => '')}${qemuOutput ? `\n[qemu] ${qemuOutput}` : ''}`;
  return {
    rc: rcText.trim() === '' ? null : Number(rcText.trim()),
    timedOut,
    durationMs: Date.now() - started,
    serialLog,
    guestLog: await readFile(join(opts.outDir, 'guest.log'), 'utf8').catch(() => ''),
  };
}
