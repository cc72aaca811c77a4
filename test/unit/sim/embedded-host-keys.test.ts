/** The embedded host's keys: ssh2 generates a malformed ed25519 pair now and then; the host must never use one. */
import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { startEmbeddedAixHost } from '../../../electron/sim/embedded-host.ts';

describe('embedded host keys', () => {
  it('ssh2 does sometimes generate an ed25519 pair it cannot read back (why the host draws again)', () => {
    let malformed = 0;
    for (let i = 0; i < 3000 && malformed === 0; i++) {
      if (ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').public) instanceof Error) malformed++;
    }
    expect(malformed).toBeGreaterThan(0);
  });

  it('starts with readable keys every time', async () => {
    for (let i = 0; i < 40; i++) {
      const host = await startEmbeddedAixHost();
      try {
        expect(host.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      } finally {
        await host.stop();
      }
    }
  }, 120_000);
});
