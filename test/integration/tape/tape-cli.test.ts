// The tape commands end to end through the CLI: write, verify, inspect --tape; JSON shapes and exit codes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { flipByte, makeImageSet, tapOffsetOf, useTempDirs } from '../../unit/tape/tape-fixtures.ts';

const tempDir = useTempDirs();
let images: string;

beforeAll(async () => {
  images = await makeImageSet(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-cli-tape-')), 'images'));
});
afterAll(() => {
  fs.rmSync(path.dirname(images), { recursive: true, force: true });
});

describe('sysbtape write / verify / inspect --tape', () => {
  it('writes a new .tap, verifies it (exit 0, JSON shape of the issue), lists it', async () => {
    const tape = path.join(tempDir(), 'new.tap');
    const w = await runCli(['write', '--images', images, '--tape', tape, '--json']);
    expect(w.err).toMatch(/write record 4: .* MB\/s/);
    expect(w.code).toBe(0);
    const written = JSON.parse(w.out) as { records: { index: number; sha256: string }[] };
    expect(written.records.map((r) => r.index)).toEqual([1, 2, 3, 4]);

    const v = await runCli(['verify', '--tape', tape, '--images', images, '--json']);
    expect(v.code).toBe(0);
    const result = JSON.parse(v.out) as Record<string, unknown> & { records: Record<string, unknown>[] };
    expect(Object.keys(result)).toEqual(['ok', 'records', 'problems']);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    for (const r of result.records) expect(Object.keys(r)).toEqual(['index', 'kind', 'blockSize', 'blocks', 'bytes', 'sha256', 'matches']);
    expect(result.records.map((r) => r.sha256)).toEqual(written.records.map((r) => r.sha256));

    const plain = await runCli(['verify', '--tape', tape]);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/Verdict: OK/);
    expect(plain.out).not.toMatch(/matches/);

    const i = await runCli(['inspect', '--tape', tape]);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/file 2: .*mkinsttape.*\.\/tapeblksz "512 NONE"/);
    expect(i.out).toMatch(/file 4: .*mksysb/);
    expect(i.out).toMatch(/end of data/);
  });

  it('a damaged tape fails verification with exit 1, naming record and offset', async () => {
    const tape = path.join(tempDir(), 'bad.tap');
    expect((await runCli(['write', '--images', images, '--tape', tape])).code).toBe(0);
    flipByte(tape, tapOffsetOf(tape, 4, 4242));
    const v = await runCli(['verify', '--tape', tape, '--images', images, '--json']);
    expect(v.code).toBe(1);
    const result = JSON.parse(v.out) as { ok: boolean; problems: { code: string; record?: number; offset?: number }[] };
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'CONTENT_MISMATCH', record: 4, offset: 4242 }));
    const text = await runCli(['verify', '--tape', tape, '--images', images]);
    expect(text.out).toMatch(/problem CONTENT_MISMATCH \(record 4, offset 4242\)/);
    expect(text.out).toMatch(/Verdict: FAILED/);
  });

  it('usage errors exit 2: no --tape, an unknown target kind, a directory, a missing image set', async () => {
    expect((await runCli(['verify'])).code).toBe(2);
    const unknown = await runCli(['write', '--images', images, '--tape', path.join(tempDir(), 'x.bin')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/neither a virtual tape .* nor a no-rewind tape device/);
    const dir = await runCli(['write', '--images', images, '--tape', tempDir()]);
    expect(dir.code).toBe(2);
    expect(dir.err).toMatch(/is a directory/);
    const tapDir = path.join(tempDir(), 'dir.tap');
    fs.mkdirSync(tapDir);
    const dir2 = await runCli(['verify', '--tape', tapDir]);
    expect(dir2.code).toBe(2);
    expect(dir2.err).toMatch(/is a directory/);
    const st = await runCli(['verify', '--tape', '/dev/st0']);
    expect(st.code).toBe(2);
    expect(st.err).toMatch(/use the no-rewind device \/dev\/nst0/);
    expect((await runCli(['write', '--images', path.join(tempDir(), 'none'), '--tape', path.join(tempDir(), 'a.tap')])).code).toBe(2);
    expect((await runCli(['write', '--images', images, '--tape', path.join(tempDir(), 'a.tap'), '--assume-tapeblksz', '1024'])).code).toBe(
      2,
    );
  });

  it('a read-only target and a too-small virtual tape are refused with exit 1 and nothing written', async () => {
    const ro = path.join(tempDir(), 'ro.tap');
    fs.writeFileSync(ro, '');
    fs.chmodSync(ro, 0o444);
    const r = await runCli(['write', '--images', images, '--tape', ro]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/write-protected.*\[TAPE_WRITE_PROTECTED\]/);
    expect(fs.statSync(ro).size).toBe(0);
    const small = path.join(tempDir(), 'small.tap');
    const s = await runCli(['write', '--images', images, '--tape', small, '--capacity', '64KiB']);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/\[TAPE_TOO_SMALL\]/);
    expect(s.out).toBe('');
    expect(fs.existsSync(small)).toBe(false);
  });
});
