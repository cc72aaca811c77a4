/** Finding 14 of issue 14: release builds must not accept --inspect (the Electron fuse is off). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CONFIG = path.resolve(import.meta.dirname, '../../../build/electron-builder.yml');

/** The `electronFuses:` block of the builder config as key → value (a flat YAML map of booleans). */
function fuses(): Record<string, string> {
  const lines = fs.readFileSync(CONFIG, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l));
  expect(start, 'electronFuses block in build/electron-builder.yml').toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+([A-Za-z]+):\s*(\S+)/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('electron-builder fuses', () => {
  it('turns off --inspect, run-as-node and NODE_OPTIONS in release builds', () => {
    expect(fuses()).toMatchObject({
      enableNodeCliInspectArguments: 'false',
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
    });
  });
});
