import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { num, parseYearArg, progress, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import type { CliKit } from '../core/module.js';
import { writeHxlCsv, writeHxlJson } from '../hxl/index.js';
import { isPopulationType } from '../vocabulary/index.js';
import type { FigureService } from './figure.service.js';
import type { DelegationService } from './delegation.service.js';
import { CSV_IMPORTERS, type ImportService } from './import.service.js';


function parseIso3Arg(v: string): string {
  if (!/^[A-Za-z]{3}$/.test(v)) throw new InvalidArgumentError('expected an ISO3 country code');
  return v.toUpperCase();
}

/** `tandem import …` and `tandem figures`. */
export function figuresCommands(program: Command, cli: CliKit<{ imports: ImportService; figures: FigureService; delegations: DelegationService }>): void {
  const del = program.command('delegation').description('who may assert figures in whose name (R1): an organisation asserts its own, and those of organisations that delegated to it');
  del.command('list').description('every delegation, active and revoked').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    await cli.withApp(async (app) => {
      const ds = await app.delegations.list();
      if (o.json) return console.log(JSON.stringify(ds, null, 2));
      console.log(table(['from', 'to', 'since', 'revoked', 'note', 'id'], ds.map((d) => [d.from.slug, d.to.slug, d.createdAt.slice(0, 10), d.revokedAt?.slice(0, 10) ?? null, d.note, d.id])));
    });
  });
  del.command('grant').description('let --to import figures asserted by --from (audited)')
    .requiredOption('--from <slug>', 'the organisation that delegates, e.g. unhcr').requiredOption('--to <slug>', 'the organisation that may then assert in its name')
    .option('--note <text>', 'the agreement or reason').option('--json', 'print JSON')
    .action(async (o: { from: string; to: string; note?: string; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const d = await app.delegations.grant(operatorCtx(), { from: o.from, to: o.to, note: o.note });
        if (o.json) return console.log(JSON.stringify(d, null, 2));
        console.log(`${d.to.slug} may now import figures asserted by ${d.from.slug} (delegation ${d.id})`);
      });
    });
  del.command('revoke <id>').description('revoke a delegation (audited)').action(async (id: string) => {
    await cli.withApp(async (app) => {
      const d = await app.delegations.revoke(operatorCtx(), id);
      console.log(`revoked: ${d.to.slug} may no longer import figures asserted by ${d.from.slug}`);
    });
  });

  const imp = program.command('import').description('import population figures from a file (all or nothing; importing the same file twice changes nothing)');
  for (const [kind, importer] of Object.entries(CSV_IMPORTERS)) {
    imp.command(`${kind} <file>`)
      .description(importer.description)
      .requiredOption('--as-org <slug>', `the organisation you import for: ${importer.publisher}, or one it delegated assertion to (R1; audited as such)`)
      .option('--json', 'print the summary as JSON')
      .action(async (file: string, opts: { json?: boolean; asOrg: string }) => {
        await cli.withApp(async (app) => {
          const bar = progress(`importing ${kind}`);
          let summary;
          try {
            summary = await app.imports.run(operatorCtx(), importer, file, { onProgress: (p) => bar.update(p), asOrg: opts.asOrg });
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
    .requiredOption('--as-org <slug>', 'the organisation you import for: every figure\'s source must be it or one that delegated assertion to it (R1)')
    .option('--source <org>', 'source organisation when the file has no #meta+source column')
    .option('--dataset <name>', 'dataset name, kept with the source organisation (default hxl); never the file\'s name')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { as: string; source?: string; dataset?: string; json?: boolean; asOrg: string }) => {
      if (o.as !== 'figures') throw new InvalidArgumentError('--as figures is the only kind so far');
      await cli.withApp(async (app) => {
        const summary = await app.imports.runHxl(operatorCtx(), file, { source: o.source, dataset: o.dataset, asOrg: o.asOrg });
        if (o.json) return console.log(JSON.stringify(summary, null, 2));
        console.log(`${summary.file}: ${num(summary.rowsRead)} rows read, ${num(summary.figuresRead)} figures`);
        console.log(`  inserted ${num(summary.inserted)}, updated ${num(summary.updated)}, unchanged ${num(summary.unchanged)}`);
        console.log(`  ${summary.batchId ? `batch ${summary.batchId}` : 'nothing changed: no batch recorded'}`);
      });
    });

  imp.command('dtm <file>')
    .description('IDP figures from IOM DTM (API JSON or DTM HXL CSV export): one source per country and cause (conflict, disaster), the latest round in each area')
    .requiredOption('--as-org <slug>', 'the organisation you import for: iom, or one it delegated assertion to (R1)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { json?: boolean; asOrg: string }) => {
      await cli.withApp(async (app) => {
        const s = await app.imports.runDtm(operatorCtx(), file, { asOrg: o.asOrg });
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
          const ds = app.figures.hxl(operatorCtx(), filter, opts.format);
          const chunks = opts.format === 'hxl' ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: opts.format === 'hxl-objects' });
          for await (const chunk of chunks) {
            if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
          }
          return;
        }
        if (opts.csv) {
          for await (const chunk of app.figures.csv(operatorCtx(), filter)) {
            if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
          }
          return;
        }
        const { items, nextCursor } = await app.figures.page(operatorCtx(), filter, { limit: opts.limit });
        if (opts.json) return console.log(JSON.stringify({ items, nextCursor }, null, 2));
        console.log(table(
          ['date', 'origin', 'host', 'type', 'sex', 'value', 'source', 'dataset'],
          items.map((f) => [f.refDate, f.origin, f.host, f.type, f.sex, f.value, f.source.organisation, f.source.dataset]),
        ));
        if (nextCursor) console.log(`(first ${items.length}; use --limit, --csv or the API to see more)`);
      });
    });
}
