import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

describe('test environment', () => {
  it('keeps tests out of the real user directories', () => {
    expect(process.env.XDG_DATA_HOME?.startsWith(tmpdir())).toBe(true);
    expect(process.env.SYSBTAPE_HOME?.startsWith(tmpdir())).toBe(true);
  });
});
