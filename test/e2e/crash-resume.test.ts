/**
 * A crash during a wizard write, in Debian's Chromium against the real harness process: the write is
 * started from the wizard, the harness process is killed with SIGKILL mid-record-4, a new harness on
 * the same catalog lists the write as interrupted in the Jobs view, and Resume (after the tape's checks)
 * finishes it. The tape then verifies against the image set, and the catalog holds one good write.
 * Then a verification left running by a dead process resumes from the Jobs view to its verdict.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/model.ts';
import { harnessServiceOptions } from '../../electron/harness.ts';
import { createApiService } from '../../electron/services/api.ts';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../electron/services/jobs/job-engine.ts';
import { runStepWork } from '../../electron/services/jobs/step-work.ts';
import { leaveStepCrashed } from '../helpers/crashed-step.ts';
import { startSshd, type TestSshd } from '../helpers/sshd.ts';
import { launchBrowser, type TestBrowser } from './helpers/browser.ts';
import { ensureRendererBuilt } from './helpers/renderer-build.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.resolve('test-results', 'e2e', 'crash-resume');
const SLOW = 300_000;
const VOLSER = 'CRS001';

let sshd: TestSshd;
let dataDir: string;
let browser: TestBrowser;
let imageSetDir: string;
const harnesses = new Set<ChildProcess>();
let shots = 0;

async function shot(page: Page, label: string): Promise<void> {
  shots++;
  await page.screenshot({
    path: path.join(SHOTS, `${String(shots).padStart(2, '0')}-${label}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Starts `node electron/harness.ts --data-dir` as its own process and returns it with its URL. */
async function startHarnessProcess(env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'electron', 'harness.ts'), '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  harnesses.add(child);
  child.once('exit', () => harnesses.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`harness exited (${code ?? signal}) before printing its URL: ${err}`)));
  });
  return { child, url };
}

/** A new browser page on a harness, with this test's generous timeout. */
async function openPage(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(url);
  return page;
}

async function waitForJob(get: () => Promise<JobInfo>): Promise<JobInfo> {
  for (;;) {
    const job = await get();
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  await ensureRendererBuilt();
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  sshd = await startSshd({ sim: { mksysbBytes: 3 * 1024 * 1024, mksysbMillis: 300 } });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-crash-'));
  mkdirSync(path.join(dataDir, 'tapes'));
  // The server and an image set, through the same API the wizard uses (the wizard test covers these screens).
  const service = await createApiService(harnessServiceOptions(dataDir));
  try {
    const h = service.handlers;
    await h.addServer({
      name: 'aix1',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: 'key',
      keyPath: sshd.keyPath,
      workdir: sshd.workdir,
      secret: null,
    });
    await h.trustServer({ name: 'aix1', fingerprint: sshd.hostKeyFingerprint });
    const started = await h.startCapture({ server: 'aix1', exclude: false, pack: false, record4BlockSize: 512 });
    const done = await waitForJob(() => h.getJob({ id: started.id }));
    if (done.result?.kind !== 'capture') throw new Error(`capture did not finish: ${JSON.stringify(done.error)}`);
    imageSetDir = done.result.imageSet.path;
  } finally {
    await service.close();
  }
  browser = await launchBrowser();
}, SLOW);

