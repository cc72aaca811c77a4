/** Code 39 barcodes of label text, from bwip-js: as a PNG image and as bar widths for vector drawing. */
import bwipjs from 'bwip-js';
import { SysbError } from '../../../shared/errors.ts';
import { BAR_HEIGHT_MM, MODULE_MM } from './lto-label.ts';

/** Alternating bar/space widths in modules, first and last a bar (start and stop characters included). */
export function code39Elements(text: string): number[] {
  const enc = bwipjs.raw('code39', text, { includecheck: false });
  const first = enc[0];
  if (!first || !('sbs' in first)) throw new SysbError('INTERNAL', `bwip-js returned no bars for '${text}'`);
  // bwip-js ends with the inter-character gap after the stop character; the symbol ends at its last bar.
  return first.sbs.length % 2 === 0 ? first.sbs.slice(0, -1) : first.sbs;
}

/** Renders the barcode (with its text underneath) as a PNG at `dpi`, bars sized for an LTO label. */
export async function renderBarcodePng(text: string, dpi = 300): Promise<Buffer> {
  // bwip-js draws one module as `scale` pixels; pick the whole number closest to the label's module width.
  const scale = Math.max(1, Math.round((MODULE_MM * dpi) / 25.4));
  try {
    const options: bwipjs.RenderOptions = {
      bcid: 'code39',
      text,
      includecheck: false,
      includetext: true,
      textxalign: 'center',
      textfont: 'OCR-B',
      textsize: 10,
      textyoffset: -2,
      // textyoffset < 0 keeps the text clear below the bars (a scanner needs the quiet bottom edge).
      // bwip-js takes the height in millimetres at 72 dpi before scaling.
      scale,
      height: (BAR_HEIGHT_MM * dpi) / (72 * scale),
      paddingwidth: 10,
      paddingheight: 4,
      backgroundcolor: 'FFFFFF',
    };
    // LTO labels print the text without Code 39's * start/stop; hidestars is a BWIPP option the typings lack.
    return await bwipjs.toBuffer(Object.assign(options, { hidestars: true }));
  } catch (err) {
    throw new SysbError('INVALID_INPUT', `cannot draw a Code 39 barcode of '${text}': ${err instanceof Error ? err.message : String(err)}`);
  }
}
