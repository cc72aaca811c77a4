import { describe, expect, it } from 'vitest';
import { formatBytes, formatEta, formatRate, shortHash } from '../../../renderer/src/components/format.ts';
import { canLeaveStep, INITIAL_WIZARD_STATE, WIZARD_STEPS } from '../../../renderer/src/wizard/wizard-state.ts';
import type { JobInfo } from '../../../shared/model.ts';

describe('format', () => {
  it('sizes, speeds and ETAs read like an operator expects', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(1024 ** 3)).toBe('1.00 GiB');
    expect(formatRate(85_300_000)).toBe('85.3 MB/s');
    expect(formatEta(42)).toBe('42 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3720)).toBe('1 h 02 min');
    expect(formatEta(null)).toBe('—');
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…aaaa`);
  });
});

describe('wizard state', () => {
  const job = (state: JobInfo['state']): JobInfo => ({
    id: 'j',
    durable: false,
    kind: 'write',
    title: 'Write',
    state,
    steps: [],
    startedAt: '',
    endedAt: null,
    progress: null,
    error: null,
    result: null,
    log: [],
  });

  it('has the six steps of the issue in order', () => {
    expect(WIZARD_STEPS).toEqual(['Server', 'Capture', 'Tape', 'Write', 'Verify', 'Label & shelve']);
  });

  it('unlocks each step only when the one before is complete', () => {
    const s = INITIAL_WIZARD_STATE;
    expect([0, 1, 2, 3, 4].map((i) => canLeaveStep(i, s))).toEqual([false, false, false, false, false]);
    expect(canLeaveStep(3, { ...s, writeJob: job('running') })).toBe(false);
    expect(canLeaveStep(3, { ...s, writeJob: job('failed') })).toBe(false);
    expect(canLeaveStep(3, { ...s, writeJob: job('done') })).toBe(true);
    expect(canLeaveStep(4, { ...s, verifyJob: job('done') })).toBe(true);
    expect(canLeaveStep(5, { ...s, verifyJob: job('done') })).toBe(false);
  });
});

describe('parseCartridgeInput', () => {
  const ids = ['L5', 'L6', 'L7', 'L8', 'L9', 'M8', 'LV', 'LW', 'LX', 'LY', 'LZ'];
  it('takes a typed VOLSER, or a scanned barcode with its media id', async () => {
    const { parseCartridgeInput } = await import('../../../renderer/src/wizard/wizard-state.ts');
    expect(parseCartridgeInput('abc123', ids)).toEqual({ volser: 'ABC123', mediaId: null });
    expect(parseCartridgeInput('ABC123L6', ids)).toEqual({ volser: 'ABC123', mediaId: 'L6' });
    expect(parseCartridgeInput('ABC123Q9', ids)).toEqual({ volser: 'ABC123', mediaId: null });
    expect(parseCartridgeInput(' ab-c12 ', ids)).toEqual({ volser: 'ABC12', mediaId: null });
  });
});
