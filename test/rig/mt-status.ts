/** Parses `mt-st status` text (mt-st 1.7): the independent view of drive state the rig compares against. */

/** What `mt-st status` reported. fileNumber/blockNumber are -1 when the driver does not know. */
export interface MtStatus {
  fileNumber: number;
  blockNumber: number;
  blockSize: number;
  /** mt_gstat as printed in "General status bits on (HEX)". */
  gstat: number;
  flags: string[];
}

/** Parses one `mt-st status` output; throws when the text is not one. */
export function parseMtStatus(text: string): MtStatus {
  const pos = /File number=(-?\d+), block number=(-?\d+)/.exec(text);
  const blk = /Tape block size (\d+) bytes/.exec(text);
  const bits = /General status bits on \(([0-9a-f]+)\):\s*\n([^\n]*)/i.exec(text);
  if (!pos || !blk || !bits) throw new Error(`not mt-st status output:\n${text}`);
  return {
    fileNumber: Number(pos[1]),
    blockNumber: Number(pos[2]),
    blockSize: Number(blk[1]),
    gstat: Number.parseInt(bits[1]!, 16),
    flags: bits[2]!.trim().split(/\s+/).filter(Boolean),
  };
}
