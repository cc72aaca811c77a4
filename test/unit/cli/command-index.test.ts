import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/cli/command-index.ts';

describe('command index', () => {
  it('describes each command exactly as its module registers it (the top-level help loads no module)', async () => {
    const io = { out: new PassThrough(), err: new PassThrough(), stdin: new PassThrough() };
    for (const entry of COMMANDS) {
      const program = new Command('sysbtape');
      (await entry.load())(program, io, () => {});
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered, entry.name).toBeDefined();
      expect({ term: program.createHelp().subcommandTerm(registered!), summary: registered!.description() }).toEqual({
        term: entry.term,
        summary: entry.summary,
      });
    }
  });
});