afterAll(async () => {
  for (const child of harnesses) child.kill('SIGKILL');
  await browser?.close();
  await sshd?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it(
  'a write killed mid-tape is listed as interrupted, resumes from the Jobs view and ends with a tape that verifies',
  async () => {
    const tape = path.join(dataDir, 'tapes', 'crash.tap');
    // First harness: the worker writes slowly (a test-only rate), so the kill lands inside record 4.
    const first = await startHarnessProcess({ SYSBTAPE_TEST_WRITE_RATE: '400000' });
    const page = await openPage(first.url);
    await page.getByRole('tab', { name: 'New tape' }).click();
    await page.getByRole('list', { name: 'Servers' }).getByText('aix1', { exact: true }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connected to aix1/).waitFor();
    await page.getByRole('button', { name: 'Next: Capture' }).click();
    await page
      .getByRole('radio', { name: /Use image set aix1/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Next: Tape' }).click();
    await page.getByLabel('Path of a .tap file').fill(tape);
    await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill(VOLSER);
    await page.getByRole('button', { name: 'Check this tape' }).click();
    await page.getByText(/Nothing stands in the way/).waitFor();
    await page.getByRole('button', { name: 'Next: Write' }).click();
    await page.getByRole('button', { name: 'Write tape' }).click();
    const region = page.getByRole('region', { name: `Write ${VOLSER} progress` });
    await region.getByText(/record 4 · [1-9]/).waitFor();
    await shot(page, 'write-before-crash');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await page.close();

    // Second harness on the same catalog: the write shows as interrupted.
    const second = await startHarnessProcess();
    const page2 = await openPage(second.url);
    await page2.getByRole('tab', { name: 'Jobs' }).click();
    const row = page2.getByRole('row').filter({ hasText: `Write ${VOLSER}` });
    await row.getByText('interrupted', { exact: true }).waitFor();
    expect(await row.textContent()).toMatch(/write: interrupted/);
    await shot(page2, 'jobs-interrupted');
    // The row opens the job: its steps and the log the dead process wrote (read from its log file).
    await row.getByRole('cell').first().click();
    const opened = page2.getByRole('dialog', { name: `Write ${VOLSER}` });
    await opened.getByRole('log').getByText(/write/).first().waitFor();
    expect(await opened.getByRole('log').textContent()).not.toContain('(no output yet)');
    await opened.getByRole('button', { name: 'Close' }).click();

    await row.getByRole('button', { name: `Resume Write ${VOLSER}` }).click();
    const dialog = page2.getByRole('dialog', { name: `Resume Write ${VOLSER}` });
    await dialog.waitFor();
    const resumeButton = dialog.getByRole('button', { name: 'Resume the write' });
    // Half a write is on the tape: whatever the checks ask to confirm must be ticked before Resume is enabled.
    const boxes = dialog.getByRole('checkbox');
    const count = await boxes.count();
    if (count > 0) expect(await resumeButton.isEnabled()).toBe(false);
    for (let i = 0; i < count; i++) await boxes.nth(i).check();
    await shot(page2, 'resume-checks');
    expect(await dialog.getByRole('alert').filter({ hasText: 'Cannot write' }).count()).toBe(0);
    await resumeButton.click();
    const live = page2.getByRole('region', { name: `Resume Write ${VOLSER} progress` });
    await live.getByText('write: done', { exact: true }).waitFor();
    await page2
      .getByRole('row')
      .filter({ hasText: `Write ${VOLSER}` })
      .getByText('done', { exact: true })
      .waitFor();
    await shot(page2, 'jobs-resumed-done');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    // The tape reads back as the image set, and the catalog holds the job done with one good write.
    const verified = await runStepWork({ op: 'verify', target: tape, images: imageSetDir });
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    const catalog = await openCatalog(path.join(dataDir, 'catalog.db'));
    try {
      const job = catalog.jobs.list({ limit: 10 }).find((j) => j.kind === 'tape-write');
      expect(job?.state).toBe('done');
      const writes = catalog.writes.listFor(catalog.cartridges.require(VOLSER).id);
      expect(writes.filter((w) => w.result === 'ok').map((w) => w.jobId)).toEqual([job?.id]);
    } finally {
      catalog.close();
    }
  },
  SLOW,
);

it(
  'a verification whose process died resumes from the Jobs view and ends with its verdict',
  async () => {
    const tape = path.join(dataDir, 'tapes', 'crash.tap');
    // As a crash mid-read leaves it (the previous test made the tape): the step running, its process gone.
    const catalog = await openCatalog(path.join(dataDir, 'catalog.db'));
    try {
      leaveStepCrashed(catalog, new JobEngine(catalog).createVerifyJob({ volser: VOLSER, target: tape }).id, 'verify');
    } finally {
      catalog.close();
    }
    const harness = await startHarnessProcess();
    const page = await openPage(harness.url);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    const row = page.getByRole('row').filter({ hasText: `Verify ${VOLSER}` });
    await row.getByText('interrupted', { exact: true }).waitFor();
    await shot(page, 'verify-interrupted');
    // Reading a tape changes nothing on it: no checks dialog, it resumes at once.
    await row.getByRole('button', { name: `Resume Verify ${VOLSER}` }).click();
    await page.getByText(`VERIFIED — ${VOLSER} is a good bootable tape`).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page
      .getByRole('row')
      .filter({ hasText: `Verify ${VOLSER}` })
      .getByText('done', { exact: true })
      .waitFor();
    await shot(page, 'verify-resumed');
    harness.child.kill('SIGTERM');
    await new Promise((r) => harness.child.once('exit', r));

    const after = await openCatalog(path.join(dataDir, 'catalog.db'));
    try {
      const verifications = after.verifications.listFor(after.cartridges.require(VOLSER).id);
      expect(verifications.map((v) => v.verdict)).toEqual(['pass']);
      expect(verifications[0]?.jobId).toBe(after.jobs.list({ limit: 10 }).find((j) => j.kind === 'tape-verify')?.id);
    } finally {
      after.close();
    }
  },
  SLOW,
);
