import type { Command } from 'commander';
import { commandGroup } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import type { StrategyService } from './strategy.service.js';

/** `tandem solutions import FILE`: UNHCR's solutions figures, all or nothing. */
export function solutionsCommands(program: Command, cli: CliKit<{ strategies: Pick<StrategyService, 'importFigures'> }>): void {
  commandGroup(program, 'solutions', 'durable solutions: returns, resettlement and complementary pathways').command('import')
    .argument('<file>', 'UNHCR\'s solutions.csv (refugees R package): year, coo_iso, coa_iso, returned_refugees, resettlement, naturalisation, returned_idps')
    .description('import UNHCR\'s solutions figures (all or nothing; the same file twice changes nothing)')
    .action(async (file: string) => {
      await cli.withApp(async (app) => {
        const r = await app.strategies.importFigures(operatorCtx(), file);
        console.log(r.batchId
          ? `${r.file}: ${r.rowsRead} rows, ${r.inserted} figures inserted, ${r.updated} updated, ${r.unchanged} unchanged (batch ${r.batchId})`
          : `${r.file}: ${r.rowsRead} rows, nothing changed`);
      });
    });
}
