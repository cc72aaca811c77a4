/**
 * Host-key policy, never "accept anything": a key pinned for the server (or listed in known_hosts)
 * is accepted; an unknown key is reported with its fingerprint for the operator to confirm; a key
 * that differs from the pinned ones is refused during key exchange, before any credential is sent.
 */
import { SysbError } from '../../../shared/errors.ts';
import { fingerprintOf, keyTypeOf } from './fingerprint.ts';
import type { KnownHostKey } from './known-hosts.ts';

/** What the verifier decided about the key the server offered. */
export type HostKeyVerdict =
  | { status: 'known'; fingerprint: string; keyType: string; source: 'pinned' | 'known_hosts' | 'accepted' }
  | { status: 'unknown'; fingerprint: string; keyType: string }
  | { status: 'changed'; fingerprint: string; keyType: string; expected: string[] }
  | { status: 'revoked'; fingerprint: string; keyType: string };

/** The keys a connection will trust. */
export interface HostKeyPolicy {
  /** Fingerprints pinned in SysbTape for this server. */
  pinned: string[];
  /** Keys that ~/.ssh/known_hosts lists for this host:port. */
  knownHosts: KnownHostKey[];
  /** A fingerprint the operator confirmed for this one connection (`server trust --accept-fingerprint`). */
  acceptFingerprint?: string;
}

/** Decides on one offered key blob. */
export function judgeHostKey(policy: HostKeyPolicy, keyBlob: Buffer): HostKeyVerdict {
  const fingerprint = fingerprintOf(keyBlob);
  const keyType = keyTypeOf(keyBlob) ?? 'unknown';
  if (policy.knownHosts.some((k) => k.revoked && k.fingerprint === fingerprint)) return { status: 'revoked', fingerprint, keyType };
  if (policy.pinned.includes(fingerprint)) return { status: 'known', fingerprint, keyType, source: 'pinned' };
  const listed = policy.knownHosts.filter((k) => !k.revoked);
  if (listed.some((k) => k.fingerprint === fingerprint)) return { status: 'known', fingerprint, keyType, source: 'known_hosts' };
  const expected = [...new Set([...policy.pinned, ...listed.map((k) => k.fingerprint)])];
  if (expected.length > 0) return { status: 'changed', fingerprint, keyType, expected };
  if (policy.acceptFingerprint === fingerprint) return { status: 'known', fingerprint, keyType, source: 'accepted' };
  return { status: 'unknown', fingerprint, keyType };
}

/** The operator-facing error for a verdict that stops the connection. */
export function hostKeyError(serverLabel: string, verdict: HostKeyVerdict, serverName = 'NAME'): SysbError {
  switch (verdict.status) {
    case 'unknown':
      return new SysbError(
        'SSH_HOST_KEY_UNKNOWN',
        `the host key of ${serverLabel} is not known yet: ${verdict.keyType} ${verdict.fingerprint}. Compare it with ` +
          `'ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub' on the server, then run: sysbtape server trust ${serverName} --accept-fingerprint ${verdict.fingerprint}`,
        { fingerprint: verdict.fingerprint, keyType: verdict.keyType },
      );
    case 'changed':
      return new SysbError(
        'SSH_HOST_KEY_CHANGED',
        `the host key of ${serverLabel} has CHANGED: it offered ${verdict.keyType} ${verdict.fingerprint} but the pinned key is ` +
          `${verdict.expected.join(' or ')}. Nothing was sent. If the server was reinstalled, check the new key on its console and re-pin it; otherwise someone may be intercepting the connection.`,
        { fingerprint: verdict.fingerprint, expected: verdict.expected },
      );
    case 'revoked':
      return new SysbError(
        'SSH_HOST_KEY_CHANGED',
        `the host key of ${serverLabel} (${verdict.fingerprint}) is marked @revoked in known_hosts; refusing to connect.`,
        { fingerprint: verdict.fingerprint },
      );
    case 'known':
      return new SysbError('INTERNAL', 'known host key reported as an error');
  }
}

/** ssh2 host-key algorithm names that match a known_hosts key type, so the server offers a key we can check. */
export function hostKeyAlgorithmsFor(keyTypes: string[]): string[] {
  const out: string[] = [];
  for (const t of keyTypes) {
    if (t === 'ssh-rsa') out.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else out.push(t);
  }
  return [...new Set(out)];
}
