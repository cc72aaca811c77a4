/**
 * startCapture: runs bosboot, mkinsttape and mksysb on the server and fetches the three images, in a
 * worker thread; the image set is recorded in the catalog only once its manifest exists.
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { ImageKind } from '../catalog/model.ts';
import { CatalogServerStore } from '../catalog/server-store.ts';
import { requireServer } from '../ssh/server-store.ts';
import { toImageSetInfo } from './catalog-handlers.ts';
import { runCaptureWork } from './capture-work.ts';
import type { JobRegistry } from './job-registry.ts';
import type { SecretStore } from './secret-store.ts';

/** What startCapture needs. */
export interface CaptureDeps {
  catalog: Catalog;
  jobs: JobRegistry;
  secrets: SecretStore;
  stagingDir: string;
  knownHostsPath?: string | null;
}

const KIND_OF: Record<number, ImageKind> = { 1: 'boot', 2: 'mkinsttape', 4: 'mksysb' };

/** Builds the capture handler. */
export function captureHandlers(deps: CaptureDeps): Pick<ApiHandlers, 'startCapture'> {
  const store = new CatalogServerStore(deps.catalog);
  return {
    startCapture: async (req) => {
      const server = await requireServer(store, req.server);
      const secret = await deps.secrets.get(`server:${server.name}`);
      const capture = { exclude: req.exclude, pack: req.pack, expandTmp: false, record4BlockSize: req.record4BlockSize };
      return deps.jobs.start('capture', `Capture on ${server.name}`, ['capture', 'fetch', 'record'], async (ctx) => {
        ctx.step('capture', 'running');
        let fetching = false;
        const { fetched, osLevel } = await runCaptureWork(
          { server, secret, knownHostsPath: deps.knownHostsPath, capture, stagingRoot: deps.stagingDir },
          {
            signal: ctx.signal,
            onLog: ctx.log,
            onProgress: (p) => {
              if (p.phase === 'capture') {
                ctx.progress({ step: `mksysb ${p.files} of ${p.totalFiles} files`, record: null, bytes: p.percent, totalBytes: 100, bytesPerSecond: 0, etaSeconds: null });
                return;
              }
              if (!fetching) { fetching = true; ctx.step('capture', 'done'); ctx.step('fetch', 'running'); }
              ctx.progress({ step: `fetch ${p.image}`, record: null, bytes: p.bytes, totalBytes: p.total, bytesPerSecond: p.bytesPerSecond, etaSeconds: p.etaSeconds });
            },
          },
        );
        ctx.step('capture', 'done');
        ctx.step('fetch', 'done');
        ctx.step('record', 'running');
        const m = fetched.manifest;
        const row = deps.catalog.servers.getByName(server.name);
        if (!row) throw new Error(`server ${server.name} vanished from the catalog during the capture`);
        const set = deps.catalog.imageSets.add({
          serverId: row.id, capturedAt: m.capturedAt, ...(osLevel ?? m.osLevel ? { osLevel: (osLevel ?? m.osLevel)! } : {}),
          mksysbOptions: ['-i', ...(req.exclude ? ['-e'] : []), ...(req.pack ? [] : ['-p'])],
          tapeblksz: m.record4BlockSize, stagingPath: fetched.dir, state: 'verified',
          images: m.images.map((i) => ({ kind: KIND_OF[i.record]!, fileName: i.file, size: i.size, sha256: i.sha256, ...(i.remoteChecksum ? { remoteChecksum: i.remoteChecksum } : {}) })),
        });
        ctx.step('record', 'done');
        ctx.log(`image set ${set.id} staged in ${fetched.dir}`);
        return { kind: 'capture', imageSet: toImageSetInfo(set) };
      });
    },
  };
}
