/**
 * renderLabel: the cartridge's spine label and restore card as PDFs (saved) and PNGs (previewed);
 * printLabel: prints one of the two PDFs through the main process's printer.
 */
import { readFile } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { PdfPrinter } from '../labels/pdf-printer.ts';
import { restoreCardFor } from '../labels/restore-card.ts';
import { renderLabelPng } from '../labels/restore-card-png.ts';
import { writeLabelFiles } from '../labels/write-labels.ts';

const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;

/** Builds the label handlers; files go to `labelsDir`; without a printer, printLabel answers UNAVAILABLE. */
export function labelHandlers(catalog: Catalog, labelsDir: string, printer?: PdfPrinter): Pick<ApiHandlers, 'renderLabel' | 'printLabel'> {
  return {
    renderLabel: async ({ volser }) => {
      const card = restoreCardFor(catalog, volser);
      // The one-sheet PDF stays where `sysbtape tape label` and earlier versions put it.
      const sheet = await writeLabelFiles(card, labelsDir, ['pdf'], 'both');
      const label = await writeLabelFiles(card, labelsDir, ['pdf'], 'label');
      const cardFiles = await writeLabelFiles(card, labelsDir, ['pdf', 'png'], 'card');
      if (!sheet.pdf || !label.labelPdf || !cardFiles.cardPdf || !cardFiles.cardPng)
        throw new SysbError('INTERNAL', 'the label files were not written');
      return {
        volser: card.volser,
        pdfPath: sheet.pdf,
        label: { pdfPath: label.labelPdf, pngDataUrl: dataUrl(await renderLabelPng(card.barcode)) },
        card: { pdfPath: cardFiles.cardPdf, pngDataUrl: dataUrl(await readFile(cardFiles.cardPng)) },
      };
    },
    printLabel: async ({ volser, part }) => {
      if (!printer) throw new SysbError('UNAVAILABLE', 'no printer here: open the PDF in the labels folder and print it from a PDF viewer');
      // Rendered now from the catalog, so what prints is what was last saved (shelf, retention, verification).
      const card = restoreCardFor(catalog, volser);
      // The window disables the buttons after a failed verification; the API holds the same line for any caller.
      if (card.lastVerification?.verdict === 'fail') {
        throw new SysbError(
          'TAPE_NOT_VERIFIED',
          `${card.volser} failed its last verification (${card.lastVerification.at}): no label or card is printed for it; verify it again or write it again first`,
        );
      }
      const files = await writeLabelFiles(card, labelsDir, ['pdf'], part);
      const pdfPath = part === 'label' ? files.labelPdf : files.cardPdf;
      if (!pdfPath) throw new SysbError('INTERNAL', `the ${part} PDF was not written`);
      const title = part === 'label' ? `SysbTape label ${card.barcode}` : `SysbTape restore card ${card.barcode}`;
      return { volser: card.volser, part, pdfPath, ...(await printer.print(pdfPath, title)) };
    },
  };
}
