/**
 * Worker thread of OffThreadSha256 (sha256-off-thread.ts): SHA-256 of chunks the writer shares
 * with it through SharedArrayBuffers, so hashing a 1 GiB image runs beside the framing and the
 * file I/O instead of after them. Messages are handled in order, which keeps the hash in order.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** Hash `length` bytes of `buf` from `offset`; or finish the current hash and start a new one. */
export type HashRequest =
  | { id: number; op: 'update'; buf: SharedArrayBuffer; offset: number; length: number }
  | { id: number; op: 'digest' };

/** Done: the chunk may be reused; `hex` for a digest. */
export interface HashReply { id: number; hex?: string }

let hash: Hash = createHash('sha256');

parentPort?.on('message', (req: HashRequest) => {
  if (req.op === 'update') {
    hash.update(new Uint8Array(req.buf, req.offset, req.length));
    parentPort?.postMessage({ id: req.id } satisfies HashReply);
    return;
  }
  const hex = hash.digest('hex');
  hash = createHash('sha256');
  parentPort?.postMessage({ id: req.id, hex } satisfies HashReply);
});
