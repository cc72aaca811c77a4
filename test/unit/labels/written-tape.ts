// A catalog on disk holding one written and verified cartridge, for the label and card tests.
import path from 'node:path';
import type { Verdict } from '../../../shared/domain.ts';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';

/** A catalog with ABC123 written from one image set of aix-prod-1 and verified with `verdict`. */
export async function catalogWithWrittenTape(dir: string, verdict: Verdict = 'pass') {
  const cat = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
  const server = cat.servers.put({
    name: 'aix-prod-1',
    host: 'aix1.example',
    user: 'root',
    auth: ['key'],
    keyPath: '/root/.ssh/id_ed25519',
    workdir: '/tmp/sysbtape',
  });
  const set = cat.imageSets.add({
    serverId: server.id,
    capturedAt: '2026-05-01T10:00:00Z',
    osLevel: '7300-02-01-2346',
    mksysbOptions: ['-i', '-e', '-p'],
    tapeblksz: 262144,
    stagingPath: '/stage/1',
    images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind, i) => ({
      kind,
      fileName: kind,
      size: 100 * (i + 1),
      sha256: fakeSha(i + 1),
    })),
  });
  cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6', location: 'Vault A', retentionUntil: '2027-05-01' });
  const w = cat.writes.record({
    volser: 'ABC123',
    imageSetId: set.id,
    drive: '/dev/nst0',
    startedAt: '2026-05-02T08:00:00Z',
    endedAt: '2026-05-02T08:30:00Z',
    result: 'ok',
    records: [1, 2, 3, 4].map((n) => ({
      index: n,
      blockSize: n === 4 ? 262144 : 512,
      blocks: 2,
      bytes: n === 4 ? 524288 : 1024,
      sha256: fakeSha(0xabc0 + n),
    })),
  });
  cat.verifications.record({
    volser: 'ABC123',
    writeId: w.id,
    drive: '/dev/nst0',
    verifiedAt: '2026-05-02T09:00:00Z',
    verdict,
    records: [],
    mksysbMemberCount: 5120,
  });
  return cat;
}
