/** LIKE patterns from text an operator typed. */

/**
 * "Contains `text`" as a LIKE pattern, with LIKE's own wildcards escaped so "-", "_" and "%" match
 * themselves; use it with `ESCAPE '\'`.
 */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
