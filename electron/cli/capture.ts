/** `sysbtape capture NAME`: preflight, capture on the AIX server, fetch into a new image set; prints its directory. */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { captureImages, listRemoteImages, tapeblkszLine, type CaptureRequest, type CaptureResult } from '../services/ssh/capture.ts';
import type { FetchTransport } from '../services/ssh/fetch-file.ts';
import { fetchImageSet, findIncompleteImageSet } from '../services/ssh/fetch-image-set.ts';
import { runPreflight } from '../services/ssh/preflight.ts';
import { RemoteHost } from '../services/ssh/remote-host.ts';
import { requireServer } from '../services/ssh/server-store.ts';
import type { ConnectOptions } from '../services/ssh/ssh-connection.ts';
import { formatRate } from '../services/ssh/transfer-progress.ts';
import { formatReadinessReport } from '../services/readiness/report-text.ts';
import { type CommandModule, EXIT_OK, catalogPathOf, printJson, runAction, stagingRootOf } from './command-kit.ts';
import { cliServerStore } from './cli-server-store.ts';
import { intFlag, PASSPHRASE_STDIN_HELP, PASSWORD_STDIN_HELP, readSshSecrets, type SecretFlags } from './ssh-cli-kit.ts';

interface CaptureFlags extends SecretFlags {
  exclude?: boolean;
  pack: boolean;
  expandTmp?: boolean;
  blockSize: string;
  staging?: string;
  transport?: string;
  removeRemote?: boolean;
  fetchOnly?: boolean;
  skipPreflight?: boolean;
  json?: boolean;
}

function parseTransport(text: string | undefined): FetchTransport | undefined {
  if (text === undefined) return undefined;
  if (text === 'sftp' || text === 'exec') return text;
  throw new SysbError('USAGE', `--transport must be sftp or exec, got '${text}'`);
}

/** Registers `capture`. */
export const captureCommand: CommandModule = (program, io, setExit) => {
  program
    .command('capture <name>')
    .description(
      'Capture bosboot, mkinsttape and mksysb images on an AIX server and fetch them into a new image set (prints its directory).',
    )
    .option('--exclude', 'mksysb -e: leave out what /etc/exclude.rootvg lists')
    .option('--no-pack', 'mksysb -p: do not pack files')
    .option('--expand-tmp', 'mksysb -X: let AIX grow /tmp if needed')
    .option('--block-size <bytes>', 'record-4 block size written to /tapeblksz', '512')
    .option(
      '--staging <dir>',
      'where image sets are kept (default: $SYSBTAPE_STAGING, else staging/ beside the catalog: ~/.local/share/sysbtape/staging)',
    )
    .option('--transport <kind>', 'fetch over sftp or exec (default: the measured faster one)')
    .option('--remove-remote', 'delete the images from the server once the image set is complete')
    .option('--fetch-only', 'do not run the capture; fetch the images already in the work directory (resumes an interrupted fetch)')
    .option('--skip-preflight', 'capture even if preflight reports errors')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--passphrase-stdin', PASSPHRASE_STDIN_HELP)
    .option('--json', 'print the image set manifest as JSON')
    .action(
      runAction(io, setExit, async (name: string, f: CaptureFlags, cmd: Command) => {
        const request: CaptureRequest = {
          exclude: f.exclude === true,
          pack: f.pack,
          expandTmp: f.expandTmp === true,
          record4BlockSize: intFlag('--block-size', f.blockSize, 512, 262144),
        };
        const tapeblksz = tapeblkszLine(request.record4BlockSize);
        const transport = parseTransport(f.transport);
        const server = await requireServer(cliServerStore(cmd), name);
        const connectOpts: ConnectOptions = await readSshSecrets(io, f, server.auth);
        const controller = new AbortController();
        const onSigint = () => {
          io.err.write('\ncancelling: stopping the remote processes…\n');
          controller.abort();
        };
        process.once('SIGINT', onSigint);
        const say = (line: string) => {
          if (!f.json) io.err.write(`${line}\n`);
        };
        const host = await RemoteHost.connect(server, { ...connectOpts, signal: controller.signal });
        let current = host;
        try {
          const report = await runPreflight(host, { signal: controller.signal });
          for (const c of report.checks.filter((c) => c.level !== 'ok'))
            say(`preflight ${c.level}: ${c.title}: ${c.detail}${c.fix ? ` (fix: ${c.fix})` : ''}`);
          if (!report.ok && !f.skipPreflight && !f.fetchOnly) {
            throw new SysbError(
              'CHECK_BLOCKED',
              `preflight found errors on ${name}; fix them (see: sysbtape server check ${name}) or pass --skip-preflight`,
            );
          }
          let capture: CaptureResult;
          const capturedAt = new Date();
          if (f.fetchOnly) {
            capture = { workdir: server.workdir, tapeblksz, images: await listRemoteImages(host, controller.signal), steps: [] };
          } else {
            let lastPct = -1;
            capture = await captureImages(host, request, {
              signal: controller.signal,
              onStep: (step) => say(`== ${step}`),
              onOutput: (step, text) => {
                if (!f.json && step !== 'mksysb') io.err.write(text);
              },
              onProgress: (p) => {
                if (p.percent !== lastPct) {
                  lastPct = p.percent;
                  say(`mksysb: ${p.files} of ${p.totalFiles} files (${p.percent}%)`);
                }
              },
            });
          }
          const stagingRoot = stagingRootOf(io, f.staging, catalogPathOf(cmd));
          const resumeDir = f.fetchOnly ? await findIncompleteImageSet(stagingRoot, name) : undefined;
          if (resumeDir) say(`resuming into ${resumeDir}`);
          let lastShown = 0;
          const set = await fetchImageSet(host, {
            stagingRoot,
            capture,
            request,
            osLevel: report.osLevel,
            capturedAt,
            ...(resumeDir ? { dir: resumeDir } : {}),
            ...(transport ? { transport } : {}),
            removeRemote: f.removeRemote === true,
            signal: controller.signal,
            reconnect: async () => {
              current = await RemoteHost.connect(server, connectOpts);
              return current;
            },
            onLog: say,
            onProgress: (p) => {
              const now = Date.now();
              if (now - lastShown < 1000 && p.bytes !== p.total) return;
              lastShown = now;
              const eta = p.etaSeconds !== undefined ? `, ETA ${Math.ceil(p.etaSeconds)}s` : '';
              say(
                `fetch ${p.image}: ${(p.bytes / 1048576).toFixed(1)} of ${(p.total / 1048576).toFixed(1)} MiB, ${formatRate(p.bytesPerSecond)}${eta}`,
              );
            },
          });
          if (f.json) printJson(io, { dir: set.dir, ...set.manifest });
          else io.out.write(`${set.dir}\n`);
          // The readiness report goes to stderr with the other progress text: stdout stays the directory alone.
          if (!f.json && set.manifest.readiness) io.err.write(`\n${formatReadinessReport(set.manifest.readiness.report, set.dir)}`);
          return EXIT_OK;
        } finally {
          process.removeListener('SIGINT', onSigint);
          host.close();
          if (current !== host) current.close();
        }
      }),
    );
};
