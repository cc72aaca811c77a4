/**
 * Implements the contract in shared/api.ts on top of the services. Electron's main process and the
 * browser harness both build exactly this object, so the UI tested in a browser runs the real code.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiEventName, ApiEvents, ApiHandlers } from '../../shared/api.ts';
import { openCatalog } from './catalog/catalog.ts';
import { preloadCatalogSchemas } from './catalog/validate.ts';
import { JobEngine } from './jobs/job-engine.ts';
import { durableJobInfo, engineJobHandlers } from './api/engine-jobs.ts';
import { captureHandlers } from './api/capture-handlers.ts';
import { catalogHandlers } from './api/catalog-handlers.ts';
import { contentsHandlers, type FolderChooser } from './api/contents-handlers.ts';
import { driveHandlers } from './api/drive-handlers.ts';
import { JobRegistry } from './api/job-registry.ts';
import type { SecretStore } from './api/secret-store.ts';
import { jobPageHandlers } from './api/job-page.ts';
import { labelHandlers } from './api/label-handlers.ts';
import type { PdfPrinter } from './labels/pdf-printer.ts';
import { notifyHandlers } from './api/notify-handlers.ts';
import { libraryAround, libraryHandlers } from './api/library-handlers.ts';
import { settingsPath } from './settings/settings-file.ts';
import { opsHandlers } from './api/ops-handlers.ts';
import { notifyConfigPath } from './notify/notify-config.ts';
import { serverHandlers } from './api/server-handlers.ts';
import { tapeHandlers } from './api/tape-handlers.ts';

/** Listener for every event the API pushes. */
export type ApiEventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What the composition root (main.ts or harness.ts) passes in. */
export interface ApiServiceOptions {
  /** The catalog file (the CLI's default unless the caller chose another). */
  catalogPath: string;
  /** Where fetched image sets are staged. */
  stagingDir: string;
  /** known_hosts to consult: null for none, undefined for ~/.ssh/known_hosts. */
  knownHostsPath?: string | null;
  transport: 'electron' | 'harness';
  secrets: SecretStore;
  version?: string;
  /** The notification settings file (default: the CLI's, $SYSBTAPE_NOTIFY_CONFIG or <sysbtape home>/notify.json). */
  notifyConfigPath?: string;
  /** The native folder dialog (Electron); without it chooseFolder answers UNAVAILABLE and the window asks for a path. */
  chooseFolder?: FolderChooser;
  /** Prints label and card PDFs (Electron: the system print dialog; harness: a print folder); without it printLabel is UNAVAILABLE. */
  printer?: PdfPrinter;
  /** The settings file (the library's changer); default the CLI's, <sysbtape home>/settings.json. */
  settingsPath?: string;
}

/** The contract's handlers plus event subscription and shutdown. */
export interface ApiService {
  handlers: ApiHandlers;
  subscribe(listener: ApiEventListener): () => void;
  close(): Promise<void>;
}

/** Opens the catalog and builds the API on the services. */
export async function createApiService(options: ApiServiceOptions): Promise<ApiService> {
  mkdirSync(path.dirname(options.catalogPath), { recursive: true });
  mkdirSync(options.stagingDir, { recursive: true });
  // The app validates writes from its first click: build the catalog's schemas now, not on first use.
  await preloadCatalogSchemas();
  const catalog = await openCatalog(options.catalogPath);
  const listeners = new Set<ApiEventListener>();
  const emit: ApiEventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const jobs = new JobRegistry(emit);
  const engine = new JobEngine(catalog);
  // Jobs whose process died mid-step show as interrupted, ready to resume.
  engine.detectInterrupted();
  const features = ['catalog', 'servers', 'capture', 'tape', 'labels', 'jobs', 'contents', 'drive', 'fleet', 'library'];
  const settingsFile = options.settingsPath ?? settingsPath();
  const around = libraryAround(settingsFile);
  const labelDir = path.join(path.dirname(options.catalogPath), 'labels');
  const knownHosts = options.knownHostsPath === undefined ? {} : { knownHostsPath: options.knownHostsPath };

  const handlers: ApiHandlers = {
    getAppInfo: async () => ({ version: options.version ?? '0.1.0', transport: options.transport, catalogPath: catalog.path, features }),
    ...serverHandlers({ catalog, secrets: options.secrets, ...knownHosts }),
    ...catalogHandlers(catalog),
    ...captureHandlers({ engine, jobs, secrets: options.secrets, stagingDir: options.stagingDir, ...knownHosts }),
    ...tapeHandlers(engine, jobs, labelDir, { around, settingsFile }),
    ...labelHandlers(catalog, labelDir, options.printer),
    ...opsHandlers(catalog),
    ...notifyHandlers({ catalog, secrets: options.secrets, configPath: options.notifyConfigPath ?? notifyConfigPath() }),
    ...engineJobHandlers(engine, jobs, options.secrets, around),
    ...jobPageHandlers(catalog, jobs),
    ...contentsHandlers(catalog, jobs, options.chooseFolder),
    ...driveHandlers(catalog),
    ...libraryHandlers(catalog, settingsFile),
    // A durable job from an earlier run (or the CLI) is in the catalog only: read it there, with its log.
    getJob: async ({ id }) => (jobs.has(id) || typeof id === 'string' ? jobs.get(id) : durableJobInfo(engine, id)),
    cancelJob: async ({ id }) => jobs.cancel(id),
  };

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      await jobs.cancelAll();
      listeners.clear();
      catalog.close();
    },
  };
}
