/** `sysbtape demo` end to end (small size): verdict, catalog rows, the label PDF with the barcode; a second run reuses the directory. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { BARCODE_TAG } from '../../../electron/services/labels/restore-card-pdf.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { decodeCode39 } from '../../unit/labels/code39-reader.ts';
import { firstPageContent, markedRects, runsFromRects, shownText } from '../../unit/labels/pdf-content.ts';
import { useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

describe('sysbtape demo', () => {
  it('captures, fetches, writes, verifies and records, ending with the verdict and the label PDF', async () => {
    const dir = path.join(tempDir(), 'demo');
    const run = await runCli(['demo', '--dir', dir, '--mksysb-size', '2MiB']);
    expect(run.err).not.toContain('FAILED');
    expect(run.code, run.err).toBe(0);
    for (const step of ['capture', 'fetch', 'write', 'verify', 'record']) expect(run.err).toContain(`== ${step}`);
    expect(run.err).toMatch(/write: write record \d .* MB\/s/);
    // A newcomer sees a readiness report with a warning before the write, and how the demo confirms it.
    expect(run.err).toMatch(/readiness\| Restore readiness of image set \d+: READY/);
    expect(run.err).toMatch(/readiness\| +\[warning\] HOT_BACKUP/);
    expect(run.err).toMatch(/check \(confirm\) READINESS_WARNINGS: .*ora_pmon_PROD/);
    const lines = run.out.trim().split('\n');
    const pdf = path.join(dir, 'labels', 'DEMO01L6.pdf');
    expect(lines).toContain('Verdict: PASS — the tape was read back and every record matches the image set.');
    expect(lines).toContain(`Label and restore card: ${pdf}`);

    const catalog = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    const [job] = catalog.jobs.list();
    expect(job!.state).toBe('done');
    expect(job!.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    const [set] = catalog.imageSets.list();
    expect(set).toMatchObject({ serverName: 'demo-aix', state: 'verified', tapeblksz: 512, osLevel: '7300-02-01-2346' });
    expect(set!.images.map((i) => i.kind)).toEqual(['boot', 'mkinsttape', 'mksysb']);
    expect(set!.readiness?.report.findings.find((f) => f.code === 'HOT_BACKUP')?.level).toBe('warning');
    const history = catalog.history('DEMO01');
    expect(history.cartridge.status).toBe('verified');
    expect(history.writes).toHaveLength(1);
    expect(history.writes[0]).toMatchObject({ result: 'ok', jobId: job!.id, imageSetId: set!.id, drive: path.join(dir, 'demo.tap') });
    expect(history.writes[0]!.records.map((r) => r.sha256)).toEqual([
      set!.images[0]!.sha256,
      set!.images[1]!.sha256,
      expect.any(String),
      set!.images[2]!.sha256,
    ]);
    expect(history.verifications.map((v) => [v.verdict, v.jobId, v.writeId])).toEqual([['pass', job!.id, history.writes[0]!.id]]);
    expect(catalog.integrityCheck()).toEqual([]);
    catalog.close();

    const { content } = await firstPageContent(fs.readFileSync(pdf));
    expect(decodeCode39(runsFromRects(markedRects(content, BARCODE_TAG)))).toBe('DEMO01L6');
    expect(shownText(content).join('\n')).toContain('demo-aix');
    expect(fs.readFileSync(job!.logPath!, 'utf8')).toMatch(/Backup Completed Successfully/);

    // A second demo in the same directory writes the same cartridge again: its own tape needs no confirmation.
    const again = await runCli(['demo', '--dir', dir, '--mksysb-size', '2MiB', '--json']);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.out) as { verdict: string; id: number; labelPdf: string };
    expect(json).toMatchObject({ verdict: 'pass', labelPdf: pdf });
    expect(json.id).toBe(job!.id + 1);
  }, 180_000);
});
