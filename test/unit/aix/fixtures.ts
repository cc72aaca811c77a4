/** Paths of the real AIX fixtures kept in the repository (test/fixtures/aix/, origin and hashes in its README). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The folder of the real AIX fixtures. */
export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'aix');

/** Absolute path of a file in test/fixtures/aix/. */
export function fixturePath(name: string): string {
  return path.join(fixtureDir, name);
}

/** Bytes of a fixture. */
export function fixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}
