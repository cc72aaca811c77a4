// The vocabulary's rules, used alike by the write checks, the wizard's tape step and the resume dialog.
import { describe, expect, it } from 'vitest';
import {
  normalizeVolser,
  onlyRetentionBlocks,
  RETENTION_REASON_MIN_LENGTH,
  unsettledChecks,
  VOLSER_PATTERN,
  type CheckVerdict,
} from '../../../shared/domain.ts';
import { volserSchema } from '../../../shared/volser-schema.ts';

const retention: CheckVerdict = { code: 'RETENTION', kind: 'blocking' };
const retired: CheckVerdict = { code: 'RETIRED', kind: 'blocking' };
const unknown: CheckVerdict = { code: 'UNKNOWN_CONTENTS', kind: 'confirm' };

describe('the retention-override rule', () => {
  it("settles a retention check only with a reason, of the app's minimum length where asked", () => {
    expect(unsettledChecks([retention], {})).toEqual([retention]);
    expect(unsettledChecks([retention], { overrideReason: '   ' })).toEqual([retention]);
    expect(unsettledChecks([retention], { overrideReason: 'x' })).toEqual([]);
    expect(unsettledChecks([retention], { overrideReason: '  short  ' }, RETENTION_REASON_MIN_LENGTH)).toEqual([retention]);
    expect(unsettledChecks([retention], { overrideReason: 'tape reused for DR test' }, RETENTION_REASON_MIN_LENGTH)).toEqual([]);
  });

  it('never lets a reason through another blocking check; confirmations need their code or *', () => {
    expect(unsettledChecks([retention, retired], { overrideReason: 'a long enough reason' })).toEqual([retired]);
    expect(unsettledChecks([unknown], { confirmed: [] })).toEqual([unknown]);
    expect(unsettledChecks([unknown], { confirmed: ['UNKNOWN_CONTENTS'] })).toEqual([]);
    expect(unsettledChecks([unknown], { confirmed: ['*'] })).toEqual([]);
  });

  it('says when only retention blocks (the reason field is shown then)', () => {
    expect(onlyRetentionBlocks([retention, unknown])).toBe(true);
    expect(onlyRetentionBlocks([retention, retired])).toBe(false);
    expect(onlyRetentionBlocks([unknown])).toBe(false);
  });
});

describe('the VOLSER rule', () => {
  it('is one rule for the plain check and the schema', () => {
    for (const text of ['ABC123', ' abc123 ', 'ABC12', 'ABC1234', 'ABC-12', '']) {
      const r = volserSchema.safeParse(text);
      expect(normalizeVolser(text)).toBe(r.success ? r.data : null);
    }
    expect(VOLSER_PATTERN.test('ABC123')).toBe(true);
  });
});
