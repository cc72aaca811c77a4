import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, fixtureDir } from './fixtures.ts';

/** The rows of the README's table: file name, size and SHA-256. */
function readmeRows(): Array<{ file: string; bytes: number; sha256: string }> {
  const text = readFileSync(path.join(fixtureDir, 'README.md'), 'utf8');
  return [...text.matchAll(/^\| (\S+) \| (\d+) \| ([0-9a-f]{64}) \|/gm)].map((m) => ({ file: m[1]!, bytes: Number(m[2]), sha256: m[3]! }));
}

describe('real AIX fixtures in the repository', () => {
  it('are the bytes their README names (size and SHA-256), and the README names every file', () => {
    const rows = readmeRows();
    expect(rows.map((r) => r.file).sort()).toEqual(
      readdirSync(fixtureDir)
        .filter((f) => f !== 'README.md')
        .sort(),
    );
    for (const r of rows) {
      const bytes = fixture(r.file);
      expect({ file: r.file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual(r);
    }
  });
});
