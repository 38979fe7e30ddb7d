import { Option, type Command } from 'commander';
import { commandGroup, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import { listAsDataset, writeHxlCsv, writeHxlJson } from '../hxl/index.js';
import { presentSituation, SITUATION_HXL } from './situation.presenter.js';
import { SITUATION_KINDS, type SituationKind } from './situation.schemas.js';
import type { SituationService } from './situation.service.js';

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

/** `tandem situation create|list`. */
export function situationCommands(program: Command, cli: CliKit<{ situations: SituationService }>): void {
  const sit = commandGroup(program, 'situation', 'situations: named caseloads of people');

  sit.command('create')
    .description('define a situation')
    .requiredOption('--name <name>', 'name, e.g. "Nicaraguans in Costa Rica"')
    .option('--origin <iso3,...>', 'countries of origin', list, [])
    .requiredOption('--host <iso3,...>', 'host countries', list)
    .addOption(new Option('--kind <kind>', 'kind of displacement').choices(SITUATION_KINDS).default('cross-border'))
    .option('--area <pcode,...>', 'admin areas (P-codes)', list, [])
    .option('--slug <slug>', 'short name used in commands and links (default: from the name)')
    .option('--description <text>', 'description')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; origin: string[]; host: string[]; kind: SituationKind; area: string[]; slug?: string; description?: string; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const s = await app.situations.create(operatorCtx(), {
          name: o.name, origins: o.origin, hosts: o.host, kind: o.kind, areas: o.area, slug: o.slug, description: o.description,
        });
        if (o.json) return console.log(JSON.stringify(presentSituation(s), null, 2));
        console.log(`created situation ${s.slug} (${s.id})`);
      });
    });

  sit.command('list')
    .description('list situations')
    .option('--json', 'print JSON')
    .addOption(new Option('--format <format>', 'as HXL').choices(['hxl', 'hxl-json', 'hxl-objects']))
    .action(async (o: { json?: boolean; format?: string }) => {
      await cli.withApp(async (app) => {
        const { items } = await app.situations.list({ limit: 10_000, offset: 0 });
        if (o.format) {
          const ds = listAsDataset(SITUATION_HXL, items.map(presentSituation));
          for await (const chunk of o.format === 'hxl' ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: o.format === 'hxl-objects' })) process.stdout.write(chunk);
          return;
        }
        if (o.json) return console.log(JSON.stringify(items.map(presentSituation), null, 2));
        console.log(table(['slug', 'name', 'kind', 'origins', 'hosts'], items.map((s) => [s.slug, s.name, s.kind, s.origins.join(','), s.hosts.join(',')])));
      });
    });
}
