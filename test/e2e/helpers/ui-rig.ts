/**
 * Everything a browser test needs, all real: the simulated AIX host behind a real OpenSSH sshd, the
 * API service on a temp catalog, the harness serving the built renderer, and Chromium. `shot()` keeps
 * a screenshot of each step under test-results/e2e/. `stop()` ends every process and removes temp dirs.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type Harness, startHarness } from '../../../electron/harness.ts';
import { type ApiService, createApiService } from '../../../electron/services/api.ts';
import { MemorySecretStore, type SecretStore } from '../../../electron/services/api/secret-store.ts';
import { FolderPrinter } from '../../../electron/services/labels/pdf-printer.ts';
import type { SimConfig } from '../../../electron/sim/sim-config.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { ensureRendererBuilt } from './renderer-build.ts';

/** A running rig. */
export interface UiRig {
  sshd: TestSshd;
  service: ApiService;
  harness: Harness;
  browser: TestBrowser;
  page: Page;
  /** Scratch directory for the catalog, staging and virtual tapes; printed PDFs go to `printed/` in it. */
  dir: string;
  /** Errors the page logged (console errors and uncaught exceptions). */
  pageErrors: string[];
  shot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the rig; `name` names the screenshot folder. */
export async function startUiRig(
  name: string,
  options: { sim?: Partial<SimConfig>; colorScheme?: 'light' | 'dark'; secrets?: SecretStore } = {},
): Promise<UiRig> {
  const rendererDir = await ensureRendererBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-ui-'));
  const shots = path.resolve('test-results', 'e2e', name);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const started: { stop: () => Promise<void> }[] = [];
  try {
    const sshd = await startSshd({ sim: options.sim ?? { mksysbBytes: 2 * 1024 * 1024, mksysbMillis: 300 } });
    started.push(sshd);
    const service = await createApiService({
      catalogPath: path.join(dir, 'catalog.db'),
      stagingDir: path.join(dir, 'staging'),
      knownHostsPath: null,
      transport: 'harness',
      secrets: options.secrets ?? new MemorySecretStore(),
      notifyConfigPath: path.join(dir, 'notify.json'),
      settingsPath: path.join(dir, 'settings.json'),
      // As `npm run harness` does: what Print label / Print card print lands in this folder.
      printer: new FolderPrinter(path.join(dir, 'printed')),
    });
    started.push({ stop: () => service.close() });
    const harness = await startHarness({ service, rendererDir });
    started.push({ stop: () => harness.close() });
    const browser = await launchBrowser(options.colorScheme ? { colorScheme: options.colorScheme } : {});
    started.push({ stop: () => browser.close() });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(120_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) pageErrors.push(m.text());
    });
    let n = 0;
    return {
      sshd,
      service,
      harness,
      browser,
      page,
      dir,
      pageErrors,
      async shot(label) {
        n++;
        await page.screenshot({
          path: path.join(shots, `${String(n).padStart(2, '0')}-${label}.png`),
          fullPage: true,
          animations: 'disabled',
        });
      },
      async stop() {
        for (const s of started.reverse()) await s.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Fails the test when the page has any horizontal overflow (something clips at this size). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
