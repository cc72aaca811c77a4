import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushBehind } from '../../../electron/services/ssh/flush-behind.ts';

/** A real file handle whose datasync is counted and can be held open or made to fail. */
async function countedHandle(dir: string) {
  const fh = await open(join(dir, 'image.part'), 'w');
  const calls: Array<() => void> = [];
  let fail: Error | undefined;
  const real = fh.datasync.bind(fh);
  Object.assign(fh, {
    datasync: () =>
      new Promise<void>((resolve, reject) => {
        calls.push(() => (fail ? reject(fail) : real().then(resolve, reject)));
      }),
  });
  return {
    fh: fh as FileHandle,
    calls,
    failNext: (e: Error) => {
      fail = e;
    },
  };
}

describe('flushBehind', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sysbtape-flush-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('flushes once per interval and never runs two flushes at once', async () => {
    const { fh, calls } = await countedHandle(dir);
    const flusher = flushBehind(fh, 100);
    flusher.wrote(99);
    expect(calls).toHaveLength(0);
    flusher.wrote(100);
    expect(calls).toHaveLength(1);
    flusher.wrote(450); // due again, but the first flush still runs
    expect(calls).toHaveLength(1);
    calls[0]!();
    await flusher.settle();
    flusher.wrote(450);
    expect(calls).toHaveLength(2);
    flusher.wrote(549); // counted from 450, where the second flush started
    expect(calls).toHaveLength(2);
    calls[1]!();
    await flusher.settle();
    await fh.close();
  });

  it('reports a failed flush when settled, so a disk error fails the fetch', async () => {
    const { fh, calls, failNext } = await countedHandle(dir);
    const flusher = flushBehind(fh, 10);
    failNext(new Error('EIO: i/o error, fdatasync'));
    flusher.wrote(10);
    calls[0]!();
    await expect(flusher.settle()).rejects.toThrow('EIO');
    await fh.close();
  });
});
