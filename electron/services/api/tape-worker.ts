/** Worker thread for tape work: write, verify, probe. See worker-runner.ts for the protocol. */
import { writeFourRecordTape } from '../tape/four-record-writer.ts';
import { tapeDriveFor } from '../tape/open-tape-drive.ts';
import { TapeError } from '../tape/tape-error.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import { verifyTape } from '../tape/tape-verifier.ts';
import type { TapeProbe, TapeWorkRequest } from './tape-work.ts';
import { serveWorker } from './worker-port.ts';

/** Status plus whether the tape holds any data: reads at most one block, never writes. */
async function probe(target: string): Promise<TapeProbe> {
  const drive = tapeDriveFor(target);
  const status = await drive.status();
  if (!status.online || status.noTape) return { status, hasData: false, capacityBytes: null };
  const capacityBytes = (await drive.capacity())?.bytes ?? null;
  let hasData: boolean;
  try {
    await drive.open('read');
    await drive.setBlockSize(0);
    hasData = (await drive.read(new Uint8Array(1024 * 1024))) > 0;
  } catch (err) {
    // A blank tape reads as end of data; a virtual tape not created yet has no medium.
    if (!(err instanceof TapeError && ['EOD', 'EIO', 'ENOMEDIUM', 'ENOMEM'].includes(err.errno))) throw err;
    hasData = err.errno === 'ENOMEM';
  } finally {
    await drive.close().catch(() => {});
  }
  return { status, hasData, capacityBytes };
}

serveWorker<TapeWorkRequest, TapeProgress>(async ({ request, signal, progress }) => {
  switch (request.op) {
    case 'write':
      return writeFourRecordTape(tapeDriveFor(request.target), request.images, { onProgress: progress, signal });
    case 'verify':
      return verifyTape(tapeDriveFor(request.target), {
        ...(request.images ? { images: request.images } : {}),
        ...(request.expected ? { expected: request.expected } : {}),
        onProgress: progress, signal,
      });
    case 'probe':
      return probe(request.target);
  }
});
