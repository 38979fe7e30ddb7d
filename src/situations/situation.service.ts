import type { Kysely } from 'kysely';
import type { Access } from '../access/access.service.js';
import type { Ctx } from '../access/actor.js';
import type { Engine } from '../core/db.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB, FigureTable } from '../core/schema.js';
import { SITUATION_KINDS, type SituationKind } from '../coordination/arrangements.js';
import { policyFromRow, type Policy } from '../coordination/policy.js';
import { collapseSex, recommend, type FigureFact, type Recommendation } from '../coordination/recommendation.rules.js';
import { createFigureRepo } from '../figures/figure.repo.js';
import type { PopulationType } from '../vocabulary/population-types.js';
import { situationRepo, type SituationRecord } from './situation.repo.js';
import { agencyPopulations, groupTotals, slugify } from './situation.rules.js';

export interface NewSituation {
  name: string;
  slug?: string;
  kind?: string;
  origins: string[];
  hosts: string[];
  areas?: string[];
  description?: string;
}

export function toFact(r: FigureTable): FigureFact {
  return {
    id: r.id, type: r.pop_type as PopulationType, value: Number(r.value), refDate: r.ref_date,
    sex: r.sex as FigureFact['sex'], origin: r.origin_iso3, host: r.host_iso3, area: r.admin_pcode,
    sourceOrg: r.source_org, sourceDataset: r.source_dataset, includesProtection: r.includes_protection === 1,
  };
}

/** The end of the requested year, or today: the date a recommendation is made "as of". */
export function asOfDate(year?: number): string {
  return year ? `${year}-12-31` : new Date().toISOString().slice(0, 10);
}

export function createSituationService(deps: { db: Kysely<DB>; engine: Engine; access: Access }) {
  const { db, access } = deps;
  const figures = createFigureRepo(deps.engine);

  async function get(ref: string): Promise<SituationRecord> {
    const s = await situationRepo.findByRef(db, ref);
    if (!s) throw new NotFoundError('situation', ref);
    return s;
  }

  async function policyFor(asOf: string): Promise<Policy> {
    const row =
      (await db.selectFrom('policies').selectAll().where('effective_from', '<=', asOf).orderBy('effective_from', 'desc')
        .executeTakeFirst()) ??
      (await db.selectFrom('policies').selectAll().orderBy('effective_from', 'asc').executeTakeFirstOrThrow());
    return policyFromRow(row);
  }

  async function factsFor(s: SituationRecord, until?: string): Promise<FigureFact[]> {
    const rows = await figures.forPlaces(db, {
      origins: s.origins, hosts: s.hosts, areas: s.areas, until, includeUnspecifiedOrigin: s.kind !== 'cross-border',
    });
    return rows.map(toFact);
  }

  return {
    get,
    policyFor,

    async create(ctx: Ctx, input: NewSituation): Promise<SituationRecord> {
      await access.check(ctx, 'situation', 'create');
      const problems: ErrorDetail[] = [];
      const name = (input.name ?? '').trim();
      if (!name) problems.push({ field: 'name', message: 'a name is required' });
      const kind = (input.kind ?? 'cross-border') as SituationKind;
      if (!SITUATION_KINDS.includes(kind)) problems.push({ field: 'kind', message: `must be one of ${SITUATION_KINDS.join(', ')}` });
      const norm = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim().toUpperCase()).filter(Boolean))];
      const hosts = norm(input.hosts);
      const origins = kind === 'internal' && norm(input.origins).length === 0 ? hosts : norm(input.origins);
      const areas = [...new Set((input.areas ?? []).map((a) => a.trim()).filter(Boolean))];
      if (hosts.length === 0) problems.push({ field: 'hosts', message: 'at least one host country is required' });
      if (origins.length === 0) problems.push({ field: 'origins', message: 'at least one origin country is required' });
      const known = new Set(
        (await db.selectFrom('countries').select('iso3').where('iso3', 'in', [...hosts, ...origins, '---']).execute())
          .map((r) => r.iso3),
      );
      origins.forEach((c, i) => { if (!known.has(c)) problems.push({ field: `origins[${i}]`, message: `unknown ISO3 code "${c}"` }); });
      hosts.forEach((c, i) => { if (!known.has(c)) problems.push({ field: `hosts[${i}]`, message: `unknown ISO3 code "${c}"` }); });
      const slug = input.slug?.trim() || slugify(name);
      if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) {
        problems.push({ field: 'slug', message: 'lowercase letters, digits and hyphens, at most 60' });
      }
      if (problems.length > 0) throw new ValidationError('the situation is not valid', problems);
      if (await situationRepo.slugExists(db, slug)) {
        throw new ConflictError(`a situation with slug "${slug}" already exists`, [{ field: 'slug', message: 'already in use' }]);
      }
      const row = { id: newId(), slug, name, kind, description: input.description?.trim() ?? '', created_at: nowIso() };
      await db.transaction().execute((trx) =>
        situationRepo.insert(trx, row, [
          ...origins.map((code) => ({ role: 'origin' as const, code })),
          ...hosts.map((code) => ({ role: 'host' as const, code })),
          ...areas.map((code) => ({ role: 'area' as const, code })),
        ]));
      await access.audit.record(ctx, { action: 'create', resource: 'situation', objectId: row.id, outcome: 'allowed' });
      return get(row.id);
    },

    list: (page: { limit: number; offset: number }) => situationRepo.list(db, page),

    /** The recommendation's view of a situation: figures, policy and the composition rules applied. */
    async composition(ref: string, year?: number): Promise<{ situation: SituationRecord; recommendation: Recommendation; facts: FigureFact[] }> {
      const situation = await get(ref);
      const asOf = asOfDate(year);
      const [facts, policy] = await Promise.all([factsFor(situation, asOf), policyFor(asOf)]);
      const recommendation = recommend({
        kind: situation.kind as SituationKind, origins: situation.origins, hosts: situation.hosts, figures: facts, policy, asOf,
      });
      return { situation, recommendation, facts };
    },

    /**
     * Summary: figures by type and source, group totals, latest dates, both agencies' populations of
     * concern (R4), and the yearly series by type and source.
     */
    async summary(ref: string, year?: number) {
      const composed = await this.composition(ref, year);
      const { situation, recommendation } = composed;
      const facts = collapseSex(composed.facts);
      const series = new Map<string, { year: number; type: string; source: string; value: number }>();
      for (const f of facts) {
        const y = Number(f.refDate.slice(0, 4));
        const k = `${y}|${f.type}|${f.sourceDataset}`;
        const cur = series.get(k) ?? { year: y, type: f.type, source: f.sourceDataset, value: 0 };
        cur.value += f.value;
        series.set(k, cur);
      }
      const dates = recommendation.inputs.map((t) => t.newestDate).sort();
      return {
        situation,
        asOf: recommendation.asOf,
        byTypeAndSource: recommendation.inputs,
        groups: groupTotals(recommendation.inputs),
        latestDate: dates.at(-1) ?? null,
        agencies: agencyPopulations(recommendation.inputs, recommendation.migrants),
        series: [...series.values()].sort((a, b) => a.year - b.year || a.type.localeCompare(b.type) || a.source.localeCompare(b.source)),
      };
    },
  };
}

export type SituationService = ReturnType<typeof createSituationService>;
