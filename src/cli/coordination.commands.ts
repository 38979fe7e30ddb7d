import type { Command } from 'commander';
import { ARRANGEMENT_DESCRIPTIONS } from '../coordination/arrangements.js';
import { operatorCtx } from '../access/actor.js';
import { ValidationError } from '../core/errors.js';
import { withApp } from './main.js';
import { parseYearArg } from './data.commands.js';
import { num, table } from './output.js';

export function registerCoordinationCommands(program: Command): void {
  program.command('recommend <ref>')
    .description('who should lead (R2): arrangement, share, inputs with source and date, warnings')
    .option('--year <year>', 'use figures up to the end of this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { year?: number; json?: boolean }) => {
      await withApp(program, async (app) => {
        const { situation, recommendation: r } = await app.situations.composition(ref, o.year);
        if (o.json) {
          return console.log(JSON.stringify({
            situation: { id: situation.id, slug: situation.slug, name: situation.name, kind: situation.kind },
            description: ARRANGEMENT_DESCRIPTIONS[r.arrangement], ...r,
          }, null, 2));
        }
        console.log(`${situation.name}: ${r.arrangement}${r.provisional ? ' (provisional)' : ''}`);
        console.log(`  ${ARRANGEMENT_DESCRIPTIONS[r.arrangement]}`);
        if (r.share !== null) {
          console.log(`  share of international protection ${(r.share * 100).toFixed(1)}% (P ${num(r.protection)}, M ${num(r.migrants)}); threshold ${(r.threshold * 100).toFixed(1)}%`);
        }
        if (r.disasterPlatformFlag) console.log('  flagged for the Platform on Disaster Displacement');
        console.log(`  policy ${r.policyVersion}, as of ${r.asOf}`);
        console.log('');
        console.log(table(['type', 'value', 'source', 'dates', 'role'],
          r.inputs.map((t) => [t.type, t.value, t.sourceDataset, t.oldestDate === t.newestDate ? t.newestDate : `${t.oldestDate}..${t.newestDate}`, t.role])));
        if (r.warnings.length) {
          console.log('');
          for (const w of r.warnings) console.log(`warning (${w.code}): ${w.message}`);
        }
      });
    });

  program.command('decide <ref>')
    .description('record the arrangement in force, signed by one IOM and one UNHCR representative (R3)')
    .requiredOption('--arrangement <code>', 'unhcr-led, iom-led, co-led-platform or cluster')
    .requiredOption('--iom <email>', 'account of the IOM agency representative who signed')
    .requiredOption('--unhcr <email>', 'account of the UNHCR agency representative who signed')
    .option('--rationale <text>', 'required when the decision differs from the recommendation')
    .option('--decided-on <date>', 'YYYY-MM-DD (default today)')
    .option('--year <year>', 'the recommendation answered uses figures up to this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { arrangement: string; iom: string; unhcr: string; rationale?: string; decidedOn?: string; year?: number; json?: boolean }) => {
      await withApp(program, async (app) => {
        const account = async (email: string, agency: string) => {
          const u = await app.accounts.findUserByEmail(email);
          if (!u) throw new ValidationError(`no account ${email}`, [{ field: agency, message: `no account with email ${email}` }]);
          return u.id;
        };
        const d = await app.decisions.recordSigned(operatorCtx(), ref, {
          arrangement: o.arrangement, rationale: o.rationale, decidedOn: o.decidedOn, year: o.year,
          iomAccountId: await account(o.iom, 'iom'), unhcrAccountId: await account(o.unhcr, 'unhcr'),
        });
        if (o.json) return console.log(JSON.stringify(d, null, 2));
        console.log(`recorded: ${d.arrangement} (recommended ${d.recommendedArrangement}${d.differsFromRecommendation ? '; differs, rationale kept' : ''})`);
        console.log(`  signed by ${d.signatories.iom.name} (IOM) and ${d.signatories.unhcr.name} (UNHCR); decided on ${d.decidedOn}`);
      });
    });

  program.command('decisions <ref>')
    .description('decision history of a situation, newest (in force) first')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withApp(program, async (app) => {
        const ds = await app.decisions.history(ref);
        if (o.json) return console.log(JSON.stringify(ds, null, 2));
        console.log(table(['decided', 'status', 'arrangement', 'recommended', 'IOM', 'UNHCR', 'rationale'],
          ds.map((d) => [d.decidedOn, d.status, d.arrangement, d.recommendedArrangement, d.signatories.iom.name, d.signatories.unhcr.name, d.rationale])));
      });
    });
}
