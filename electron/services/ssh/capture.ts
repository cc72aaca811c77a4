/**
 * Capture on the AIX server: with LANG=C, save /tapeblksz, write the chosen one, run bosboot,
 * mkinsttape and mksysb into the work directory, and always restore /tapeblksz. Each step's output
 * is kept for the log; mksysb's counts become progress; success needs exit 0, mksysb's
 * "Backup Completed Successfully" and three non-empty images.
 */
import { SysbError } from '../../../shared/errors.ts';
import { RECORD4_BLOCK_SIZES } from '../../../shared/model.ts';
import { C_LOCALE, IMAGE_FILES, IMAGE_RECORDS, TAPEBLKSZ, type ImageRecord } from './aix-paths.ts';
import { MKSYSB_SUCCESS, MksysbProgressParser, type MksysbProgress } from './mksysb-progress.ts';
import { BoundedText, clipLine } from './bounded-text.ts';
import type { OutputStream, RunOptions } from './remote-run.ts';
import type { RemoteHost } from './remote-host.ts';
import { raw, sh, type ShellText } from './shell-quote.ts';
import { gatherReadinessFacts } from './readiness-facts.ts';
import type { ServerFacts } from '../readiness/server-facts.ts';

/** What the operator chose for this capture. */
export interface CaptureRequest {
  /** mksysb -e: leave out what /etc/exclude.rootvg lists. */
  exclude: boolean;
  /** Pack files (mksysb's default); false adds -p. */
  pack: boolean;
  /** mksysb -X: let AIX grow /tmp if needed. */
  expandTmp: boolean;
  /** Record-4 block size written to /tapeblksz as "<size> NONE". */
  record4BlockSize: number;
}

/** The steps of a capture, in order. */
export type CaptureStepName = 'prepare' | 'bosboot' | 'mkinsttape' | 'readiness-facts' | 'mksysb' | 'restore-tapeblksz' | 'sizes';

/** One step's command and everything it printed. */
export interface CaptureStepLog {
  step: CaptureStepName;
  command: string;
  exitCode: number | null;
  output: string;
  startedAt: string;
  endedAt: string;
}

/** Live events of a capture. */
export interface CaptureEvents {
  onStep?: (step: CaptureStepName) => void;
  onOutput?: (step: CaptureStepName, text: string, stream: OutputStream) => void;
  onProgress?: (p: MksysbProgress) => void;
  signal?: AbortSignal;
}

/** One image left in the work directory. */
export interface RemoteImage {
  record: ImageRecord;
  name: string;
  remotePath: string;
  size: number;
}

/** What a successful capture leaves on the server. */
export interface CaptureResult {
  workdir: string;
  tapeblksz: string;
  images: RemoteImage[];
  steps: CaptureStepLog[];
  /** Read-only facts for the readiness report, gathered just before mksysb (absent for --fetch-only). */
  facts?: ServerFacts;
}

/** The default request: "512 NONE", packing on, no excludes. */
export const DEFAULT_CAPTURE: CaptureRequest = { exclude: false, pack: true, expandTmp: false, record4BlockSize: 512 };

/** Checks the block size against the ones restbyname reads safely and returns the tapeblksz line. */
export function tapeblkszLine(blockSize: number): string {
  if (!(RECORD4_BLOCK_SIZES as readonly number[]).includes(blockSize)) {
    throw new SysbError(
      'INVALID_INPUT',
      `record-4 block size ${blockSize} is not one restore reads safely; use one of ${RECORD4_BLOCK_SIZES.join(', ')}`,
    );
  }
  return `${blockSize} NONE`;
}

/** The mksysb command line for a request. */
export function mksysbCommand(req: CaptureRequest, target: string): string {
  const flags = ['-i', ...(req.exclude ? ['-e'] : []), ...(req.pack ? [] : ['-p']), ...(req.expandTmp ? ['-X'] : [])];
  return sh`mksysb ${flags} ${target}`;
}

