import type { Command } from 'commander';
import { commandGroup } from '../cli/output.js';
import type { CliKit } from '../core/module.js';
import type { AgreementService } from './agreement.service.js';

type App = { agreements: Pick<AgreementService, 'announceLapsed'> };

/** `tandem agreements lapse`: what the sharing job runs, for cron or by hand. */
export function sharingCommands(program: Command, cli: CliKit<App>): void {
  commandGroup(program, 'agreements', 'data-sharing agreements (R6)').command('lapse')
    .description('raise agreement.lapsed once for each agreement in force whose expiry day has passed')
    .action(async () => {
      await cli.withApp(async (app) => {
        const r = await app.agreements.announceLapsed();
        console.log(`${r.announced} agreements newly lapsed`);
      });
    });
}
