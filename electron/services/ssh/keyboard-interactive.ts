/**
 * keyboard-interactive answers only what asks for a password: a server (or a PAM module) may ask
 * for a one-time code, a user name or anything else, and giving it the account password would
 * disclose it to a prompt the operator never saw.
 */
import type { Prompt } from 'ssh2';

/** Prompts whose text asks for a password ("Password:", "root's Password:", "New password:" …). */
export const PASSWORD_PROMPT = /password/i;

/** One answer per prompt: the password where the prompt asks for one, an empty answer everywhere else. */
export function answerPasswordPrompts(prompts: readonly Prompt[], password: string): string[] {
  return prompts.map((p) => (PASSWORD_PROMPT.test(p.prompt) ? password : ''));
}
