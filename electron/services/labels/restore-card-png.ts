/** The restore card as a PNG (for screens and label printers that take images): barcode label above the card text. */
import { renderBarcodePng } from './barcode.ts';
import { LTO_LABEL_MM, mmToPx } from './lto-label.ts';
import { canvasToPng, createCanvas, drawText, pastePng, strokeRect, textWidth } from './raster-canvas.ts';
import { type RestoreCard, bootSteps, cardFields } from './restore-card.ts';
import { NOT_RESTORED_HEADING, notRestoredCaveats } from './restore-card-caveats.ts';

/** Options for the PNG. */
export interface CardPngOptions {
  /** Resolution in dots per inch (default 200). */
  dpi?: number;
  /** Draw the barcode label above the card (default true); false for the card alone. */
  label?: boolean;
}

function wrapChars(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The spine label alone, for its preview: the barcode inside its light-grey cut line at the true LTO size at `dpi`. */
export async function renderLabelPng(barcodeText: string, dpi = 200): Promise<Buffer> {
  const pad = mmToPx(3, dpi);
  const labelW = mmToPx(LTO_LABEL_MM.width, dpi);
  const labelH = mmToPx(LTO_LABEL_MM.height, dpi);
  const barcode = await renderBarcodePng(barcodeText, dpi);
  const probe = pastePng(createCanvas(1, 1), barcode, 0, 0);
  const c = createCanvas(labelW + 2 * pad, Math.max(labelH, probe.height) + 2 * pad);
  pastePngCentred(c, barcode, pad, pad, labelW, labelH);
  // The cut line last: the barcode image's white quiet zone would otherwise cover parts of it.
  strokeRect(c, pad, pad, labelW, labelH, 1, 170);
  return canvasToPng(c);
}

/** Renders the label (true LTO size at `dpi`, unless `label: false`) and the restore card to an A4-proportioned greyscale PNG. */
export async function renderRestoreCardPng(card: RestoreCard, options: CardPngOptions = {}): Promise<Buffer> {
  const dpi = options.dpi ?? 200;
  const pt = (p: number) => Math.round((p * dpi) / 72);
  const c = createCanvas(mmToPx(210, dpi), mmToPx(297, dpi));
  const margin = pt(42);
  const width = c.width - 2 * margin;
  let y = margin;

  if (options.label ?? true) {
    const labelW = mmToPx(LTO_LABEL_MM.width, dpi);
    const labelH = mmToPx(LTO_LABEL_MM.height, dpi);
    // A light grey cut line, as in the PDF: scanners must see only the bars as dark.
    const barcode = await renderBarcodePng(card.barcode, dpi);
    const placed = pastePngCentred(c, barcode, margin, y, labelW, labelH);
    // The cut line after the barcode, whose white quiet zone would otherwise cover parts of it.
    strokeRect(c, margin, y, labelW, labelH, 1, 170);
    y += Math.max(labelH, placed) + pt(30);
  } else {
    y += pt(16);
  }

  const body = pt(10);
  const line = pt(14);
  drawText(c, margin, y, `Restore card  ${card.barcode}`, pt(16));
  y += pt(24);
  for (const [label, value] of cardFields(card)) {
    drawText(c, margin, y, label, body);
    for (const l of wrapChars(value, body, width - pt(110))) {
      drawText(c, margin + pt(110), y, l, body);
      y += line;
    }
  }
  y += pt(10);
  drawText(c, margin, y, 'Tape records', pt(12));
  y += line;
  if (card.records.length === 0) {
    drawText(c, margin, y, 'No successful write recorded for this cartridge.', body);
    y += line;
  }
  for (const r of card.records) {
    drawText(c, margin, y, `${r.index}  ${r.content}  block size ${r.blockSize}  ${r.bytes} bytes`, body);
    y += line;
    drawText(c, margin + pt(16), y, r.sha256, pt(8.5));
    y += line;
  }
  y += pt(10);
  drawText(c, margin, y, 'To boot and restore from this tape', pt(12));
  y += line;
  bootSteps(card).forEach((step, i) => {
    drawText(c, margin, y, `${i + 1}.`, body);
    for (const l of wrapChars(step, body, width - pt(20))) {
      drawText(c, margin + pt(20), y, l, body);
      y += line;
    }
    y += pt(3);
  });
  // The PNG is one A4-sized image; the PDF continues on a second page. What does not fit here is said in
  // the last line, so a preview never looks complete when it is not.
  y += pt(8);
  const small = pt(9);
  const bottom = c.height - margin;
  if (y + line >= bottom) return canvasToPng(c); // no room even for the heading (never with four records)
  drawText(c, margin, y, NOT_RESTORED_HEADING, pt(12));
  y += line;
  const room = Math.floor((bottom - y) / pt(12));
  for (const l of fitCaveatLines(notRestoredCaveats(card.readiness), (t) => wrapChars(t, small, width - pt(12)), room)) {
    drawText(c, margin, y, l, small);
    y += pt(12);
  }
  return canvasToPng(c);
}

/**
 * The caveat lines (each caveat wrapped by `wrap`, with a leading "- ") that fit in `room` lines: all of
 * them, or as many whole lines as fit before a last line saying how many caveats continue in the PDF.
 */
export function fitCaveatLines(caveats: string[], wrap: (text: string) => string[], room: number): string[] {
  const lines = caveats.flatMap((text, caveat) => wrap(`- ${text}`).map((l) => ({ l, caveat })));
  if (lines.length <= room) return lines.map((x) => x.l);
  const shown = Math.max(0, room - 1);
  // Counted from the first caveat not shown in full.
  const more = caveats.length - lines[shown]!.caveat;
  return [...lines.slice(0, shown).map((x) => x.l), `... ${more} more caveat${more === 1 ? '' : 's'}: see page 2 of the PDF`];
}

// Centres the barcode image inside the label box; returns the height it used.
function pastePngCentred(c: ReturnType<typeof createCanvas>, png: Buffer, x: number, y: number, w: number, h: number): number {
  const probe = pastePng(createCanvas(1, 1), png, 0, 0);
  const ox = x + Math.max(0, Math.floor((w - probe.width) / 2));
  const oy = y + Math.max(0, Math.floor((h - probe.height) / 2));
  pastePng(c, png, ox, oy);
  return Math.max(h, probe.height);
}
