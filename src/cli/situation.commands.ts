import { Option, type Command } from 'commander';
import { writeHxlJson } from '../hxl/json.js';
import { listAsDataset } from '../hxl/table.js';
import { writeHxlCsv } from '../hxl/write.js';
import { presentSituation, SITUATION_HXL } from '../situations/situation.presenter.js';
import { operatorCtx } from '../access/actor.js';
import { withApp } from './main.js';
import { parseYearArg } from './data.commands.js';
import { num, table } from './output.js';

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

export function registerSituationCommands(program: Command): void {
  const sit = program.command('situation').description('situations: named caseloads of people');

  sit.command('create')
    .description('define a situation')
    .requiredOption('--name <name>', 'name, e.g. "Nicaraguans in Costa Rica"')
    .option('--origin <iso3,...>', 'countries of origin', list, [])
    .requiredOption('--host <iso3,...>', 'host countries', list)
    .option('--kind <kind>', 'cross-border, internal or disaster', 'cross-border')
    .option('--area <pcode,...>', 'admin areas (P-codes)', list, [])
    .option('--slug <slug>', 'short name used in commands and links (default: from the name)')
    .option('--description <text>', 'description')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; origin: string[]; host: string[]; kind: string; area: string[]; slug?: string; description?: string; json?: boolean }) => {
      await withApp(program, async (app) => {
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
      await withApp(program, async (app) => {
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

  sit.command('show <ref>')
    .description('a situation and its summary: figures by type and source, group totals, both agencies\' populations (R4)')
    .option('--year <year>', 'figures up to this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { year?: number; json?: boolean }) => {
      await withApp(program, async (app) => {
        const s = await app.situations.summary(ref, o.year);
        if (o.json) return console.log(JSON.stringify({ ...s, situation: presentSituation(s.situation) }, null, 2));
        console.log(`${s.situation.name} (${s.situation.slug}), ${s.situation.kind}`);
        console.log(`origins ${s.situation.origins.join(', ')}; hosts ${s.situation.hosts.join(', ')}; as of ${s.asOf}`);
        console.log('');
        console.log(table(['type', 'value', 'source', 'date', 'role'], s.byTypeAndSource.map((t) => [t.type, t.value, t.sourceDataset, t.newestDate, t.role])));
        console.log('');
        console.log(`international protection ${num(s.groups.international_protection)}, migration ${num(s.groups.migration)}, internal ${num(s.groups.internal)}`);
        console.log(`UNHCR's populations: ${s.agencies.UNHCR.map((e) => `${e.type} ${num(e.value)}`).join(', ') || 'none recorded'}`);
        console.log(`IOM's populations:   ${s.agencies.IOM.map((e) => `${e.type} ${num(e.value)}${e.derived ? ` (${e.derived})` : ''}`).join(', ') || 'none recorded'}`);
      });
    });
}
