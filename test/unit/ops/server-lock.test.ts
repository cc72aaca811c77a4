/** One capture per server at a time: the lock is exclusive while its holder lives and taken over once it is gone. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockServer } from '../../../electron/services/ops/server-lock.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

describe('server capture lock', () => {
  it('refuses a second holder, frees on release, and takes over the lock of a dead process', () => {
    const dir = path.join(tempDir(), 'locks');
    const first = lockServer(dir, 'aix7');
    if (!('release' in first)) throw new Error('first lock not taken');
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    // Another live process holds it (the test runner's parent stands in for it).
    fs.writeFileSync(first.file, JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    expect(lockServer(dir, 'aix7')).toEqual({ heldBy: process.ppid });
    expect('release' in lockServer(dir, 'aix8')).toBe(true);
    first.release();
    const again = lockServer(dir, 'aix7');
    expect('release' in again).toBe(true);
    // A holder that died without releasing: its pid no longer exists.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync((again as { file: string }).file, JSON.stringify({ pid: Number(dead), host: os.hostname() }));
    const taken = lockServer(dir, 'aix7');
    expect('release' in taken).toBe(true);
    expect(JSON.parse(fs.readFileSync((taken as { file: string }).file, 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
