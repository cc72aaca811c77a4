import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputFolder } from '../../../electron/services/api/output-folder-guard.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

describe('the extract folder guard (main process)', () => {
  it('accepts an existing directory and one that can be created under a writable directory', async () => {
    const dir = tempDir();
    await expect(checkOutputFolder(dir)).resolves.toBe(dir);
    await expect(checkOutputFolder(`${dir}/new/deeper/`)).resolves.toBe(path.join(dir, 'new', 'deeper'));
  });

  it('refuses relative paths, NULs, files, system directories (also through a symlink) and unwritable parents', async () => {
    const dir = tempDir();
    await expect(checkOutputFolder('restored')).rejects.toThrow(/not an absolute path/);
    await expect(checkOutputFolder(`${dir}/a\0b`)).rejects.toThrow(/NUL/);
    writeFileSync(path.join(dir, 'f'), 'x');
    await expect(checkOutputFolder(path.join(dir, 'f'))).rejects.toThrow(/is not a directory/);
    await expect(checkOutputFolder(path.join(dir, 'f', 'sub'))).rejects.toThrow(/cannot be created: .*f is not a directory/);
    await expect(checkOutputFolder('/')).rejects.toThrow(/system directory/);
    await expect(checkOutputFolder('/usr/')).rejects.toThrow(/system directory/);
    await expect(checkOutputFolder('/proc/self/x')).rejects.toThrow(/system directory/);
    symlinkSync('/etc', path.join(dir, 'etc-link'));
    await expect(checkOutputFolder(path.join(dir, 'etc-link'))).rejects.toThrow(/the system directory \/etc/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      await expect(checkOutputFolder(path.join(locked, 'out'))).rejects.toThrow(/not writable/);
      chmodSync(locked, 0o700);
    }
  });
});
