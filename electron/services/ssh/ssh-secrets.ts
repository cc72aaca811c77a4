/**
 * The two secrets a login may need, kept apart: the account password goes only to the password
 * and keyboard-interactive methods (and there only to prompts asking for a password); the key's
 * passphrase only decrypts the key on this machine and is never sent to the server.
 */

/** Secrets for one run; neither is ever stored by the SSH layer. */
export interface SshSecrets {
  /** The account password on the server. */
  password?: string;
  /** The passphrase of the private key file. */
  passphrase?: string;
}
