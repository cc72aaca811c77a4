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

describe('command loading', () => {
  it('finds the command word past global options', async () => {
    const { commandWordOf } = await import('../../../electron/cli.ts');
    expect(commandWordOf(['--catalog', '/x/c.db', 'tape', 'list'])).toBe('tape');
    expect(commandWordOf(['--catalog=/x/c.db', 'list', 'f'])).toBe('list');
    expect(commandWordOf(['--help'])).toBeUndefined();
  });
  it('lists every command in the top-level help', async () => {
    const r = await runCli(['--help']);
    for (const name of [
      'make-images',
      'list',
      'inspect',
      'write',
      'verify',
      'server',
      'capture',
      'tape',
      'catalog',
      'demo',
      'run',
      'identify',
      'jobs',
      'drive',
    ]) {
      expect(r.out).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    }
  });
  it('runs a command with the global --catalog before it', async () => {
    const r = await runCli(['--catalog', '/nonexistent-dir/c.db', 'list', '/nonexistent-file.bff']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nonexistent-file\.bff/);
  });
});
