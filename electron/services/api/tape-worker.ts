/**
 * Worker thread for byte-heavy tape work (write, verify, probe), so the main event loop only sees
 * progress about four times a second and the result. Bytes never leave this thread.
 * workerData: TapeWorkRequest; messages out: TapeWorkerMessage; message in: { type: 'cancel' }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors.ts';
import { writeFourRecordTape } from '../tape/four-record-writer.ts';
import { tapeDriveFor } from '../tape/open-tape-drive.ts';
import { TapeError } from '../tape/tape-error.ts';
import { verifyTape } from '../tape/tape-verifier.ts';
import type { TapeProbe, TapeWorkerMessage, TapeWorkRequest } from './tape-work.ts';

const port = parentPort;
if (!port) throw new Error('tape-worker.ts must run in a worker thread');
const request = workerData as TapeWorkRequest;
const abort = new AbortController();
port.on('message', (m: { type?: string }) => { if (m.type === 'cancel') abort.abort(); });
const post = (m: TapeWorkerMessage): void => port.postMessage(m);
const onProgress = (progress: Parameters<NonNullable<Parameters<typeof verifyTape>[1]>['onProgress'] & object>[0]): void => post({ type: 'progress', progress });

/** Status plus whether the tape holds any data: reads at most one block, never writes. */
async function probe(target: string): Promise<TapeProbe> {
  const drive = tapeDriveFor(target);
  const status = await drive.status();
  if (!status.online || status.noTape) return { status, hasData: false };
  let hasData = false;
  try {
    await drive.open('read');
    await drive.setBlockSize(0);
    hasData = (await drive.read(new Uint8Array(1024 * 1024))) > 0;
  } catch (err) {
    // A blank tape reads as end of data (or ENOMEDIUM for a virtual tape not created yet).
    if (!(err instanceof TapeError && ['EOD', 'EIO', 'ENOMEDIUM', 'ENOMEM'].includes(err.errno))) throw err;
    hasData = err instanceof TapeError && err.errno === 'ENOMEM';
  } finally {
    await drive.close().catch(() => {});
  }
  return { status, hasData };
}

async function run(): Promise<unknown> {
  switch (request.op) {
    case 'write':
      return writeFourRecordTape(tapeDriveFor(request.target), request.images, { onProgress, signal: abort.signal });
    case 'verify':
      return verifyTape(tapeDriveFor(request.target), {
        ...(request.images ? { images: request.images } : {}),
        ...(request.expected ? { expected: request.expected } : {}),
        onProgress, signal: abort.signal,
      });
    case 'probe':
      return probe(request.target);
  }
}

run().then(
  (result) => post({ type: 'done', result }),
  (err: unknown) => post({ type: 'error', error: toErrorInfo(err) }),
);
