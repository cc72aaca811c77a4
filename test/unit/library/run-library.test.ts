import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

async function catalogWithServer(): Promise<string> {
  const file = path.join(tempDir(), 'catalog.db');
  const cat = await openCatalog(file, { autoBackup: false });
  cat.servers.put({
    name: 'aix1',
    host: 'aix1.example',
    user: 'root',
    auth: ['key'],
    keyPath: '/nonexistent/id_ed25519',
    workdir: '/tmp/sysbtape',
  });
  cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
  cat.close();
  return file;
}

async function jobsAndStatus(file: string): Promise<{ jobs: number; status: string }> {
  const cat = await openCatalog(file, { autoBackup: false });
  try {
    return { jobs: cat.jobs.list().length, status: cat.cartridges.require('ABC123').status };
  } finally {
    cat.close();
  }
}

describe('run with a library: refusals before the job exists', () => {
  it('needs exactly one of --volser and --pick, and a library for --export', async () => {
    const file = await catalogWithServer();
    const none = await runCli(['--catalog', file, 'run', 'aix1', '--tape', '/dev/nst0']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/give either --volser V or --pick/);
    const both = await runCli(['--catalog', file, 'run', 'aix1', '--tape', '/dev/nst0', '--volser', 'ABC123', '--pick']);
    expect(both.err).toMatch(/give either --volser V or --pick/);
    const exp = await runCli(['--catalog', file, 'run', 'aix1', '--tape', '/dev/nst0', '--volser', 'ABC123', '--export']);
    expect(exp.code).toBe(2);
    expect(exp.err).toMatch(/--export and --drive need a library/);
  });

  it('a changer that is missing or does not answer SCSI stops the run: no job, the cartridge untouched', async () => {
    const file = await catalogWithServer();
    const missing = await runCli([
      '--catalog',
      file,
      'run',
      'aix1',
      '--tape',
      '/dev/nst0',
      '--volser',
      'ABC123',
      '--changer',
      path.join(tempDir(), 'sg9'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/library: no changer device .*sg9 \(ENOENT\)/);
    const notScsi = path.join(tempDir(), 'not-a-changer');
    writeFileSync(notScsi, '');
    const dead = await runCli(['--catalog', file, 'run', 'aix1', '--tape', '/dev/nst0', '--pick', '--changer', notScsi]);
    expect(dead.code).toBe(1);
    expect(dead.err).toMatch(/the changer .*not-a-changer is not responding \(.*SG_IO failed: ENOTTY\) \[UNAVAILABLE\]/);
    const virtualTape = await runCli([
      '--catalog',
      file,
      'run',
      'aix1',
      '--tape',
      path.join(tempDir(), 'x.tap'),
      '--volser',
      'ABC123',
      '--changer',
      notScsi,
    ]);
    expect(virtualTape.err).toMatch(/a library needs a real drive: --tape must be \/dev\/nstN/);
    expect(await jobsAndStatus(file)).toEqual({ jobs: 0, status: 'blank' });
  });
});

describe('when run uses the library', () => {
  it('with --changer or --pick; with SYSBTAPE_CHANGER only for a real drive', async () => {
    const { usesLibrary } = await import('../../../electron/services/library/job-cartridge.ts');
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/dev/nst0' }, {})).toBe(false);
    expect(usesLibrary({ changer: '/dev/sg3', pick: false, tape: '/dev/nst0' }, {})).toBe(true);
    expect(usesLibrary({ changer: undefined, pick: true, tape: '/dev/nst0' }, {})).toBe(true);
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/dev/nst0' }, { SYSBTAPE_CHANGER: '/dev/sg3' })).toBe(true);
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/srv/tapes/a.tap' }, { SYSBTAPE_CHANGER: '/dev/sg3' })).toBe(false);
  });
});
