/** What SysbTape knows about one AIX server: where it is, how to log in, what host keys are pinned. */
import { SysbError } from '../../../shared/errors.ts';
import { isFingerprint } from './fingerprint.ts';
import { validateHostName, validateServerName, validateWorkdir } from './shell-quote.ts';

/** Ways to authenticate; secrets are never stored, only which method to use (and a key file's path). */
import type { AuthMethod } from '../../../shared/domain.ts';

/** A host key the operator has accepted (fingerprint in OpenSSH's SHA256: form). */
export interface PinnedHostKey {
  fingerprint: string;
  keyType: string;
  pinnedAt: string;
}

/** One server's saved settings. */
export interface ServerConfig {
  name: string;
  host: string;
  port: number;
  user: string;
  /** Methods to try, in order. */
  auth: AuthMethod[];
  /** Private key file for the 'key' method (a path; the file stays where it is). */
  keyPath?: string;
  /** Remote work directory for the images. */
  workdir: string;
  hostKeys: PinnedHostKey[];
  /** SSH keepalive interval in seconds; 0 turns it off (some devices drop keepalive@openssh.com). */
  keepaliveSeconds: number;
  connectTimeoutSeconds: number;
  /** Non-interactive prefix for non-root logins, e.g. ["sudo", "-n"]; empty when logging in as root. */
  sudo: string[];
}

/** Default remote work directory. */
export const DEFAULT_WORKDIR = '/tmp/sysbtape';

/** Fills defaults and validates every field; throws INVALID_INPUT naming the bad field. */
export function normalizeServerConfig(input: Partial<ServerConfig> & Pick<ServerConfig, 'name' | 'host' | 'user'>): ServerConfig {
  const port = input.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SysbError('INVALID_INPUT', `port ${port} is not between 1 and 65535`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}$/.test(input.user)) {
    throw new SysbError('INVALID_INPUT', `user ${JSON.stringify(input.user)} is not a valid login name`);
  }
  const auth = input.auth && input.auth.length > 0 ? [...new Set(input.auth)] : (['agent'] as AuthMethod[]);
  if (auth.includes('key') && !input.keyPath) throw new SysbError('INVALID_INPUT', 'the key method needs a key file (--key FILE)');
  for (const key of input.hostKeys ?? []) {
    if (!isFingerprint(key.fingerprint))
      throw new SysbError('INVALID_INPUT', `pinned host key ${JSON.stringify(key.fingerprint)} is not a SHA256: fingerprint`);
  }
  const keepaliveSeconds = input.keepaliveSeconds ?? 15;
  const connectTimeoutSeconds = input.connectTimeoutSeconds ?? 20;
  if (!(keepaliveSeconds >= 0) || !(connectTimeoutSeconds > 0))
    throw new SysbError('INVALID_INPUT', 'keepalive must be ≥ 0 and the connect timeout > 0 seconds');
  const sudo = input.sudo ?? [];
  for (const word of sudo) {
    if (!/^[A-Za-z0-9_./=-]+$/.test(word))
      throw new SysbError('INVALID_INPUT', `sudo prefix word ${JSON.stringify(word)} has unsafe characters`);
  }
  return {
    name: validateServerName(input.name),
    host: validateHostName(input.host),
    port,
    user: input.user,
    auth,
    ...(input.keyPath ? { keyPath: input.keyPath } : {}),
    workdir: validateWorkdir(input.workdir ?? DEFAULT_WORKDIR),
    hostKeys: input.hostKeys ?? [],
    keepaliveSeconds,
    connectTimeoutSeconds,
    sudo,
  };
}
