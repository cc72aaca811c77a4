/** POSIX `cksum` (CRC-32 with polynomial 0x04C11DB7, length appended), for servers with no SHA-256 tool. */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** Incremental POSIX cksum. */
export class PosixCksum {
  private crc = 0;
  private length = 0;

  /** Adds bytes. */
  update(data: Uint8Array): this {
    let crc = this.crc;
    for (let i = 0; i < data.length; i++) crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]!) & 0xff]!) >>> 0;
    this.crc = crc;
    this.length += data.length;
    return this;
  }

  /** The value cksum prints first. */
  digest(): number {
    let crc = this.crc;
    for (let n = this.length; n > 0; n = Math.floor(n / 256)) crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ (n & 0xff)) & 0xff]!) >>> 0;
    return ~crc >>> 0;
  }
}
