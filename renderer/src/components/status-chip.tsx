/** A cartridge's status as a chip; a status this build does not know yet gets a neutral chip, never an error. */
import Chip from '@mui/material/Chip';

type ChipColor = 'default' | 'primary' | 'success' | 'error' | 'warning' | 'info';

const COLORS: Readonly<Record<string, ChipColor>> = {
  blank: 'default',
  written: 'info',
  verified: 'success',
  failed: 'error',
  retired: 'default',
};

/** Shows `status` (any string: new catalog statuses appear as they are). */
export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" label={status} color={COLORS[status] ?? 'default'} variant={COLORS[status] ? 'filled' : 'outlined'} />;
}
