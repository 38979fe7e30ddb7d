import type { Command } from 'commander';
import { Option } from 'commander';
import { writeHxlJson } from './json.js';
import { openHxl, sniffFormat } from './open.js';
import { applyRecipe, parseStep, readRecipe, type RecipeStep } from './recipe.js';
import { writeHxlCsv } from './write.js';
import { readHxlXlsx, xlsxLimits } from './xlsx.js';

/** `tandem hxl [STEP|RECIPE.json ...] FILE`: runs an HXL pipeline and streams the result to standard output. */
export function hxlCommands(program: Command): void {
  program.command('hxl')
    .description('run HXL filters over a file and stream the result: steps are recipe .json files or shorthands such as select:#sector=WASH, cut:#org,#adm1, sort:#date, count:#org')
    .argument('<steps-and-file...>', 'filter steps or recipe files, then the input file (CSV, TSV, JSON, XLSX)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json', 'objects']).default('csv'))
    .option('--untagged', 'the input (CSV or XLSX) has no hashtag row: its first row is the headers (use with a tag: step)')
    .action(async (args: string[], o: { format: 'csv' | 'json' | 'objects'; untagged?: boolean }) => {
      const file = args.at(-1)!;
      const steps: RecipeStep[] = [];
      for (const a of args.slice(0, -1)) steps.push(...(a.endsWith('.json') ? await readRecipe(a) : [parseStep(a)]));
      const input = o.untagged && (await sniffFormat(file)) === 'xlsx' ? await readHxlXlsx(file, xlsxLimits(), { untagged: true }) : await openHxl(file, { untagged: o.untagged });
      const ds = await applyRecipe(input, steps);
      const chunks = o.format === 'csv' ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: o.format === 'objects' });
      for await (const chunk of chunks) {
        if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
      }
    });
}
