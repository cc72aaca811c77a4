/** The one-page printable PDF: the LTO barcode label (vector bars, true size) above the restore card. */
import {
  type PDFFont,
  type PDFPage,
  PDFDocument,
  PageSizes,
  StandardFonts,
  beginMarkedContent,
  endMarkedContent,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingGrayscaleColor,
} from 'pdf-lib';
import { code39Elements } from './barcode.ts';
import { BAR_HEIGHT_MM, LTO_LABEL_MM, MODULE_MM, mmToPt } from './lto-label.ts';
import { type RestoreCard, bootSteps, cardFields } from './restore-card.ts';
import { NOT_RESTORED_HEADING, notRestoredCaveats } from './restore-card-caveats.ts';

/** The marked-content tag around the barcode bars, so tools (and tests) can find them in the page. */
export const BARCODE_TAG = 'Barcode';

const MARGIN = 42;

// The standard PDF fonts only cover WinAnsi; anything else prints as '?', never as an exception mid-print.
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws the barcode label with its bottom-left corner at x, y (points), at the LTO label's true size. */
export function drawLabel(page: PDFPage, x: number, y: number, barcode: string, font: PDFFont): void {
  const w = mmToPt(LTO_LABEL_MM.width);
  const h = mmToPt(LTO_LABEL_MM.height);
  page.drawRectangle({ x, y, width: w, height: h, borderColor: rgb(0.5, 0.5, 0.5), borderWidth: 0.5, borderDashArray: [3, 2] });
  const elements = code39Elements(barcode);
  const module = mmToPt(MODULE_MM);
  const barsWidth = elements.reduce((a, b) => a + b, 0) * module;
  const barH = mmToPt(BAR_HEIGHT_MM);
  const barY = y + h - barH - 4;
  let pen = x + (w - barsWidth) / 2;
  const ops = [pushGraphicsState(), beginMarkedContent(BARCODE_TAG), setFillingGrayscaleColor(0)];
  elements.forEach((width, i) => {
    if (i % 2 === 0) ops.push(rectangle(pen, barY, width * module, barH));
    pen += width * module;
  });
  ops.push(fill(), endMarkedContent(), popGraphicsState());
  page.pushOperators(...ops);
  const size = 9;
  page.drawText(barcode, { x: x + (w - font.widthOfTextAtSize(barcode, size)) / 2, y: y + 3, size, font });
}

/** What goes on the page: the label above the card (the CLI's one sheet), or the card alone. */
export interface CardPdfOptions {
  /** Print the barcode label above the card (default true); false for the card alone, printed apart from the label. */
  label?: boolean;
}

async function newDocument(title: string, printedAt: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('SysbTape');
  doc.setCreationDate(new Date(printedAt));
  doc.setModificationDate(new Date(printedAt));
  return doc;
}

// The cut-line note and the label at its true size, at the top of a page; returns the y below it.
function drawLabelBlock(page: PDFPage, barcode: string, regular: PDFFont, monoBold: PDFFont): number {
  let y = page.getHeight() - MARGIN;
  page.drawText('Cartridge label - cut along the dashed line, apply to the label recess', {
    x: MARGIN,
    y: y - 8,
    size: 8,
    font: regular,
    color: rgb(0.35, 0.35, 0.35),
  });
  y -= 14 + mmToPt(LTO_LABEL_MM.height);
  drawLabel(page, MARGIN, y, barcode, monoBold);
  return y;
}

/**
 * The spine label alone: one A4 page with the barcode label at its true LTO size in the top-left corner
 * (print at 100 %, cut along the dashed line), printed apart from the restore card.
 */
export async function renderLabelPdf(card: Pick<RestoreCard, 'barcode' | 'printedAt'>): Promise<Uint8Array> {
  const doc = await newDocument(`SysbTape label ${card.barcode}`, card.printedAt);
  const page = doc.addPage(PageSizes.A4);
  const [regular, monoBold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.CourierBold)]);
  drawLabelBlock(page, card.barcode, regular, monoBold);
  return doc.save();
}

