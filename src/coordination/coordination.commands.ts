import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AccountService } from '../access/index.js';
import { commandGroup, num, parseYearArg, table } from '../cli/output.js';
import { operatorCtx } from '../core/actor.js';
import { ValidationError } from '../core/errors.js';
import type { CliKit } from '../core/module.js';
import { ARRANGEMENT_DESCRIPTIONS, DECIDABLE_ARRANGEMENTS, type DecidableArrangement } from './arrangements.js';
import type { DecisionService } from './decision.service.js';
import type { PolicyService } from './policy.service.js';
import type { RecommendationService } from './recommendation.service.js';
import type { SnapshotService } from './snapshot.service.js';

type App = {
  recommendations: RecommendationService; snapshots: SnapshotService; policies: PolicyService; decisions: DecisionService; accounts: Pick<AccountService, 'findUserByEmail'>;
};

const num01 = (v: string) => { const n = Number(v); if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number'); return n; };
const int = (v: string) => { const n = Number(v); if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number'); return n; };

/** `tandem recommend|decide|decisions` and `tandem situation show`. */
export function coordinationCommands(program: Command, cli: CliKit<App>): void {
  commandGroup(program, 'situation', 'situations: named caseloads of people').command('show <ref>')
    .description('a situation and its summary: figures by type and source, group totals, both agencies\' populations (R4)')
    .option('--year <year>', 'figures up to this year', parseYearArg)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { year?: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const s = await app.snapshots.summary(ref, o.year);
        if (o.json) return console.log(JSON.stringify(s, null, 2));
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
        const found = await app.snapshots.recommendation(ref, o.year);
        const r = 'etag' in found ? found.value : found;
        const { situation } = r;
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        console.log(`${situation.name}: ${r.arrangement}${r.provisional ? ' (provisional)' : ''}`);
        console.log(`  ${ARRANGEMENT_DESCRIPTIONS[r.arrangement]}`);
        if (r.share !== null) {
          console.log(`  share of international protection ${(r.share * 100).toFixed(1)}% (P ${num(r.protection)}, M ${num(r.migrants)}); threshold ${(r.threshold * 100).toFixed(1)}%`);
        }
        if (r.disasterPlatformFlag) console.log('  flagged for the Platform on Disaster Displacement');
        console.log(`  policy ${r.policyVersion}, as of ${r.asOf}${r.referenceDate ? `; P and M taken at ${r.referenceDate}, the migrant stock's date` : ''}${r.snapshot ? `; kept as ${r.snapshot.id}` : ''}`);
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

  program.command('recommendations <ref>')
    .description('every recommendation kept for a situation (R3): when, why, with what result')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await cli.withApp(async (app) => {
        const h = await app.snapshots.history(ref, { limit: 200, offset: 0 });
        if (o.json) return console.log(JSON.stringify(h, null, 2));
        console.log(table(['computed', 'trigger', 'arrangement', 'share', 'provisional', 'policy', 'id'],
          h.items.map((x) => [x.computedAt.slice(0, 19), `${x.trigger}${x.year ? ` ${x.year}` : ''}`, x.arrangement, x.share === null ? null : `${(x.share * 100).toFixed(1)}%`, x.provisional ? 'yes' : '', x.policyVersion, x.id])));
      });
    });

  const policy = program.command('policy').description('versions of the lead policy (R2): θ, staleness and alignment windows');
  policy.command('list').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    await cli.withApp(async (app) => {
      const ps = await app.policies.list();
      if (o.json) return console.log(JSON.stringify(ps, null, 2));
      console.log(table(['version', 'θ', 'stale after', 'aligned within', 'from', 'published by'], ps.map((p) => [p.version, p.theta.toFixed(3), `${p.staleMonths} months`, `${p.alignmentMonths} months`, p.effectiveFrom, p.publishedBy])));
    });
  });
  policy.command('show <version>').action(async (version: string) => {
    await cli.withApp(async (app) => console.log(JSON.stringify(await app.policies.get(version), null, 2)));
  });
  policy.command('publish')
    .description('publish a new version: shows which situations change arrangement, and publishes only with --yes')
    .requiredOption('--version <name>', 'e.g. 2026.1').requiredOption('--theta <θ>', 'share of protection at or above which UNHCR leads', num01)
    .option('--stale-months <n>', 'figures older than this are stale', int, 24).option('--alignment-months <n>', 'window around an inclusive stock\'s date', int, 12)
    .option('--disagreement <ratio>', 'sources disagree beyond this fraction', num01, 0.1)
    .requiredOption('--effective-from <date>', 'YYYY-MM-DD').requiredOption('--note <text>', 'why')
    .option('--yes', 'publish (without it, only the preview is shown)')
    .action(async (o: { version: string; theta: number; staleMonths: number; alignmentMonths: number; disagreement: number; effectiveFrom: string; note: string; yes?: boolean }) => {
      await cli.withApp(async (app) => {
        const body = { version: o.version, theta: o.theta, staleMonths: o.staleMonths, alignmentMonths: o.alignmentMonths, disagreementRatio: o.disagreement, effectiveFrom: o.effectiveFrom, note: o.note };
        const p = await app.policies.preview(body);
        console.log(p.changes.length ? table(['situation', 'from', 'to'], p.changes.map((c) => [c.situation.slug, c.from, c.to])) : 'no situation changes arrangement');
        if (!o.yes) return console.log(`${p.unchanged} unchanged; not published: run again with --yes`);
        await app.policies.publish(operatorCtx(), { ...body, confirm: true });
        console.log(`published policy ${o.version}; every kept recommendation was recomputed`);
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
