import type { Command } from 'commander';
import { commandGroup, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import type { KeyService } from './keys.service.js';
import type { PersonService } from './person.service.js';
import type { ReferralService } from './referral.service.js';

type App = { protectionKeys: KeyService; protectionPeople: Pick<PersonService, 'runRetention'>; referrals: Pick<ReferralService, 'announceOverdue'> };

/** `tandem keys rotate|status`, `tandem retention run`, `tandem referrals overdue`. */
export function protectionCommands(program: Command, cli: CliKit<App>): void {
  const keys = commandGroup(program, 'keys', 'the keys that encrypt personal data (kept outside the database)');
  keys.command('rotate')
    .description('make a new master key current and rewrap every data key under it; the old key is dropped')
    .action(async () => {
      await cli.withApp(async (app) => {
        const r = await app.protectionKeys.rotate();
        console.log(`master key ${r.from} -> ${r.to}: ${r.people} people's keys and ${r.keyring} other keys rewrapped`);
        if (r.instruction) console.log(`now: ${r.instruction}`);
      });
    });
  keys.command('status')
    .description('the current master key (its id) and which master keys the stored data keys are wrapped with')
    .action(async () => {
      await cli.withApp(async (app) => {
        const s = await app.protectionKeys.status();
        console.log(`current master key ${s.current} (from ${s.source})`);
        console.log(table(['master key', 'data keys', 'held'], s.wrapped.map((w) => [w.master, w.keys, w.held ? 'yes' : 'NO'])));
      });
    });

  commandGroup(program, 'retention', 'retention of personal records').command('run')
    .description('erase every personal record whose retention date has passed, with its derived copies')
    .action(async () => {
      await cli.withApp(async (app) => {
        const r = await app.protectionPeople.runRetention(operatorCtx());
        console.log(`${r.erased} personal records erased`);
      });
    });

  commandGroup(program, 'referrals', 'referrals between organisations (R7)').command('overdue')
    .description('raise referral.overdue once for each referral past its deadline')
    .action(async () => {
      await cli.withApp(async (app) => {
        const r = await app.referrals.announceOverdue(operatorCtx());
        console.log(`${r.raised} referrals newly overdue`);
      });
    });
}
