/** Shared setup for the SSH integration tests: server configs for the test sshd or embedded host. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normalizeServerConfig, type ServerConfig } from '../../../electron/services/ssh/server-config.ts';

/** A host as both test hosts describe themselves. */
export interface TestHostInfo {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  hostKeyFingerprint: string;
  workdir: string;
}

/** A server entry that logs in with the test key and trusts the test host key. */
export function serverFor(h: TestHostInfo, patch: Partial<ServerConfig> = {}): ServerConfig {
  return normalizeServerConfig({
    name: 'aix1',
    host: h.host,
    port: h.port,
    user: h.user,
    auth: ['key'],
    keyPath: h.keyPath,
    workdir: h.workdir,
    hostKeys: [{ fingerprint: h.hostKeyFingerprint, keyType: 'ssh-ed25519', pinnedAt: '2026-01-01T00:00:00Z' }],
    keepaliveSeconds: 5,
    connectTimeoutSeconds: 20,
    ...patch,
  });
}

/** SHA-256 of a local file, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Small, quick simulated host settings for tests. */
export const QUICK_SIM = { mksysbBytes: 1024 * 1024, bootImageBytes: 64 * 1024, mksysbMillis: 0 };
