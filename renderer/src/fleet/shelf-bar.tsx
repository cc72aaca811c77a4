/** The shelf's cartridges by status: one stacked bar with a legend (counts in the legend, so no colour is needed to read it). */
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';

const ORDER = ['verified', 'written', 'blank', 'writing', 'unknown', 'failed', 'retired'] as const;

/** The bar; `shelf` maps status → count. */
export function ShelfBar({ shelf }: { shelf: Record<string, number> }) {
  const p = useTheme().palette;
  const colours: Record<string, string> = {
    verified: p.success.main,
    written: p.info.main,
    blank: p.grey[400],
    writing: p.secondary.main,
    unknown: p.warning.main,
    failed: p.error.main,
    retired: p.grey[700],
  };
  const total = Object.values(shelf).reduce((a, b) => a + b, 0);
  const parts = ORDER.filter((s) => (shelf[s] ?? 0) > 0).map((s) => ({ status: s, n: shelf[s]! }));
  if (total === 0) return <Typography color="text.secondary">No cartridges in the catalog yet.</Typography>;
  return (
    <Stack spacing={1}>
      <Box
        role="img"
        aria-label={`Cartridges by state: ${parts.map((x) => `${x.n} ${x.status}`).join(', ')}`}
        sx={{ display: 'flex', height: 18, borderRadius: 1, overflow: 'hidden', border: 1, borderColor: 'divider' }}
      >
        {parts.map((x) => (
          <Box key={x.status} sx={{ width: `${(100 * x.n) / total}%`, bgcolor: colours[x.status] }} title={`${x.n} ${x.status}`} />
        ))}
      </Box>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {parts.map((x) => (
          <Stack key={x.status} direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <Box sx={{ width: 10, height: 10, borderRadius: 0.5, bgcolor: colours[x.status] }} />
            <Typography variant="body2">
              {x.n} {x.status}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Stack>
  );
}
