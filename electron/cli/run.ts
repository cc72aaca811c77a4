/** `sysbtape run SERVER --tape TARGET --volser V`: the whole job (capture → fetch → write → verify → record) against a real server. */
import path from 'node:path';
import { SysbError } from '../../shared/errors.ts';
import type { Command } from 'commander';
import { type Catalog, openCatalog } from '../services/catalog/catalog.ts';
import type { Job } from '../services/catalog/model.ts';
import { DEFAULT_CAPTURE, type CaptureRequest, tapeblkszLine } from '../services/ssh/capture.ts';
import type { FetchTransport } from '../services/ssh/fetch-file.ts';
import { defaultKnownHostsPath } from '../services/ssh/ssh-connection.ts';
import { JobEngine, type RunJobOptions, type TapeJobOutcome } from '../services/jobs/job-engine.ts';
import type { JobEvent } from '../services/jobs/job-model.ts';
import { formatStepProgress } from '../services/jobs/progress-relay.ts';
import { READINESS_LOG_PREFIX } from '../services/readiness/report-text.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, parseSize, printJson, runAction } from './command-kit.ts';
import { defaultStagingRoot } from './capture.ts';
import { catalogPathOf } from './catalog-option.ts';
import { importLegacyServers } from './cli-server-store.ts';
import { intFlag, readSecret } from './ssh-cli-kit.ts';

/** Opens the catalog named by the global --catalog (or the default one). */
export function openCliCatalog(cmd: Command): Promise<Catalog> {
  return openCatalog(catalogPathOf(cmd));
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
    id: job.id, kind: job.kind, state: job.state, volser: job.volser, imageSetId: job.imageSetId, logPath: job.logPath,
    createdAt: job.createdAt, updatedAt: job.updatedAt, params: job.params,
    steps: job.steps.map((s) => ({ name: s.name, state: s.state, startedAt: s.startedAt, endedAt: s.endedAt, progressDone: s.progressDone, progressTotal: s.progressTotal, message: s.message, result: s.result })),
  };
}

/** Runs (or resumes) a job with Ctrl-C as cancel; prints the outcome; returns the exit code. */
export async function runJobFromCli(io: CliIo, engine: JobEngine, jobId: number, opts: RunJobOptions & { json?: boolean }): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => { io.err.write('\ncancelling…\n'); controller.abort(); };
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
    if (job && !opts.json) io.err.write(`job ${jobId} is ${job.state}; its log is ${job.logPath ?? '-'}; resume it with 'sysbtape jobs resume ${jobId}'\n`);
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
    printJson(io, { ...(jobJson(o.job) as object), verdict: o.verdict, imageSetDir: o.imageSetDir, labelPdf: o.labelPdf, labelPng: o.labelPng });
    return;
  }
  io.out.write(`Job ${o.job.id}: ${o.job.state}. Cartridge ${o.job.volser ?? '-'}.\n`);
  if (o.imageSetDir) io.out.write(`Image set: ${o.imageSetDir}\n`);
  io.out.write(o.verdict === 'pass' ? 'Verdict: PASS — the tape was read back and every record matches the image set.\n' : `Verdict: ${o.verdict ?? 'none'}\n`);
  if (o.labelPdf) io.out.write(`Label and restore card: ${o.labelPdf}\n`);
  if (o.job.logPath) io.out.write(`Job log: ${o.job.logPath}\n`);
}

