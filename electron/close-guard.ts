/**
 * Closing the window while a job runs stops that job: a write stopped half-way leaves a tape that
 * cannot boot until it is written again. The operator is asked first; the answer decides.
 * No Electron here, so the decision is tested without the binary; main.ts shows the dialog.
 */
import type { JobInfo } from '../shared/model.ts';

/** What the warning says, or null when nothing runs and the window may close at once. */
export interface CloseWarning {
  message: string;
  detail: string;
}

/** The warning for closing while these jobs exist (only running ones count). */
export function closeWarning(jobs: readonly JobInfo[]): CloseWarning | null {
  const running = jobs.filter((j) => j.state === 'running').map((j) => j.title);
  if (running.length === 0) return null;
  return {
    message: `${running.join(', ')} ${running.length === 1 ? 'is' : 'are'} still running.`,
    detail:
      'Quitting stops it. A stopped write leaves the tape unusable until it is written again; ' +
      'the job stays in Jobs, where it can be resumed.',
  };
}

/** Buttons of the dialog, in order; the first (keep working) is the default and the cancel answer. */
export const CLOSE_BUTTONS = ['Keep working', 'Stop and quit'] as const;
/** Index of the button that stops the jobs and closes. */
export const STOP_AND_QUIT = 1;
