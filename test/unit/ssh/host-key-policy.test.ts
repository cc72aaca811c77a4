import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../electron/services/ssh/fingerprint.ts';
import { hostKeyAlgorithmsFor, hostKeyError, judgeHostKey } from '../../../electron/services/ssh/host-key-policy.ts';

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}
const offered = blob('ssh-ed25519', 'key-one');
const other = blob('ssh-ed25519', 'key-two');
const fp = fingerprintOf(offered);
const otherFp = fingerprintOf(other);

describe('judgeHostKey', () => {
  it('accepts a pinned key', () => {
    expect(judgeHostKey({ pinned: [fp], knownHosts: [] }, offered)).toMatchObject({
      status: 'known',
      source: 'pinned',
      keyType: 'ssh-ed25519',
    });
  });
  it('accepts a key listed in known_hosts', () => {
    expect(judgeHostKey({ pinned: [], knownHosts: [{ keyType: 'ssh-ed25519', fingerprint: fp, revoked: false }] }, offered)).toMatchObject({
      status: 'known',
      source: 'known_hosts',
    });
  });
  it('reports an unknown key with its fingerprint', () => {
    expect(judgeHostKey({ pinned: [], knownHosts: [] }, offered)).toEqual({ status: 'unknown', fingerprint: fp, keyType: 'ssh-ed25519' });
  });
  it('accepts an unknown key only when the operator confirmed that exact fingerprint', () => {
    expect(judgeHostKey({ pinned: [], knownHosts: [], acceptFingerprint: fp }, offered)).toMatchObject({
      status: 'known',
      source: 'accepted',
    });
    expect(judgeHostKey({ pinned: [], knownHosts: [], acceptFingerprint: otherFp }, offered).status).toBe('unknown');
  });
  it('refuses a changed key even if the operator passes its fingerprint', () => {
    const v = judgeHostKey({ pinned: [otherFp], knownHosts: [], acceptFingerprint: fp }, offered);
    expect(v).toEqual({ status: 'changed', fingerprint: fp, keyType: 'ssh-ed25519', expected: [otherFp] });
    const err = hostKeyError('aix1', v, 'aix1');
    expect(err.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(err.message).toContain(fp);
    expect(err.message).toContain(otherFp);
  });
  it('refuses a revoked key', () => {
    expect(judgeHostKey({ pinned: [fp], knownHosts: [{ keyType: 'ssh-ed25519', fingerprint: fp, revoked: true }] }, offered).status).toBe(
      'revoked',
    );
  });
  it('maps known_hosts key types to host key algorithms', () => {
    expect(hostKeyAlgorithmsFor(['ssh-rsa', 'ssh-ed25519'])).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
  });
});
