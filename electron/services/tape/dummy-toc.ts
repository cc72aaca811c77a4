/** Record 3 of a bootable mksysb tape: one 512-byte block, "Dummy tape TOC\n" and NULs (aix-formats.md §1). */
import { AIX_BLOCK_SIZE } from './tape-drive.ts';

/** The text mksysb puts in record 3 (echo "Dummy tape TOC" | dd bs=512 conv=sync). */
export const DUMMY_TOC_TEXT = 'Dummy tape TOC\n';

/** A fresh copy of the record-3 block. */
export function dummyTocBlock(): Buffer {
  const block = Buffer.alloc(AIX_BLOCK_SIZE);
  block.write(DUMMY_TOC_TEXT, 'latin1');
  return block;
}
