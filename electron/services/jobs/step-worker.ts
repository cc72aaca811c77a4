/** Worker thread entry for job steps; see step-work.ts for the protocol. Bytes never leave this thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors.ts';
import { boundedLineSplitter } from '../ssh/bounded-text.ts';
import type { RemoteHost } from '../ssh/remote-host.ts';
import type { ConnectOptions } from '../ssh/ssh-connection.ts';
import type { HeldTapeCommand, SshTarget, StepWorkRequest, ToWorkerMessage, WorkerMessage, WorkProgress } from './step-work.ts';

// Each op loads only the modules it needs (ssh2, pdf-lib and bwip-js are slow to load), so a worker starts fast.

const port = parentPort;
if (!port) throw new Error('step-worker.ts must run in a worker thread');
const abort = new AbortController();
// Commands for a hold on the tape (op 'hold-write'), taken in order.
const commands: HeldTapeCommand[] = [];
let commandWaiter: ((c: HeldTapeCommand) => void) | undefined;
port.on('message', (m: ToWorkerMessage) => {
  if (m.type === 'cancel') abort.abort();
  else if (commandWaiter) {
    const w = commandWaiter;
    commandWaiter = undefined;
    w(m.command);
  } else commands.push(m.command);
});
const nextCommand = (): Promise<HeldTapeCommand> => {
  const queued = commands.shift();
  return queued
    ? Promise.resolve(queued)
    : new Promise((resolve) => {
        commandWaiter = resolve;
      });
};
const post = (m: WorkerMessage): void => port.postMessage(m);
const progress = (p: WorkProgress): void => post({ type: 'progress', progress: p });
const log = (line: string): void => post({ type: 'log', line });
const signal = abort.signal;

async function connect(ssh: SshTarget): Promise<RemoteHost> {
  const { RemoteHost: Host } = await import('../ssh/remote-host.ts');
  const opts: ConnectOptions = { signal, knownHostsPath: ssh.knownHostsPath, ...ssh.secrets };
  return Host.connect(ssh.server, opts);
}

/** Splits streamed output into whole lines for the log (a line without end is cut, not kept whole). */
function lineLogger(): (text: string) => void {
  return boundedLineSplitter(log);
}

