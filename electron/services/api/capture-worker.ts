/** Worker thread for a capture: connect, run bosboot/mkinsttape/mksysb on the server, fetch the images. */
import { captureImages } from '../ssh/capture.ts';
import { fetchImageSet } from '../ssh/fetch-image-set.ts';
import { RemoteHost } from '../ssh/remote-host.ts';
import type { ConnectOptions } from '../ssh/ssh-connection.ts';
import type { CaptureProgress, CaptureWorkRequest, CaptureWorkResult } from './capture-work.ts';
import { serveWorker } from './worker-port.ts';

serveWorker<CaptureWorkRequest, CaptureProgress>(async ({ request, signal, progress, log }): Promise<CaptureWorkResult> => {
  const connect: ConnectOptions = {
    signal,
    ...(request.secret === null ? {} : { secret: request.secret }),
    ...(request.knownHostsPath === undefined ? {} : { knownHostsPath: request.knownHostsPath }),
  };
  const reconnect = (): Promise<RemoteHost> => RemoteHost.connect(request.server, connect);
  const host = await reconnect();
  try {
    const os = await host.run('LANG=C oslevel -s', { signal });
    const osLevel = os.exitCode === 0 ? os.stdout.trim() || null : null;
    let step = 'prepare';
    let pending = '';
    const capture = await captureImages(host, request.capture, {
      signal,
      onStep: (s) => { step = s; log(`== ${s}`); },
      onOutput: (_s, text) => {
        pending += text;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) log(line);
      },
      onProgress: (p) => progress({ phase: 'capture', step, files: p.files, totalFiles: p.totalFiles, percent: p.percent }),
    });
    log(`== fetch ${capture.images.map((i) => i.name).join(', ')}`);
    const fetched = await fetchImageSet(host, {
      stagingRoot: request.stagingRoot, capture, request: request.capture, osLevel, reconnect, signal,
      onLog: log,
      onProgress: (p) => progress({ phase: 'fetch', image: p.image, bytes: p.setBytes, total: p.setTotal, bytesPerSecond: p.bytesPerSecond, etaSeconds: p.etaSeconds ?? null }),
    });
    return { fetched, osLevel };
  } finally {
    host.close();
  }
});
