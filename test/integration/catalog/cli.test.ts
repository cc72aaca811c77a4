import { execFileSync } from 'node:child_process';
// The catalog commands end to end: real SQLite files on disk, the CLI run in-process, JSON and exit codes checked.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { SCHEMA_VERSION } from '../../../electron/services/catalog/migrations/index.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { fakeSha } from '../../unit/catalog/schema-fixtures.ts';
import { useTempDirs } from '../../unit/catalog/temp-dir.ts';
import { decodeAllRows } from '../../unit/labels/code39-reader.ts';

const tempDir = useTempDirs();
const savedXdg = process.env.XDG_DATA_HOME;
afterEach(() => {
  if (savedXdg === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedXdg;
});

function json<T>(out: string): T {
  return JSON.parse(out) as T;
}

describe('sysbtape tape and catalog commands', () => {
  it('adds, lists, shows and changes cartridges, with --catalog before or after the subcommand', async () => {
    const db = path.join(tempDir(), 'cat.db');
    expect(
      (
        await runCli([
          '--catalog',
          db,
          'tape',
          'add',
          'abc123',
          '--media',
          'l6',
          '--location',
          'Vault A',
          '--retention-until',
          '2099-01-01',
        ])
      ).code,
    ).toBe(0);
    const added = await runCli(['tape', 'add', 'ABC124', '--media', 'L7', '--catalog', db, '--json']);
    expect(added.code).toBe(0);
    expect(json<{ barcode: string; status: string }>(added.out)).toMatchObject({ barcode: 'ABC124L7', status: 'blank' });
    await runCli(['tape', 'add', 'XYZ001', '--media', 'M8', '--catalog', db]);

    const list = await runCli(['tape', 'list', '--prefix', 'ABC', '--catalog', db]);
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^VOLSER\s+MEDIA\s+STATUS\s+LOCATION\s+RETENTION\s+WRITES\s+LAST USED$/);
    expect(list.out).toMatch(/^ABC123\s+L6\s+blank\s+Vault A\s+2099-01-01\s+0\s+-$/m);
    expect(list.out).not.toMatch(/XYZ001/);
    const held = json<{ total: number; cartridges: { volser: string }[] }>(
      (await runCli(['tape', 'list', '--under-retention', '--json', '--catalog', db])).out,
    );
    expect(held.cartridges.map((c) => c.volser)).toEqual(['ABC123']);
    const byStatus = json<{ total: number }>(
      (await runCli(['tape', 'list', '--status', 'blank,written', '--location', 'vault a', '--json', '--catalog', db])).out,
    );
    expect(byStatus.total).toBe(1);

    const set = await runCli(['tape', 'set', 'ABC124', '--location', 'Offsite', '--notes', 'sent 2026-11', '--json', '--catalog', db]);
    expect(json<{ location: string; notes: string }>(set.out)).toMatchObject({ location: 'Offsite', notes: 'sent 2026-11' });
    const cleared = await runCli(['tape', 'set', 'ABC124', '--notes', '', '--json', '--catalog', db]);
    expect(json<{ notes: null }>(cleared.out).notes).toBeNull();

    const show = await runCli(['tape', 'show', 'abc123', '--catalog', db]);
    expect(show.out).toMatch(/^ABC123 {2}barcode ABC123L6 {2}status blank$/m);
    expect(show.out).toMatch(/writes \(0\):/);
  });

  it('adds a box of cartridges as a VOLSER range, all or nothing', async () => {
    const db = path.join(tempDir(), 'cat.db');
    const r = await runCli(['tape', 'add', 'box001..box020', '--media', 'L9', '--location', 'Shelf 3', '--catalog', db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^added 20 cartridges BOX001\.\.BOX020 to /);
    const again = await runCli(['tape', 'add', 'BOX019..BOX025', '--media', 'L9', '--catalog', db]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/BOX019 is already in the catalog/);
    const all = json<{ total: number }>((await runCli(['tape', 'list', '--prefix', 'BOX', '--json', '--catalog', db])).out);
    expect(all.total).toBe(20);
    expect((await runCli(['tape', 'add', 'BOX010..BOX001', '--media', 'L9', '--catalog', db])).err).toMatch(/low to high/);
  });

  it('uses the XDG data directory when there is no --catalog', async () => {
    const dir = tempDir();
    process.env.XDG_DATA_HOME = dir;
    expect((await runCli(['tape', 'add', 'DEF001', '--media', 'L9'])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'sysbtape', 'catalog.db'))).toBe(true);
    const info = json<{ path: string; cartridges: number; integrity: string; schemaVersion: number }>(
      (await runCli(['catalog', 'info', '--json'])).out,
    );
    expect(info).toMatchObject({
      path: path.join(dir, 'sysbtape', 'catalog.db'),
      cartridges: 1,
      integrity: 'ok',
      schemaVersion: SCHEMA_VERSION,
    });
  });

  it('exits 2 with the bad field named, and 2 for an unknown cartridge', async () => {
    const db = path.join(tempDir(), 'cat.db');
    const bad = await runCli(['tape', 'add', 'ABC1234', '--media', 'L6', '--catalog', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('sysbtape: cartridge: volser must be exactly 6 characters of A–Z and 0–9 (e.g. ABC123) [INVALID_INPUT]\n');
    const media = await runCli(['tape', 'add', 'ABC123', '--media', 'LTO6', '--catalog', db]);
    expect(media.code).toBe(2);
    expect(media.err).toMatch(/mediaId must be one of L5, L6/);
    const date = await runCli(['tape', 'add', 'ABC123', '--media', 'L6', '--retention-until', '31.12.2030', '--catalog', db]);
    expect(date.err).toMatch(/retentionUntil must be a date as YYYY-MM-DD/);
    const missing = await runCli(['tape', 'show', 'NOPE01', '--catalog', db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no cartridge NOPE01 in the catalog/);
    expect((await runCli(['tape', 'list', '--status', 'lost', '--catalog', db])).err).toMatch(/--status: 'lost' is not one of blank/);
    expect((await runCli(['tape', 'list', '--catalog', db, '--json'])).out).toContain('"total": 0');
  });

  it('refuses to retire under retention (exit 1) and retires with a recorded override', async () => {
    const db = path.join(tempDir(), 'cat.db');
    await runCli(['tape', 'add', 'KEEP01', '--media', 'L6', '--retention-until', '2099-12-31', '--catalog', db]);
    const blocked = await runCli(['tape', 'retire', 'KEEP01', '--reason', 'worn', '--catalog', db]);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/KEEP01 is under retention until 2099-12-31.*--override-retention REASON.*\[CHECK_BLOCKED\]/);
    const done = await runCli([
      'tape',
      'retire',
      'KEEP01',
      '--reason',
      'worn',
      '--override-retention',
      'contents copied to KEEP02',
      '--json',
      '--catalog',
      db,
    ]);
    expect(done.code).toBe(0);
    expect(json<{ status: string }>(done.out).status).toBe('retired');
    const h = json<{ retentionOverrides: { reason: string; action: string }[] }>(
      (await runCli(['tape', 'show', 'KEEP01', '--json', '--catalog', db])).out,
    );
    expect(h.retentionOverrides).toEqual([expect.objectContaining({ action: 'retire', reason: 'contents copied to KEEP02' })]);
  });

  it('tape delete removes a blank cartridge never written, and refuses one with history (exit 2, retire instead)', async () => {
    const db = path.join(tempDir(), 'cat.db');
    await runCli(['tape', 'add', 'TYPO01', '--media', 'L8', '--catalog', db]);
    const del = await runCli(['tape', 'delete', 'typo01', '--json', '--catalog', db]);
    expect(del.code).toBe(0);
    expect(json<{ volser: string }>(del.out).volser).toBe('TYPO01');
    expect(json<{ total: number }>((await runCli(['tape', 'list', '--json', '--catalog', db])).out).total).toBe(0);
    expect((await runCli(['tape', 'delete', 'TYPO01', '--catalog', db])).err).toMatch(/no cartridge TYPO01/);

    await runCli(['tape', 'add', 'USED01', '--media', 'L8', '--catalog', db]);
    await runCli(['tape', 'retire', 'USED01', '--reason', 'worn', '--catalog', db]);
    const refused = await runCli(['tape', 'delete', 'USED01', '--catalog', db]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/USED01 is retired .*only a blank cartridge never written can be deleted/);
  });

  it('prints labels whose PNG carries the barcode', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.db');
    await runCli(['tape', 'add', 'LBL001', '--media', 'L8', '--catalog', db]);
    const r = await runCli(['tape', 'label', 'LBL001', '--out', path.join(dir, 'out'), '--json', '--catalog', db]);
    expect(r.code).toBe(0);
    const { files } = json<{ files: { pdf: string; png: string; barcodePng: string } }>(r.out);
    expect(fs.readFileSync(files.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect([...decodeAllRows(fs.readFileSync(files.barcodePng)).keys()]).toEqual(['LBL001L8']);
    expect((await runCli(['tape', 'label', 'LBL001', '--format', 'svg', '--catalog', db])).code).toBe(2);
  });

  it('tape label --part label | card writes the spine label and the restore card each alone, to print apart', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.db');
    await runCli(['tape', 'add', 'LBL002', '--media', 'L8', '--location', 'Shelf 9', '--catalog', db]);
    const out = path.join(dir, 'out');
    const label = await runCli(['tape', 'label', 'LBL002', '--part', 'label', '--format', 'pdf', '--out', out, '--catalog', db]);
    expect(label).toMatchObject({ code: 0, out: `${path.join(out, 'LBL002L8-label.pdf')}\n` });
    const labelText = execFileSync('pdftotext', [path.join(out, 'LBL002L8-label.pdf'), '-'], { encoding: 'utf8' });
    expect(labelText).toContain('LBL002L8');
    expect(labelText).not.toContain('Restore card');
    const card = await runCli(['tape', 'label', 'LBL002', '--part', 'card', '--json', '--out', out, '--catalog', db]);
    const { files } = json<{ files: { cardPdf: string; cardPng: string; pdf?: string } }>(card.out);
    expect(files.pdf).toBeUndefined();
    const cardText = execFileSync('pdftotext', [files.cardPdf, '-'], { encoding: 'utf8' });
    expect(cardText).toContain('Restore card LBL002L8');
    expect(cardText).toContain('Shelf 9');
    expect(cardText).not.toContain('cut along the dashed line');
    expect((await runCli(['tape', 'label', 'LBL002', '--part', 'spine', '--catalog', db])).code).toBe(2);
  });

  it('exports cartridges and verifications as CSV and JSON, and backs the catalog up online', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.db');
    const cat = await openCatalog(db);
    cat.cartridges.add({ volser: 'EXP001', mediaId: 'L6', notes: '=HYPERLINK("x"), "quoted"' });
    cat.cartridges.add({ volser: 'EXP002', mediaId: 'L7', location: 'Rack 1' });
    cat.verifications.record({
      volser: 'EXP001',
      drive: '/dev/nst0',
      verifiedAt: '2026-05-02T09:00:00Z',
      verdict: 'fail',
      mksysbMemberCount: 12,
      records: [{ index: 4, result: 'mismatch', sha256: fakeSha(4), blockSize: 262144, bytes: 100 }],
      problems: [{ code: 'HASH_MISMATCH', message: 'record 4 differs', record: 4 }],
    });
    cat.close();

    const csv = await runCli(['catalog', 'export', '--format', 'csv', '--what', 'cartridges', '--catalog', db]);
    expect(csv.code).toBe(0);
    const lines = csv.out.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(lines[2]).toMatch(/^EXP002,L7,EXP002L7,blank,Rack 1,/);

    const out = path.join(dir, 'ver.json');
    expect((await runCli(['catalog', 'export', '--format', 'json', '--what', 'verifications', '--out', out, '--catalog', db])).out).toMatch(
      /exported 1 verifications/,
    );
    const vs = json<{ volser: string; verdict: string; problems: unknown[]; records: { result: string }[] }[]>(
      fs.readFileSync(out, 'utf8'),
    );
    expect(vs).toEqual([
      expect.objectContaining({
        volser: 'EXP001',
        verdict: 'fail',
        mksysbMemberCount: 12,
        problems: [{ code: 'HASH_MISMATCH', message: 'record 4 differs', record: 4 }],
      }),
    ]);
    const vcsv = (await runCli(['catalog', 'export', '--format', 'csv', '--what', 'verifications', '--catalog', db])).out.split('\r\n');
    expect(vcsv[0]).toMatch(
      /^id,volser,verified_at,drive,verdict,mksysb_member_count,write_id,job_id,problem_codes,problems,record1_result/,
    );
    expect(vcsv[1]).toContain(`HASH_MISMATCH,record 4 differs,,,,,,,,,,,,,mismatch,262144,100,${fakeSha(4)}`);
    expect((await runCli(['catalog', 'export', '--format', 'xml', '--what', 'cartridges', '--catalog', db])).code).toBe(2);

    const backup = path.join(dir, 'backup', 'cat-copy.db');
    const b = await runCli(['catalog', 'backup', backup, '--json', '--catalog', db]);
    expect(b.code).toBe(0);
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('SELECT volser FROM cartridges ORDER BY volser').all()).toEqual([{ volser: 'EXP001' }, { volser: 'EXP002' }]);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect((await runCli(['catalog', 'backup', backup, '--catalog', db])).err).toMatch(/exists; choose another name or add --force/);
    expect((await runCli(['catalog', 'backup', backup, '--force', '--catalog', db])).code).toBe(0);
  });

  it('tells the operator when the catalog is damaged', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.db');
    fs.writeFileSync(db, 'this is not a database, it is a text file that someone saved here by mistake'.repeat(100));
    const r = await runCli(['tape', 'list', '--catalog', db]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/catalog .*cat\.db is damaged \(file is not a database\)\. No automatic backup was found/);
  });
});
