/** Writes a cartridge's label files: the printable PDF, the full card PNG and the bare barcode PNG. */
import fs from 'node:fs';
import path from 'node:path';
import { renderBarcodePng } from './barcode.ts';
import type { RestoreCard } from './restore-card.ts';
import { renderRestoreCardPdf } from './restore-card-pdf.ts';
import { renderRestoreCardPng } from './restore-card-png.ts';

/** Which label files to write. */
export type LabelFormat = 'pdf' | 'png';

/** Paths of the files written. */
export interface LabelFiles {
  pdf?: string;
  png?: string;
  barcodePng?: string;
}

/** Writes <BARCODE>.pdf, <BARCODE>.png and <BARCODE>-barcode.png (300 dpi) into `dir`. */
export async function writeLabelFiles(card: RestoreCard, dir: string, formats: readonly LabelFormat[] = ['pdf', 'png']): Promise<LabelFiles> {
  fs.mkdirSync(dir, { recursive: true });
  const out: LabelFiles = {};
  const put = (name: string, data: Uint8Array) => {
    const file = path.join(dir, name);
    // Write then rename, so a printer spool never picks up half a file.
    fs.writeFileSync(`${file}.partial`, data);
    fs.renameSync(`${file}.partial`, file);
    return file;
  };
  if (formats.includes('pdf')) out.pdf = put(`${card.barcode}.pdf`, await renderRestoreCardPdf(card));
  if (formats.includes('png')) {
    out.png = put(`${card.barcode}.png`, await renderRestoreCardPng(card));
    out.barcodePng = put(`${card.barcode}-barcode.png`, await renderBarcodePng(card.barcode, 300));
  }
  return out;
}
