/** build/electron-builder.yml: the deb keeps electron-builder's default dependencies, and asarUnpack patterns match real files. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');
// The parser and target class electron-builder itself uses.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { default: FpmTarget } = builderRequire('./out/targets/FpmTarget.js') as {
  default: { prototype: { getDefaultDepends(target: string): string[] } };
};

interface BuilderConfig {
  asarUnpack: string[];
  deb: { depends: string[] };
}
const config = yaml.load(fs.readFileSync(path.join(repo, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder configuration', () => {
  it("extends electron-builder's default deb dependencies instead of replacing them", () => {
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    expect(defaults).toContain('libgtk-3-0');
    expect(config.deb.depends).toEqual(expect.arrayContaining(defaults));
    // better-sqlite3's prebuilt binary needs glibc 2.34 (GLIBC_2.34 symbols).
    expect(config.deb.depends).toContain('libc6 (>= 2.34)');
  });

  it('has asarUnpack patterns that each match installed files', () => {
    for (const pattern of config.asarUnpack) {
      expect(fs.globSync(pattern, { cwd: repo }), pattern).not.toEqual([]);
    }
  });
});
