/**
 * POSIX basic regular expressions (what `grep` reads from /etc/exclude.rootvg) translated to JS
 * RegExps. BRE differs from JS where it matters for exclude lists: `+ ? ( ) { } |` are ordinary
 * characters, groups and intervals are `\(…\)` and `\{m,n\}`, `*` at the start of an expression is
 * literal, `^` and `$` anchor only at the ends, and a backslash inside `[…]` is itself.
 */

/** A pattern grep would refuse; the message says why, in grep's terms. */
export class BreSyntaxError extends Error {}

/** POSIX character classes as JS class ranges (C locale). */
const CHAR_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  xdigit: '0-9A-Fa-f',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** grep's limit on interval counts (RE_DUP_MAX). */
const DUP_MAX = 255;

/** One character as a JS escape, safe anywhere in a pattern or a class. */
function lit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Translates the bracket expression starting at `bre[start]` ("["); returns the JS class and where it ended. */
function bracket(bre: string, start: number): { js: string; next: number } {
  let j = start + 1;
  let js = '[';
  if (bre[j] === '^') {
    js += '^';
    j++;
  }
  let first = true;
  for (;;) {
    const c = bre[j];
    if (c === undefined) throw new BreSyntaxError('unmatched [');
    if (c === ']' && !first) return { js: `${js}]`, next: j + 1 };
    first = false;
    if (c === '[' && bre[j + 1] === ':') {
      const end = bre.indexOf(':]', j + 2);
      const name = end < 0 ? '' : bre.slice(j + 2, end);
      const ranges = CHAR_CLASSES[name];
      if (ranges === undefined) throw new BreSyntaxError(end < 0 ? 'unmatched [:' : `invalid character class [:${name}:]`);
      js += ranges;
      j = end + 2;
      continue;
    }
    let from = c;
    let after = j + 1;
    if (c === '[' && (bre[j + 1] === '.' || bre[j + 1] === '=')) {
      // Collating symbol [.x.] or equivalence class [=x=]: one character in the C locale.
      const close = `${bre[j + 1]!}]`;
      const end = bre.indexOf(close, j + 2);
      if (end !== j + 3) throw new BreSyntaxError(`invalid collating element ${bre.slice(j, end < 0 ? j + 4 : end + 2)}`);
      from = bre[j + 2]!;
      after = end + 2;
    }
    if (bre[after] === '-' && bre[after + 1] !== undefined && bre[after + 1] !== ']') {
      const to = bre[after + 1]!;
      if (to.charCodeAt(0) < from.charCodeAt(0)) throw new BreSyntaxError(`invalid range end in ${from}-${to}`);
      js += `${lit(from)}-${lit(to)}`;
      j = after + 2;
    } else {
      js += lit(from);
      j = after;
    }
  }
}

/** Translates a grep basic regular expression; throws BreSyntaxError for what grep would refuse. */
export function breToRegExp(bre: string): RegExp {
  let js = '';
  let openGroups = 0;
  let closedGroups = 0;
  // What the last token was: '*' repeats only an atom; at the start (or after "\(") it is literal.
  let last: 'start' | 'atom' | 'repeat' = 'start';
  // ^ anchors only at the start of the expression or of a group.
  const anchorAt = (at: number): number => {
    if (bre[at] !== '^') return at;
    js += '^';
    return at + 1;
  };
  let i = anchorAt(0);
  while (i < bre.length) {
    const c = bre[i]!;
    if (c === '\\') {
      const n = bre[i + 1];
      if (n === undefined) throw new BreSyntaxError('trailing backslash');
      i += 2;
      if (n === '(') {
        js += '(';
        openGroups++;
        last = 'start';
        i = anchorAt(i);
      } else if (n === ')') {
        if (openGroups === 0) throw new BreSyntaxError('unmatched \\)');
        openGroups--;
        closedGroups++;
        js += ')';
        last = 'atom';
      } else if (n === '{') {
        const m = /^(\d+)(,(\d*))?\\\}/.exec(bre.slice(i));
        if (!m) throw new BreSyntaxError('invalid interval: expected \\{m\\}, \\{m,\\} or \\{m,n\\}');
        if (last !== 'atom') throw new BreSyntaxError('interval with nothing to repeat');
        const min = Number(m[1]);
        const max = m[3] === undefined || m[3] === '' ? null : Number(m[3]);
        if (min > DUP_MAX || (max !== null && (max > DUP_MAX || max < min)))
          throw new BreSyntaxError(`invalid interval \\{${m[1]!}${m[2] ?? ''}\\}`);
        js += `{${min}${m[2] === undefined ? '' : `,${max ?? ''}`}}`;
        i += m[0].length;
        last = 'repeat';
      } else if (n >= '1' && n <= '9') {
        if (Number(n) > closedGroups) throw new BreSyntaxError(`invalid back reference \\${n}`);
        js += `\\${n}`;
        last = 'atom';
      } else {
        js += lit(n);
        last = 'atom';
      }
    } else if (c === '[') {
      const b = bracket(bre, i);
      js += b.js;
      i = b.next;
      last = 'atom';
    } else if (c === '*') {
      i++;
      if (last === 'atom') {
        js += '*';
        last = 'repeat';
      } else if (last === 'start') {
        js += lit('*');
        last = 'atom';
      } else if (!js.endsWith('*')) {
        throw new BreSyntaxError('* after an interval');
      } // a** is a*
    } else if (c === '.') {
      js += '.';
      i++;
      last = 'atom';
    } else if (c === '$' && (i === bre.length - 1 || bre.startsWith('\\)', i + 1))) {
      js += '$';
      i++;
      last = 'atom';
    } else {
      // Ordinary, including ^ $ + ? ( ) { } | ] where BRE does not give them a meaning.
      js += /[A-Za-z0-9_/ -]/.test(c) ? c : lit(c);
      i++;
      last = 'atom';
    }
  }
  if (openGroups > 0) throw new BreSyntaxError('unmatched \\(');
  try {
    // s: '.' matches any byte, as grep's does within a line.
    return new RegExp(js, 's');
  } catch (err) {
    throw new BreSyntaxError((err as Error).message);
  }
}