/** Parses --confirm A,B and --yes into the confirmed check codes. */
export function confirmedCodes(yes: boolean | undefined, confirm: string | undefined): string[] {
  if (yes) return ['*'];
  return (confirm ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}

function parseTransport(text: string): FetchTransport {
  if (text === 'sftp' || text === 'exec') return text;
  throw new SysbError('USAGE', `--transport must be sftp or exec, got '${text}'`);
}

interface RunFlags {
  tape: string; volser: string; staging?: string; labels?: string; media?: string;
  exclude?: boolean; pack: boolean; expandTmp?: boolean; blockSize: string; capacity?: string; transport?: string;
  yes?: boolean; confirm?: string; overrideRetention?: string; passwordStdin?: boolean; json?: boolean;
}

/** Checks the server is in the catalog (servers.json from before the catalog is moved in first). */
async function serverIntoCatalog(catalog: Catalog, name: string): Promise<void> {
  await importLegacyServers(catalog);
  if (!catalog.servers.getByName(name)) throw new SysbError('NOT_FOUND', `no server named '${name}'; add it with: sysbtape server add ${name} --host H --user U`);
}

/** Registers `run`. */
export const runCommand: CommandModule = (program, io, setExit) => {
  program.command('run <server>')
    .description('The whole job against an AIX server: capture, fetch, write the tape, verify it, record it in the catalog and make its label.')
    .requiredOption('--tape <target>', 'a virtual tape file ending in .tap or a no-rewind device /dev/nstN')
    .requiredOption('--volser <volser>', 'the cartridge (6 characters A–Z0–9); added to the catalog when --media is given')
    .option('--media <id>', 'media id for a cartridge not in the catalog yet (L5–L9, M8, LV–LZ)')
    .option('--staging <dir>', 'where image sets are kept (default: $SYSBTAPE_STAGING or ~/.config/sysbtape/staging)')
    .option('--labels <dir>', 'where the label PDF/PNG go (default: labels/ beside the catalog)')
    .option('--exclude', 'mksysb -e: leave out what /etc/exclude.rootvg lists')
    .option('--no-pack', 'mksysb -p: do not pack files')
    .option('--expand-tmp', 'mksysb -X: let AIX grow /tmp if needed')
    .option('--block-size <bytes>', 'record-4 block size written to /tapeblksz', '512')
    .option('--transport <kind>', 'fetch over sftp or exec (default: the measured faster one)')
    .option('--capacity <size>', 'virtual tape only: capacity of the .tap file, e.g. 100MiB')
    .option('--yes', 'confirm every "are you sure" check (unknown tape contents, a cartridge that failed before)')
    .option('--confirm <codes>', 'confirm only these checks, e.g. UNKNOWN_CONTENTS,FAILED_BEFORE')
    .option('--override-retention <reason>', 'write a cartridge still under retention; the reason is recorded')
    .option('--password-stdin', 'read the SSH password or key passphrase from stdin')
    .option('--json', 'print the job as JSON')
    .action(runAction(io, setExit, async (server: string, f: RunFlags, cmd: Command) => {
      const capture: CaptureRequest = { ...DEFAULT_CAPTURE, exclude: f.exclude === true, pack: f.pack, expandTmp: f.expandTmp === true, record4BlockSize: intFlag('--block-size', f.blockSize, 512, 262144) };
      tapeblkszLine(capture.record4BlockSize);
      const capacityBytes = f.capacity === undefined ? undefined : parseSize(f.capacity);
      const secret = f.passwordStdin ? await readSecret(io) : undefined;
      const catalog = await openCliCatalog(cmd);
      try {
        await serverIntoCatalog(catalog, server);
        if (!catalog.cartridges.get(f.volser)) {
          if (!f.media) throw new SysbError('NOT_FOUND', `no cartridge ${f.volser.toUpperCase()} in the catalog; give its media id with --media L6 (or add it with 'sysbtape tape add')`);
          catalog.cartridges.add({ volser: f.volser, mediaId: f.media });
        }
        const engine = new JobEngine(catalog);
        engine.detectInterrupted();
        const job = engine.createTapeJob({
          server, target: f.tape, volser: f.volser, stagingRoot: f.staging ?? defaultStagingRoot(),
          labelDir: f.labels ?? path.join(path.dirname(catalog.path), 'labels'), capture, knownHostsPath: defaultKnownHostsPath(),
          ...(capacityBytes === undefined ? {} : { capacityBytes }),
          ...(f.transport === undefined ? {} : { transport: parseTransport(f.transport) }),
        });
        if (!f.json) io.err.write(`job ${job.id} created; log ${job.logPath ?? '-'}\n`);
        return await runJobFromCli(io, engine, job.id, {
          confirmed: confirmedCodes(f.yes, f.confirm), json: f.json === true,
          ...(f.overrideRetention ? { retentionOverrideReason: f.overrideRetention } : {}),
          ...(secret === undefined ? {} : { secret }),
        });
      } finally {
        catalog.close();
      }
    }));
};
