/**
 * Worker thread that sends SCSI commands through the Linux SG_IO ioctl on a /dev/sgN fd, with koffi —
 * for the same reasons as ../st-ioctl-worker.ts: no compiler or per-ABI rebuild, a blocking call off
 * the main event loop, and errno read on the thread that made the call. The kernel's own command
 * timeout (sg_io_hdr.timeout) bounds each call; sg-io.ts adds a guard around the worker as well.
 */
import { parentPort } from 'node:worker_threads';
import koffi from 'koffi';

/** One data-in, data-out (dataOut given) or no-data command on an fd the main thread opened. */
export interface SgIoRequest {
  id: number;
  fd: number;
  cdb: Uint8Array;
  dataInLength: number;
  dataOut?: Uint8Array;
  timeoutMs: number;
}
/** What came back: ioctl result, SCSI status, transport statuses, sense and data-in bytes. */
export interface SgIoReply {
  id: number;
  rc: number;
  errno: number;
  status: number;
  hostStatus: number;
  driverStatus: number;
  resid: number;
  sense: Uint8Array;
  data: Uint8Array;
}

/** <scsi/sg.h>: SG_IO request number and data directions. */
const SG_IO = 0x2285;
const SG_DXFER_NONE = -1;
const SG_DXFER_TO_DEV = -2;
const SG_DXFER_FROM_DEV = -3;
const SENSE_BYTES = 64;

// struct sg_io_hdr as in <scsi/sg.h>; koffi lays it out with the platform's C alignment.
const SgIoHdr = koffi.struct('sg_io_hdr', {
  interface_id: 'int',
  dxfer_direction: 'int',
  cmd_len: 'uint8_t',
  mx_sb_len: 'uint8_t',
  iovec_count: 'uint16_t',
  dxfer_len: 'uint32_t',
  dxferp: 'void *',
  cmdp: 'void *',
  sbp: 'void *',
  timeout: 'uint32_t',
  flags: 'uint32_t',
  pack_id: 'int',
  usr_ptr: 'void *',
  status: 'uint8_t',
  masked_status: 'uint8_t',
  msg_status: 'uint8_t',
  sb_len_wr: 'uint8_t',
  host_status: 'uint16_t',
  driver_status: 'uint16_t',
  resid: 'int',
  duration: 'uint32_t',
  info: 'uint32_t',
});
interface SgIoHdrValue {
  status: number;
  sb_len_wr: number;
  host_status: number;
  driver_status: number;
  resid: number;
}

const libc = koffi.load('libc.so.6');
// Declared non-variadic, like the st worker (fine on Linux x86_64/arm64); koffi copies the header back into hdr.
const ioctl = libc.func('ioctl', 'int', ['int', 'unsigned long', koffi.inout(koffi.pointer(SgIoHdr))]);

parentPort?.on('message', (req: SgIoRequest) => {
  const cdb = koffi.alloc('uint8_t', req.cdb.length);
  const sense = koffi.alloc('uint8_t', SENSE_BYTES);
  const out = req.dataOut && req.dataOut.length > 0 ? req.dataOut : undefined;
  const length = out ? out.length : req.dataInLength;
  const data = length > 0 ? koffi.alloc('uint8_t', length) : null;
  try {
    koffi.encode(cdb, 'uint8_t', Array.from(req.cdb), req.cdb.length);
    if (out) koffi.encode(data, 'uint8_t', Array.from(out), out.length);
    const direction = out ? SG_DXFER_TO_DEV : data ? SG_DXFER_FROM_DEV : SG_DXFER_NONE;
    const hdr = {
      interface_id: 'S'.charCodeAt(0),
      dxfer_direction: direction,
      cmd_len: req.cdb.length,
      mx_sb_len: SENSE_BYTES,
      iovec_count: 0,
      dxfer_len: length,
      dxferp: data,
      cmdp: cdb,
      sbp: sense,
      timeout: req.timeoutMs,
      flags: 0,
      pack_id: 0,
      usr_ptr: null,
      status: 0,
      masked_status: 0,
      msg_status: 0,
      sb_len_wr: 0,
      host_status: 0,
      driver_status: 0,
      resid: 0,
      duration: 0,
      info: 0,
    };
    const rc = ioctl(req.fd, SG_IO, hdr) as number;
    const errno = rc < 0 ? koffi.errno() : 0;
    const back = hdr as unknown as SgIoHdrValue;
    const got = data && !out ? Math.max(0, req.dataInLength - back.resid) : 0;
    const reply: SgIoReply = {
      id: req.id,
      rc,
      errno,
      status: back.status,
      hostStatus: back.host_status,
      driverStatus: back.driver_status,
      resid: back.resid,
      sense:
        rc < 0 ? new Uint8Array() : Uint8Array.from(koffi.decode(sense, 'uint8_t', SENSE_BYTES) as Uint8Array).subarray(0, back.sb_len_wr),
      data: data && got > 0 && rc >= 0 ? Uint8Array.from(koffi.decode(data, 'uint8_t', got) as Uint8Array) : new Uint8Array(),
    };
    parentPort?.postMessage(reply);
  } finally {
    koffi.free(cdb);
    koffi.free(sense);
    if (data) koffi.free(data);
  }
});
