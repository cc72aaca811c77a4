/**
 * Builds READ ELEMENT STATUS and MODE SENSE page 0x1D responses byte by byte, in the layouts real
 * libraries send (SMC-3 §6.11): per-page descriptor lengths of 16 (no tags), 52 (primary tag, IBM
 * TS3100/TS4300 slots), 84 (primary + alternate tags, HPE MSL), 84 with a DVCID serial (IBM drives).
 */
export interface CannedElement {
  address: number;
  full?: boolean;
  barcode?: string;
  /** Pad the tag with NULs instead of spaces (seen on some Quantum firmware). */
  nulPad?: boolean;
  source?: number;
  access?: boolean;
  except?: { asc: number; ascq: number };
  serial?: string;
}

export interface CannedPage {
  type: 1 | 2 | 3 | 4;
  pvoltag: boolean;
  avoltag?: boolean;
  dvcid?: boolean;
  elements: CannedElement[];
}

function tag(text: string | undefined, nul: boolean): number[] {
  const out = new Array<number>(36).fill(0);
  const t = (text ?? '').padEnd(32, nul ? '\0' : ' ');
  for (let i = 0; i < 32; i++) out[i] = t.charCodeAt(i);
  return out;
}

export function descriptorLength(p: CannedPage): number {
  return 12 + (p.pvoltag ? 36 : 0) + (p.avoltag ? 36 : 0) + (p.dvcid ? 36 : 0);
}

function descriptor(p: CannedPage, e: CannedElement): number[] {
  const d: number[] = [e.address >> 8, e.address & 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  d[2] = (e.full ? 0x01 : 0) | (e.except ? 0x04 : 0) | (e.access === false ? 0 : 0x08);
  if (e.except) {
    d[4] = e.except.asc;
    d[5] = e.except.ascq;
  }
  if (e.source !== undefined) {
    d[9] = 0x80;
    d[10] = e.source >> 8;
    d[11] = e.source & 0xff;
  }
  if (p.pvoltag) d.push(...tag(e.full ? e.barcode : undefined, e.nulPad === true));
  if (p.avoltag) d.push(...tag(undefined, false));
  if (p.dvcid) {
    const id = new Array<number>(36).fill(0);
    const s = e.serial ?? '';
    id[0] = 0x02;
    id[1] = 0x00;
    id[3] = s.length;
    for (let i = 0; i < s.length && i < 32; i++) id[4 + i] = s.charCodeAt(i);
    d.push(...id);
  }
  return d;
}

/** A whole READ ELEMENT STATUS response. */
export function elementStatus(pages: CannedPage[]): Uint8Array {
  const body: number[] = [];
  for (const p of pages) {
    const descs = p.elements.flatMap((e) => descriptor(p, e));
    const len = descriptorLength(p);
    body.push(
      p.type,
      (p.pvoltag ? 0x80 : 0) | (p.avoltag ? 0x40 : 0),
      len >> 8,
      len & 0xff,
      0,
      (descs.length >> 16) & 0xff,
      (descs.length >> 8) & 0xff,
      descs.length & 0xff,
      ...descs,
    );
  }
  const first = pages[0]?.elements[0]?.address ?? 0;
  const count = pages.reduce((n, p) => n + p.elements.length, 0);
  return Uint8Array.from([
    first >> 8,
    first & 0xff,
    count >> 8,
    count & 0xff,
    0,
    (body.length >> 16) & 0xff,
    (body.length >> 8) & 0xff,
    body.length & 0xff,
    ...body,
  ]);
}

/** MODE SENSE(6) with DBD: 4-byte header and page 0x1D. */
export function elementAddressPage(a: {
  mte: [number, number];
  st: [number, number];
  ie: [number, number];
  dte: [number, number];
}): Uint8Array {
  const w = (n: number): number[] => [n >> 8, n & 0xff];
  const page = [
    0x1d,
    0x12,
    ...w(a.mte[0]),
    ...w(a.mte[1]),
    ...w(a.st[0]),
    ...w(a.st[1]),
    ...w(a.ie[0]),
    ...w(a.ie[1]),
    ...w(a.dte[0]),
    ...w(a.dte[1]),
    0,
    0,
  ];
  return Uint8Array.from([3 + page.length, 0, 0, 0, ...page]);
}
