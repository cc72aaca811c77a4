/** How much data moves per drive call: about 1 MiB, always whole blocks (st wants 256 KiB-1 MiB writes). */

/** Target bytes per write()/read() call. */
export const CHUNK_TARGET = 1024 * 1024;

/** The largest multiple of blockSize not above CHUNK_TARGET (at least one block). */
export function chunkBytesFor(blockSize: number): number {
  if (blockSize <= 0) return CHUNK_TARGET;
  return Math.max(blockSize, Math.floor(CHUNK_TARGET / blockSize) * blockSize);
}
