/** Time as the catalog records it: ISO 8601 UTC instants and local calendar dates for retention. */

/** A source of the current time; tests pass a fixed one. */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();

/** An instant as stored in the catalog. */
export function isoInstant(d: Date): string {
  return d.toISOString();
}

/** The operator's calendar date (local time) as YYYY-MM-DD, which retention dates are compared with. */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
