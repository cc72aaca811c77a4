/** The global --catalog PATH option; kept apart from catalog-option.ts so defining it loads no SQLite. */
import type { Command } from 'commander';

/** Adds --catalog to the program; subcommands read it through catalogPathOf (catalog-option.ts). */
export function addCatalogOption(program: Command): Command {
  return program.option('--catalog <path>', 'catalog file (default: $XDG_DATA_HOME/sysbtape/catalog.db or ~/.local/share/sysbtape/catalog.db)');
}
