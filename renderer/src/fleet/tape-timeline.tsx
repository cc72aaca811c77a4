/**
 * One server's verified tapes as age bars against its policy line: a bar per cartridge, as long as the
 * age of the backup it holds; the dashed line is the policy's maximum age. Bars past the line are the
 * error colour, close to it the warning colour. Plain SVG: the picture is small and needs no chart library.
 */
import { useTheme } from '@mui/material/styles';
import type { ServerStatus } from '../../../shared/operations.ts';

const ROW = 18;
const LABEL = 70;
const WIDTH = 560;

/** The timeline of one server; `scaleDays` is shared by every server so bars compare across rows. */
export function TapeTimeline({ status, scaleDays }: { status: ServerStatus; scaleDays: number }) {
  const theme = useTheme();
  const tapes = status.verifiedTapes.slice(0, 6);
  const plot = WIDTH - LABEL - 40;
  const x = (days: number) => LABEL + (Math.min(days, scaleDays) / scaleDays) * plot;
  const height = Math.max(1, tapes.length) * ROW + 18;
  const max = status.policy.maxAgeDays;
  const soon = max - Math.min(7, Math.ceil(max / 4));
  const colour = (age: number) =>
    age > max ? theme.palette.error.main : age > soon ? theme.palette.warning.main : theme.palette.success.main;
  return (
    <svg
      role="img"
      aria-label={`Verified tapes of ${status.server} by age; policy ${max} days`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block' }}
    >
      {tapes.length === 0 && (
        <text x={LABEL} y={13} fontSize={12} fill={theme.palette.text.secondary}>
          no verified tape
        </text>
      )}
      {tapes.map((t, i) => (
        <g key={t.volser}>
          <text x={0} y={i * ROW + 13} fontSize={12} fontFamily="monospace" fill={theme.palette.text.primary}>
            {t.volser}
          </text>
          <rect x={LABEL} y={i * ROW + 3} width={Math.max(2, x(t.ageDays) - LABEL)} height={ROW - 6} rx={2} fill={colour(t.ageDays)}>
            <title>{`${t.volser}: ${t.ageDays} days old, at ${t.location ?? 'no location'}${t.offsite ? ' (off site)' : ''}`}</title>
          </rect>
          {/* Past the right edge the label goes inside the bar's end, so it is never clipped. */}
          <text
            x={x(t.ageDays) > WIDTH - 64 ? x(t.ageDays) - 4 : x(t.ageDays) + 4}
            y={i * ROW + 13}
            fontSize={11}
            textAnchor={x(t.ageDays) > WIDTH - 64 ? 'end' : 'start'}
            fill={x(t.ageDays) > WIDTH - 64 ? theme.palette.common.white : theme.palette.text.secondary}
          >
            {`${t.ageDays} d${t.offsite ? ' ⌂' : ''}`}
          </text>
        </g>
      ))}
      <line x1={x(max)} x2={x(max)} y1={0} y2={height - 14} stroke={theme.palette.text.primary} strokeDasharray="4 3" />
      <text x={x(max)} y={height - 2} fontSize={11} textAnchor="middle" fill={theme.palette.text.secondary}>{`policy ${max} d`}</text>
    </svg>
  );
}
