/** One element of the library (drive, storage slot, import/export slot) as a card: its label, catalog state and retention. */
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { LibrarySlotInfo } from '../../../shared/library.ts';
import { CARTRIDGE_STATUSES } from '../../../shared/domain.ts';
import { CartridgeStatusChip } from '../catalog/cartridge-status-chip.tsx';
import type { CartridgeStatus } from '../../../shared/model.ts';

const NAME: Record<LibrarySlotInfo['kind'], string> = { drive: 'Drive', slot: 'Slot', 'import-export': 'Import/export' };

/** The element's name as the operator says it: "Slot 3", "Drive 1". */
export function elementName(e: LibrarySlotInfo): string {
  return `${NAME[e.kind]} ${e.number}`;
}

function StateChip({ state }: { state: string }) {
  if ((CARTRIDGE_STATUSES as readonly string[]).includes(state)) return <CartridgeStatusChip status={state as CartridgeStatus} />;
  const label = state === 'unknown-to-catalog' ? 'not in catalog' : state === 'no-label' ? 'no label' : state;
  return <Chip size="small" variant="outlined" color={state === 'unknown-to-catalog' ? 'warning' : 'default'} label={label} />;
}

/** The card; `actions` are its buttons (Load, Unload). */
export function SlotCard({ e, actions }: { e: LibrarySlotInfo; actions?: ReactNode }) {
  const name = elementName(e);
  return (
    <Paper
      variant="outlined"
      role="group"
      aria-label={name}
      sx={{
        p: 1,
        minHeight: 108,
        display: 'flex',
        flexDirection: 'column',
        gap: 0.5,
        opacity: e.full ? 1 : 0.75,
        borderStyle: e.full ? 'solid' : 'dashed',
      }}
    >
      <Typography variant="caption" color="text.secondary">
        {name}
        {e.accessible ? '' : ' · not reachable'}
      </Typography>
      {e.full ? (
        <>
          <Typography variant="body1" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
            {e.barcode ?? '(no label)'}
          </Typography>
          <Box>{e.state && <StateChip state={e.state} />}</Box>
          <Typography variant="caption" color={e.underRetention ? 'warning.main' : 'text.secondary'}>
            {e.retentionUntil
              ? `${e.underRetention ? 'kept until' : 'retention ended'} ${e.retentionUntil}`
              : e.state === 'blank'
                ? 'no retention'
                : ' '}
          </Typography>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          empty
        </Typography>
      )}
      {actions && <Box sx={{ mt: 'auto' }}>{actions}</Box>}
    </Paper>
  );
}
