/**
 * /etc/exclude.rootvg for the simulated `mksysb -e`: one grep basic regular expression a line,
 * matched against the "./path" names of the backup list (`grep -v -f`); blank lines are ignored, as
 * AIX's mksysb drops them before calling grep (an empty pattern would match every name).
 */
import { readFileSync } from 'node:fs';
import { BreSyntaxError, breToRegExp } from './grep-bre.ts';

/** A line of the exclude file that grep cannot compile. */
export class ExcludePatternError extends Error {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly pattern: string;
  readonly reason: string;

  constructor(line: number, pattern: string, reason: string) {
    super(`line ${line}: "${pattern}" is not a valid regular expression (${reason})`);
    this.line = line;
    this.pattern = pattern;
    this.reason = reason;
  }
}

/** The compiled exclude list. */
export interface ExcludeList {
  /** Non-blank patterns, in file order. */
  patterns: { line: number; text: string; re: RegExp }[];
  /** True when a "./path" name (stored bytes read as latin1) matches any pattern. */
  excludes: (name: string) => boolean;
}

/** Compiles the text of an exclude file; throws ExcludePatternError naming the first bad line. */
export function parseExcludeList(text: string): ExcludeList {
  const patterns: ExcludeList['patterns'] = [];
  text.split('\n').forEach((raw, index) => {
    // A CR left by an editor on another system is not part of the pattern anyone meant.
    const pattern = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pattern.trim() === '') return;
    try {
      patterns.push({ line: index + 1, text: pattern, re: breToRegExp(pattern) });
    } catch (err) {
      if (err instanceof BreSyntaxError) throw new ExcludePatternError(index + 1, pattern, err.message);
      throw err;
    }
  });
  return { patterns, excludes: (name) => patterns.some((p) => p.re.test(name)) };
}

/** Reads and compiles an exclude file (latin1, as grep sees bytes); null when the file does not exist. */
export function loadExcludeList(path: string): ExcludeList | null {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parseExcludeList(text);
}
