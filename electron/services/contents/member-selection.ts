/**
 * Which members an extract (or a listing) wants: PATHs as the operator types them — member names as
 * `list` shows them (`./etc/hosts`, with or without the leading `./`) or shell-style patterns
 * (`./etc/*.conf`, `*hosts*`). A name that is a directory selects everything under it, as `restore -x`
 * does. No PATH selects everything.
 */
import { matchesGlob } from 'node:path';

/** Says whether a member (by its display name) is wanted. */
export type MemberSelector = (displayName: string) => boolean;

const GLOB_CHARS = /[*?[]/;

/** The name without a leading `./` or `/`, and without a trailing `/` (how names are compared). */
export function bareName(name: string): string {
  let n = name;
  while (n.startsWith('./')) n = n.slice(2);
  n = n.replace(/^\/+/, '').replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

/** A selector for the given PATHs; throws a clear error for an empty pattern. */
export function selectMembers(paths: readonly string[]): MemberSelector {
  if (paths.length === 0) return () => true;
  const tests = paths.map((raw) => {
    const p = bareName(raw);
    if (p === '' && raw.trim() === '')
      throw new Error(`an empty PATH was given; name members as 'sysbtape list' shows them, e.g. ./etc/hosts`);
    if (p === '') return () => true;
    if (GLOB_CHARS.test(p)) {
      // A pattern without a slash matches the last component anywhere, like find -name.
      const anywhere = !p.includes('/');
      return (name: string) => {
        const n = bareName(name);
        if (matchesGlob(n, p)) return true;
        if (anywhere) return matchesGlob(n.slice(n.lastIndexOf('/') + 1), p);
        // Everything under a directory the pattern matches.
        for (let i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) if (matchesGlob(n.slice(0, i), p)) return true;
        return false;
      };
    }
    return (name: string) => {
      const n = bareName(name);
      return n === p || n.startsWith(`${p}/`);
    };
  });
  return (name) => tests.some((t) => t(name));
}
