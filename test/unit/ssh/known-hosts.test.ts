import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, isFingerprint, keyTypeOf } from '../../../electron/services/ssh/fingerprint.ts';
import { findKnownHostKeys, knownHostsName, readKnownHostKeys } from '../../../electron/services/ssh/known-hosts.ts';

let dir: string;
let keyA: string; // "ssh-ed25519 AAAA..."
let keyB: string;
let fpA: string; // as ssh-keygen prints it
let fpB: string;

function makeKey(name: string): { line: string; fp: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path], { stdio: 'ignore' });
  const line = readFileSync(`${path}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const fp = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { line, fp };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sysbtape-kh-'));
  ({ line: keyA, fp: fpA } = makeKey('a'));
  ({ line: keyB, fp: fpB } = makeKey('b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprints', () => {
  it('match what ssh-keygen -lf prints', () => {
    const blob = Buffer.from(keyA.split(' ')[1]!, 'base64');
    expect(fingerprintOf(blob)).toBe(fpA);
    expect(isFingerprint(fpA)).toBe(true);
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
  });
  it('recognise malformed text', () => {
    expect(isFingerprint('SHA256:short')).toBe(false);
    expect(isFingerprint(`MD5:${fpA.slice(7)}`)).toBe(false);
  });
});

describe('known_hosts', () => {
  it('finds plain entries, comma lists and [host]:port forms', () => {
    const text = ['# comment', `aix1,10.0.0.5 ${keyA}`, `[aix2]:2222 ${keyB}`, `other ${keyB}`].join('\n');
    expect(findKnownHostKeys(text, 'aix1', 22).map((k) => k.fingerprint)).toEqual([fpA]);
    expect(findKnownHostKeys(text, '10.0.0.5', 22).map((k) => k.fingerprint)).toEqual([fpA]);
    expect(findKnownHostKeys(text, 'aix2', 2222).map((k) => k.fingerprint)).toEqual([fpB]);
    expect(findKnownHostKeys(text, 'aix2', 22)).toEqual([]);
    expect(knownHostsName('h', 2200)).toBe('[h]:2200');
  });

  it('finds entries hashed by ssh-keygen -H', async () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `aix1 ${keyA}\n[aix9]:2022 ${keyB}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).not.toMatch(/aix1|aix9/);
    expect(hashed).toMatch(/^\|1\|/m);
    expect((await readKnownHostKeys(file, 'aix1', 22)).map((k) => k.fingerprint)).toEqual([fpA]);
    expect((await readKnownHostKeys(file, 'aix9', 2022)).map((k) => k.fingerprint)).toEqual([fpB]);
    expect(await readKnownHostKeys(file, 'aix2', 22)).toEqual([]);
  });

  it('honours wildcards, negation, @revoked, and skips @cert-authority', () => {
    const text = [`*.prod.example,!db.prod.example ${keyA}`, `@revoked aix7 ${keyB}`, `@cert-authority *.example ${keyB}`].join('\n');
    expect(findKnownHostKeys(text, 'aix3.prod.example', 22).map((k) => k.fingerprint)).toEqual([fpA]);
    expect(findKnownHostKeys(text, 'db.prod.example', 22)).toEqual([]);
    expect(findKnownHostKeys(text, 'aix7', 22)).toEqual([{ keyType: 'ssh-ed25519', fingerprint: fpB, revoked: true }]);
    expect(findKnownHostKeys(text, 'x.example', 22)).toEqual([]);
  });

  it('treats a missing file as empty', async () => {
    expect(await readKnownHostKeys(join(dir, 'nope'), 'aix1', 22)).toEqual([]);
  });
});
