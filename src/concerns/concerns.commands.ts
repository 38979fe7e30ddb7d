import { InvalidArgumentError, Option, type Command } from 'commander';
import { commandGroup, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import type { ConcernService } from './concern.service.js';
import { CONCERN_STATUSES, LEVELS } from './concerns.rules.js';

type App = { concerns: ConcernService };

const limit = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError('a whole number from 1 to 200');
  return n;
};

/** `tandem concerns escalate` (the clock, by hand or from cron) and `tandem concerns list`. */
export function concernsCommands(program: Command, cli: CliKit<App>): void {
  const group = commandGroup(program, 'concerns', 'issues of concern (R11) and their escalation to the Chiefs of Staff liaison pair');

  group.command('escalate')
    .description('escalate every concern whose level\'s deadline has passed, one level (what the server\'s clock does every minute)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await cli.withApp(async (app) => {
        const r = await app.concerns.escalateDue(operatorCtx());
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        if (r.escalated.length === 0) return console.log('no concern is past its deadline');
        console.log(table(['concern', 'from', 'to'], r.escalated.map((e) => [e.id, e.from, e.to])));
      });
    });

  group.command('list')
    .description('issues of concern, newest first')
    .addOption(new Option('--status <status>', 'only this status').choices(CONCERN_STATUSES))
    .addOption(new Option('--level <level>', 'only this level').choices(LEVELS))
    .option('--organisation <slug>', 'only the concerns of this organisation')
    .option('--limit <n>', 'how many (1 to 200)', limit, 50)
    .option('--json', 'print JSON')
    .action(async (o: { status?: string; level?: string; organisation?: string; limit: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const page = await app.concerns.list(operatorCtx(), { status: o.status, level: o.level, organisation: o.organisation, limit: o.limit, offset: 0 });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        console.log(table(['raised', 'severity', 'level', 'status', 'due', 'subject'],
          page.items.map((c) => [c.raisedAt.slice(0, 10), c.severity, c.level, c.status, c.dueAt?.slice(0, 16) ?? '', c.subject])));
        console.log(`${page.items.length} of ${page.total}`);
      });
    });
}
