/**
 * Worker thread that performs tape ioctls through koffi. Why koffi in a worker (see
 * ../shared/reference/linux-tape.md §2): koffi ships prebuilt binaries for Node and Electron (no
 * compiler, no per-ABI rebuild, unlike the `ioctl` npm package); a rewind or MTWEOF can take
 * minutes, so the blocking call runs here instead of on the main event loop; and errno is per
 * thread, so it is read right after the call on this same thread. ioctl is declared non-variadic
 * (fine on Linux x86_64/arm64) with a byte-buffer argument laid out per st-ioctl.ts.
 */
import { parentPort } from 'node:worker_threads';
import koffi from 'koffi';

/** A request from the drive: one ioctl on an fd the main thread opened (fds are process-wide). */
export interface IoctlRequest {
  id: number;
  fd: number;
  request: number;
  arg: Uint8Array;
}
/** The answer: return value, errno when it failed, and the argument buffer as the kernel left it. */
export interface IoctlReply {
  id: number;
  rc: number;
  errno: number;
  arg: Uint8Array;
}

const libc = koffi.load('libc.so.6');
const ioctl = libc.func('int ioctl(int fd, unsigned long request, _Inout_ uint8_t *arg)');

parentPort?.on('message', (req: IoctlRequest) => {
  const arg = Buffer.from(req.arg);
  const rc = ioctl(req.fd, req.request, arg) as number;
  const errno = rc < 0 ? koffi.errno() : 0;
  const reply: IoctlReply = { id: req.id, rc, errno, arg };
  parentPort?.postMessage(reply);
});
