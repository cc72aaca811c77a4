/**
 * End-to-end check: a checksum computed on the server with whatever it has — AIX `csum -h SHA256`,
 * `openssl dgst -sha256`, `sha256sum`, or at worst POSIX `cksum` — compared with what arrived.
 */
import { createReadStream } from 'node:fs';
import { SysbError } from '../../../shared/errors.ts';
import { PosixCksum } from './posix-cksum.ts';
import type { RemoteHost } from './remote-host.ts';
import { sh } from './shell-quote.ts';

/** The checksum tools, best first. */
export type ChecksumTool = 'csum' | 'openssl' | 'sha256sum' | 'cksum';

/** A checksum as the server computed it. */
export interface RemoteChecksum {
  tool: ChecksumTool;
  /** "sha256:<hex>" or "cksum:<crc>:<size>". */
  value: string;
}

const TOOLS: ChecksumTool[] = ['csum', 'openssl', 'sha256sum', 'cksum'];

/** Finds the best checksum tool on the server. */
export async function detectChecksumTool(host: RemoteHost): Promise<ChecksumTool> {
  const out = await host.run(TOOLS.map((t) => sh`command -v ${t} >/dev/null 2>&1 && echo ${t}`).join('; ') + '; true');
  const found = out.stdout.split('\n').map((l) => l.trim());
  const tool = TOOLS.find((t) => found.includes(t));
  if (!tool)
    throw new SysbError(
      'FETCH_FAILED',
      `${host.server.name} has none of csum, openssl, sha256sum or cksum; cannot check the images end to end`,
    );
  return tool;
}

/** The slowest checksum rate a server is given time for (an old LPAR under load still does better). */
const SLOWEST_CHECKSUM_BYTES_PER_SECOND = 5 * 1024 * 1024;

/** Runs the tool on a remote file (of `bytes` bytes, for its time budget) and parses its output. */
export async function remoteChecksum(
  host: RemoteHost,
  tool: ChecksumTool,
  path: string,
  signal?: AbortSignal,
  bytes = 0,
): Promise<RemoteChecksum> {
  const command = {
    csum: sh`csum -h SHA256 ${path}`,
    openssl: sh`openssl dgst -sha256 ${path}`,
    sha256sum: sh`sha256sum ${path}`,
    cksum: sh`cksum ${path}`,
  }[tool];
  // A checksum prints nothing until it is done: its time grows with the file, on top of a command's.
  const timeoutMs = host.timeouts.commandSeconds * 1000 + Math.ceil(bytes / SLOWEST_CHECKSUM_BYTES_PER_SECOND) * 1000;
  const out = (
    await host.check(`LANG=C LC_ALL=C; export LANG LC_ALL; ${command}`, {
      timeoutMs,
      label: `${tool} of ${path}`,
      ...(signal ? { signal } : {}),
    })
  ).trim();
  if (tool === 'cksum') {
    const m = /^(\d+)\s+(\d+)/.exec(out);
    if (!m) throw new SysbError('FETCH_FAILED', `cannot read cksum output for ${path}: ${out}`);
    return { tool, value: `cksum:${m[1]}:${m[2]}` };
  }
  const m = /\b([0-9a-fA-F]{64})\b/.exec(out);
  if (!m) throw new SysbError('FETCH_FAILED', `cannot read ${tool} output for ${path}: ${out}`);
  return { tool, value: `sha256:${m[1]!.toLowerCase()}` };
}

/** True when the local file (with its SHA-256 already known) matches the server's checksum. */
export async function matchesRemote(localPath: string, sha256: string, remote: RemoteChecksum): Promise<boolean> {
  if (remote.value.startsWith('sha256:')) return remote.value === `sha256:${sha256}`;
  const ck = new PosixCksum();
  let size = 0;
  for await (const chunk of createReadStream(localPath, { highWaterMark: 1 << 20 })) {
    ck.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return remote.value === `cksum:${ck.digest()}:${size}`;
}
