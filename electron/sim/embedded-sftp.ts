/** A read-only SFTP subsystem for the embedded host: enough for fetch (open, read, stat, close). */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import ssh2, { type Attributes, type SFTPWrapper } from 'ssh2';

// ssh2 is CommonJS; only some names are visible as ESM named exports, so take them from the default.
const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

function attrsOf(st: Stats): Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

/** Serves read-only SFTP requests on one session from the local file system. */
export function serveReadOnlySftp(sftp: SFTPWrapper): void {
  const handles = new Map<number, number>();
  let nextHandle = 1;
  const fdOf = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined);
  sftp.on('OPEN', (reqid, filename, flags) => {
    if (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC))
      return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'read-only');
    try {
      const fd = openSync(filename, 'r');
      const id = nextHandle++;
      handles.set(id, fd);
      const h = Buffer.alloc(4);
      h.writeUInt32BE(id, 0);
      sftp.handle(reqid, h);
    } catch {
      sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    }
  });
  sftp.on('READ', (reqid, handle, offset, len) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    const buf = Buffer.allocUnsafe(Math.min(len, 256 * 1024));
    const n = readSync(fd, buf, 0, buf.length, offset);
    if (n === 0) return sftp.status(reqid, STATUS_CODE.EOF);
    sftp.data(reqid, buf.subarray(0, n));
  });
  sftp.on('FSTAT', (reqid, handle) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    sftp.attrs(reqid, attrsOf(fstatSync(fd)));
  });
  const stat = (reqid: number, path: string) => {
    try {
      sftp.attrs(reqid, attrsOf(statSync(path)));
    } catch {
      sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    }
  };
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('CLOSE', (reqid, handle) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    closeSync(fd);
    handles.delete(handle.readUInt32BE(0));
    sftp.status(reqid, STATUS_CODE.OK);
  });
  sftp.on('close', () => {
    for (const fd of handles.values()) closeSync(fd);
    handles.clear();
  });
}
