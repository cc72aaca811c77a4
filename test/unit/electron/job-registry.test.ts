import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEventName } from '../../../shared/api.ts';
import { JobRegistry } from '../../../electron/services/api/job-registry.ts';

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const events: { event: ApiEventName; payload: unknown }[] = [];
  const registry = new JobRegistry((event, payload) => {
    events.push({ event, payload });
  });
  return {
    events,
    registry,
    jobEvents: () => events.filter((e) => e.event === 'job').map((e) => e.payload as { state: string; progress: { bytes: number } | null }),
  };
}

describe('JobRegistry', () => {
  it('coalesces a burst of progress into at most one event per 250 ms window, keeping the latest', async () => {
    vi.useFakeTimers();
    const { registry, jobEvents } = recorder();
    let report: ((n: number) => void) | null = null;
    let finish: () => void = () => {};
    registry.start('write', 'Write', ['write'], async (ctx) => {
      report = (n) =>
        ctx.progress({ step: 'write', record: 4, bytes: n, totalBytes: 1000, unit: 'bytes', bytesPerSecond: 1, etaSeconds: null });
      await new Promise<void>((r) => {
        finish = r;
      });
      return { kind: 'write', target: 't.tap', volser: 'ABC123', records: [] };
    });
    await vi.advanceTimersByTimeAsync(0);
    const before = jobEvents().length;
    for (let i = 1; i <= 1000; i++) report!(i);
    expect(jobEvents().length - before).toBeLessThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(jobEvents().at(-1)!.progress!.bytes).toBe(1000);
    expect(jobEvents().length - before).toBeLessThanOrEqual(2);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(jobEvents().at(-1)!.state).toBe('done');
  });

  it('cancel aborts the body and marks the job and its pending steps cancelled', async () => {
    const { registry } = recorder();
    const job = registry.start(
      'verify',
      'Verify',
      ['read', 'compare'],
      (ctx) =>
        new Promise((_r, reject) => {
          ctx.step('read', 'running');
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
        }),
    );
    registry.cancel(job.id);
    await new Promise((r) => setTimeout(r, 10));
    const after = registry.get(job.id);
    expect(after.state).toBe('cancelled');
    expect(after.error?.code).toBe('CANCELLED');
    expect(after.steps.map((s) => s.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('a failing body keeps its error code; unknown ids are NOT_FOUND', async () => {
    const { registry } = recorder();
    const { SysbError } = await import('../../../shared/errors.ts');
    const job = registry.start('write', 'Write', ['write'], async () => {
      throw new SysbError('TAPE_WRITE_PROTECTED', 'write-protected');
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(registry.get(job.id)).toMatchObject({ state: 'failed', error: { code: 'TAPE_WRITE_PROTECTED' } });
    expect(() => registry.get('nope')).toThrow(/no job/);
  });

  it('log lines go out as jobLog events and the snapshot keeps the last 200', async () => {
    const { registry, events } = recorder();
    const job = registry.start('capture', 'Capture', ['capture'], async (ctx) => {
      for (let i = 0; i < 250; i++) ctx.log(`line ${i}`);
      return {
        kind: 'identify',
        target: 'x.tap',
        summary: '',
        contents: { target: 'x.tap', kind: 'not-read', host: null, osLevel: null, backupDate: null, cartridge: null, summary: '' },
      };
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((e) => e.event === 'jobLog')).toHaveLength(250);
    const log = registry.get(job.id).log;
    expect(log).toHaveLength(200);
    expect(log.at(-1)).toBe('line 249');
  });
});
