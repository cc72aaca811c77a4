/**
 * startCapture: the job engine's capture and fetch steps (worker threads: bosboot, mkinsttape and
 * mksysb on the server, then the images fetched, checked and recorded as a verified image set).
 * The wizard chooses the tape only after the capture, so these two steps run here on their own.
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { CaptureRequest } from '../ssh/capture.ts';
import { captureStep, fetchStep, type CaptureStepResult, type StepContext } from '../jobs/tape-job-steps.ts';
import { toImageSetInfo } from './catalog-handlers.ts';
import type { JobRegistry } from './job-registry.ts';
import type { SecretStore } from './secret-store.ts';
import { toJobProgress } from './work-progress.ts';

/** What startCapture needs. */
export interface CaptureDeps {
  catalog: Catalog;
  jobs: JobRegistry;
  secrets: SecretStore;
  stagingDir: string;
  knownHostsPath?: string | null;
}

/** Builds the capture handler. */
export function captureHandlers(deps: CaptureDeps): Pick<ApiHandlers, 'startCapture'> {
  return {
    startCapture: async (req) => {
      const server = deps.catalog.servers.getByName(req.server);
      if (!server) throw new SysbError('NOT_FOUND', `no server named '${req.server}'; add it first`);
      const secret = await deps.secrets.get(`server:${server.name}`);
      const capture: CaptureRequest = { exclude: req.exclude, pack: req.pack, expandTmp: false, record4BlockSize: req.record4BlockSize };
      return deps.jobs.start('capture', `Capture on ${server.name}`, ['capture', 'fetch'], async (ctx) => {
        let captured: CaptureStepResult | null = null;
        // Only the fields the capture and fetch steps read; the tape is chosen later in the wizard.
        const step: StepContext = {
          catalog: deps.catalog, jobId: 0, secret, consent: {}, log: ctx.log, onChecks: () => {},
          params: { server: server.name, target: '', volser: '', stagingRoot: deps.stagingDir, labelDir: '', capture, knownHostsPath: deps.knownHostsPath ?? null },
          work: { onLog: ctx.log, onProgress: (p) => ctx.progress(toJobProgress(p)), signal: ctx.signal },
          earlier: <T>(name: string): T => {
            if (name !== 'capture' || !captured) throw new SysbError('INTERNAL', `no result of step ${name}`);
            return captured as T;
          },
        };
        ctx.step('capture', 'running');
        captured = await captureStep(step);
        ctx.step('capture', 'done');
        ctx.step('fetch', 'running');
        const fetched = await fetchStep(step);
        ctx.step('fetch', 'done');
        const set = deps.catalog.imageSets.get(fetched.imageSetId);
        if (!set) throw new SysbError('INTERNAL', `image set ${fetched.imageSetId} was not recorded`);
        return { kind: 'capture', imageSet: toImageSetInfo(set) };
      });
    },
  };
}
