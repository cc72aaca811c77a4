// A durable job as the UI sees it: its error carries a stable ErrorCode (the failed step's own, kept in the
// catalog) and it names its catalog job, which is what makes it resumable.
import { describe, expect, it } from 'vitest';
import { engineJobInfo } from '../../../electron/services/api/engine-jobs.ts';
import type { Job, JobStep } from '../../../electron/services/catalog/model.ts';
import { isErrorCode } from '../../../shared/errors.ts';

const step = (state: JobStep['state'], result: JobStep['result'] = null): JobStep => ({
  seq: 1,
  name: 'write',
  state,
  startedAt: null,
  endedAt: null,
  progressDone: 0,
  progressTotal: null,
  message: 'it went wrong',
  result,
});
const job = (s: JobStep): Job => ({
  id: 7,
  kind: 'tape-write',
  state: s.state,
  serverId: null,
  imageSetId: 3,
  volser: 'ABC123',
  params: { volser: 'ABC123', mediaId: 'L8', target: '/tmp/x.tap' },
  logPath: null,
  createdAt: '2026-12-05T10:00:00Z',
  updatedAt: '2026-12-05T10:01:00Z',
  steps: [s],
});

describe('engineJobInfo', () => {
  it("keeps the failed step's error code", () => {
    expect(engineJobInfo(job(step('failed', { errorCode: 'TAPE_IO' }))).error).toEqual({ code: 'TAPE_IO', message: 'it went wrong' });
  });

  it('says INTERNAL for a failed step recorded without a code, INTERRUPTED and CANCELLED by state: every code is an ErrorCode', () => {
    const codes = [step('failed'), step('interrupted'), step('cancelled'), step('failed', { errorCode: 'NOT A CODE' })].map(
      (s) => engineJobInfo(job(s)).error!.code,
    );
    expect(codes).toEqual(['INTERNAL', 'INTERRUPTED', 'CANCELLED', 'INTERNAL']);
    for (const c of codes) expect(isErrorCode(c)).toBe(true);
  });

  it('names its catalog job', () => {
    expect(engineJobInfo(job(step('failed')))).toMatchObject({ id: 7, durable: true });
  });
});
