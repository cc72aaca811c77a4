/**
 * Reads OpenSSH known_hosts files (plain and hashed `|1|salt|hmac` entries, `[host]:port`,
 * comma lists, `!negation`, `*`/`?` wildcards) so servers the operator already trusts need no prompt.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fingerprintOf } from './fingerprint.ts';

/** One key that known_hosts lists for a host. */
export interface KnownHostKey {
  keyType: string;
  fingerprint: string;
  /** True for `@revoked` lines: this key must be refused. */
  revoked: boolean;
}

/** The host pattern OpenSSH looks up: plain host for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  // "|1|salt|hmac" splits into ['', '1', salt, hmac]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = parts[3] ?? '';
  return createHmac('sha1', salt).update(name).digest('base64') === expected;
}

function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcardToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (wildcardToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

/** Parses known_hosts text and returns the keys listed for host:port (cert-authority lines are skipped). */
export function findKnownHostKeys(text: string, host: string, port: number): KnownHostKey[] {
  const name = knownHostsName(host, port);
  const keys: KnownHostKey[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@cert-authority') continue;
      revoked = marker === '@revoked';
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) continue;
    if (!hostFieldMatches(hosts, name)) continue;
    const blob = Buffer.from(keyBase64, 'base64');
    if (blob.length === 0) continue;
    keys.push({ keyType, fingerprint: fingerprintOf(blob), revoked });
  }
  return keys;
}

/** Reads a known_hosts file; a missing file is simply empty. */
export async function readKnownHostKeys(path: string, host: string, port: number): Promise<KnownHostKey[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return findKnownHostKeys(text, host, port);
}
