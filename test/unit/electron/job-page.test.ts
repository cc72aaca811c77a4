/**
 * pageJobs (issue 22 item 10): the catalog pages and counts durable jobs; this session's own jobs
 * (identify, extract) are merged in by start time, so pages neither skip nor repeat a job either way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/model.ts';
import { jobPageHandlers } from '../../../electron/services/api/job-page.ts';
import { JobRegistry } from '../../../electron/services/api/job-registry.ts';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';

let dir = '';
let catalog: Catalog;
let handlers: ReturnType<typeof jobPageHandlers>;
const never = (): Promise<never> => new Promise(() => {});

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-job-page-'));
  let t = 0;
  catalog = await openCatalog(path.join(dir, 'catalog.db'), {
    autoBackup: false,
    now: () => new Date(Date.parse('2026-01-01T00:00:00Z') + t * 60_000),
  });
  for (t = 0; t < 60; t++) {
    const j = catalog.jobs.create({
      kind: 'tape-write',
      steps: ['write'],
      params: {
        server: 'aix1',
        target: '/dev/nst0',
        labelDir: '/tmp/labels',
        imageSet: { imageSetId: 1, dir: '/tmp/set' },
        volser: `W${String(t).padStart(5, '0')}`,
      },
    });
    catalog.jobs.updateStep(j.id, 'write', { state: 'done' });
  }
  // A job kind the engine does not run is never listed.
  catalog.jobs.create({ kind: 'something-else', steps: ['x'] });
  const registry = new JobRegistry(() => {});
  // Session jobs start now: newer than every catalog job.
  for (const n of [1, 2, 3]) registry.start('identify', `Identify ${n}`, ['read'], never);
  handlers = jobPageHandlers(catalog, registry);
});

afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const titles = (jobs: JobInfo[]): string[] => jobs.map((j) => j.title);
const page = (direction: 'asc' | 'desc', offset: number, limit: number, kind: 'any' | 'identify' | 'write' = 'any') =>
  handlers.pageJobs({ state: 'any', kind, verdict: 'any', direction, offset, limit });

describe('pageJobs', () => {
  it('newest first: the session jobs, then the catalog, every job once across the pages, with the total', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 63; offset += 10) {
      const p = await page('desc', offset, 10);
      expect(p.total).toBe(63);
      seen.push(...titles(p.jobs));
    }
    expect(seen.slice(0, 4)).toEqual(['Identify 3', 'Identify 2', 'Identify 1', 'Write W00059']);
    expect(seen.at(-1)).toBe('Write W00000');
    expect(new Set(seen).size).toBe(63);
  });

  it('oldest first: the session jobs come last', async () => {
    const p = await page('asc', 55, 10);
    expect(titles(p.jobs)).toEqual([
      'Write W00055',
      'Write W00056',
      'Write W00057',
      'Write W00058',
      'Write W00059',
      'Identify 1',
      'Identify 2',
      'Identify 3',
    ]);
  });

  it('filters by kind: session-only kinds and catalog kinds, each with its own total', async () => {
    expect(await page('desc', 0, 10, 'identify')).toMatchObject({
      total: 3,
      jobs: [{ title: 'Identify 3' }, { title: 'Identify 2' }, { title: 'Identify 1' }],
    });
    const writes = await page('desc', 50, 25, 'write');
    expect(writes.total).toBe(60);
    expect(titles(writes.jobs)).toEqual([...Array(10).keys()].map((i) => `Write W${String(9 - i).padStart(5, '0')}`));
  });
});
