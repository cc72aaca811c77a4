/**
 * `sysbtape library settings|simulate|status|load|unload` with the changer given once in the settings file,
 * and the order that names it: --changer > SYSBTAPE_CHANGER > settings file > sysfs. On simulated libraries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../../unit/catalog/temp-dir.ts';

const tempDir = useTempDirs();
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const k of ['SYSBTAPE_SETTINGS', 'SYSBTAPE_CHANGER']) saved[k] = process.env[k];
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

describe('library settings', () => {
  it("simulate --use makes the library the settings file's; commands then need no --changer; env and flag win over it", async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_SETTINGS = path.join(dir, 'settings.json');
    delete process.env.SYSBTAPE_CHANGER;
    const catalog = path.join(dir, 'catalog.db');
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    const made = await runCli(['library', 'simulate', a, '--barcodes', 'AAA001L8,,AAA003L6', '--use']);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/simulated library in .*\/a: 3 slots, drive .*\/a\/drive-1\/tape\.tap/);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({
      version: 1,
      library: { changer: `sim:${a}`, afterVerify: 'slot' },
    });
    await runCli(['library', 'simulate', b, '--barcodes', 'BBB001L8']);

    const status = await runCli(['library', 'status']);
    expect(status.out).toMatch(new RegExp(`changer sim:${a} \\(from the settings file .*settings\\.json\\)`));
    expect(status.out).toMatch(/2\/3 slots full/);
    process.env.SYSBTAPE_CHANGER = `sim:${b}`;
    expect((await runCli(['library', 'status', '--json'])).out).toMatch(/"found": "env"/);
    expect((await runCli(['library', 'status', '--changer', `sim:${a}`])).out).toMatch(/from --changer/);
    delete process.env.SYSBTAPE_CHANGER;

    const inv = await runCli(['--catalog', catalog, 'library', 'inventory', '--add-unknown']);
    expect(inv.out).toMatch(/added AAA001 to the catalog as a blank cartridge/);
    const load = await runCli(['library', 'load', 'AAA003']);
    expect(load.out).toMatch(/loaded AAA003 from slot 3 \(address 1002\) into drive 1 \(address 1\)/);
    const again = await runCli(['library', 'load', 'AAA001']);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/already holds cartridge AAA003L6, not AAA001.*\[CHECK_BLOCKED\]/);
    const out = await runCli(['library', 'unload', '--export']);
    expect(out.out).toMatch(/unloaded AAA003L6 from drive 1 \(address 1\) to import\/export slot 1 \(address 2000\)/);

    const set = await runCli(['library', 'settings', '--changer', '/dev/sg3', '--tape', '/dev/nst0', '--after-verify', 'export']);
    expect(set.out).toMatch(/changer \/dev\/sg3\ndrive \/dev\/nst0\nafter a verified write: export/);
    const bad = await runCli(['library', 'settings', '--changer', 'sg3']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/changer: an absolute device path like \/dev\/sg3, or sim:\/folder/);
    expect((await runCli(['library', 'settings', '--clear'])).out).toMatch(/No library in/);
  });
});
