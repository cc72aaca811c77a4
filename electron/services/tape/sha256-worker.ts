/**
 * Worker thread of OffThreadSha256 (sha256-off-thread.ts): SHA-256 of chunks the writer moves to it
 * (transferred ArrayBuffers, no copy) and gets back, so hashing a 1 GiB image runs beside reading and
 * framing the next chunks instead of after them. Messages are handled in order, which keeps the hash
 * in order.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** Hash the first `length` bytes of `buf`; or finish the current hash and start a new one. */
export type HashRequest = { id: number; op: 'update'; buf: ArrayBuffer; length: number } | { id: number; op: 'digest' };

/** Done: `buf` comes back to the caller (update); `hex` for a digest. */
export interface HashReply {
  id: number;
  buf?: ArrayBuffer;
  hex?: string;
}

let hash: Hash = createHash('sha256');

parentPort?.on('message', (req: HashRequest) => {
  if (req.op === 'update') {
    hash.update(new Uint8Array(req.buf, 0, req.length));
    parentPort?.postMessage({ id: req.id, buf: req.buf } satisfies HashReply, [req.buf]);
    return;
  }
  const hex = hash.digest('hex');
  hash = createHash('sha256');
  parentPort?.postMessage({ id: req.id, hex } satisfies HashReply);
});
