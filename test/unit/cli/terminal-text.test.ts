/** Finding 14 of issue 14: operator- and tape-supplied text with terminal escape sequences is printed escaped. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../../electron/cli/terminal-text.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();
// Set the window title, clear the screen, and a C1 CSI: what a hostile note would carry.
// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = 'ok\u001b]0;pwned\u0007\u001b[2J\u009b31m\rgone';

describe('CLI text output escapes control characters', () => {
  it('escapes all controls but tab and newline', () => {
    expect(escapeControl('a\tb\nc\u001b[1md\u0000\u007f\u009b')).toBe('a\tb\nc\\u001b[1md\\u0000\\u007f\\u009b');
  });

  it('tape show, tape list and error lines print notes and locations escaped; --json stays exact', async () => {
    const catalog = path.join(tempDir(), 'catalog.db');
    expect(
      (await runCli(['--catalog', catalog, 'tape', 'add', 'ESC001', '--media', 'L6', '--notes', HOSTILE, '--location', HOSTILE])).code,
    ).toBe(0);
    const show = await runCli(['--catalog', catalog, 'tape', 'show', 'ESC001']);
    expect(show.code).toBe(0);
    expect(show.out).toContain('notes: ok\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u000dgone');
    const list = await runCli(['--catalog', catalog, 'tape', 'list']);
    for (const out of [show.out, list.out]) expect(out).not.toMatch(RAW_CONTROL);
    const err = await runCli(['--catalog', catalog, 'tape', 'retire', 'ESC001', '--reason', HOSTILE, '--override-retention', 'x']);
    expect(err.err + err.out).not.toMatch(RAW_CONTROL);
    const json = await runCli(['--catalog', catalog, 'tape', 'show', 'ESC001', '--json']);
    expect((JSON.parse(json.out) as { cartridge: { notes: string } }).cartridge.notes).toBe(HOSTILE);
  });
});
