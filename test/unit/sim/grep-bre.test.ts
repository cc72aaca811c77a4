import { describe, expect, it } from 'vitest';
import { BreSyntaxError, breToRegExp } from '../../../electron/sim/grep-bre.ts';

const matches = (bre: string, name: string): boolean => breToRegExp(bre).test(name);

describe('grep basic regular expressions as JS RegExps', () => {
  it('anchors with ^ and $ only at the ends, and . matches any character', () => {
    expect(matches('^./tmp/', './tmp/x')).toBe(true);
    expect(matches('^./tmp/', './var/tmp/x')).toBe(false);
    expect(matches('^./tmp/', './tmp')).toBe(false);
    expect(matches('./tmp/', './var/tmp/x')).toBe(true);
    expect(matches('^.\\/tmp/', 'X/tmp/y')).toBe(true); // "." is any character, as in grep
    expect(matches('^\\./tmp/', 'X/tmp/y')).toBe(false);
    expect(matches('\\.log$', './var/adm/x.log')).toBe(true);
    expect(matches('\\.log$', './var/adm/x.log.1')).toBe(false);
    expect(matches('a^b', 'xa^by')).toBe(true); // ^ in the middle is literal
    expect(matches('a$b', 'a$b')).toBe(true); // $ in the middle is literal
  });

  it('repeats with * and \\{m,n\\}; * at the start is literal', () => {
    expect(matches('^./home/.*/core$', './home/guest/core')).toBe(true);
    expect(matches('^./home/.*/core$', './home/core')).toBe(false);
    expect(matches('*core', './*core')).toBe(true);
    expect(matches('*core', './core')).toBe(false);
    expect(matches('^*x', '*x')).toBe(true);
    expect(matches('ab**c', 'abbbc')).toBe(true);
    expect(matches('^./x\\{2,3\\}$', './xx')).toBe(true);
    expect(matches('^./x\\{2,3\\}$', './xxxx')).toBe(false);
    expect(matches('^./x\\{2\\}$', './xx')).toBe(true);
    expect(matches('^./x\\{2,\\}$', './xxxxx')).toBe(true);
  });

  it('treats + ? ( ) { } | as ordinary characters, as BRE does', () => {
    expect(matches('^./tmp/lost+found', './tmp/lost+found')).toBe(true);
    expect(matches('^./tmp/lost+found', './tmp/losttfound')).toBe(false);
    expect(matches('a?b', 'a?b')).toBe(true);
    expect(matches('a?b', 'b')).toBe(false);
    expect(matches('(x|y){2}', './(x|y){2}')).toBe(true);
    expect(matches('(x|y){2}', './x')).toBe(false);
  });

  it('supports groups, back references and bracket expressions', () => {
    expect(matches('^./\\(ab\\)*\\1$', './ababab')).toBe(true);
    expect(matches('^./[a-c][0-9]*$', './b12')).toBe(true);
    expect(matches('^./[a-c][0-9]*$', './d12')).toBe(false);
    expect(matches('^./[^a-c]', './d')).toBe(true);
    expect(matches('^./[]x]', './]')).toBe(true);
    expect(matches('^./[a\\]', './\\')).toBe(true); // backslash is itself inside brackets
    expect(matches('^./[[:digit:]][[:upper:]]', './7Q')).toBe(true);
    expect(matches('^./[[:digit:]][[:upper:]]', './7q')).toBe(false);
    expect(matches('^./[.+-]x', './+x')).toBe(true);
    expect(matches('[[.-.]]', 'a-b')).toBe(true);
  });

  it('matches names that are not UTF-8 byte for byte (latin1)', () => {
    expect(matches('r\xe9sum', './home/guest/r\xe9sum\xe9.txt')).toBe(true);
    expect(matches('^./home/guest/r.sum', './home/guest/r\xe9sum\xe9.txt')).toBe(true);
  });

  it('refuses what grep refuses, saying why', () => {
    const why = (bre: string): string => {
      try {
        breToRegExp(bre);
      } catch (err) {
        expect(err).toBeInstanceOf(BreSyntaxError);
        return (err as Error).message;
      }
      throw new Error(`${bre} compiled`);
    };
    expect(why('^./tmp/[a-')).toMatch(/unmatched \[/);
    expect(why('foo\\(')).toMatch(/unmatched \\\(/);
    expect(why('foo\\)')).toMatch(/unmatched \\\)/);
    expect(why('foo\\')).toMatch(/trailing backslash/);
    expect(why('[z-a]')).toMatch(/invalid range end/);
    expect(why('[[:nosuch:]]')).toMatch(/invalid character class/);
    expect(why('a\\{2')).toMatch(/invalid interval/);
    expect(why('a\\{3,2\\}')).toMatch(/invalid interval/);
    expect(why('\\{2\\}')).toMatch(/nothing to repeat/);
    expect(why('\\(a\\)\\2')).toMatch(/back reference/);
  });
});
