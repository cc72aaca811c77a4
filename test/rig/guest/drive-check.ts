/**
 * Runs inside the rig guest: drives /dev/nstN through the project's LinuxStDrive (koffi ioctl worker,
 * real st driver) and prints one JSON line per command, for the rig tests and bench/st-write.ts.
 *   status DEV                    TapeStatus from the non-blocking probe
 *   open DEV read|write           open + close; reports the error a job would get
 *   write DEV FILE:BS...          rewind, then per file: setBlockSize(BS), NUL-padded chunk writes, one filemark
 *   read DEV BS OUT               reads one tape file (until the filemark) into OUT
 *   health-checks DEV CATALOG V   the drive-health write checks (issue 17) for cartridge V of CATALOG
 *   mam-write DEV BARCODE         WRITE ATTRIBUTE of the cartridge memory barcode; reports the drive's answer
 *   cli ARGS...                   (serve only) runs `sysbtape ARGS...` in this process, reports exit/out/err
 *   serve                         reads such commands from stdin, one per line, answering each with a
 *                                 JSON line; one process and one ioctl worker for a whole scenario,
 *                                 because each Node start costs seconds under TCG
 */
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { open as openFile, readFile } from 'node:fs/promises';
import { LinuxStDrive } from '../../../electron/services/tape/linux-st-drive.ts';
import { KoffiStControl, type StControl } from '../../../electron/services/tape/st-control.ts';
import type * as CliTypes from '../../../electron/cli.ts';
import { SysbError } from '../../../shared/errors.ts';

const CHUNK = 256 * 1024;

// In serve mode every drive shares one real ioctl worker; a drive's close() must not stop it.
let sharedControl: StControl | undefined;
function newDrive(dev: string): LinuxStDrive {
  if (!sharedControl) return new LinuxStDrive(dev);
  const c = sharedControl;
  return new LinuxStDrive(dev, { control: { op: (fd, op, n) => c.op(fd, op, n), get: (fd) => c.get(fd), dispose: async () => {} } });
}

