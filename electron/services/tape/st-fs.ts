/**
 * The data path of a Linux st drive: open/read/write/close with no file position (st refuses
 * pread/pwrite with ESPIPE). Behind an interface so tests can record the call sequence.
 */
import fs from 'node:fs';

/** Plain file-descriptor I/O on a character device. */
export interface StFs {
  open(path: string, flags: number): Promise<number>;
  read(fd: number, buf: Uint8Array, offset: number, length: number): Promise<number>;
  write(fd: number, buf: Uint8Array, offset: number, length: number): Promise<number>;
  close(fd: number): Promise<void>;
}

/** open(2) flags the drive uses. */
export const O_FLAGS = {
  probe: fs.constants.O_RDONLY | fs.constants.O_NONBLOCK,
  read: fs.constants.O_RDONLY,
  write: fs.constants.O_RDWR,
} as const;

/** StFs on node:fs (libuv thread pool, position null = plain read/write). */
export const nodeStFs: StFs = {
  open: (path, flags) => new Promise((resolve, reject) => fs.open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd)))),
  read: (fd, buf, offset, length) =>
    new Promise((resolve, reject) => fs.read(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n)))),
  write: (fd, buf, offset, length) =>
    new Promise((resolve, reject) => fs.write(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n)))),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve()))),
};
