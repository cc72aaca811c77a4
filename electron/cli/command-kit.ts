/**
 * The kit every CLI command builds on: exit codes, error printing, JSON, sizes, Ctrl-C, progress lines,
 * the catalog of --catalog, the staging folder, and running a durable job. Commands import from here,
 * never from each other. cli.ts loads this for every start (even --help), so it imports only light
 * modules; the catalog (SQLite, zod) is loaded when a command opens it.
 */
import { READINESS_LOG_PREFIX } from '../services/readiness/report-text.ts';
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SysbError, toErrorInfo } from '../../shared/errors.ts';
import type { ScanProgress } from '../services/aix/archive-file.ts';
import type { Catalog } from '../services/catalog/catalog.ts';
import { defaultStagingRoot, resolveCatalogPath } from '../services/catalog/catalog-path.ts';
import type { Job } from '../services/catalog/model.ts';
import type { JobEngine, RunJobOptions, TapeJobOutcome } from '../services/jobs/job-engine.ts';
import type { JobEvent } from '../services/jobs/job-model.ts';
import { formatStepProgress } from '../services/jobs/progress-relay.ts';
import { sysbtapeHome } from '../services/sysbtape-home.ts';
import { formatProgress, type OnTapeProgress } from '../services/tape/tape-progress.ts';

/** Exit codes shared by every command: 0 clean, 1 problems found / operation failed, 2 usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** What a command action returns: its exit code. */
export type CommandResult = number;

/** Where command output goes; tests pass their own streams. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Standard input, for --password-stdin and confirmations. */
  stdin: NodeJS.ReadableStream;
}

/** A command module adds its subcommands to the program. */
export type CommandModule = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Maps an error to the exit code the CLI promises. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SysbError && (err.code === 'USAGE' || err.code === 'INVALID_INPUT' || err.code === 'NOT_FOUND')) {
    return EXIT_USAGE;
  }
  return EXIT_PROBLEMS;
}

/** Wraps an action so that errors become one readable line on stderr plus the right exit code. */
export function runAction<A extends unknown[]>(
  io: CliIo,
  setExit: (code: number) => void,
  fn: (...args: A) => Promise<CommandResult>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      setExit(await fn(...args));
    } catch (err) {
      const info = toErrorInfo(err);
      io.err.write(`sysbtape: ${info.message}${info.code === 'INTERNAL' ? '' : ` [${info.code}]`}\n`);
      if (info.code === 'INTERNAL' && err instanceof Error && process.env.SYSBTAPE_DEBUG) io.err.write(`${err.stack}\n`);
      setExit(exitCodeFor(err));
    }
  };
}

/** Writes a value as pretty JSON followed by a newline. */
export function printJson(io: CliIo, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses sizes like 64MiB, 1GiB, 512k, 1048576 into bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)$/i.exec(text.trim());
  if (!m) throw new SysbError('USAGE', `not a size: '${text}' (examples: 64MiB, 1GiB, 524288)`);
  const unit = (m[2] ?? '').toLowerCase();
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[unit] ?? 0;
  const bytes = Math.round(Number(m[1]) * 1024 ** power);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new SysbError('USAGE', `size out of range: '${text}'`);
  return bytes;
}

/** Aborts the signal on Ctrl-C while `fn` runs. */
export async function withSigint<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Tape progress lines on stderr, at most one a second plus one at the end of each record. */
export function progressPrinter(io: CliIo): OnTapeProgress {
  let last = 0;
  let lastRecord = 0;
  return (p) => {
    const now = Date.now();
    const done = p.recordTotal !== undefined && p.recordBytes >= p.recordTotal;
    if (now - last < 1000 && !done && p.record === lastRecord) return;
    if (p.recordBytes === 0 && p.record !== lastRecord) {
      lastRecord = p.record;
      return;
    }
    last = now;
    lastRecord = p.record;
    io.err.write(`${formatProgress(p)}\n`);
  };
}

/** A file-scan progress callback printing about once a second to stderr: bytes, MB/s and ETA. */
export function scanProgressPrinter(io: CliIo, label: string): (p: ScanProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    const eta = p.etaSeconds === null ? '?' : `${Math.ceil(p.etaSeconds)} s`;
    io.err.write(
      `${label}: ${(p.bytes / 1048576).toFixed(0)} of ${(p.totalBytes / 1048576).toFixed(0)} MiB, ${(p.bytesPerSecond / 1e6).toFixed(0)} MB/s, ETA ${eta}\n`,
    );
  };
}

/** Adds the global --catalog option to the program; commands read it through catalogPathOf. */
export function addCatalogOption(program: Command): Command {
  return program.option(
    '--catalog <path>',
    'catalog file (default: $XDG_DATA_HOME/sysbtape/catalog.db or ~/.local/share/sysbtape/catalog.db)',
  );
}

/** The catalog file a command should use: --catalog (before or after the subcommand), else the XDG default. */
export function catalogPathOf(cmd: Command): string {
  return resolveCatalogPath(cmd.optsWithGlobals<{ catalog?: string }>().catalog);
}

/** Opens the catalog file at `file`: the one way the CLI opens a catalog (SQLite is loaded here, not at start). */
export async function openCatalogAt(file: string): Promise<Catalog> {
  const { openCatalog } = await import('../services/catalog/catalog.ts');
  return openCatalog(file);
}

/** Opens the catalog named by the global --catalog (or the default one); the caller closes it. */
export function openCliCatalog(cmd: Command): Promise<Catalog> {
  return openCatalogAt(catalogPathOf(cmd));
}

