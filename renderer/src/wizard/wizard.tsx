/** The job wizard: Server → Capture → Tape → Write → Verify → Label & shelve, one screen per step. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { JobId } from '../../../shared/model.ts';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { CaptureStep } from './capture-step.tsx';
import { LabelStep } from './label-step.tsx';
import { ServerStep } from './server-step.tsx';
import { TapeStep } from './tape-step.tsx';
import { VerifyStep } from './verify-step.tsx';
import { WriteStep } from './write-step.tsx';
import { canLeaveStep, INITIAL_WIZARD_STATE, verifyFailed, WIZARD_STEPS, wizardJobIds, type WizardState } from './wizard-state.ts';

const VERIFY_STEP = 4;

/**
 * The wizard with its stepper; steps before the current one stay clickable. The app keeps it mounted
 * while other views are shown, so a view switch mid-job loses nothing.
 */
export function Wizard({ onJobIds, visits = 0 }: { onJobIds?: (ids: JobId[]) => void; visits?: number }) {
  const [active, setActive] = useState(0);
  const [state, setState] = useState<WizardState>(INITIAL_WIZARD_STATE);
  const { captureJob, writeJob, verifyJob } = state;
  // Told again only when one of the ids changes (not on every progress snapshot of a running job).
  const ids = useMemo(() => wizardJobIds({ captureJob, writeJob, verifyJob }), [captureJob?.id, writeJob?.id, verifyJob?.id]);
  useEffect(() => {
    onJobIds?.(ids);
  }, [ids, onJobIds]);
  const update = useCallback((patch: Partial<WizardState>): void => setState((s) => ({ ...s, ...patch })), []);
  const reachable = (i: number): boolean => i <= active || WIZARD_STEPS.slice(0, i).every((_, j) => canLeaveStep(j, state));

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minHeight: 0 }}>
      <Stepper nonLinear activeStep={active} aria-label="Job steps" sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        {WIZARD_STEPS.map((label, i) => {
          // A failed verification is an error on the stepper, never a ✓.
          const failed = i === VERIFY_STEP && verifyFailed(state);
          return (
            <Step key={label} completed={!failed && i < active && canLeaveStep(i, state)}>
              <StepButton
                onClick={() => setActive(i)}
                disabled={!reachable(i)}
                aria-label={failed ? `${label}: FAILED` : label}
                optional={
                  failed ? (
                    <Box component="span" sx={{ color: 'error.main', fontSize: 12 }}>
                      FAILED
                    </Box>
                  ) : undefined
                }
              >
                <StepLabel error={failed}>{label}</StepLabel>
              </StepButton>
            </Step>
          );
        })}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Step: ${WIZARD_STEPS[active]}`}>
        {active === 0 && <ServerStep state={state} update={update} visits={visits} />}
        {active === 1 && <CaptureStep state={state} update={update} visits={visits} />}
        {active === 2 && <TapeStep state={state} update={update} visits={visits} />}
        {active === 3 && <WriteStep state={state} update={update} />}
        {active === 4 && <VerifyStep state={state} update={update} goTo={setActive} />}
        {active === 5 && <LabelStep state={state} />}
      </Paper>
      {/* Sticky: Next stays in view at 1024×700 however long the step (a preflight table) is. */}
      <Box
        sx={{
          display: 'flex',
          gap: 1,
          position: 'sticky',
          bottom: 0,
          py: 1,
          bgcolor: 'background.default',
          borderTop: 1,
          borderColor: 'divider',
          zIndex: 1,
        }}
      >
        <Button disabled={active === 0} onClick={() => setActive((a) => a - 1)}>
          Back
        </Button>
        <Box sx={{ flexGrow: 1 }} />
        {active === WIZARD_STEPS.length - 1 ? (
          <Button
            variant="outlined"
            onClick={() => {
              setState(INITIAL_WIZARD_STATE);
              setActive(0);
            }}
          >
            Start another tape
          </Button>
        ) : (
          <Button variant="contained" disabled={!canLeaveStep(active, state)} onClick={() => setActive((a) => a + 1)}>
            Next: {WIZARD_STEPS[active + 1]}
          </Button>
        )}
      </Box>
    </Box>
  );
}
