/** The job wizard: Server → Capture → Tape → Write → Verify → Label & shelve, one screen per step. */
import { useCallback, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import Stepper from '@mui/material/Stepper';
import { CaptureStep } from './capture-step.tsx';
import { LabelStep } from './label-step.tsx';
import { ServerStep } from './server-step.tsx';
import { TapeStep } from './tape-step.tsx';
import { VerifyStep } from './verify-step.tsx';
import { WriteStep } from './write-step.tsx';
import { canLeaveStep, INITIAL_WIZARD_STATE, WIZARD_STEPS, type WizardState } from './wizard-state.ts';

/** The wizard with its stepper; steps before the current one stay clickable. */
export function Wizard() {
  const [active, setActive] = useState(0);
  const [state, setState] = useState<WizardState>(INITIAL_WIZARD_STATE);
  const update = useCallback((patch: Partial<WizardState>): void => setState((s) => ({ ...s, ...patch })), []);
  const reachable = (i: number): boolean => i <= active || WIZARD_STEPS.slice(0, i).every((_, j) => canLeaveStep(j, state));

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minHeight: 0 }}>
      <Stepper nonLinear activeStep={active} aria-label="Job steps" sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        {WIZARD_STEPS.map((label, i) => (
          <Step key={label} completed={i < active && canLeaveStep(i, state)}>
            <StepButton onClick={() => setActive(i)} disabled={!reachable(i)}>{label}</StepButton>
          </Step>
        ))}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Step: ${WIZARD_STEPS[active]}`}>
        {active === 0 && <ServerStep state={state} update={update} />}
        {active === 1 && <CaptureStep state={state} update={update} />}
        {active === 2 && <TapeStep state={state} update={update} />}
        {active === 3 && <WriteStep state={state} update={update} />}
        {active === 4 && <VerifyStep state={state} update={update} />}
        {active === 5 && <LabelStep state={state} />}
      </Paper>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button disabled={active === 0} onClick={() => setActive((a) => a - 1)}>Back</Button>
        <Box sx={{ flexGrow: 1 }} />
        {active === WIZARD_STEPS.length - 1
          ? <Button variant="outlined" onClick={() => { setState(INITIAL_WIZARD_STATE); setActive(0); }}>Start another tape</Button>
          : <Button variant="contained" disabled={!canLeaveStep(active, state)} onClick={() => setActive((a) => a + 1)}>Next: {WIZARD_STEPS[active + 1]}</Button>}
      </Box>
    </Box>
  );
}

