import { sql, type Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { PATHWAYS } from './pipeline.rules.js';
import { readSolutionsFile, writeSolutionFigures } from './solution-figures.import.js';
import type { SolutionsStrategyTable } from './solutions.tables.js';
import { NewStrategyBody, SOLUTION_SERIES, SolutionFiguresQuery, TargetsBody } from './strategy.schemas.js';

const checkNew = inputCheck(NewStrategyBody, 'strategy');
const checkTargets = inputCheck(TargetsBody, 'targets');
const checkFigures = inputCheck(SolutionFiguresQuery, 'query');

class NothingChanged extends Error {}

/**
 * The resettlement and complementary pathways strategy (R10): yearly targets and pledges by pathway and
 * receiving country, kept by the two agencies; UNHCR's published solutions figures, imported all or
 * nothing; and the strategy's progress: the pipeline's submissions, decisions and departures per year, and
 * the published resettlement arrivals, against the targets.
 */
export function createStrategyService(deps: {
  db: Kysely<DB>; events: EventBus; now: () => Date;
  access: Pick<Access, 'check' | 'can' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds'>;
}) {
  const { db, access } = deps;
  const agencyFacts = async () => { const a = await deps.accounts.agencyOrgIds(); return { orgIds: [a.unhcr, a.iom] }; };

  async function load(ctx: Ctx, id: string): Promise<SolutionsStrategyTable> {
    await access.check(ctx, 'solutions_strategy', 'read', { id });
    const row = await db.selectFrom('solutions_strategies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('strategy');
    return row;
  }

  async function present(ctx: Ctx, s: SolutionsStrategyTable) {
    const targets = await db.selectFrom('strategy_targets').selectAll().where('strategy_id', '=', s.id).orderBy('year').orderBy('pathway').orderBy('country').execute();
    return {
      id: s.id, name: s.name, fromYear: Number(s.from_year), toYear: Number(s.to_year), synthetic: s.synthetic === 1, createdAt: s.created_at,
      targets: targets.map((t) => ({ year: Number(t.year), pathway: member(PATHWAYS, t.pathway), country: t.country, target: Number(t.target), pledged: t.pledged === null ? null : Number(t.pledged) })),
      can: { update: access.can(ctx, 'solutions_strategy', 'update', await agencyFacts()) },
    };
  }

  return {
    /** A multi-year strategy, drawn up by the two agencies (UNHCR leads it, IOM plays its key role). */
    async create(ctx: Ctx, raw: unknown, opts: { synthetic?: boolean } = {}) {
      const input = checkNew(raw);
      await access.check(ctx, 'solutions_strategy', 'create', { facts: await agencyFacts() });
      if (input.toYear < input.fromYear || input.toYear - input.fromYear > 9) {
        throw new ValidationError('the strategy is not valid', [{ field: 'toYear', message: 'from the first year, within ten years' }]);
      }
      const agencies = await agencyFacts();
      const row: SolutionsStrategyTable = { id: newId(), name: input.name.trim(), from_year: input.fromYear, to_year: input.toYear, created_by: ctx.actor.label, created_at: deps.now().toISOString(), synthetic: opts.synthetic ? 1 : 0 };
      await deps.events.transaction(async (tx) => {
        await tx.db.insertInto('solutions_strategies').values(row).execute();
        await access.audit.record(ctx, { action: 'create', resource: 'solutions_strategy', objectId: row.id, outcome: 'allowed', concernedOrgs: agencies.orgIds }, tx.db);
      });
      return present(ctx, row);
    },

    async get(ctx: Ctx, id: string) { return present(ctx, await load(ctx, id)); },

    async list(ctx: Ctx) {
      await access.check(ctx, 'solutions_strategy', 'read');
      const rows = await db.selectFrom('solutions_strategies').selectAll().orderBy('from_year', 'desc').orderBy('id').limit(100).execute();
      return { items: await Promise.all(rows.map((r) => present(ctx, r))) };
    },

    /** Sets yearly targets (and pledges) by pathway and receiving country; all or none, within the strategy's years. */
    async setTargets(ctx: Ctx, id: string, raw: unknown) {
      const input = checkTargets(raw);
      const s = await load(ctx, id);
      await access.check(ctx, 'solutions_strategy', 'update', { id, facts: await agencyFacts() });
      const problems: ErrorDetail[] = [];
      const countries = new Set((await db.selectFrom('countries').select('iso3').execute()).map((c) => c.iso3));
      const seen = new Set<string>();
      input.targets.forEach((t, i) => {
        if (t.year < s.from_year || t.year > s.to_year) problems.push({ field: `targets[${i}].year`, message: `outside the strategy's years ${s.from_year}–${s.to_year}` });
        if (!countries.has(t.country.toUpperCase())) problems.push({ field: `targets[${i}].country`, message: `unknown ISO3 code "${t.country}"` });
        const key = `${t.year}|${t.pathway}|${t.country.toUpperCase()}`;
        if (seen.has(key)) problems.push({ field: `targets[${i}]`, message: 'the same year, pathway and country twice' });
        seen.add(key);
      });
      if (problems.length) throw new ValidationError('the targets are not valid', problems);
      const at = deps.now().toISOString();
      const agencies = await agencyFacts();
      await deps.events.transaction(async (tx) => {
        for (const t of input.targets) {
          const values = { strategy_id: id, year: t.year, pathway: t.pathway, country: t.country.toUpperCase(), target: t.target, pledged: t.pledged ?? null, updated_at: at };
          await tx.db.insertInto('strategy_targets').values(values)
            .onConflict((oc) => oc.columns(['strategy_id', 'year', 'pathway', 'country']).doUpdateSet({ target: values.target, pledged: values.pledged, updated_at: at })).execute();
        }
        await access.audit.record(ctx, { action: 'update', resource: 'solutions_strategy', objectId: id, outcome: 'allowed', concernedOrgs: agencies.orgIds }, tx.db);
      });
      return present(ctx, s);
    },

    /**
     * Targets against progress, per year, pathway and receiving country: people in the pipeline's cases
     * submitted, decided and moved that year, and UNHCR's published resettlement arrivals.
     */
    async progress(ctx: Ctx, id: string) {
      const s = await load(ctx, id);
      await access.check(ctx, 'solutions_view', 'read');
      const targets = await db.selectFrom('strategy_targets').selectAll().where('strategy_id', '=', id).orderBy('year').orderBy('pathway').orderBy('country').execute();
      const year = sql<string>`substr(resettlement_stages.left_at, 1, 4)`;
      const moved = await db.selectFrom('resettlement_stages').innerJoin('resettlement_cases', 'resettlement_cases.id', 'resettlement_stages.case_id')
        .select(['resettlement_stages.stage', 'resettlement_cases.pathway', 'resettlement_cases.receiving_iso3', year.as('year')])
        .select((eb) => eb.fn.sum<string | number>('resettlement_cases.household_size').as('people'))
        .where('resettlement_stages.outcome', '=', 'advanced').where('resettlement_stages.stage', 'in', ['submission', 'decision', 'movement'])
        .where(year, '>=', String(s.from_year)).where(year, '<=', String(s.to_year))
        .groupBy(['resettlement_stages.stage', 'resettlement_cases.pathway', 'resettlement_cases.receiving_iso3', year]).execute();
      const published = await db.selectFrom('solution_figures').select(['asylum_iso3', 'year']).select((eb) => eb.fn.sum<string | number>('value').as('people'))
        .where('series', '=', 'resettlement').where('year', '>=', s.from_year).where('year', '<=', s.to_year).groupBy(['asylum_iso3', 'year']).execute();
      const imported = !!(await db.selectFrom('solution_imports').select('id').limit(1).executeTakeFirst());
      const count = (stage: string, t: { year: number; pathway: string; country: string }) =>
        Number(moved.find((m) => m.stage === stage && m.pathway === t.pathway && m.receiving_iso3 === t.country && Number(m.year) === Number(t.year))?.people ?? 0);
      const rows = targets.map((t) => {
        const key = { year: Number(t.year), pathway: t.pathway, country: t.country };
        const pub = t.pathway === 'resettlement' ? published.find((p) => p.asylum_iso3 === t.country && Number(p.year) === key.year) : undefined;
        const publishedPeople = pub ? Number(pub.people) : null;
        const departed = count('movement', key);
        const best = Math.max(departed, publishedPeople ?? 0);
        return {
          year: key.year, pathway: member(PATHWAYS, t.pathway), country: t.country, target: Number(t.target), pledged: t.pledged === null ? null : Number(t.pledged),
          submitted: count('submission', key), decided: count('decision', key), departed, published: publishedPeople,
          progress: Number(t.target) > 0 ? Math.round((best / Number(t.target)) * 1000) / 1000 : null,
        };
      });
      const years = [...new Set(rows.map((r) => r.year))].sort();
      return {
        strategy: { id: s.id, name: s.name, fromYear: Number(s.from_year), toYear: Number(s.to_year) },
        rows,
        byYear: years.map((y) => {
          const of = rows.filter((r) => r.year === y);
          const sum = (f: (r: (typeof rows)[number]) => number) => of.reduce((n, r) => n + f(r), 0);
          const pubs = of.filter((r) => r.published !== null);
          return { year: y, target: sum((r) => r.target), pledged: sum((r) => r.pledged ?? 0), submitted: sum((r) => r.submitted), decided: sum((r) => r.decided), departed: sum((r) => r.departed), published: pubs.length ? pubs.reduce((n, r) => n + r.published!, 0) : null };
        }),
        figuresImported: imported,
      };
    },

    /** Who imports, checked before an upload's body is read: UNHCR's information-management officers (R1: the figures are UNHCR's). */
    async precheck(ctx: Ctx) {
      const a = await deps.accounts.agencyOrgIds();
      await access.check(ctx, 'solutions_figures', 'create', { facts: { orgIds: [a.unhcr] } });
    },

    /** Imports UNHCR's solutions file: every row checked first, then all in one transaction; a file that changes nothing leaves no trace. */
    async importFigures(ctx: Ctx, path: string) {
      const a = await deps.accounts.agencyOrgIds();
      await access.check(ctx, 'solutions_figures', 'create', { facts: { orgIds: [a.unhcr] } });
      const countries = new Set((await db.selectFrom('countries').select('iso3').execute()).map((c) => c.iso3));
      const parsed = await readSolutionsFile(path, (c) => countries.has(c));
      const batchId = newId();
      const at = deps.now().toISOString();
      let counts = { inserted: 0, updated: 0, unchanged: 0 };
      try {
        await deps.events.transaction(async (tx) => {
          await tx.db.insertInto('solution_imports').values({ id: batchId, file_name: parsed.file, file_sha256: parsed.sha256, rows_read: parsed.rows, inserted: 0, updated: 0, unchanged: 0, imported_by: ctx.actor.label, imported_at: at }).execute();
          counts = await writeSolutionFigures(tx.db, batchId, parsed.figures);
          if (counts.inserted + counts.updated === 0) throw new NothingChanged();
          await tx.db.updateTable('solution_imports').set(counts).where('id', '=', batchId).execute();
          await access.audit.record(ctx, { action: 'create', resource: 'solutions_figures', objectId: batchId, outcome: 'allowed', concernedOrgs: [a.unhcr] }, tx.db);
          await tx.emit('solutions.figures_imported', { batchId, inserted: counts.inserted, updated: counts.updated });
        });
      } catch (e) {
        if (!(e instanceof NothingChanged)) throw e;
        return { batchId: null, file: parsed.file, rowsRead: parsed.rows, ...counts };
      }
      return { batchId, file: parsed.file, rowsRead: parsed.rows, ...counts };
    },

    /** UNHCR's published solutions figures of one series, filtered, a page at a time. */
    async figures(ctx: Ctx, raw: unknown) {
      const q = checkFigures(raw);
      await access.check(ctx, 'solutions_figures', 'read');
      let base = db.selectFrom('solution_figures').where('series', '=', q.series);
      if (q.year) base = base.where('year', '=', q.year);
      if (q.origin) base = base.where('origin_iso3', '=', q.origin.toUpperCase());
      if (q.asylum) base = base.where('asylum_iso3', '=', q.asylum.toUpperCase());
      const [rows, n] = await Promise.all([
        base.selectAll().orderBy('year', 'desc').orderBy('asylum_iso3').orderBy('origin_iso3').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({ year: Number(r.year), origin: r.origin_iso3, asylum: r.asylum_iso3, series: member(SOLUTION_SERIES, r.series), value: Number(r.value), sourceRow: Number(r.source_row) })),
        total: Number(n.n), limit: q.limit, offset: q.offset,
      };
    },
  };
}

export type StrategyService = ReturnType<typeof createStrategyService>;
