import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { listAutomaticBackups } from '../../../electron/services/catalog/backups.ts';
import { runMigrations, schemaVersionOf } from '../../../electron/services/catalog/migrate.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../electron/services/catalog/migrations/index.ts';
import { SysbError } from '../../../shared/errors.ts';
import { SCHEMA_FIXTURES, buildSchemaV9, fakeSha } from './schema-fixtures.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

function tableNames(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const names = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    .all()
    .map((r) => r.name);
  db.close();
  return names;
}

describe('catalog migrations', () => {
  it('has a fixture builder for every earlier schema version', () => {
    for (let v = 1; v < SCHEMA_VERSION; v++) expect(SCHEMA_FIXTURES[v], `fixture for v${v}`).toBeTypeOf('function');
  });

  it('creates the full schema from an empty file, with STRICT tables', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const cat = await openCatalog(file);
    expect(cat.schemaVersion).toBe(SCHEMA_VERSION);
    cat.close();
    expect(tableNames(file)).toEqual(
      expect.arrayContaining([
        'servers',
        'image_sets',
        'images',
        'cartridges',
        'writes',
        'write_records',
        'verifications',
        'verification_records',
        'jobs',
        'job_steps',
        'retention_overrides',
      ]),
    );
    const db = new Database(file, { readonly: true });
    const notStrict = db
      .prepare<[], { name: string }>(
        `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0`,
      )
      .all();
    expect(notStrict).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // A fresh catalog has nothing to lose, so no pre-migration backup, but the daily one exists.
    expect(listAutomaticBackups(file).map((f) => path.basename(f))).toEqual([
      expect.stringMatching(new RegExp(`-v${SCHEMA_VERSION}-daily\\.db$`)),
    ]);
  });

  for (const [version, build] of Object.entries(SCHEMA_FIXTURES)) {
    it(`migrates a version ${version} catalog and keeps its data, after a backup of the old file`, async () => {
      const file = path.join(tempDir(), 'catalog.db');
      build(file);
      const cat = await openCatalog(file);
      expect(cat.schemaVersion).toBe(SCHEMA_VERSION);
      const h = cat.history('OLD001');
      expect(h.cartridge).toMatchObject({
        volser: 'OLD001',
        barcode: 'OLD001L6',
        status: 'verified',
        location: 'Vault A',
        retentionUntil: '2030-01-01',
        retiredAt: null,
      });
      expect(h.writes).toHaveLength(1);
      expect(h.writes[0]!.records.map((r) => r.blockSize)).toEqual([512, 512, 512, 262144]);
      expect(h.verifications[0]).toMatchObject({ verdict: 'pass', mksysbMemberCount: 1234 });
      expect(cat.identify([fakeSha(11), fakeSha(12), fakeSha(13), fakeSha(14)])[0]).toMatchObject({
        volser: 'OLD001',
        complete: true,
        imageSetId: 1,
        serverName: 'aix1',
      });
      // Version 5 added the readiness report; image sets recorded before it have none.
      expect(cat.imageSets.get(1)!.readiness).toBeNull();
      if (Number(version) >= 2) expect(cat.jobs.get(1)!.steps.map((s) => s.state)).toEqual(['done', 'done', 'running', 'pending']);
      if (Number(version) >= 3)
        expect(cat.history('OLD002').retentionOverrides).toEqual([
          expect.objectContaining({ action: 'retire', reason: 'dropped on the floor' }),
        ]);
      // Version 4 reshaped servers: the single auth method and host key became lists.
      expect(cat.servers.getByName('aix1')).toMatchObject({
        auth: ['key'],
        workdir: '/tmp/sysbtape',
        keepaliveSeconds: 15,
        connectTimeoutSeconds: 20,
        sudo: [],
        hostKeys:
          Number(version) >= 3
            ? [{ fingerprint: `SHA256:${'B'.repeat(43)}`, keyType: 'unknown', pinnedAt: '2026-01-01T00:00:00.000Z' }]
            : [],
      });
      expect(cat.integrityCheck()).toEqual([]);
      // Version 5 rebuilt cartridges for the writing/unknown statuses, keeping ids (writes, jobs and overrides still point at them).
      expect(cat.cartridges.startWrite('OLD001')).toBe('verified');
      expect(cat.cartridges.markContentsUnknown('OLD001').status).toBe('unknown');
      cat.close();

      const pre = listAutomaticBackups(file).filter((f) => f.endsWith(`-v${version}-pre-migration.db`));
      expect(pre).toHaveLength(1);
      const old = new Database(pre[0]!, { readonly: true });
      expect(schemaVersionOf(old)).toBe(Number(version));
      expect(old.prepare(`SELECT volser FROM cartridges WHERE volser = 'OLD001'`).all()).toEqual([{ volser: 'OLD001' }]);
      old.close();
    });
  }

  it('refuses a catalog written by a newer SysbTape and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    const err = await openCatalog(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SysbError);
    expect((err as SysbError).code).toBe('CATALOG');
    expect((err as SysbError).message).toMatch(
      new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this SysbTape understands \\(${SCHEMA_VERSION}\\)`),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing migration step entirely, keeping the earlier version', () => {
    const db = new Database(':memory:');
    const failing = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    expect(() => runMigrations(db, 2, failing)).toThrow('boom');
    expect(schemaVersionOf(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('converts a version 9 member index to postings: find, counts and members as before, and indexing goes on from there', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    buildSchemaV9(file);
    const cat = await openCatalog(file);
    const hosts = cat.members.find('hosts');
    expect(hosts.backups.map((h) => [h.imageSetId, h.matches, h.members.map((m) => [m.name, m.size, m.mtime])])).toEqual([
      [2, 1, [['./etc/hosts', 80, 1700000003]]],
      [1, 1, [['./etc/hosts', 50, 1700000001]]],
    ]);
    expect(cat.members.find('*.conf').backups.map((h) => [h.imageSetId, h.members.map((m) => m.name)])).toEqual([
      [2, ['./etc/ntp.conf']],
      [1, ['./etc/inetd.conf']],
    ]);
    expect(cat.members.find('./etc*').backups.map((h) => h.matches)).toEqual([3, 3]);
    expect(cat.members.members(1).map((m) => m.name)).toEqual(['./etc', './etc/hosts', './etc/inetd.conf']);
    // Re-indexing a converted image set moves its names on; the other keeps what it had.
    cat.members.replace(1, 4, [{ name: './etc/hosts', kind: 'file', size: 51, mode: 0o100644, uid: 0, gid: 0, mtime: 1, offset: 0 }]);
    expect(cat.members.find('etc').backups.map((h) => [h.imageSetId, h.matches])).toEqual([
      [2, 3],
      [1, 1],
    ]);
    // The rows were re-keyed (image set << 32 | name): each image set still reads exactly its own, and the old
    // rows of a re-indexed one went with its index (the trigger that replaces the foreign key's cascade).
    expect(cat.members.members(1).map((m) => [m.name, m.size])).toEqual([['./etc/hosts', 51]]);
    expect(cat.members.members(2).map((m) => [m.name, m.size, m.offset])).toEqual([
      ['./etc', 0, 0],
      ['./etc/hosts', 80, 512],
      ['./etc/ntp.conf', 130, 1024],
    ]);
    expect(cat.integrityCheck()).toEqual([]);
    cat.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // No posting is left without a name, and each counts the names pointing at it.
    expect(
      db
        .prepare('SELECT p.id FROM member_postings p WHERE p.names <> (SELECT count(*) FROM member_names n WHERE n.posting_id = p.id)')
        .all(),
    ).toEqual([]);
    db.close();
  });

  it('numbers the migrations 1..N in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });
});
