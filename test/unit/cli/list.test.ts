import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { fixturePath } from '../aix/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sysbtape list', () => {
  it('lists test.bff like restore -Tv and exits 0', async () => {
    const r = await runCli(['list', fixturePath('test.bff')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        '           0 backup',
        '           3 backup/file.txt',
        '           0 backup/folder',
        '           3 backup/folder/file_in_folder.txt',
        'total size: 6',
        'files archived: 4',
        'archive complete: FS_END found, no problems',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON that parses, with members and summary', async () => {
    const r = await runCli(['list', '--json', fixturePath('test.bff')]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      members: Array<{ name: string; size: number; kind: string; mode: string }>;
      summary: { complete: boolean; memberCount: number };
    };
    expect(doc.members.map((m) => [m.name, m.size, m.kind])).toEqual([
      ['backup', 0, 'directory'],
      ['backup/file.txt', 3, 'file'],
      ['backup/folder', 0, 'directory'],
      ['backup/folder/file_in_folder.txt', 3, 'file'],
    ]);
    expect(doc.members[1]!.mode).toBe('0644');
    expect(doc.summary).toMatchObject({ complete: true, memberCount: 4 });
  });

  it('exits 1 with problems and offsets for a damaged archive', async () => {
    const r = await runCli(['list', fixturePath('test_acl.bff')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ +15 backup\/file.txt$/m);
    expect(r.err).toMatch(/problem at offset 0: 3 header\(s\) carry no checksum/);
    const cut = path.join(dir, 'cut.bff');
    writeFileSync(cut, Buffer.alloc(100));
    const c = await runCli(['list', '--json', cut]);
    expect(c.code).toBe(1);
    expect((JSON.parse(c.out) as { members: unknown[] }).members).toEqual([]);
  });

  it('checks packed data only with --check-data, like restore -T which reads headers only', async () => {
    const { buildArchive } = await import('../../../electron/services/aix/synthetic/archive-writer.ts');
    const { parseAll } = await import('../aix/parse-helpers.ts');
    const text = Buffer.from(Array.from({ length: 9000 }, (_, i) => 'ab'[(i >> 2) % 2]).join(''));
    const buf = buildArchive([{ name: './packed.txt', type: 'file', data: text }], { date: 1700000000, pack: true });
    const member = parseAll(buf).members[0]!;
    expect(member.packed).toBe(true);
    buf[member.dataOffset] = 0; // maxlev 0: the code table is broken
    const file = path.join(dir, 'packed.bff');
    writeFileSync(file, buf);
    expect((await runCli(['list', file])).code).toBe(0);
    const checked = await runCli(['list', '--check-data', file]);
    expect(checked.code).toBe(1);
    expect(checked.err).toMatch(/problem at offset \d+: member \.\/packed\.txt: bad code length table \(maxlev 0\) \[UNPACK_ERROR\]/);
  });

  it('exits 2 for a missing file or missing argument', async () => {
    const r = await runCli(['list', path.join(dir, 'nope.img')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot open .*nope\.img.*\[NOT_FOUND\]/);
    expect((await runCli(['list'])).code).toBe(2);
  });
});
