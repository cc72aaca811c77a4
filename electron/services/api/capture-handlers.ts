/**
 * startCapture: the wizard's capture as a durable job of the job engine (worker threads: bosboot,
 * mkinsttape and mksysb on the server, then the images fetched, checked and recorded as a verified
 * image set). The wizard chooses the tape only after the capture, so the job has these two steps only;
 * a crash leaves it in the Jobs view, where it resumes (a fetch continues its partial files).
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import type { CaptureRequest } from '../ssh/capture.ts';
import { startEngineJob } from './engine-jobs.ts';
import type { JobRegistry } from './job-registry.ts';
import { checkKeyFile } from '../ssh/key-file.ts';
import type { SecretStore } from './secret-store.ts';
import { loadServerSecrets } from './server-secrets.ts';

/** What startCapture needs. */
export interface CaptureDeps {
  engine: JobEngine;
  jobs: JobRegistry;
  secrets: SecretStore;
  stagingDir: string;
  knownHostsPath?: string | null;
}

/** Builds the capture handler. */
export function captureHandlers(deps: CaptureDeps): Pick<ApiHandlers, 'startCapture'> {
  return {
    startCapture: async (req) => {
      const server = deps.engine.catalog.servers.getByName(req.server);
      if (!server) throw new SysbError('NOT_FOUND', `no server named '${req.server}'; add it first`);
      // The key is checked here, in the main process, before a job exists (and again when it is used).
      if (server.auth.includes('key') && server.keyPath) await checkKeyFile(server.keyPath);
      const secrets = await loadServerSecrets(deps.secrets, server.name, server.auth);
      const capture: CaptureRequest = { exclude: req.exclude, pack: req.pack, expandTmp: false, record4BlockSize: req.record4BlockSize };
      const job = deps.engine.createImageSetJob({
        server: server.name,
        stagingRoot: deps.stagingDir,
        capture,
        knownHostsPath: deps.knownHostsPath ?? null,
      });
      return startEngineJob(deps.engine, deps.jobs, job.id, { secrets });
    },
  };
}
