import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../shared/api.ts';

vi.mock('electron', () => import('./electron-stand-in.ts'));

describe('preload', () => {
  it('exposes window.sysbtape with the contract methods and on(), never ipcRenderer', async () => {
    const standIn = await import('./electron-stand-in.ts');
    await import('../../../electron/preload.ts');
    const bridge = standIn.recorded.exposed.get('sysbtape') as Record<string, unknown>;
    expect([...standIn.recorded.exposed.keys()]).toEqual(['sysbtape']);
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'on'].sort());
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync']) expect(bridge).not.toHaveProperty(forbidden);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards a named method to the one invoke channel', async () => {
    const standIn = await import('./electron-stand-in.ts');
    await import('../../../electron/preload.ts');
    const bridge = standIn.recorded.exposed.get('sysbtape') as { listServers: (r: unknown) => Promise<unknown> };
    await expect(bridge.listServers({})).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(standIn.recorded.invokes.at(-1)).toEqual(['sysbtape:invoke', 'listServers', {}]);
  });

  it('delivers only the subscribed event and stops after unsubscribe', async () => {
    const standIn = await import('./electron-stand-in.ts');
    await import('../../../electron/preload.ts');
    const bridge = standIn.recorded.exposed.get('sysbtape') as { on: (e: string, l: (p: unknown) => void) => () => void };
    const got: unknown[] = [];
    const off = bridge.on('jobLog', (p) => got.push(p));
    const emit = (message: unknown): void => {
      for (const h of standIn.recorded.rendererListeners.get('sysbtape:event') ?? []) h({}, message);
    };
    emit({ event: 'job', payload: { id: 'x' } });
    emit({ event: 'jobLog', payload: { jobId: 'x', lines: ['hello'] } });
    off();
    emit({ event: 'jobLog', payload: { jobId: 'x', lines: ['after'] } });
    expect(got).toEqual([{ jobId: 'x', lines: ['hello'] }]);
    expect(() => bridge.on('nope', () => {})).toThrow(/unknown event/);
  });
});