/** Opens the command's catalog, runs `fn`, and always closes it. */
export async function withCatalog<T>(cmd: Command, fn: (catalog: Catalog) => Promise<T> | T): Promise<T> {
  const catalog = await openCliCatalog(cmd);
  try {
    return await fn(catalog);
  } finally {
    catalog.close();
  }
}

/** Where the CLI used to stage image sets by default: <sysbtape config home>/staging (~/.config/sysbtape/staging). */
function legacyStagingRoot(): string {
  return path.join(sysbtapeHome(), 'staging');
}

/**
 * The staging folder of a command: --staging, else the default of app and CLI (staging/ beside the
 * catalog). Nothing is moved: when the default is used and the old default folder still holds image
 * sets, says once (a marker in the new folder remembers) where they are.
 */
export function stagingRootOf(io: CliIo, flag: string | undefined, catalogPath: string): string {
  if (flag) return path.resolve(flag);
  const root = defaultStagingRoot(catalogPath);
  const legacy = legacyStagingRoot();
  const marker = path.join(root, '.old-staging-noted');
  if (legacy !== root && existsSync(legacy) && !existsSync(marker) && readdirSync(legacy).length > 0) {
    io.err.write(
      `sysbtape: image sets are now staged in ${root}; those staged before stay in ${legacy} (nothing was moved; ` +
        'the catalog still finds them there). This note is shown once.\n',
    );
    mkdirSync(root, { recursive: true });
    writeFileSync(marker, `${legacy}\n`);
  }
  return root;
}

/** Prints job events on stderr: steps, checks, log lines (optional), progress at most once a second per step. */
export function jobEventPrinter(io: CliIo, opts: { logLines?: boolean } = {}): (e: JobEvent) => void {
  let lastProgress = 0;
  return (e) => {
    switch (e.type) {
      case 'step':
        if (e.state === 'running') io.err.write(`== ${e.step}\n`);
        else io.err.write(`   ${e.step}: ${e.state}${e.message ? ` — ${e.message}` : ''}\n`);
        lastProgress = 0;
        break;
      case 'progress': {
        const now = Date.now();
        if (now - lastProgress < 1000) return;
        lastProgress = now;
        io.err.write(`   ${formatStepProgress(e.progress)}\n`);
        break;
      }
      case 'log':
        // The readiness report is shown before the write even when log lines are not.
        if (opts.logLines || e.line.startsWith(READINESS_LOG_PREFIX)) io.err.write(`   | ${e.line}\n`);
        break;
      case 'checks':
        for (const c of e.checks) io.err.write(`   check (${c.kind}) ${c.code}: ${c.message}\n`);
        break;
      default: {
        const never: never = e;
        throw new Error(`unexpected event ${JSON.stringify(never)}`);
      }
    }
  };
}

/** The JSON shape of a job for --json. */
export function jobJson(job: Job): unknown {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    volser: job.volser,
    imageSetId: job.imageSetId,
    logPath: job.logPath,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    params: job.params,
    steps: job.steps.map((s) => ({
      name: s.name,
      state: s.state,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      progressDone: s.progressDone,
      progressTotal: s.progressTotal,
      message: s.message,
      result: s.result,
    })),
  };
}

/** Runs (or resumes) a job with Ctrl-C as cancel; prints the outcome; returns the exit code. */
export async function runJobFromCli(
  io: CliIo,
  engine: JobEngine,
  jobId: number,
  opts: RunJobOptions & { json?: boolean },
): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    io.err.write('\ncancelling…\n');
    controller.abort();
  };
  // SIGTERM too: cancelling lets the step be recorded as cancelled and temporary hosts and files be cleaned up.
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const unsubscribe = opts.json ? () => true : engine.subscribe(jobEventPrinter(io));
  try {
    const outcome = await engine.run(jobId, { ...opts, signal: controller.signal });
    printOutcome(io, outcome, opts.json === true);
    return outcome.verdict === 'pass' ? EXIT_OK : EXIT_PROBLEMS;
  } catch (err) {
    const job = engine.catalog.jobs.get(jobId);
    if (job && !opts.json)
      io.err.write(`job ${jobId} is ${job.state}; its log is ${job.logPath ?? '-'}; resume it with 'sysbtape jobs resume ${jobId}'\n`);
    if (job && opts.json) printJson(io, { ...(jobJson(job) as object), error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    unsubscribe();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Prints the verdict and where the label is. */
export function printOutcome(io: CliIo, o: TapeJobOutcome, json: boolean): void {
  if (json) {
    printJson(io, {
      ...(jobJson(o.job) as object),
      verdict: o.verdict,
      imageSetDir: o.imageSetDir,
      labelPdf: o.labelPdf,
      labelPng: o.labelPng,
    });
    return;
  }
  io.out.write(`Job ${o.job.id}: ${o.job.state}. Cartridge ${o.job.volser ?? '-'}.\n`);
  if (o.imageSetDir) io.out.write(`Image set: ${o.imageSetDir}\n`);
  io.out.write(
    o.verdict === 'pass'
      ? 'Verdict: PASS — the tape was read back and every record matches the image set.\n'
      : `Verdict: ${o.verdict ?? 'none'}\n`,
  );
  if (o.labelPdf) io.out.write(`Label and restore card: ${o.labelPdf}\n`);
  if (o.job.logPath) io.out.write(`Job log: ${o.job.logPath}\n`);
}

/** Parses --confirm A,B and --yes into the confirmed check codes. */
export function confirmedCodes(yes: boolean | undefined, confirm: string | undefined): string[] {
  if (yes) return ['*'];
  return (confirm ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}