/** Runs the capture; throws CAPTURE_FAILED (with the remote message) or CANCELLED. /tapeblksz is restored either way. */
export async function captureImages(host: RemoteHost, req: CaptureRequest, ev: CaptureEvents = {}): Promise<CaptureResult> {
  const workdir = host.server.workdir;
  const tapeblksz = tapeblkszLine(req.record4BlockSize);
  const saved = `${workdir}/tapeblksz.saved`;
  const path = (r: ImageRecord) => `${workdir}/${IMAGE_FILES[r]}`;
  const sudo: ShellText = raw(host.server.sudo.length > 0 ? sh`${host.server.sudo} ` : '');
  const steps: CaptureStepLog[] = [];
  let facts: ServerFacts | undefined;
  const asRoot = (script: string) => (host.server.sudo.length > 0 ? sh`${sudo}sh -c ${script}` : script);

  // bosboot, mkinsttape and mksysb may run for hours: they are stopped only after a long silence.
  // The short housekeeping steps get the connection's command timeout (RemoteHost.run's default).
  const long: RunOptions = { timeoutMs: null, idleTimeoutMs: host.timeouts.captureIdleSeconds * 1000 };
  const step = async (
    name: CaptureStepName,
    script: string,
    signal: AbortSignal | undefined,
    onText?: (t: string) => void,
    limits: RunOptions = {},
  ) => {
    ev.onStep?.(name);
    const command = `${C_LOCALE.shell} ${asRoot(script)}`;
    const startedAt = new Date().toISOString();
    const output = new BoundedText();
    try {
      const result = await host.run(command, {
        ...limits,
        signal,
        label: `${name} on ${host.server.name}`,
        onOutput: (text, stream) => {
          output.push(text);
          onText?.(text);
          ev.onOutput?.(name, text, stream);
        },
      });
      steps.push({
        step: name,
        command: script,
        exitCode: result.exitCode,
        output: output.toString(),
        startedAt,
        endedAt: new Date().toISOString(),
      });
      return result;
    } catch (err) {
      steps.push({ step: name, command: script, exitCode: null, output: output.toString(), startedAt, endedAt: new Date().toISOString() });
      if (err instanceof SysbError && err.code === 'REMOTE_TIMEOUT') {
        throw new SysbError('CAPTURE_FAILED', `${err.message}. No image set was made; the step output is in the log.`, {
          steps,
          timeout: err.details,
        });
      }
      throw err;
    }
  };
  const fail = (name: string, result: { exitCode: number | null; stdout: string; stderr: string }, extra = '') => {
    // Output is already bounded (head and tail); a single line may still be huge, so each is clipped.
    const lines = `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((l) => clipLine(l.trim()))
      .filter(Boolean);
    const remote = lines.filter((l) => /\d{4}-\d{3}|error|fail|not /i.test(l)).slice(-4);
    const message = (remote.length > 0 ? remote : lines.slice(-3)).join(' / ');
    return new SysbError(
      'CAPTURE_FAILED',
      `${name} failed on ${host.server.name} (exit ${result.exitCode ?? 'none'})${extra}${message ? `: ${message}` : ''}. No image set was made; the step output is in the log.`,
      { steps },
    );
  };

  const prepare = await step(
    'prepare',
    [
      sh`mkdir -p ${workdir}`,
      sh`rm -f ${IMAGE_RECORDS.map(path)}`,
      sh`if [ -f ${TAPEBLKSZ} ]; then cp -p ${TAPEBLKSZ} ${saved}; else rm -f ${saved}; fi`,
      sh`printf '%s\\n' ${tapeblksz} > ${TAPEBLKSZ}`,
    ].join(' && '),
    ev.signal,
  );
  if (prepare.exitCode !== 0) throw fail('preparing the work directory and /tapeblksz', prepare);

  try {
    const boot = await step('bosboot', sh`bosboot -ad /dev/rmt0 -b ${path(1)}`, ev.signal, undefined, long);
    if (boot.exitCode !== 0) throw fail('bosboot', boot);
    const inst = await step('mkinsttape', sh`mkinsttape ${path(2)}`, ev.signal, undefined, long);
    if (inst.exitCode !== 0) throw fail('mkinsttape', inst);
    // Just before mksysb, so the processes seen are those running while it backs up.
    ev.onStep?.('readiness-facts');
    const gathered = await gatherReadinessFacts(host, { exclude: req.exclude, ...(ev.signal ? { signal: ev.signal } : {}) });
    steps.push(...gathered.steps);
    facts = gathered.facts;
    const parser = new MksysbProgressParser();
    const sysb = await step(
      'mksysb',
      mksysbCommand(req, path(4)),
      ev.signal,
      (t) => {
        const p = parser.push(t);
        if (p) ev.onProgress?.(p);
      },
      long,
    );
    if (sysb.exitCode !== 0) throw fail('mksysb', sysb);
    if (!MKSYSB_SUCCESS.test(sysb.stdout + sysb.stderr)) throw fail('mksysb', sysb, ' without "Backup Completed Successfully"');
    if (parser.totalFiles !== undefined) ev.onProgress?.({ files: parser.totalFiles, totalFiles: parser.totalFiles, percent: 100 });
  } finally {
    // Restore even after a failure or cancel: without the signal, so it runs after a cancelled step.
    const restore = await step(
      'restore-tapeblksz',
      sh`if [ -f ${saved} ]; then cp -p ${saved} ${TAPEBLKSZ} && rm -f ${saved}; else rm -f ${TAPEBLKSZ}; fi`,
      undefined,
    ).catch(() => undefined);
    if (restore && restore.exitCode !== 0)
      ev.onOutput?.('restore-tapeblksz', `warning: /tapeblksz was not restored: ${restore.stderr}`, 'stderr');
  }

  const images = await listRemoteImages(host, ev.signal, (script, result) => {
    steps.push({
      step: 'sizes',
      command: script,
      exitCode: result.exitCode,
      output: result.stdout + result.stderr,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
    });
  });
  for (const img of images) {
    if (img.size === 0)
      throw new SysbError(
        'CAPTURE_FAILED',
        `${img.remotePath} on ${host.server.name} is empty (0 bytes); the ${img.record === 2 ? 'mkinsttape' : img.record === 1 ? 'bosboot' : 'mksysb'} image is unusable. No image set was made.`,
        { steps },
      );
  }
  return { workdir, tapeblksz, images, steps, ...(facts ? { facts } : {}) };
}

/** The three images in the server's work directory with their sizes; throws CAPTURE_FAILED if one is missing. */
export async function listRemoteImages(
  host: RemoteHost,
  signal?: AbortSignal,
  onResult?: (script: string, result: { exitCode: number | null; stdout: string; stderr: string }) => void,
): Promise<RemoteImage[]> {
  const workdir = host.server.workdir;
  const script = IMAGE_RECORDS.map((r) => sh`ls -ln ${`${workdir}/${IMAGE_FILES[r]}`}`).join('; ');
  const result = await host.run(`${C_LOCALE.shell} ${script}`, signal ? { signal } : {});
  onResult?.(script, result);
  return IMAGE_RECORDS.map((record) => {
    const remotePath = `${workdir}/${IMAGE_FILES[record]}`;
    const line = result.stdout.split('\n').find((l) => l.trim().endsWith(remotePath));
    const size = line ? Number(line.trim().split(/\s+/)[4]) : NaN;
    if (!Number.isFinite(size))
      throw new SysbError('CAPTURE_FAILED', `${remotePath} is missing on ${host.server.name}; no image set was made`);
    return { record, name: IMAGE_FILES[record], remotePath, size };
  });
}
