/** A TapeDrive wrapper that caps write speed, so tests can interrupt a write half-way on any machine. */
import type { TapeDrive } from '../tape/tape-drive.ts';

/** Env var read by the job worker: bytes per second for tape writes (tests only; unset in normal use). */
export const WRITE_RATE_ENV = 'SYSBTAPE_TEST_WRITE_RATE';

/** Wraps `drive` so writes average at most `bytesPerSecond`. */
export function rateLimitedDrive(drive: TapeDrive, bytesPerSecond: number): TapeDrive {
  const started = performance.now();
  let written = 0;
  const write = async (data: Uint8Array): Promise<void> => {
    await drive.write(data);
    written += data.length;
    const wait = started + (written / bytesPerSecond) * 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  // Drives keep private state, so every other method must run bound to the drive itself.
  return new Proxy(drive, {
    get(target, prop, receiver) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The write rate limit from the environment, if set to a positive number. */
export function writeRateFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env[WRITE_RATE_ENV]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
