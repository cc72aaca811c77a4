/** Reads `tgtimg --op show` output: the records and filemarks tgt actually stored on a cartridge image. */

/** One tape file on the cartridge: its data records' sizes in order, then whether a filemark ends it. */
export interface CartridgeFile {
  recordSizes: number[];
  bytes: number;
  endsWithFilemark: boolean;
}

/** Splits a `tgtimg --op show` listing into tape files (a trailing file without records is dropped). */
export function parseCartridge(show: string): CartridgeFile[] {
  const files: CartridgeFile[] = [];
  let current: CartridgeFile = { recordSizes: [], bytes: 0, endsWithFilemark: false };
  for (const line of show.split('\n')) {
    const data = /^\s*(?:Uncompressed|Compressed) data\(\d+\):.*\bsz (\d+)\s*$/.exec(line);
    if (data) {
      const size = Number(data[1]);
      current.recordSizes.push(size);
      current.bytes += size;
    } else if (/^\s*Filemark\(\d+\):/.test(line)) {
      current.endsWithFilemark = true;
      files.push(current);
      current = { recordSizes: [], bytes: 0, endsWithFilemark: false };
    }
  }
  if (current.recordSizes.length > 0) files.push(current);
  return files;
}

/** The distinct record sizes of a file with their counts, e.g. "512×601". */
export function recordSizeSummary(file: CartridgeFile): string {
  const counts = new Map<number, number>();
  for (const size of file.recordSizes) counts.set(size, (counts.get(size) ?? 0) + 1);
  return [...counts].map(([size, n]) => `${size}×${n}`).join(' ');
}
