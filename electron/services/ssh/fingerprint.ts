/** Host-key fingerprints exactly as OpenSSH prints them (`ssh-keygen -lf`): "SHA256:" + unpadded base64. */
import { createHash } from 'node:crypto';

/** The OpenSSH SHA-256 fingerprint of a public key blob (the wire-format key, not the base64 text). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** True when the text looks like an OpenSSH SHA-256 fingerprint. */
export function isFingerprint(text: string): boolean {
  return /^SHA256:[A-Za-z0-9+/]{43}$/.test(text);
}

/** The key type named inside a wire-format key blob (e.g. "ssh-ed25519"), or undefined if malformed. */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > keyBlob.length) return undefined;
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}
