/**
 * Where a member lands under the extraction directory — never outside it. Names stay byte-exact
 * (AIX names are bytes, not always UTF-8): paths are Buffers from the member's stored name.
 * Refused: absolute names, any `..` component, NUL bytes, and names that reduce to nothing.
 */

/** A member's path under the extraction root, as components (each a Buffer, never '.', '..' or empty). */
export type SafeRelativePath = Buffer[];

/** Why a name cannot be extracted, or its components. */
export function safeRelativePath(name: Buffer): { ok: true; parts: SafeRelativePath } | { ok: false; reason: string } {
  if (name.includes(0)) return { ok: false, reason: 'the name holds a NUL byte' };
  let start = 0;
  // AIX mksysb names start with "./"; a name starting with "/" is absolute and refused.
  if (name[0] === 0x2f) return { ok: false, reason: 'the name is an absolute path' };
  const parts: Buffer[] = [];
  while (start <= name.length) {
    let end = name.indexOf(0x2f, start);
    if (end < 0) end = name.length;
    const part = name.subarray(start, end);
    start = end + 1;
    if (part.length === 0 || (part.length === 1 && part[0] === 0x2e)) continue;
    if (part.length === 2 && part[0] === 0x2e && part[1] === 0x2e) return { ok: false, reason: "the name holds a '..' component" };
    parts.push(Buffer.from(part));
  }
  return { ok: true, parts };
}

/** Joins the root (a Buffer path) and components. */
export function joinUnder(root: Buffer, parts: readonly Buffer[]): Buffer {
  const slash = Buffer.from('/');
  const out: Buffer[] = [root];
  for (const p of parts) out.push(slash, p);
  return Buffer.concat(out);
}

/**
 * Whether a symlink stored at `parts` with `target` stays inside the root when followed: absolute
 * targets never do; relative ones are resolved lexically from the link's directory.
 */
export function symlinkStaysInside(parts: readonly Buffer[], target: Buffer): boolean {
  if (target.length === 0 || target[0] === 0x2f) return false;
  const depth: string[] = parts.slice(0, -1).map((p) => p.toString('latin1'));
  for (const piece of target.toString('latin1').split('/')) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..') {
      if (depth.length === 0) return false;
      depth.pop();
    } else depth.push(piece);
  }
  return true;
}
