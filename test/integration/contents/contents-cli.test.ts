/** The restore side end to end through the CLI: a demo backup is indexed, found, compared, and files come back from the image set and from the tape. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();

describe('find, diff and extract on a demo backup', () => {
  it('indexes the image set at capture, finds a file on its cartridge, and extracts it from the image set and from the tape', async () => {
    const dir = path.join(tempDir(), 'demo');
    const demo = await runCli(['demo', '--dir', dir, '--mksysb-size', '2MiB']);
    expect(demo.code, demo.err).toBe(0);
    const catalogArgs = ['--catalog', path.join(dir, 'catalog.db')];
    const cat = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    const [set] = cat.imageSets.list();
    const indexed = cat.members.members(set!.id);
    cat.close();
    expect(indexed.length).toBeGreaterThan(50);
    const file = indexed.find((m) => m.kind === 'file' && m.size > 0 && m.name.startsWith('./etc/'))!;

    const found = await runCli(['find', path.basename(file.name), '--json', ...catalogArgs]);
    expect(found.code, found.err).toBe(0);
    const hit = (JSON.parse(found.out) as { backups: { imageSetId: number; cartridges: { volser: string; location: string }[]; members: { name: string; size: number }[] }[] }).backups[0]!;
    expect(hit.imageSetId).toBe(set!.id);
    expect(hit.cartridges.map((c) => c.volser)).toEqual(['DEMO01']);
    expect(hit.members).toContainEqual(expect.objectContaining({ name: file.name, size: file.size }));
    expect((await runCli(['find', 'no-such-file-anywhere', ...catalogArgs])).code).toBe(1);
    expect((await runCli(['find', 'hosts', '--before', 'yesterday', ...catalogArgs])).code).toBe(2);

    const fromSet = path.join(tempDir(), 'from-set');
    const ex = await runCli(['extract', String(set!.id), '--out', fromSet, file.name, ...catalogArgs]);
    expect(ex.code, ex.err).toBe(0);
    expect(ex.out).toMatch(/Extracted 1 file\(s\)/);
    const fromTape = path.join(tempDir(), 'from-tape');
    const tx = await runCli(['extract', '--tape', path.join(dir, 'demo.tap'), '--out', fromTape, file.name]);
    expect(tx.code, tx.err).toBe(0);
    const rel = file.name.slice(2);
    const a = fs.readFileSync(path.join(fromSet, rel));
    expect(a.length).toBe(file.size);
    expect(fs.readFileSync(path.join(fromTape, rel))).toEqual(a);

    const same = await runCli(['diff', String(set!.id), 'DEMO01', '--json', ...catalogArgs]);
    expect(same.code, same.err).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ added: [], removed: [], changed: [] });
  }, 180_000);
});
