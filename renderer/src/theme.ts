/** Light and dark themes; the app follows the system's preference. */
import { createTheme, type Theme } from '@mui/material/styles';

/** The theme for a colour scheme. */
export function makeTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: { mode, primary: { main: mode === 'dark' ? '#7cb7ff' : '#0b5cad' } },
    typography: { fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif', fontSize: 13 },
    components: { MuiTableCell: { styleOverrides: { root: { verticalAlign: 'top' } } } },
  });
}
