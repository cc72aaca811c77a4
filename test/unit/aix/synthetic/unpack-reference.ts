/**
 * An independent pack(1) decoder written from unpack.c / restorx.c for the tests of the encoder
 * (so the encoder is never checked only against itself). Throws on malformed input.
 */
export function unpackReference(input: Uint8Array, expectedSize: number): Buffer {
  let p = 0;
  const next = (): number => {
    if (p >= input.length) throw new Error('unexpected end of packed data');
    return input[p++]!;
  };
  const maxlev = next();
  if (maxlev < 1 || maxlev > 24) throw new Error(`bad maxlev ${maxlev}`);
  const leaves: number[] = [0];
  for (let i = 1; i <= maxlev; i++) leaves.push(next());
  const tree: number[][] = [[]];
  for (let i = 1; i <= maxlev; i++) {
    const level: number[] = [];
    for (let c = 0; c < leaves[i]!; c++) level.push(next());
    tree.push(level);
  }
  tree[maxlev]!.push(next()); // the one extra stored leaf
  leaves[maxlev]! += 2;
  const eofIndex = leaves[maxlev]! - 1;
  // intnodes[i] = internal nodes at level i = (nodes at level i+1) / 2
  const intnodes: number[] = new Array<number>(maxlev + 1).fill(0);
  let nchildren = 0;
  for (let i = maxlev; i >= 1; i--) {
    const c = leaves[i]!;
    nchildren = nchildren / 2;
    if (!Number.isInteger(nchildren)) throw new Error('tree is not full');
    intnodes[i] = nchildren;
    nchildren += c;
  }
  if (nchildren !== 2) throw new Error(`tree root has ${nchildren} children`);
  const out = Buffer.alloc(expectedSize);
  let o = 0;
  let lev = 1;
  let code = 0;
  for (;;) {
    const byte = next();
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      const j = code - intnodes[lev]!;
      if (j >= 0) {
        if (lev === maxlev && j === eofIndex) {
          if (o !== expectedSize) throw new Error(`decoded ${o} bytes, expected ${expectedSize}`);
          return out;
        }
        if (j >= leaves[lev]! || (lev === maxlev && j > eofIndex)) throw new Error('code beyond the leaves');
        if (o >= expectedSize) throw new Error('more data than declared');
        out[o++] = tree[lev]![j]!;
        lev = 1;
        code = 0;
      } else {
        lev++;
        if (lev > maxlev) throw new Error('code deeper than maxlev');
      }
    }
  }
}
