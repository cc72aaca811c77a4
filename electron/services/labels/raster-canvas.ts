/** A small greyscale raster for the printable PNG: rectangles, pasted PNGs and OCR-B text (glyphs from bwip-js). */
import bwipjs from 'bwip-js';
import { PNG } from 'pngjs';

/** A white greyscale page of `width` × `height` pixels (0 = black, 255 = white). */
export interface RasterCanvas {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A blank white canvas. */
export function createCanvas(width: number, height: number): RasterCanvas {
  return { width, height, pixels: new Uint8Array(width * height).fill(255) };
}

/** Fills a rectangle with a grey level. */
export function fillRect(c: RasterCanvas, x: number, y: number, w: number, h: number, grey = 0): void {
  for (let yy = Math.max(0, y); yy < Math.min(c.height, y + h); yy++) {
    c.pixels.fill(grey, yy * c.width + Math.max(0, x), yy * c.width + Math.min(c.width, x + w));
  }
}

/** Draws a rectangle outline `t` pixels thick in a grey level. */
export function strokeRect(c: RasterCanvas, x: number, y: number, w: number, h: number, t = 1, grey = 0): void {
  fillRect(c, x, y, w, t, grey);
  fillRect(c, x, y + h - t, w, t, grey);
  fillRect(c, x, y, t, h, grey);
  fillRect(c, x + w - t, y, t, h, grey);
}

/** Pastes a PNG (converted to grey) with its top-left corner at x, y. */
export function pastePng(c: RasterCanvas, png: Buffer, x: number, y: number): { width: number; height: number } {
  const img = PNG.sync.read(png);
  for (let yy = 0; yy < img.height; yy++) {
    for (let xx = 0; xx < img.width; xx++) {
      const tx = x + xx;
      const ty = y + yy;
      if (tx < 0 || ty < 0 || tx >= c.width || ty >= c.height) continue;
      const i = (yy * img.width + xx) * 4;
      const grey = Math.round(0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!);
      const a = img.data[i + 3]! / 255;
      const at = ty * c.width + tx;
      c.pixels[at] = Math.round(grey * a + c.pixels[at]! * (1 - a));
    }
  }
  return { width: img.width, height: img.height };
}

const OCRB = bwipjs.FontLib.lookup('OCR-B');

/** Draws text in OCR-B with its baseline at y and `size` pixels em height; returns the advance in pixels. */
export function drawText(c: RasterCanvas, x: number, y: number, text: string, size: number): number {
  let pen = x;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    const g = bwipjs.FontLib.getglyph(OCRB, code < 127 ? code : 63, size, size);
    for (let gy = 0; gy < g.height; gy++) {
      for (let gx = 0; gx < g.width; gx++) {
        const cover = g.bytes[g.offset + gy * g.width + gx]!;
        if (cover === 0) continue;
        const tx = pen + g.left + gx;
        const ty = y - g.top + gy;
        if (tx < 0 || ty < 0 || tx >= c.width || ty >= c.height) continue;
        const at = ty * c.width + tx;
        c.pixels[at] = Math.min(c.pixels[at]!, 255 - cover);
      }
    }
    pen += g.advance;
  }
  return pen - x;
}

/** Width of text in OCR-B at `size` pixels. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += bwipjs.FontLib.getglyph(OCRB, Math.min(ch.codePointAt(0) ?? 63, 126), size, size).advance;
  return w;
}

/** Encodes the canvas as a greyscale PNG. */
export function canvasToPng(c: RasterCanvas): Buffer {
  const png = new PNG({ width: c.width, height: c.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(c.pixels);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
