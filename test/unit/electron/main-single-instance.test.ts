import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-stand-in.ts'));

describe('electron main, second instance', () => {
  it('quits at once and creates no window when another instance holds the lock', async () => {
    const standIn = await import('./electron-stand-in.ts');
    standIn.recorded.singleInstanceLock = false;
    await import('../../../electron/main.ts');
    standIn.becomeReady();
    await new Promise((r) => setTimeout(r, 50));
    expect(standIn.recorded.quitCalls).toBe(1);
    expect(standIn.recorded.windows).toHaveLength(0);
    expect(standIn.recorded.ipcHandlers.size).toBe(0);
  });
});