function report(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function failure(err: unknown): Record<string, unknown> {
  const errno = err instanceof SysbError ? err.details?.errno : undefined;
  return err instanceof SysbError
    ? { ok: false, code: err.code, errno, message: err.message }
    : { ok: false, code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

async function writeFiles(dev: string, specs: string[]): Promise<Record<string, unknown>> {
  const drive = newDrive(dev);
  await drive.open('write');
  let bytes = 0;
  let seconds = 0;
  try {
    await drive.rewind();
    for (const spec of specs) {
      const at = spec.lastIndexOf(':');
      const path = spec.slice(0, at);
      const bs = Number(spec.slice(at + 1));
      await drive.setBlockSize(bs);
      const data = await readFile(path);
      const padded = Math.ceil(data.length / bs) * bs;
      // Same bytes as dd ibs=BS conv=sync: the last block is NUL-padded. Chunks are whole blocks of
      // the drive's preferred transfer size, as the four-record writer uses.
      const chunkBytes = Math.max(bs, Math.floor(drive.transferBytes / bs) * bs);
      const started = process.hrtime.bigint();
      for (let off = 0; off < padded; off += chunkBytes) {
        const len = Math.min(chunkBytes, padded - off);
        if (off + len <= data.length) {
          await drive.write(data.subarray(off, off + len));
        } else {
          const last = Buffer.alloc(len);
          data.copy(last, 0, off);
          await drive.write(last);
        }
      }
      await drive.writeFilemarks(1);
      seconds += Number(process.hrtime.bigint() - started) / 1e9;
      bytes += padded;
    }
  } finally {
    await drive.close();
  }
  return { ok: true, bytes, seconds };
}

async function readOne(dev: string, bs: number, out: string): Promise<Record<string, unknown>> {
  const drive = newDrive(dev);
  await drive.open('read');
  const file = await openFile(out, 'w');
  let bytes = 0;
  try {
    await drive.setBlockSize(bs);
    const buf = Buffer.alloc(Math.floor(CHUNK / bs) * bs);
    for (;;) {
      const n = await drive.read(buf);
      if (n === 0) break;
      await file.write(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    await file.close();
    await drive.close();
  }
  return { ok: true, bytes };
}

type CliModule = typeof CliTypes;
// The CLI's imports are the slowest thing in the guest (tens of seconds under TCG); serve() starts
// loading them at once, so they load while the drive checks wait on the tape.
let cliModule: Promise<CliModule> | undefined;
const loadCli = (): Promise<CliModule> => (cliModule ??= import('../../../electron/cli.ts'));

/** `sysbtape ARGS` in-process (electron/cli.ts main), with its output captured. */
async function runSysbtape(args: string[]): Promise<Record<string, unknown>> {
  const { main: cliMain } = await loadCli();
  const out = new PassThrough();
  const err = new PassThrough();
  const stdin = new PassThrough();
  stdin.end();
  const text = { out: '', err: '' };
  out.on('data', (d: Buffer) => {
    text.out += d.toString();
  });
  err.on('data', (d: Buffer) => {
    text.err += d.toString();
  });
  const exit = await cliMain(args, { out, err, stdin });
  return { ok: exit === 0, exit, ...text };
}

async function serve(): Promise<number> {
  loadCli().catch(() => undefined);
  const control = new KoffiStControl();
  sharedControl = control;
  try {
    for await (const line of createInterface({ input: process.stdin })) {
      if (line.trim()) await main(line.trim().split(/\s+/));
    }
  } finally {
    await control.dispose();
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, dev, ...rest] = argv;
  if (cmd === 'serve') return serve();
  if (!cmd || !dev) throw new Error('usage: drive-check.ts status|open|write|read DEV ... | serve');
  const started = Date.now();
  try {
    switch (cmd) {
      case 'status': {
        const drive = newDrive(dev);
        try {
          report({ ok: true, status: await drive.status() });
        } finally {
          await drive.close();
        }
        return 0;
      }
      case 'open': {
        const drive = newDrive(dev);
        try {
          await drive.open(rest[0] === 'write' ? 'write' : 'read');
        } finally {
          await drive.close();
        }
        report({ ok: true, ms: Date.now() - started });
        return 0;
      }
      case 'write':
        report(await writeFiles(dev, rest));
        return 0;
      case 'read':
        report(await readOne(dev, Number(rest[0]), rest[1] ?? '/dev/null'));
        return 0;
      case 'health-checks': {
        // driveHealthChecks (issue 17) through the real SG_IO path, for a cartridge in catalog rest[0].
        const { openCatalog } = await import('../../../electron/services/catalog/catalog.ts');
        const { driveHealthChecks } = await import('../../../electron/services/jobs/drive-health-checks.ts');
        const catalog = await openCatalog(rest[0]!, { autoBackup: false });
        try {
          report({ ok: true, checks: await driveHealthChecks({ catalog, volser: rest[1]!, target: dev }) });
        } finally {
          catalog.close();
        }
        return 0;
      }
      case 'mam-write': {
        // WRITE ATTRIBUTE (data-out SG_IO) of the barcode: tgt has no cartridge memory, so ILLEGAL REQUEST is expected.
        const { writeMamBarcode } = await import('../../../electron/services/tape/scsi/drive-status.ts');
        const { ScsiCommandError } = await import('../../../electron/services/tape/scsi/sg-io.ts');
        try {
          await writeMamBarcode(dev, rest[0]!);
          report({ ok: true });
        } catch (err) {
          if (!(err instanceof ScsiCommandError)) throw err;
          report({ ok: false, code: 'SCSI', unsupported: err.unsupported, message: err.message });
        }
        return 0;
      }
      case 'cli': {
        const result = await runSysbtape([dev, ...rest]);
        report(result);
        return result.ok ? 0 : 1;
      }
      default:
        throw new Error(`unknown command '${cmd}'`);
    }
  } catch (err) {
    report({ ...failure(err), ms: Date.now() - started });
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
