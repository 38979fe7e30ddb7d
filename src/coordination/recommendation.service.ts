import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { methodFlagsOf, type FigureTable } from '../figures/index.js';
import { SITUATION_KINDS, type SituationRecord, type SituationService } from '../situations/index.js';
import { isPopulationType } from '../vocabulary/index.js';
import { ARRANGEMENT_DESCRIPTIONS, ARRANGEMENTS } from './arrangements.js';
import { decisionRepo } from './decision.repo.js';
import { policyFromRow, type Policy } from './lead-policy.js';
import { collapseSex, recommend, type FigureFact, type Recommendation } from './recommendation.rules.js';
import { agencyPopulations, groupTotals } from './summary.rules.js';

const SEXES = ['total', 'female', 'male'] as const;

/** A stored figure as the recommendation rules see it. */
export function toFact(r: FigureTable): FigureFact {
  if (!isPopulationType(r.pop_type)) throw new Error(`stored figure ${r.id} has an unknown type ${r.pop_type}`);
  return {
    id: r.id, type: r.pop_type, value: Number(r.value), refDate: r.ref_date, sex: member(SEXES, r.sex), origin: r.origin_iso3, host: r.host_iso3,
    area: r.admin_pcode, sourceOrg: r.source_org, sourceDataset: r.source_dataset, includesProtection: r.includes_protection === 1,
    methodFlags: methodFlagsOf(r.method_flags), demo: r.demo === 1, version: r.version,
  };
}

/** The end of the requested year, or today: the date a recommendation is made "as of". */
export function asOfDate(year?: number): string {
  return year ? `${year}-12-31` : new Date().toISOString().slice(0, 10);
}

/**
 * R2 and R4 for a situation: its figures, the lead policy in force at the date, the composition rules
 * applied; the summary of figures by type and source with both agencies' populations; the overview of
 * every situation with the arrangement that applies to it.
 */
export function createRecommendationService(deps: { db: Kysely<DB>; situations: Pick<SituationService, 'get' | 'list' | 'figuresOf'> }) {
  const { db, situations } = deps;

  async function policyFor(asOf: string): Promise<Policy> {
    const row =
      (await db.selectFrom('policies').selectAll().where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').orderBy('published_at', 'desc').executeTakeFirst()) ??
      (await db.selectFrom('policies').selectAll().orderBy('effective_from', 'asc').executeTakeFirstOrThrow());
    return policyFromRow(row);
  }

  /**
   * The recommendation's view of a situation: figures, policy and the composition rules applied. `policy`
   * replaces the one in force, to preview what publishing a new version would change.
   */
  async function composition(ref: string, year?: number, override?: Policy): Promise<{ situation: SituationRecord; recommendation: Recommendation; facts: FigureFact[] }> {
    const situation = await situations.get(ref);
    const asOf = asOfDate(year);
    const [rows, policy] = await Promise.all([situations.figuresOf(situation, asOf), override ? Promise.resolve(override) : policyFor(asOf)]);
    const facts = rows.map(toFact);
    const recommendation = recommend({
      kind: member(SITUATION_KINDS, situation.kind), origins: situation.origins, hosts: situation.hosts, figures: facts, policy, asOf,
    });
    return { situation, recommendation, facts };
  }

  return {
    policyFor,
    composition,

    /** The recommendation with its situation and what its arrangement means. */
    async recommendation(ref: string, year?: number) {
      const { situation, recommendation } = await composition(ref, year);
      return {
        situation: { id: situation.id, slug: situation.slug, name: situation.name, kind: member(SITUATION_KINDS, situation.kind) },
        description: ARRANGEMENT_DESCRIPTIONS[recommendation.arrangement],
        ...recommendation,
      };
    },

    /**
     * Summary: figures by type and source, group totals, latest dates, both agencies' populations of
     * concern (R4), and the yearly series by type and source.
     */
    async summary(ref: string, year?: number) {
      const composed = await composition(ref, year);
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
        agencies: agencyPopulations(recommendation.inputs, recommendation.migrants, member(SITUATION_KINDS, situation.kind)),
        series: [...series.values()].sort((a, b) => a.year - b.year || a.type.localeCompare(b.type) || a.source.localeCompare(b.source)),
      };
    },

    /**
     * One page of situations with the arrangement that applies to each: the latest decision both agencies
     * signed, or the recommendation where there is none. What the overview map colours.
     */
    async overview(page: { limit: number; offset: number }, year?: number) {
      const { items, total } = await situations.list(page);
      const rows = await Promise.all(items.map(async (s) => {
        const signed = (await decisionRepo.history(db, s.id)).find((d) => d.status === 'signed');
        const { recommendation } = await composition(s.id, year);
        return {
          slug: s.slug, name: s.name, kind: member(SITUATION_KINDS, s.kind), origins: s.origins, hosts: s.hosts,
          arrangement: signed ? member(ARRANGEMENTS, signed.arrangement) : recommendation.arrangement,
          basis: signed ? 'decision' as const : 'recommendation' as const,
          recommended: recommendation.arrangement, share: recommendation.share,
        };
      }));
      return { items: rows, total, limit: page.limit, offset: page.offset };
    },

    /** The arrangement in force for a situation: its latest signed decision, else the recommendation. */
    async arrangementInForce(situationId: string) {
      const signed = (await decisionRepo.history(db, situationId)).find((d) => d.status === 'signed');
      return signed ? signed.arrangement : (await composition(situationId)).recommendation.arrangement;
    },
  };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
