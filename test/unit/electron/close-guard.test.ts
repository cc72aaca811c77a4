/** The warning before the window closes while a job runs. */
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/model.ts';
import { closeWarning } from '../../../electron/close-guard.ts';

const job = (title: string, state: JobInfo['state']): JobInfo => ({
  id: title,
  durable: false,
  kind: 'write',
  title,
  state,
  steps: [],
  startedAt: '2026-11-22T00:00:00Z',
  endedAt: null,
  progress: null,
  error: null,
  result: null,
  log: [],
});

describe('close guard', () => {
  it('lets the window close when nothing runs', () => {
    expect(closeWarning([])).toBeNull();
    expect(closeWarning([job('Write ABC123', 'done'), job('Capture on aix1', 'interrupted')])).toBeNull();
  });

  it('names every running job and says what quitting does', () => {
    const w = closeWarning([job('Write ABC123', 'running'), job('Verify XYZ001', 'done')]);
    expect(w?.message).toBe('Write ABC123 is still running.');
    expect(w?.detail).toMatch(/tape unusable until it is written again/);
    expect(closeWarning([job('Write A', 'running'), job('Capture on aix1', 'running')])?.message).toBe(
      'Write A, Capture on aix1 are still running.',
    );
  });
});