/** Renders the restore card (with the label above it unless `label: false`) to an A4 PDF, continued on a second page if needed. */
export async function renderRestoreCardPdf(card: RestoreCard, options: CardPdfOptions = {}): Promise<Uint8Array> {
  const withLabel = options.label ?? true;
  const doc = await newDocument(`SysbTape restore card ${card.barcode}`, card.printedAt);
  const page = doc.addPage(PageSizes.A4);
  const [regular, bold, mono, monoBold] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
    doc.embedFont(StandardFonts.CourierBold),
  ]);
  const width = page.getWidth() - 2 * MARGIN;
  let y = withLabel ? drawLabelBlock(page, card.barcode, regular, monoBold) - 34 : page.getHeight() - MARGIN - 16;

  page.drawText(printable(`Restore card  ${card.barcode}`), { x: MARGIN, y, size: 16, font: bold });
  y -= 22;
  for (const [label, value] of cardFields(card)) {
    page.drawText(label, { x: MARGIN, y, size: 10, font: bold });
    for (const line of wrap(value, regular, 10, width - 95)) {
      page.drawText(line, { x: MARGIN + 95, y, size: 10, font: regular });
      y -= 13;
    }
  }
  y -= 10;

  page.drawText('Tape records', { x: MARGIN, y, size: 12, font: bold });
  y -= 15;
  const cols = [0, 28, 150, 215, 290];
  ['Rec', 'Content', 'Block size', 'Bytes', 'SHA-256'].forEach((h, i) =>
    page.drawText(h, { x: MARGIN + cols[i]!, y, size: 9, font: bold }),
  );
  y -= 12;
  if (card.records.length === 0) {
    page.drawText('No successful write recorded for this cartridge.', { x: MARGIN, y, size: 9, font: regular });
    y -= 12;
  }
  for (const r of card.records) {
    const cells = [String(r.index), r.content, String(r.blockSize), String(r.bytes)];
    cells.forEach((t, i) => page.drawText(t, { x: MARGIN + cols[i]!, y, size: 9, font: regular }));
    page.drawText(r.sha256.slice(0, 32), { x: MARGIN + cols[4]!, y, size: 7.5, font: mono });
    page.drawText(r.sha256.slice(32), { x: MARGIN + cols[4]!, y: y - 9, size: 7.5, font: mono });
    y -= 21;
  }
  y -= 10;

  page.drawText('To boot and restore from this tape', { x: MARGIN, y, size: 12, font: bold });
  y -= 15;
  bootSteps(card).forEach((step, i) => {
    page.drawText(`${i + 1}.`, { x: MARGIN, y, size: 10, font: bold });
    for (const line of wrap(step, regular, 10, width - 16)) {
      page.drawText(line, { x: MARGIN + 16, y, size: 10, font: regular });
      y -= 13;
    }
    y -= 3;
  });

  page.drawText(printable(`Printed ${card.printedAt} by SysbTape from its catalog.`), {
    x: MARGIN,
    y: MARGIN - 12,
    size: 7,
    font: regular,
    color: rgb(0.4, 0.4, 0.4),
  });

  // The caveats may not fit under the boot steps: they continue on a second page rather than run off the first.
  let at = { page, y: y - 8 };
  const room = (needed: number) => {
    if (at.y - needed >= MARGIN) return;
    at = { page: doc.addPage(PageSizes.A4), y: doc.getPage(0).getHeight() - MARGIN };
  };
  room(30);
  at.page.drawText(NOT_RESTORED_HEADING, { x: MARGIN, y: at.y, size: 12, font: bold });
  at.y -= 15;
  for (const text of notRestoredCaveats(card.readiness)) {
    const lines = wrap(text, regular, 9, width - 12);
    room(lines.length * 11);
    at.page.drawText('-', { x: MARGIN, y: at.y, size: 9, font: bold });
    for (const line of lines) {
      at.page.drawText(line, { x: MARGIN + 12, y: at.y, size: 9, font: regular });
      at.y -= 11;
    }
    at.y -= 2;
  }
  return doc.save();
}
