/**
 * How much data moves per drive call, always whole blocks. A drive names its own limit
 * (TapeDrive.transferBytes): st wants 256 KiB-1 MiB per read()/write(); a .tap file is fastest
 * with a few MiB per call, since every call is a hand-off to the thread pool.
 */

/** Default bytes per call when a drive names no limit. */
export const CHUNK_TARGET = 1024 * 1024;

/** The largest multiple of blockSize not above `target` (at least one block). */
export function chunkBytesFor(blockSize: number, target = CHUNK_TARGET): number {
  if (blockSize <= 0) return target;
  return Math.max(blockSize, Math.floor(target / blockSize) * blockSize);
}
