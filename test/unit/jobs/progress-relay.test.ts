/** Worker progress → the job's StepProgress and its terminal line. */
import { describe, expect, it } from 'vitest';
import { formatStepProgress, toStepProgress } from '../../../electron/services/jobs/progress-relay.ts';
import { confirmedCodes } from '../../../electron/cli/command-kit.ts';

describe('progress relay', () => {
  it('turns tape progress into bytes, MB/s and ETA', () => {
    const p = toStepProgress('write', {
      kind: 'tape',
      tape: {
        phase: 'write',
        record: 4,
        recordBytes: 5e6,
        recordTotal: 8e6,
        bytes: 6e6,
        totalBytes: 9e6,
        mbPerSecond: 120.5,
        etaSeconds: 0.4,
      },
    });
    expect(p).toEqual({
      step: 'write',
      detail: 'write record 4',
      bytes: 6e6,
      totalBytes: 9e6,
      mbPerSecond: 120.5,
      etaSeconds: 0.4,
      percent: null,
    });
    expect(formatStepProgress(p)).toBe('write: write record 4 6.0/9.0 MB, 120.5 MB/s, ETA 1 s');
  });

  it('shows mksysb file counts as a percentage and fetch rates in MB/s', () => {
    expect(formatStepProgress(toStepProgress('capture', { kind: 'mksysb', files: 50, totalFiles: 200, percent: 25 }))).toBe(
      'capture: mksysb 50 of 200 files (25%)',
    );
    const f = toStepProgress('fetch', {
      kind: 'fetch',
      image: '4_mksysb.img',
      bytes: 2e6,
      total: 4e6,
      bytesPerSecond: 1e6,
      etaSeconds: null,
    });
    expect(formatStepProgress(f)).toBe('fetch: 4_mksysb.img 2.0/4.0 MB, 1.0 MB/s');
  });

  it('parses --yes and --confirm into confirmed check codes', () => {
    expect(confirmedCodes(true, 'X')).toEqual(['*']);
    expect(confirmedCodes(undefined, 'unknown_contents, FAILED_BEFORE,')).toEqual(['UNKNOWN_CONTENTS', 'FAILED_BEFORE']);
    expect(confirmedCodes(undefined, undefined)).toEqual([]);
  });
});
