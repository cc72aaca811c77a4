import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';

describe('sysbtape CLI', () => {
  it('prints help with exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: sysbtape/);
  });
  it('exits 2 on an unknown command', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).toBe(2);
  });
});
