/** A cartridge's status as a coloured chip, with what it means for its contents on hover. */
import Chip from '@mui/material/Chip';
import type { CartridgeStatus } from '../../../shared/model.ts';

const LOOK: Record<CartridgeStatus, { color: 'default' | 'success' | 'info' | 'warning' | 'error'; meaning: string }> = {
  blank: { color: 'default', meaning: 'never written by SysbTape' },
  writing: { color: 'warning', meaning: 'a write is under way; the tape holds nothing usable yet' },
  written: { color: 'info', meaning: 'written, not yet verified by reading it back' },
  verified: { color: 'success', meaning: 'written and verified by reading it back' },
  failed: { color: 'error', meaning: 'its last verification failed' },
  unknown: { color: 'warning', meaning: 'a write did not finish: contents unknown until a new write and verification' },
  retired: { color: 'default', meaning: 'out of service' },
};

/** The status chip; its title (tooltip) says what the status means. */
export function CartridgeStatusChip({ status }: { status: CartridgeStatus }) {
  const look = LOOK[status];
  return <Chip size="small" label={status} color={look.color} title={look.meaning} />;
}
