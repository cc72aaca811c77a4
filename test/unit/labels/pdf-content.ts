/** Reads the drawing operators of a PDF page for tests: decoded content stream text and the shown strings. */
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

/** The page count and the decoded content stream of the first page. */
export async function firstPageContent(bytes: Uint8Array): Promise<{ pages: number; content: string; width: number; height: number }> {
  const doc = await PDFDocument.load(bytes);
  const page = doc.getPage(0);
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  let content = '';
  for (const ref of refs) {
    const stream = doc.context.lookup(ref);
    if (stream instanceof PDFRawStream) content += Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  }
  return { pages: doc.getPageCount(), content, width: page.getWidth(), height: page.getHeight() };
}

/** Every string shown with Tj (pdf-lib writes them as hex), decoded. */
export function shownText(content: string): string[] {
  return [...content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'));
}

/** The `x y w h re` rectangles inside a marked-content section `/TAG BMC … EMC`. */
export function markedRects(content: string, tag: string): { x: number; y: number; w: number; h: number }[] {
  const start = content.indexOf(`/${tag} BMC`);
  if (start < 0) return [];
  const section = content.slice(start, content.indexOf('EMC', start));
  return [...section.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
  }));
}

/** Bar and gap widths from bar rectangles on one line, as whole multiples of the narrowest. */
export function runsFromRects(rects: { x: number; w: number }[]): number[] {
  const bars = [...rects].sort((a, b) => a.x - b.x);
  const raw: number[] = [];
  bars.forEach((b, i) => {
    if (i > 0) raw.push(b.x - (bars[i - 1]!.x + bars[i - 1]!.w));
    raw.push(b.w);
  });
  const unit = Math.min(...raw);
  return raw.map((w) => Math.round(w / unit));
}
