/**
 * A private key file is read only when it is a regular file of at most 64 KiB: `--key /dev/zero`
 * once made `server check` read until it had 17 GB in memory. The size is checked on the open
 * handle (no race with a rename), and the read stops one byte past the limit whatever stat said.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { SysbError } from '../../../shared/errors.ts';

/** The largest key file accepted (an RSA 16384-bit key in PEM is about 12 KiB). */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

function badKey(path: string, why: string): SysbError {
  return new SysbError(
    'INVALID_INPUT',
    `key file ${path} ${why}; give the path of a private key file (at most ${MAX_KEY_FILE_BYTES / 1024} KiB)`,
  );
}

/**
 * Reads a private key file after checking it is a regular file of at most MAX_KEY_FILE_BYTES;
 * throws INVALID_INPUT naming the path otherwise (missing files and permission errors included).
 */
export async function readKeyFile(path: string): Promise<Buffer> {
  if (path === '') throw badKey('(empty path)', 'is not set');
  // O_NONBLOCK: opening a FIFO must not wait for a writer before we can see that it is not a file.
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((err: NodeJS.ErrnoException) => {
    throw badKey(path, err.code === 'ENOENT' ? 'does not exist' : `cannot be opened (${err.code ?? err.message})`);
  });
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw badKey(path, `is not a regular file (it is a ${fileKind(st)})`);
    if (st.size > MAX_KEY_FILE_BYTES) throw badKey(path, `is ${st.size} bytes, larger than any private key`);
    const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > MAX_KEY_FILE_BYTES) throw badKey(path, 'grew past the size limit while it was read');
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Checks a key file without keeping its bytes (for `server add` and the app's addServer). */
export async function checkKeyFile(path: string, opts: { requireAbsolute?: boolean } = {}): Promise<void> {
  if (opts.requireAbsolute && !isAbsolute(path)) throw badKey(path, 'is not an absolute path');
  await readKeyFile(path);
}

function fileKind(st: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'directory';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  return 'special file';
}
