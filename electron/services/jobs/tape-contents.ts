/** What is on a tape, for the app's "what is on this tape" card: an identification in the contract's words. */
import type { TapeContents } from '../../../shared/model.ts';
import type { TapeIdentity } from './identify-tape.ts';

/** The card's data from an identification, or "not read" (with why) when the tape was not read. */
export function tapeContentsOf(target: string, id: TapeIdentity | undefined, whyNotRead = 'the tape was not read'): TapeContents {
  if (!id) return { target, kind: 'not-read', host: null, osLevel: null, backupDate: null, cartridge: null, summary: whyNotRead };
  const d = id.reading.imageData;
  const best = id.matches[0];
  return {
    target,
    kind: id.contents,
    host: d?.hostname ?? null,
    osLevel: d?.serviceLevel ?? d?.osLevel ?? null,
    backupDate: d?.backupDate ?? null,
    cartridge: best ? { volser: best.volser, barcode: best.barcode, writeId: best.writeId } : null,
    summary: id.summary,
  };
}
