/**
 * pageJobs: the Jobs view's page, filtered and sorted by start time by the catalog, so paging and the
 * total hold for every job ever recorded (not the newest 200). Jobs that live only in this session (an
 * identify, an extract, a plain read-back) are few and merged in by the same order; a durable job that
 * runs here shows its live snapshot (progress, log, result) over its catalog row.
 */
import type { ApiHandlers, ApiRequest } from '../../../shared/api.ts';
import type { JobInfo, JobKind } from '../../../shared/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { IMAGE_SET_JOB_KIND, TAPE_JOB_KIND, VERIFY_JOB_KIND, WRITE_JOB_KIND } from '../jobs/job-model.ts';
import { engineJobInfo } from './engine-jobs.ts';
import type { JobRegistry } from './job-registry.ts';

type PageRequest = ApiRequest<'pageJobs'>;

/** The catalog's job kinds behind each kind the Jobs view filters by (identify and extract are session-only). */
const CATALOG_KINDS: Record<JobKind, readonly string[]> = {
  capture: [IMAGE_SET_JOB_KIND],
  write: [WRITE_JOB_KIND],
  verify: [VERIFY_JOB_KIND],
  tape: [TAPE_JOB_KIND],
  identify: [],
  extract: [],
};
const ALL_CATALOG_KINDS = Object.values(CATALOG_KINDS).flat();

function verdictOf(j: JobInfo): 'pass' | 'fail' | null {
  if (j.verdict) return j.verdict;
  return j.result?.kind === 'verify' ? (j.result.report.ok ? 'pass' : 'fail') : null;
}

function matches(j: JobInfo, q: PageRequest): boolean {
  if (q.state !== 'any' && j.state !== q.state) return false;
  if (q.kind !== 'any' && j.kind !== q.kind) return false;
  const v = verdictOf(j);
  return q.verdict === 'any' || (q.verdict === 'none' ? v === null : v === q.verdict);
}

/** Builds pageJobs over the catalog's jobs and the registry's session jobs. */
export function jobPageHandlers(catalog: Catalog, jobs: JobRegistry): Pick<ApiHandlers, 'pageJobs'> {
  return {
    pageJobs: async (q) => {
      const live = jobs.list();
      const liveById = new Map(live.map((j) => [j.id, j]));
      // Newest first ('desc') or oldest first; a session job before a catalog job of the same instant.
      const before = (a: JobInfo, b: JobInfo): boolean => (q.direction === 'desc' ? a.startedAt > b.startedAt : a.startedAt < b.startedAt);
      // The registry lists its jobs newest first, in the order they started (even within one millisecond).
      const session = live.filter((j) => !j.durable && matches(j, q));
      if (q.direction === 'asc') session.reverse();
      // The merged list's item at `offset` comes from catalog index offset - S at the earliest (S session jobs can precede it).
      const c0 = Math.max(0, q.offset - session.length);
      const { jobs: rows, total } = catalog.jobs.page({
        kinds: q.kind === 'any' ? ALL_CATALOG_KINDS : CATALOG_KINDS[q.kind],
        ...(q.state === 'any' ? {} : { states: [q.state] }),
        verdict: q.verdict,
        direction: q.direction,
        offset: c0,
        limit: q.offset - c0 + q.limit,
      });
      const window = rows.map((r) => {
        const info = engineJobInfo(r);
        const l = liveById.get(info.id);
        return l ? { ...info, ...l } : info;
      });
      // Session jobs ordered before window[0] sit among catalog rows before c0: their merged positions are below `start`.
      const first = window[0];
      const sessionBefore = c0 > 0 && first ? session.filter((s) => before(s, first)).length : 0;
      const start = c0 + sessionBefore;
      const rest = session.filter((s) => !(c0 > 0 && first && before(s, first)));
      const merged: JobInfo[] = [];
      let i = 0;
      let k = 0;
      while (i < window.length || k < rest.length) {
        const takeSession = k < rest.length && (i >= window.length || !before(window[i]!, rest[k]!));
        merged.push(takeSession ? rest[k++]! : window[i++]!);
      }
      return { total: total + session.length, offset: q.offset, jobs: merged.slice(q.offset - start, q.offset - start + q.limit) };
    },
  };
}
