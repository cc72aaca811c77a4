/** The wizard's tape step: what the chosen drive and cartridge report, or "virtual tape" for a .tap. */
import Typography from '@mui/material/Typography';
import { call } from '../api/client.ts';
import { useLoad } from '../components/use-load.ts';
import { DriveHealthCard } from './drive-health-card.tsx';

/** Facts of `target` (nothing until one is chosen); a drive that cannot be read says why, it never blocks here. */
export function TargetDriveFacts({ target }: { target: string }) {
  const drive = /^\/dev\/nst\d+$/.test(target);
  const facts = useLoad(async () => (drive ? call('driveStatus', { target }) : null), [target, drive]);
  // A .tap file has no drive behind it: said without asking the main side.
  if (target.startsWith('/') && /\.tap$/i.test(target)) return <DriveHealthCard view={{ kind: 'virtual', target }} compact />;
  if (!drive) return null;
  if (facts.error)
    return (
      <Typography variant="body2" color="text.secondary" aria-label="Drive facts">
        Drive health of {target}: {facts.error.message}
      </Typography>
    );
  if (!facts.data) return null;
  return <DriveHealthCard view={facts.data} compact />;
}
