import { Option, type Command } from 'commander';
import type { AccountService } from '../access/index.js';
import { commandGroup, num, parseYearArg, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import { ValidationError } from '../core/errors.js';
import type { CliKit } from '../core/module.js';
import { presentSituation } from '../situations/index.js';
import { ARRANGEMENT_DESCRIPTIONS, DECIDABLE_ARRANGEMENTS, type DecidableArrangement } from './arrangements.js';
import type { DecisionService } from './decision.service.js';
import type { RecommendationService } from './recommendation.service.js';

type App = { recommendations: RecommendationService; decisions: DecisionService; accounts: Pick<AccountService, 'findUserByEmail'> };

/** `tandem recommend|decide|decisions` and `tandem situation show`. */
export function coordinationCommands(program: Command, cli: CliKit<App>): void {
  commandGroup(program, 'situation', 'situations: named caseloads of people').command('show <ref>')
    .description('a situation and its summary: figures by type and source, group totals, both agencies\' populations (R4)')
    .option('--year <year>', 'figures up to this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { year?: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const s = await app.recommendations.summary(ref, o.year);
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

  program.command('recommend <ref>')
    .description('who should lead (R2): arrangement, share, inputs with source and date, warnings')
    .option('--year <year>', 'use figures up to the end of this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { year?: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const r = await app.recommendations.recommendation(ref, o.year);
        const { situation } = r;
        if (o.json) return console.log(JSON.stringify(r, null, 2));
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
    .addOption(new Option('--arrangement <code>', 'the arrangement both signed').choices(DECIDABLE_ARRANGEMENTS).makeOptionMandatory())
    .requiredOption('--iom <email>', 'account of the IOM agency representative who signed')
    .requiredOption('--unhcr <email>', 'account of the UNHCR agency representative who signed')
    .option('--rationale <text>', 'required when the decision differs from the recommendation')
    .option('--decided-on <date>', 'YYYY-MM-DD (default today)')
    .option('--year <year>', 'the recommendation answered uses figures up to this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { arrangement: DecidableArrangement; iom: string; unhcr: string; rationale?: string; decidedOn?: string; year?: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
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
      await cli.withApp(async (app) => {
        const ds = await app.decisions.history(operatorCtx(), ref);
        if (o.json) return console.log(JSON.stringify(ds, null, 2));
        console.log(table(['decided', 'status', 'arrangement', 'recommended', 'IOM', 'UNHCR', 'rationale'],
          ds.map((d) => [d.decidedOn, d.status, d.arrangement, d.recommendedArrangement, d.signatories.iom.name, d.signatories.unhcr.name, d.rationale])));
      });
    });
}
