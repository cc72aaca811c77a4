/**
 * Read-only checks of an AIX server before a capture. Each check is ok / warning / error with the fix
 * an operator can apply; nothing on the server is changed.
 */
import type { PreflightCheck, PreflightReport } from '../../../shared/model.ts';
import { EXCLUDE_ROOTVG, C_LOCALE, IMAGE_FILES, IMAGE_RECORDS } from './aix-paths.ts';
import { parseDfK, ROOTVG_MOUNTS } from './aix-df.ts';
import type { RemoteHost } from './remote-host.ts';
import { raw, sh } from './shell-quote.ts';

/** Room kept for the boot and install images and the file system's own slack, beyond the mksysb estimate. */
const EXTRA_BYTES = 128 * 1024 * 1024;
/** bosboot and mkinsttape build in /tmp. */
const TMP_NEEDED_KB = 64 * 1024;

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

function check(id: string, title: string, level: PreflightCheck['level'], detail: string, fix: string | null = null): PreflightCheck {
  return { id, title, level, detail, fix };
}

/** Preflight results plus the figures capture needs. */
export interface PreflightResult extends PreflightReport {
  osLevel: string | null;
  /** Expected mksysb size in bytes (used space of rootvg's file systems). */
  estimatedBytes: number | null;
}

/** Runs every check; never throws for a failed check, only for a lost connection. */
export async function runPreflight(host: RemoteHost, opts: { signal?: AbortSignal } = {}): Promise<PreflightResult> {
  const workdir = host.server.workdir;
  const run = (cmd: string) => host.run(`${C_LOCALE.shell} ${cmd}`, { signal: opts.signal, label: `'${cmd}' on ${host.server.name}` });
  const checks: PreflightCheck[] = [];

  const uname = await run('uname -s');
  const isAix = uname.exitCode === 0 && uname.stdout.trim() === 'AIX';
  checks.push(
    isAix
      ? check('aix', 'Operating system', 'ok', 'AIX')
      : check(
          'aix',
          'Operating system',
          'error',
          `uname -s says '${uname.stdout.trim() || uname.stderr.trim()}', not AIX`,
          'Point this server entry at the AIX host (LPAR) to back up.',
        ),
  );

  const os = await run('oslevel -s');
  const osLevel = os.exitCode === 0 && os.stdout.trim() !== '' ? os.stdout.trim() : null;
  checks.push(
    osLevel
      ? check('oslevel', 'OS level', 'ok', osLevel)
      : check(
          'oslevel',
          'OS level',
          'warning',
          `oslevel -s failed: ${os.stderr.trim() || 'no output'}`,
          'Check that bos.rte is intact (lppchk -v); the level is recorded with the image set.',
        ),
  );

  const id = await run('id -u');
  const uid = id.stdout.trim();
  if (uid === '0') {
    checks.push(check('root', 'Running as root', 'ok', 'logged in as root'));
  } else if (host.server.sudo.length > 0) {
    const sudo = await run(sh`${host.server.sudo} true`);
    checks.push(
      sudo.exitCode === 0
        ? check('root', 'Running as root', 'ok', `uid ${uid}; '${host.server.sudo.join(' ')}' works without a password`)
        : check(
            'root',
            'Running as root',
            'error',
            `uid ${uid}; '${host.server.sudo.join(' ')} true' failed: ${sudo.stderr.trim()}`,
            'Allow bosboot, mkinsttape, mksysb and writing /tapeblksz through sudo NOPASSWD, or log in as root.',
          ),
    );
  } else {
    checks.push(
      check(
        'root',
        'Running as root',
        'error',
        `logged in as uid ${uid || '?'}, and no sudo prefix is configured`,
        'Log in as root, or configure a non-interactive sudo prefix (e.g. sudo -n) for this server.',
      ),
    );
  }

  const all = await run('df -k');
  const rootvg = parseDfK(all.stdout).filter((l) => ROOTVG_MOUNTS.includes(l.mount));
  const estimatedKb = rootvg.reduce((sum, l) => sum + Math.max(0, l.usedKb), 0);
  const estimatedBytes = rootvg.length > 0 ? estimatedKb * 1024 : null;

  const wd = await run(sh`d=${workdir}; while [ ! -d "$d" ]; do d=$(dirname "$d"); done; df -k "$d"`);
  const wdLine = parseDfK(wd.stdout)[0];
  const neededKb = estimatedKb + EXTRA_BYTES / 1024;
  if (!wdLine) {
    checks.push(
      check(
        'workdir-space',
        'Space in the work directory',
        'error',
        `cannot read free space of ${workdir}: ${wd.stderr.trim()}`,
        'Check that the work directory path is valid.',
      ),
    );
  } else if (estimatedBytes === null) {
    checks.push(
      check(
        'workdir-space',
        'Space in the work directory',
        'warning',
        `${mb(wdLine.freeKb)} free in ${wdLine.mount}; image size unknown (no rootvg file systems in df -k)`,
        null,
      ),
    );
  } else {
    const detail = `${mb(wdLine.freeKb)} free in ${wdLine.mount} (${wdLine.device}); the images need about ${mb(neededKb)}`;
    const fix = `Free space, grow the file system (chfs -a size=+${Math.ceil((neededKb - wdLine.freeKb) / 1024) + 64}M ${wdLine.mount}), or choose another work directory.`;
    if (wdLine.freeKb < neededKb) checks.push(check('workdir-space', 'Space in the work directory', 'error', detail, fix));
    else if (wdLine.freeKb < neededKb * 1.2)
      checks.push(check('workdir-space', 'Space in the work directory', 'warning', `${detail} (little headroom)`, fix));
    else checks.push(check('workdir-space', 'Space in the work directory', 'ok', detail));
  }

  const tmp = parseDfK((await run('df -k /tmp')).stdout)[0];
  if (!tmp) checks.push(check('tmp-space', 'Space in /tmp', 'warning', 'cannot read free space of /tmp', null));
  else if (tmp.freeKb < TMP_NEEDED_KB) {
    checks.push(
      check(
        'tmp-space',
        'Space in /tmp',
        'warning',
        `${mb(tmp.freeKb)} free in /tmp; bosboot and mkinsttape need about ${mb(TMP_NEEDED_KB)}`,
        'Grow it as root: chfs -a size=+128M /tmp, then run preflight again (the CLI can also let mksysb grow it: capture --expand-tmp)',
      ),
    );
  } else checks.push(check('tmp-space', 'Space in /tmp', 'ok', `${mb(tmp.freeKb)} free`));

  const ulimit = (await run('ulimit -f')).stdout.trim();
  const limitBytes = ulimit === 'unlimited' ? Infinity : Number(ulimit) * 512;
  if (ulimit === 'unlimited') checks.push(check('ulimit', 'File size limit (ulimit -f)', 'ok', 'unlimited'));
  else if (Number.isFinite(limitBytes) && estimatedBytes !== null && limitBytes < estimatedBytes) {
    checks.push(
      check(
        'ulimit',
        'File size limit (ulimit -f)',
        'error',
        `${ulimit} blocks (${Math.round(limitBytes / 1048576)} MB) is smaller than the image`,
        'Raise it for root: chuser fsize=-1 root, then log in again.',
      ),
    );
  } else
    checks.push(
      check(
        'ulimit',
        'File size limit (ulimit -f)',
        'warning',
        `${ulimit || 'unknown'} blocks`,
        'Images over the limit fail; chuser fsize=-1 root removes it.',
      ),
    );

  const tape = await run('lsdev -P -c tape');
  const tapeTypes = tape.stdout.split('\n').filter((l) => l.trim() !== '').length;
  checks.push(
    tape.exitCode === 0 && tapeTypes > 0
      ? check('tape-support', 'Tape support for bosboot', 'ok', `${tapeTypes} tape device types installed`)
      : check(
          'tape-support',
          'Tape support for bosboot',
          'error',
          'no tape device support is installed (lsdev -P -c tape lists nothing); bosboot cannot build a tape boot image',
          'Install the tape device filesets (e.g. devices.scsi.tape.rte) from the AIX media at the same level.',
        ),
  );

  const exclude = await run(sh`if [ -f ${EXCLUDE_ROOTVG} ]; then cat ${EXCLUDE_ROOTVG}; else echo ${'__none__'}; fi`);
  const lines = exclude.stdout.split('\n').filter((l) => l.trim() !== '');
  checks.push(
    lines[0] === '__none__'
      ? check('exclude-rootvg', '/etc/exclude.rootvg', 'ok', 'not present: "exclude" would leave nothing out')
      : check(
          'exclude-rootvg',
          '/etc/exclude.rootvg',
          'ok',
          lines.length > 0 ? `${lines.length} patterns: ${lines.join(' | ')}` : 'present but empty',
        ),
  );

  const names = IMAGE_RECORDS.map((r) => IMAGE_FILES[r]);
  const existing = await run(sh`cd ${workdir} 2>/dev/null && ls ${names} 2>/dev/null; ${raw('true')}`);
  const found = existing.stdout.split('\n').filter((l) => l.trim() !== '');
  checks.push(
    found.length === 0
      ? check('existing-images', 'Images already in the work directory', 'ok', 'none')
      : check(
          'existing-images',
          'Images already in the work directory',
          'warning',
          `${found.join(', ')} in ${workdir} will be replaced`,
          'Fetch them first if they are needed; a capture overwrites them.',
        ),
  );

  return {
    server: host.server.name,
    at: new Date().toISOString(),
    ok: checks.every((c) => c.level !== 'error'),
    checks,
    osLevel,
    estimatedBytes,
  };
}
