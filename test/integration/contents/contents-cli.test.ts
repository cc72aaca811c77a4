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
    const hit = (
      JSON.parse(found.out) as {
        backups: { imageSetId: number; cartridges: { volser: string; location: string }[]; members: { name: string; size: number }[] }[];
      }
    ).backups[0]!;
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

  it('rebuilds a lost catalog from the tape: cartridge, image set, write and index; idempotent; refuses to change rows without --force', async () => {
    const dir = path.join(tempDir(), 'demo');
    expect((await runCli(['demo', '--dir', dir, '--mksysb-size', '2MiB'])).code).toBe(0);
    const tap = path.join(dir, 'demo.tap');
    const lost = path.join(tempDir(), 'rebuilt.db');
    const args = ['--catalog', lost];
    const noLabel = await runCli(['catalog', 'rebuild', '--tape', tap, ...args]);
    expect(noLabel.code).toBe(2);
    expect(noLabel.err).toMatch(/give its label: --volser/);
    expect((await runCli(['catalog', 'rebuild', '--tape', tap, '--volser', 'DEMO01', ...args])).err).toMatch(
      /new to the catalog: give the whole barcode/,
    );
    const first = await runCli(['catalog', 'rebuild', '--tape', tap, '--volser', 'demo01l6', '--json', ...args]);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ volser: 'DEMO01', created: ['server', 'image-set', 'cartridge', 'write', 'index'] });
    const again = await runCli(['catalog', 'rebuild', '--tape', tap, '--json', ...args]);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ volser: 'DEMO01', created: [] });

    const cat = await openCatalog(lost, { autoBackup: false });
    const h = cat.history('DEMO01');
    expect(h.cartridge).toMatchObject({ mediaId: 'L6', status: 'written' });
    expect(h.writes).toHaveLength(1);
    expect(cat.imageSets.list()).toHaveLength(1);
    expect(cat.members.info(h.writes[0]!.imageSetId!)!.members).toBeGreaterThan(50);
    cat.cartridges.add({ volser: 'OTHER1', mediaId: 'L7' });
    cat.close();
    // A verification against the rebuilt write passes: the recorded hashes are what the tape holds.
    const verify = await runCli(['verify', '--tape', tap, '--record', '--volser', 'DEMO01', ...args]);
    expect(verify.code, verify.err).toBe(0);
    // The label says another cataloged cartridge: its rows are not changed without --force.
    const wrong = await runCli(['catalog', 'rebuild', '--tape', tap, '--volser', 'OTHER1', ...args]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/cartridge OTHER1 is in the catalog.*--force/);
    const forced = await runCli(['catalog', 'rebuild', '--tape', tap, '--volser', 'OTHER1', '--force', '--json', ...args]);
    expect(JSON.parse(forced.out)).toMatchObject({ volser: 'OTHER1', created: ['write', 'index'] });
  }, 180_000);
});