async function run(request: StepWorkRequest): Promise<unknown> {
  switch (request.op) {
    case 'capture': {
      const { captureImages } = await import('../ssh/capture.ts');
      const host = await connect(request.ssh);
      try {
        const os = await host.run('LANG=C oslevel -s', { signal });
        const osLevel = os.exitCode === 0 ? os.stdout.trim() || null : null;
        const toLog = lineLogger();
        const capture = await captureImages(host, request.request, {
          signal,
          onStep: (s) => log(`== ${s}`),
          onOutput: (_s, text) => toLog(text),
          onProgress: (p) => progress({ kind: 'mksysb', files: p.files, totalFiles: p.totalFiles, percent: p.percent }),
        });
        // The step outputs are in the job log already; keep only their tails in the durable result.
        capture.steps = capture.steps.map((s) => ({ ...s, output: s.output.slice(-4000) }));
        return { capture, osLevel };
      } finally {
        host.close();
      }
    }
    case 'fetch': {
      const { fetchImageSet } = await import('../ssh/fetch-image-set.ts');
      let host = await connect(request.ssh);
      try {
        return await fetchImageSet(host, {
          stagingRoot: request.stagingRoot,
          dir: request.dir,
          capture: request.capture,
          request: request.request,
          osLevel: request.osLevel,
          capturedAt: new Date(request.capturedAt),
          signal,
          onLog: log,
          ...(request.transport ? { transport: request.transport } : {}),
          reconnect: async () => {
            host = await connect(request.ssh);
            return host;
          },
          onProgress: (p) =>
            progress({
              kind: 'fetch',
              image: p.image,
              bytes: p.setBytes,
              total: p.setTotal,
              bytesPerSecond: p.bytesPerSecond,
              etaSeconds: p.etaSeconds ?? null,
            }),
        });
      } finally {
        host.close();
      }
    }
    case 'write': {
      const { writeFourRecordTape } = await import('../tape/four-record-writer.ts');
      const { tapeDriveFor } = await import('../tape/open-tape-drive.ts');
      const { rateLimitedDrive, writeRateFromEnv } = await import('./rate-limited-drive.ts');
      const plain = tapeDriveFor(
        request.target,
        request.capacityBytes === undefined ? {} : { simh: { capacityBytes: request.capacityBytes } },
      );
      const rate = writeRateFromEnv();
      const drive = rate === undefined ? plain : rateLimitedDrive(plain, rate);
      return writeFourRecordTape(drive, request.images, {
        signal,
        onWarning: (w) => log(`warning: ${w}`),
        onProgress: (tape) => progress({ kind: 'tape', tape }),
      });
    }
    case 'hold-write': {
      const { holdTapeForWrite } = await import('./tape-hold.ts');
      let last = 0;
      return holdTapeForWrite(request, {
        nextCommand,
        signal,
        log,
        reply: (value) => post({ type: 'reply', value }),
        replyError: (err) => post({ type: 'reply-error', error: toErrorInfo(err) }),
        onTapeProgress: (tape) => progress({ kind: 'tape', tape }),
        onReadBytes: (record, bytes) => {
          const now = performance.now();
          if (now - last < 250) return;
          last = now;
          progress({ kind: 'read', record, bytes });
        },
      });
    }
    case 'drive-facts': {
      const { driveFactsOf } = await import('./drive-facts.ts');
      const { checkImageSet } = await import('../tape/image-set.ts');
      const { tapeDriveFor } = await import('../tape/open-tape-drive.ts');
      // A set that does not parse has no fit to check here; the writer refuses it with its own error.
      const set = request.images === undefined ? undefined : await checkImageSet(request.images).catch(() => undefined);
      return driveFactsOf(
        tapeDriveFor(request.target, request.capacityBytes === undefined ? {} : { simh: { capacityBytes: request.capacityBytes } }),
        set,
      );
    }
    case 'verify': {
      const { verifyTape } = await import('../tape/tape-verifier.ts');
      const { tapeDriveFor } = await import('../tape/open-tape-drive.ts');
      return verifyTape(tapeDriveFor(request.target), {
        ...(request.images === undefined ? {} : { images: request.images }),
        ...(request.expected === undefined ? {} : { expected: request.expected }),
        signal,
        onProgress: (tape) => progress({ kind: 'tape', tape }),
      });
    }
    case 'labels': {
      const { writeLabelFiles } = await import('../labels/write-labels.ts');
      return writeLabelFiles(request.card, request.dir);
    }
    case 'extract': {
      const { extractFromFile, extractFromTape } = await import('../contents/extract.ts');
      const { tapeDriveFor } = await import('../tape/open-tape-drive.ts');
      const req = {
        outDir: request.outDir,
        paths: request.paths,
        overwrite: request.overwrite,
        signal,
        onProgress: (p: { bytes: number; totalBytes: number; bytesPerSecond: number; etaSeconds: number | null }) =>
          progress({
            kind: 'extract',
            bytes: p.bytes,
            totalBytes: p.totalBytes || null,
            bytesPerSecond: p.bytesPerSecond,
            etaSeconds: p.etaSeconds,
          }),
      };
      return 'file' in request.from
        ? extractFromFile(request.from.file, req)
        : extractFromTape(tapeDriveFor(request.from.target), request.from.record, req);
    }
    case 'read': {
      const { readTapeContents } = await import('./tape-reading.ts');
      const { tapeDriveFor } = await import('../tape/open-tape-drive.ts');
      let last = 0;
      return readTapeContents(tapeDriveFor(request.target), {
        candidateLengths: request.candidateLengths,
        signal,
        ...(request.maxRecords === undefined ? {} : { maxRecords: request.maxRecords }),
        onBytes: (record, bytes) => {
          const now = performance.now();
          if (now - last < 250) return;
          last = now;
          progress({ kind: 'read', record, bytes });
        },
      });
    }
  }
}

run(workerData as StepWorkRequest).then(
  (result) => post({ type: 'done', result }),
  (err: unknown) => post({ type: 'error', error: toErrorInfo(err) }),
);
