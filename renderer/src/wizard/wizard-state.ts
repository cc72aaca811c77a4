/** What the wizard has gathered so far; each step fills its part and the stepper unlocks the next. */
import type { ImageSetInfo, JobId, JobInfo, MediaId, PreflightReport, ServerInfo } from '../../../shared/model.ts';

/** The tape chosen in the Tape step, with the operator's answers to the checks. */
export interface TapeChoice {
  target: string;
  volser: string;
  mediaId: MediaId;
  confirmed: string[];
  overrideReason: string | null;
}

/** The wizard's accumulated choices. */
export interface WizardState {
  server: ServerInfo | null;
  /** The latest preflight of the chosen server, if one was run: its errors keep Next disabled. */
  preflight: PreflightReport | null;
  imageSet: ImageSetInfo | null;
  /** The capture started from the Capture step (kept so the step shows it again after a view switch). */
  captureJob: JobInfo | null;
  tape: TapeChoice | null;
  writeJob: JobInfo | null;
  verifyJob: JobInfo | null;
}

/** The steps, in order. */
export const WIZARD_STEPS = ['Server', 'Capture', 'Tape', 'Write', 'Verify', 'Label & shelve'] as const;

/** The empty state at the start of a job. */
export const INITIAL_WIZARD_STATE: WizardState = {
  server: null,
  preflight: null,
  imageSet: null,
  captureJob: null,
  tape: null,
  writeJob: null,
  verifyJob: null,
};

/** Whether the operator may move past step `index` with this state. */
export function canLeaveStep(index: number, state: WizardState): boolean {
  switch (index) {
    case 0:
      return state.server !== null && !(state.preflight?.checks.some((c) => c.level === 'error') ?? false);
    case 1:
      return state.imageSet !== null;
    case 2:
      return state.tape !== null;
    case 3:
      return state.writeJob?.state === 'done';
    case 4:
      return state.verifyJob?.state === 'done';
    default:
      return false;
  }
}

/** Props every step gets. */
export interface StepProps {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  /** Moves the wizard to another step (e.g. "Write again" after a failed verification). */
  goTo?: (step: number) => void;
  /** Counts the times the wizard was shown again: lists (servers, image sets, drives) load anew, as other views may have changed them. */
  visits?: number;
}

/** Whether the wizard's verification ran to a FAILED verdict (the stepper shows that step in red). */
export function verifyFailed(state: WizardState): boolean {
  const r = state.verifyJob?.result;
  return state.verifyJob?.state === 'done' && r?.kind === 'verify' && !r.report.ok;
}

/** The jobs the wizard started (the app bar links them back to the wizard). */
export function wizardJobIds(state: Pick<WizardState, 'captureJob' | 'writeJob' | 'verifyJob'>): JobId[] {
  return [state.captureJob, state.writeJob, state.verifyJob].flatMap((j) => (j ? [j.id] : []));
}

/**
 * Reads what the operator typed or a USB scanner sent: a VOLSER, or a whole barcode (VOLSER + media
 * id, e.g. ABC123L6). Returns the cleaned VOLSER and the media id when the text carried one.
 */
export function parseCartridgeInput(text: string, mediaIds: readonly string[]): { volser: string; mediaId: string | null } {
  const clean = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const tail = clean.slice(6, 8);
  return { volser: clean.slice(0, 6), mediaId: clean.length === 8 && mediaIds.includes(tail) ? tail : null };
}
