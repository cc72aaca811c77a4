import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteArg, raw, sh, validateHostName, validateServerName, validateWorkdir } from '../../../electron/services/ssh/shell-quote.ts';

const dir = mkdtempSync(join(tmpdir(), 'sysbtape-quote-'));
const canary = join(dir, 'pwned');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strings built to escape quoting; each would create the canary file if interpreted. */
const HOSTILE = [
  `; touch ${canary}`,
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `' ; touch ${canary} ; '`,
  `'"'"'; touch ${canary}; echo '`,
  `\\'; touch ${canary}; #`,
  `a\ntouch ${canary}`,
  `x" && touch ${canary} && "`,
  `| touch ${canary}`,
  `&& touch ${canary}`,
  `> ${canary}`,
  `../../${canary}`,
  `$HOME \${PATH} $((1+2)) * ? [a] ~ !`,
  `''''`,
  '',
  ' leading and trailing ',
  'tab\there',
  'ünïcødé ✓',
];

/** Runs a command through a real POSIX shell, like the remote login shell would. */
function viaShell(command: string): string {
  return execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
}

describe('quoteArg', () => {
  it.each(HOSTILE.map((s) => [JSON.stringify(s), s]))('passes %s through sh as one literal word', (_label, value) => {
    expect(viaShell(`printf '%s' ${quoteArg(value)}`)).toBe(value);
    expect(existsSync(canary)).toBe(false);
  });

  it('keeps a hostile value to exactly one argument', () => {
    for (const value of HOSTILE) {
      const count = viaShell(`set -- ${quoteArg(value)}; echo $#`).trim();
      expect(count).toBe('1');
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('refuses NUL bytes, which no shell argument can carry', () => {
    expect(() => quoteArg('a\0b')).toThrow(/NUL/);
  });
});

describe('sh template', () => {
  it('quotes interpolated strings and arrays but not raw() text', () => {
    const cmd = sh`ls ${'a b'} ${['c;d', "e'f"]} ${raw('| wc -l')} ${7}`;
    expect(cmd).toBe(`ls 'a b' 'c;d' 'e'\\''f' | wc -l 7`);
  });

  it('produces commands that a shell runs without executing the values', () => {
    const out = viaShell(sh`for a in ${HOSTILE}; do printf '[%s]' "$a"; done`);
    expect(out).toBe(HOSTILE.map((h) => `[${h}]`).join(''));
    expect(existsSync(canary)).toBe(false);
  });

  it('rejects non-finite numbers', () => {
    expect(() => sh`sleep ${Number.NaN}`).toThrow(/finite/);
  });
});

describe('validateWorkdir', () => {
  it('accepts plain absolute paths and normalises slashes', () => {
    expect(validateWorkdir('/tmp/sysbtape')).toBe('/tmp/sysbtape');
    expect(validateWorkdir('/export/mksysb//aix1/')).toBe('/export/mksysb/aix1');
  });
  it.each([
    ['relative', 'tmp/x', /absolute/],
    ['root', '/', /root directory/],
    ['semicolon', '/tmp/x;rm -rf /', /only letters/],
    ['quote', "/tmp/x'y", /only letters/],
    ['double quote', '/tmp/x"y', /only letters/],
    ['newline', '/tmp/x\nrm', /only letters/],
    ['command substitution', '/tmp/$(reboot)', /only letters/],
    ['backtick', '/tmp/`id`', /only letters/],
    ['space', '/tmp/a b', /only letters/],
    ['parent', '/tmp/../etc', /\.\./],
    ['dot', '/tmp/./x', /\.\./],
  ])('rejects %s', (_name, dir, message) => {
    expect(() => validateWorkdir(dir)).toThrow(message);
  });
});

describe('names', () => {
  it('accepts ordinary server names', () => {
    expect(validateServerName('aix-prod_01.example')).toBe('aix-prod_01.example');
  });
  it.each(['../etc', 'a/b', 'a;b', "a'b", 'a\nb', '$(id)', '.hidden', '', 'x'.repeat(65)])('rejects server name %j', (name) => {
    expect(() => validateServerName(name)).toThrow(/server name/);
  });
  it.each(['-oProxyCommand=x', 'a b', 'a;b', 'h$(id)', ''])('rejects host %j', (host) => {
    expect(() => validateHostName(host)).toThrow(/host/);
  });
  it('accepts names and IP literals', () => {
    for (const h of ['aix1.example.com', '10.1.2.3', '::1', 'fe80::1%eth0']) expect(validateHostName(h)).toBe(h);
  });
});
