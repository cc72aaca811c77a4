/**
 * Implements the contract in shared/api.ts on top of the services. Electron's main process and the
 * browser harness both build exactly this object, so the UI tested in a browser runs the real code.
 */
import { mkdirSync } from 'node:fs';
import type { ApiEventName, ApiEvents, ApiHandlers } from '../../shared/api.ts';
import { JobRegistry } from './api/job-registry.ts';
import type { SecretStore } from './api/secret-store.ts';
import { unavailable } from './api/unavailable.ts';

/** Listener for every event the API pushes. */
export type ApiEventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What the composition root (main.ts or harness.ts) passes in. */
export interface ApiServiceOptions {
  /** Directory for the catalog, staged image sets and logs. */
  dataDir: string;
  transport: 'electron' | 'harness';
  secrets: SecretStore;
  version?: string;
}

/** The contract's handlers plus event subscription and shutdown. */
export interface ApiService {
  handlers: ApiHandlers;
  subscribe(listener: ApiEventListener): () => void;
  close(): Promise<void>;
}

/** Builds the API on the services. */
export function createApiService(options: ApiServiceOptions): ApiService {
  mkdirSync(options.dataDir, { recursive: true });
  const listeners = new Set<ApiEventListener>();
  const emit: ApiEventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const jobs = new JobRegistry(emit);
  const features: string[] = ['jobs'];

  const handlers: ApiHandlers = {
    getAppInfo: async () => ({ version: options.version ?? '0.1.0', transport: options.transport, catalogPath: null, features }),
    listServers: unavailable('the server list (catalog)'),
    addServer: unavailable('adding a server (catalog)'),
    testServer: unavailable('testing an SSH connection'),
    trustServer: unavailable('pinning a host key'),
    preflightServer: unavailable('preflight'),
    startCapture: unavailable('capture over SSH'),
    listImageSets: unavailable('the image set list'),
    listDrives: unavailable('tape drive detection'),
    checkTape: unavailable('the checks before a write'),
    startWrite: unavailable('writing a tape'),
    startVerify: unavailable('verifying a tape'),
    listJobs: async () => jobs.list(),
    getJob: async ({ id }) => jobs.get(id),
    cancelJob: async ({ id }) => jobs.cancel(id),
    resumeJob: unavailable('resuming a job (job engine)'),
    listCartridges: unavailable('the cartridge catalog'),
    getCartridge: unavailable('the cartridge catalog'),
    updateCartridge: unavailable('the cartridge catalog'),
    retireCartridge: unavailable('the cartridge catalog'),
    identifyTape: unavailable('identifying a tape'),
    renderLabel: unavailable('labels'),
  };

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async close() {
      jobs.cancelAll();
      listeners.clear();
    },
  };
}
