import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { num, parseYearArg, progress, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import { writeHxlCsv, writeHxlJson } from '../hxl/index.js';
import { isPopulationType } from '../vocabulary/index.js';
import type { FigureService } from './figure.service.js';
import { CSV_IMPORTERS, type ImportService } from './import.service.js';


function parseIso3Arg(v: string): string {
  if (!/^[A-Za-z]{3}$/.test(v)) throw new InvalidArgumentError('expected an ISO3 country code');
  return v.toUpperCase();
}

/** `tandem import …` and `tandem figures`. */
export function figuresCommands(program: Command, cli: CliKit<{ imports: ImportService; figures: FigureService }>): void {
  const imp = program.command('import').description('import population figures from a file (all or nothing; importing the same file twice changes nothing)');
  for (const [kind, importer] of Object.entries(CSV_IMPORTERS)) {
    imp.command(`${kind} <file>`)
      .description(importer.description)
      .option('--json', 'print the summary as JSON')
      .action(async (file: string, opts: { json?: boolean }) => {
        await cli.withApp(async (app) => {
          const bar = progress(`importing ${kind}`);
          let summary;
          try {
            summary = await app.imports.run(operatorCtx(), importer, file, { onProgress: (p) => bar.update(p) });
          } finally {
            bar.done();
          }
          if (opts.json) return console.log(JSON.stringify(summary, null, 2));
          console.log(`${summary.file}: ${num(summary.rowsRead)} rows read, ${num(summary.figuresRead)} figures`);
          console.log(`  inserted ${num(summary.inserted)}, updated ${num(summary.updated)}, unchanged ${num(summary.unchanged)}`);
          console.log(`  ${summary.batchId ? `batch ${summary.batchId}` : 'nothing changed: no batch recorded'}; ${(summary.elapsedMs / 1000).toFixed(1)} s`);
        });
      });
  }

  imp.command('hxl <file>')
    .description('population figures from any HXL file tagged as in Tandem\'s HXL profile (#date, #country+code, #affected+refugees ...)')
    .requiredOption('--as <what>', 'what the file holds (figures)')
    .option('--source <org>', 'source organisation when the file has no #meta+source column')
    .option('--dataset <name>', 'dataset name for the natural key (default hxl:FILE)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { as: string; source?: string; dataset?: string; json?: boolean }) => {
      if (o.as !== 'figures') throw new InvalidArgumentError('--as figures is the only kind so far');
      await cli.withApp(async (app) => {
        const summary = await app.imports.runHxl(operatorCtx(), file, { source: o.source, dataset: o.dataset });
        if (o.json) return console.log(JSON.stringify(summary, null, 2));
        console.log(`${summary.file}: ${num(summary.rowsRead)} rows read, ${num(summary.figuresRead)} figures`);
        console.log(`  inserted ${num(summary.inserted)}, updated ${num(summary.updated)}, unchanged ${num(summary.unchanged)}`);
        console.log(`  ${summary.batchId ? `batch ${summary.batchId}` : 'nothing changed: no batch recorded'}`);
      });
    });

  imp.command('dtm <file>')
    .description('IDP figures from IOM DTM (API JSON or DTM HXL CSV export); when rounds overlap, the latest round per operation counts')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      await cli.withApp(async (app) => {
        const s = await app.imports.runDtm(operatorCtx(), file);
        if (o.json) return console.log(JSON.stringify(s, null, 2));
        console.log(`${s.file}: ${num(s.rowsRead)} area figures from the latest rounds (${num(s.superseded)} records of earlier rounds left out)`);
        console.log(`  inserted ${num(s.inserted)}, updated ${num(s.updated)}, unchanged ${num(s.unchanged)}`);
      });
    });

  program.command('figures')
    .description('list population figures')
    .option('--year <year>', 'reference year', parseYearArg)
    .option('--type <code>', 'population type (REF, ASY, OIP, STA, RET, IDP, RDP, OOC, HST, MIG, RMG)', (v: string) => {
      const c = v.toUpperCase();
      if (!isPopulationType(c)) throw new InvalidArgumentError('unknown population type');
      return c;
    })
    .option('--origin <iso3>', 'country of origin', parseIso3Arg)
    .option('--host <iso3>', 'host country (country of asylum or destination)', parseIso3Arg)
    .option('--source <org>', 'source organisation slug (unhcr, undesa, ...)')
    .option('--limit <n>', 'at most this many rows (table and JSON)', (v: string) => Number(v), 100)
    .addOption(new Option('--json', 'print JSON').conflicts('csv'))
    .option('--csv', 'print every matching figure as CSV (no limit; streamed)')
    .addOption(new Option('--format <format>', 'every matching figure in Tandem\'s HXL profile, streamed').choices(['hxl', 'hxl-json', 'hxl-objects']))
    .action(async (opts: { year?: number; type?: string; origin?: string; host?: string; source?: string; limit: number; json?: boolean; csv?: boolean; format?: string }) => {
      await cli.withApp(async (app) => {
        const filter = { year: opts.year, type: opts.type, origin: opts.origin, host: opts.host, source: opts.source };
        if (opts.format) {
          const ds = app.figures.hxl(filter);
          const chunks = opts.format === 'hxl' ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: opts.format === 'hxl-objects' });
          for await (const chunk of chunks) {
            if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
          }
          return;
        }
        if (opts.csv) {
          for await (const chunk of app.figures.csv(filter)) {
            if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
          }
          return;
        }
        const { items, nextCursor } = await app.figures.page(filter, { limit: opts.limit });
        if (opts.json) return console.log(JSON.stringify({ items, nextCursor }, null, 2));
        console.log(table(
          ['date', 'origin', 'host', 'type', 'sex', 'value', 'source', 'dataset'],
          items.map((f) => [f.refDate, f.origin, f.host, f.type, f.sex, f.value, f.source.organisation, f.source.dataset]),
        ));
        if (nextCursor) console.log(`(first ${items.length}; use --limit, --csv or the API to see more)`);
      });
    });
}
