/** Writes a cartridge's label files: the printable PDF, the full card PNG and the bare barcode PNG. */
import fs from 'node:fs';
import path from 'node:path';
import { renderBarcodePng } from './barcode.ts';
import type { RestoreCard } from './restore-card.ts';
import { renderLabelPdf, renderRestoreCardPdf } from './restore-card-pdf.ts';
import { renderRestoreCardPng } from './restore-card-png.ts';

/** Which label files to write. */
export type LabelFormat = 'pdf' | 'png';

/** What to print: the label and the card on one sheet (`both`), or each alone, to print separately. */
export type LabelPart = 'both' | 'label' | 'card';

/** The parts a caller may name. */
export const LABEL_PARTS: readonly LabelPart[] = ['both', 'label', 'card'];

/** Paths of the files written. */
export interface LabelFiles {
  pdf?: string;
  png?: string;
  barcodePng?: string;
  /** <BARCODE>-label.pdf: the spine label alone. */
  labelPdf?: string;
  /** <BARCODE>-card.pdf: the restore card alone. */
  cardPdf?: string;
  /** <BARCODE>-card.png: the restore card alone, 200 dpi. */
  cardPng?: string;
}

/**
 * Writes into `dir`: for `both` (the default) <BARCODE>.pdf, <BARCODE>.png and <BARCODE>-barcode.png (300 dpi);
 * for `label` <BARCODE>-label.pdf and <BARCODE>-barcode.png; for `card` <BARCODE>-card.pdf and <BARCODE>-card.png.
 */
export async function writeLabelFiles(
  card: RestoreCard,
  dir: string,
  formats: readonly LabelFormat[] = ['pdf', 'png'],
  part: LabelPart = 'both',
): Promise<LabelFiles> {
  fs.mkdirSync(dir, { recursive: true });
  const out: LabelFiles = {};
  const put = (name: string, data: Uint8Array) => {
    const file = path.join(dir, name);
    // Write then rename, so a printer spool never picks up half a file.
    fs.writeFileSync(`${file}.partial`, data);
    fs.renameSync(`${file}.partial`, file);
    return file;
  };
  if (part === 'label') {
    if (formats.includes('pdf')) out.labelPdf = put(`${card.barcode}-label.pdf`, await renderLabelPdf(card));
    if (formats.includes('png')) out.barcodePng = put(`${card.barcode}-barcode.png`, await renderBarcodePng(card.barcode, 300));
    return out;
  }
  if (part === 'card') {
    if (formats.includes('pdf')) out.cardPdf = put(`${card.barcode}-card.pdf`, await renderRestoreCardPdf(card, { label: false }));
    if (formats.includes('png')) out.cardPng = put(`${card.barcode}-card.png`, await renderRestoreCardPng(card, { label: false }));
    return out;
  }
  if (formats.includes('pdf')) out.pdf = put(`${card.barcode}.pdf`, await renderRestoreCardPdf(card));
  if (formats.includes('png')) {
    out.png = put(`${card.barcode}.png`, await renderRestoreCardPng(card));
    out.barcodePng = put(`${card.barcode}-barcode.png`, await renderBarcodePng(card.barcode, 300));
  }
  return out;
}
