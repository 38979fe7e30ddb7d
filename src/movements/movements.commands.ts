import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { commandGroup, num, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import type { FlowService } from './flows.service.js';
import type { MappingService } from './mapping.service.js';
import type { createMappedFigures } from './figures-mapped.js';
import type { SurveyService } from './surveys.service.js';

type App = { flows: FlowService; importMappings: MappingService; mappedFigures: ReturnType<typeof createMappedFigures>; flowSurveys: Pick<SurveyService, 'runRetention'> };

/** `tandem import mapped`, `tandem mapping save|list|preview`, `tandem surveys retention`. */
export function movementsCommands(program: Command, cli: CliKit<App>): void {
  // The daily job's work, for cron where `tandem serve --no-jobs` runs.
  commandGroup(program, 'surveys', 'flow-monitoring survey responses').command('retention')
    .description('erase the personal fields (and keys) of every survey response whose retention date has passed; the coded answers stay')
    .action(async () => {
      await cli.withApp(async (app) => {
        const r = await app.flowSurveys.runRetention(operatorCtx());
        console.log(`${num(r.erased)} survey responses' personal fields erased`);
      });
    });

  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import a file');
  imp.command('mapped <file>')
    .description('import any CSV or XLSX file (plain or gzip) through a mapping: flow counts or population figures, as the mapping says (all or nothing; the same file twice changes nothing)')
    .requiredOption('--mapping <name|file.json>', 'a saved mapping of the organisation, one shipped with Tandem (dtm-flow-monitoring), or a mapping file')
    .requiredOption('--as-org <slug>', 'the organisation you import for')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { mapping: string; asOrg: string; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const ctx = operatorCtx();
        const org = await app.flows.precheck(ctx, o.asOrg);
        const m = await app.importMappings.resolve(ctx, o.mapping, org.id);
        const s = m.target === 'flows'
          ? await app.flows.importFlows(ctx, file, { mapping: o.mapping, asOrg: o.asOrg })
          : await app.mappedFigures.importFigures(ctx, file, { mapping: o.mapping, asOrg: o.asOrg });
        if (o.json) return console.log(JSON.stringify(s, null, 2));
        console.log(`${s.file} (${s.target}, mapping ${s.mapping}): ${num(s.rowsRead)} rows read`);
        console.log(`  inserted ${num(s.inserted)}, updated ${num(s.updated)}, unchanged ${num(s.unchanged)}${s.pointsCreated ? `, ${num(s.pointsCreated)} new points` : ''}`);
        console.log(`  ${s.batchId ? `batch ${s.batchId}` : 'nothing changed: no batch recorded'}`);
        for (const w of s.warnings) console.log(`  warning: ${w}`);
      });
    });

  const mapping = program.command('mapping').description('saved mappings of untagged CSV and XLSX files: column → hashtag, header rows, sheet');
  mapping.command('save <file.json>').description('save (or replace) a mapping for an organisation: {"name", "target": "flows"|"figures", "read": {…}, "flows"|"figures": {…}}')
    .requiredOption('--as-org <slug>', 'the organisation the mapping is for')
    .action(async (path: string, o: { asOrg: string }) => {
      await cli.withApp(async (app) => {
        let doc: unknown;
        try { doc = JSON.parse(await readFile(path, 'utf8')); } catch { throw new Error(`${path}: not a JSON mapping`); }
        const { created, mapping: m } = await app.importMappings.save(operatorCtx(), { ...(doc as object), asOrg: o.asOrg });
        console.log(`${created ? 'saved' : 'replaced'}: mapping "${m.name}" (${m.target}) of ${o.asOrg}`);
      });
    });
  mapping.command('list').description('every saved mapping, and those shipped with Tandem').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    await cli.withApp(async (app) => {
      const { items } = await app.importMappings.list(operatorCtx());
      if (o.json) return console.log(JSON.stringify(items, null, 2));
      console.log(table(['name', 'target', 'organisation', 'columns', 'updated'], items.map((m) => [m.name, m.target, m.organisation ?? '(shipped)', m.read.columns.length, m.updatedAt?.slice(0, 10) ?? null])));
    });
  });
  mapping.command('preview <file>').description('the first rows of a file as the mapping reads them, with warnings and problems; nothing is written')
    .requiredOption('--mapping <name|file.json>', 'the mapping').requiredOption('--as-org <slug>', 'whose saved mappings to look in')
    .option('--rows <n>', 'how many rows', (v: string) => Number(v), 10)
    .action(async (file: string, o: { mapping: string; asOrg: string; rows: number }) => {
      await cli.withApp(async (app) => {
        const p = await app.importMappings.previewFile(await app.importMappings.forPreview(operatorCtx(), o.mapping, o.asOrg), file, { rows: o.rows });
        console.log(`${p.file}${p.sheet ? `, sheet "${p.sheet}"` : ''} through "${p.mapping}" (${p.target})`);
        console.log(table(['row', ...p.columns.map((c) => `${c.letter ?? '='} ${c.tag}`)], p.rows.map((r) => [r.row, ...r.values])));
        for (const r of p.rows) for (const e of r.errors) console.log(`  row ${e.row}, column ${e.column}: ${e.message}`);
        for (const w of p.warnings) console.log(`  warning: ${w}`);
        for (const x of p.problems) console.log(`  problem: ${x}`);
      });
    });
}
