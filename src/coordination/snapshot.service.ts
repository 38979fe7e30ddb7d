import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { answerCache } from '../core/cache.js';
import { NotFoundError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { presentSituation, SITUATION_KINDS, type SituationService } from '../situations/index.js';
import { ARRANGEMENTS } from './arrangements.js';
import type { RecommendationSnapshotTable } from './coordination.tables.js';
import { decisionRepo } from './decision.repo.js';
import type { RecommendationService } from './recommendation.service.js';
import { snapshotRepo as repo } from './snapshot.repo.js';

export const SNAPSHOT_TRIGGERS = ['first-read', 'daily', 'import', 'situation', 'policy', 'decision'] as const;
export type SnapshotTrigger = (typeof SNAPSHOT_TRIGGERS)[number];

type RecommendationView = Awaited<ReturnType<RecommendationService['recommendation']>>;
type SummaryView = Awaited<ReturnType<RecommendationService['summary']>>;

/** A kept recommendation as the API shows it: the recommendation, and the snapshot it is. */
function presentRecommendation(row: RecommendationSnapshotTable) {
  const r: RecommendationView = JSON.parse(row.result_json);
  return { ...r, snapshot: { id: row.id, computedAt: row.computed_at, trigger: member(SNAPSHOT_TRIGGERS, row.trigger) } };
}
type PresentedSummary = Omit<SummaryView, 'situation'> & { situation: ReturnType<typeof presentSituation> };

const today = () => new Date().toISOString().slice(0, 10);

/** What a recommendation depends on, hashed: recomputing it from the same inputs keeps the last snapshot. */
function digestOf(r: RecommendationView, s: PresentedSummary): string {
  const inputs = r.inputs.map((i) => [i.type, i.sourceDataset, i.value, i.figureIds, i.figureVersions, i.role, i.atReference?.value ?? null]);
  const core = [r.arrangement, r.provisional, r.share, r.protection, r.migrants, r.internal, r.undifferentiated, r.referenceDate, r.policyVersion,
    r.warnings.map((w) => w.code), inputs, s.series, s.situation];
  return createHash('sha256').update(JSON.stringify(core)).digest('hex');
}

/**
 * R3, every recommendation kept: a snapshot of a situation's recommendation and summary is stored whenever
 * its inputs change (an import, the situation's definition, a new policy version), and public reads are
 * answered from the latest one instead of recomputing: the overview, a recommendation, a summary.
 */
export function createSnapshotService(deps: {
  db: Kysely<DB>; recommendations: Pick<RecommendationService, 'recommendation' | 'summary'>; situations: Pick<SituationService, 'get' | 'list'>;
}) {
  const { db } = deps;
  // Several servers may share one PostgreSQL database: another's change is seen within five seconds.
  const recommendations = answerCache<ReturnType<typeof presentRecommendation>>({ ttlMs: 5_000 });
  const overviews = answerCache<Awaited<ReturnType<typeof buildOverview>>>({ ttlMs: 5_000 });
  const answers = { invalidate: () => { recommendations.invalidate(); overviews.invalidate(); } };

  /** Recomputes a situation's recommendation: the last snapshot when nothing it depends on changed, else a new row not yet kept. */
  async function prepare(situationId: string, trigger: SnapshotTrigger, triggerRef: string | null = null, year: number | null = null) {
    const [r, s] = await Promise.all([deps.recommendations.recommendation(situationId, year ?? undefined), deps.recommendations.summary(situationId, year ?? undefined)]);
    const summary = { ...s, situation: presentSituation(s.situation) };
    const digest = digestOf(r, summary);
    const last = await repo.latest(db, r.situation.id, year);
    if (last && last.digest === digest) return { row: last, fresh: false };
    const row: RecommendationSnapshotTable = {
      id: newId(), situation_id: r.situation.id, year, computed_at: nowIso(), as_of: r.asOf, trigger, trigger_ref: triggerRef, policy_version: r.policyVersion,
      arrangement: r.arrangement, provisional: r.provisional ? 1 : 0, share: r.share, digest, result_json: JSON.stringify(r), summary_json: JSON.stringify(summary),
    };
    return { row, fresh: true };
  }

  /** Recomputes a situation's current recommendation and keeps it if anything it depends on changed. */
  async function refresh(situationId: string, trigger: SnapshotTrigger, triggerRef: string | null = null, year: number | null = null): Promise<RecommendationSnapshotTable> {
    const { row, fresh } = await prepare(situationId, trigger, triggerRef, year);
    if (fresh) {
      await repo.insert(db, row);
      answers.invalidate();
    }
    return row;
  }

  /** The latest current snapshot of a situation, computed on first read and refreshed once a day. */
  async function current(situationId: string): Promise<RecommendationSnapshotTable> {
    const last = await repo.latest(db, situationId, null);
    if (last && last.as_of >= today()) return last;
    return refresh(situationId, last ? 'daily' : 'first-read');
  }

  async function buildOverview(page: { limit: number; offset: number }) {
    const { items, total } = await deps.situations.list(page);
    const kept = new Map((await repo.latestOf(db, items.map((s) => s.id))).map((r) => [r.situation_id, r]));
    const signed = new Map((await decisionRepo.latestSigned(db, items.map((s) => s.id))).map((d) => [d.situation_id, d]));
    let lastModified = 0;
    const rows = [];
    for (const s of items) {
      const k = kept.get(s.id);
      const snap = k && k.as_of >= today() ? k : await current(s.id);
      const decision = signed.get(s.id);
      lastModified = Math.max(lastModified, Date.parse(snap.computed_at), decision ? Date.parse(decision.created_at) : 0);
      const recommended = member(ARRANGEMENTS, snap.arrangement);
      const r: RecommendationView = JSON.parse(snap.result_json);
      rows.push({
        slug: s.slug, name: s.name, kind: member(SITUATION_KINDS, s.kind), origins: s.origins, hosts: s.hosts,
        arrangement: decision ? member(ARRANGEMENTS, decision.arrangement) : recommended,
        basis: decision ? 'decision' as const : 'recommendation' as const,
        recommended, share: snap.share, provisional: snap.provisional === 1, protection: r.protection, migrants: r.migrants, referenceDate: r.referenceDate,
      });
    }
    return { items: rows, total, limit: page.limit, offset: page.offset, lastModified: new Date(lastModified || Date.now()) };
  }

  return {
    refresh,
    current,

    /** Refreshes every situation (a new policy version), or those in these countries (an import). */
    async refreshAll(trigger: SnapshotTrigger, triggerRef: string | null, places?: { hosts: readonly string[]; origins: readonly string[] }) {
      const { items } = await deps.situations.list({ limit: 100_000, offset: 0 });
      const touched = places ? items.filter((s) => s.hosts.some((h) => places.hosts.includes(h)) || s.origins.some((o) => places.origins.includes(o))) : items;
      for (const s of touched) await refresh(s.id, trigger, triggerRef);
      answers.invalidate();
      return touched.length;
    },

    /** Forgets cached public answers (a decision was signed, a situation defined). */
    invalidate: () => answers.invalidate(),

    /** The recommendation as kept now (no year), or computed for the end of a year. */
    async recommendation(ref: string, year?: number) {
      if (year !== undefined) return { ...(await deps.recommendations.recommendation(ref, year)), snapshot: null };
      // Keyed by the reference asked for (slug or id): a kept answer costs no lookup at all.
      return recommendations.get(ref, async () => {
        const row = await current((await deps.situations.get(ref)).id);
        return { value: presentRecommendation(row), lastModified: new Date(row.computed_at) };
      });
    },

    /** The summary as kept now (no year), or computed for the end of a year. */
    async summary(ref: string, year?: number) {
      if (year !== undefined) {
        const s = await deps.recommendations.summary(ref, year);
        return { ...s, situation: presentSituation(s.situation) };
      }
      const situation = await deps.situations.get(ref);
      const row = await current(situation.id);
      const summary: PresentedSummary = JSON.parse(row.summary_json);
      return summary;
    },

    /**
     * One page of situations with the arrangement that applies to each: the latest decision both agencies
     * signed, or the kept recommendation where there is none. What the overview map colours.
     */
    async overview(page: { limit: number; offset: number }) {
      return overviews.get(`${page.limit}|${page.offset}|${today()}`, async () => {
        const value = await buildOverview(page);
        return { value, lastModified: value.lastModified };
      });
    },

    /**
     * The kept recommendation a decision answers: the current one, or one computed and kept for the end of
     * the year the representatives looked at.
     */
    async forDecision(ref: string, year?: number) {
      const situation = await deps.situations.get(ref);
      const last = year === undefined ? await repo.latest(db, situation.id, null) : undefined;
      const { row, fresh } = last && last.as_of >= today() ? { row: last, fresh: false } : await prepare(situation.id, year !== undefined ? 'decision' : last ? 'daily' : 'first-read', null, year ?? null);
      const recommendation: RecommendationView = JSON.parse(row.result_json);
      return {
        situationId: situation.id, snapshotId: row.id, recommendation,
        /** Keeps the snapshot with the decision, in its transaction: a refused proposal leaves nothing behind. */
        keep: async (executor: Kysely<DB>) => {
          if (!fresh) return;
          await repo.insert(executor, row);
          answers.invalidate();
        },
      };
    },

    /** The situations whose kept recommendation an import changed: arrangement and share before and after. */
    async changedByImport(batchId: string) {
      const rows = await repo.byTrigger(db, 'import', batchId);
      const out = [];
      for (const { snapshot: r, before } of rows) {
        const s = await deps.situations.get(r.situation_id);
        out.push({
          situation: { slug: s.slug, name: s.name }, snapshotId: r.id,
          before: before ? { arrangement: member(ARRANGEMENTS, before.arrangement), share: before.share, provisional: before.provisional === 1 } : null,
          after: { arrangement: member(ARRANGEMENTS, r.arrangement), share: r.share, provisional: r.provisional === 1 },
        });
      }
      return out.sort((a, b) => a.situation.name.localeCompare(b.situation.name));
    },

    /** A situation's kept recommendations, newest first (R3). */
    async history(ref: string, page: { limit: number; offset: number }) {
      const situation = await deps.situations.get(ref);
      const [rows, total] = await Promise.all([repo.history(db, situation.id, page), repo.count(db, situation.id)]);
      return {
        items: rows.map((r) => ({
          id: r.id, year: r.year, computedAt: r.computed_at, asOf: r.as_of, trigger: member(SNAPSHOT_TRIGGERS, r.trigger), triggerRef: r.trigger_ref,
          policyVersion: r.policy_version, arrangement: member(ARRANGEMENTS, r.arrangement), provisional: r.provisional === 1, share: r.share,
        })),
        total, limit: page.limit, offset: page.offset,
      };
    },

    /** One kept recommendation, whole: inputs with figure ids and versions, policy version, result, warnings. */
    async get(id: string) {
      const row = await repo.get(db, id);
      if (!row) throw new NotFoundError('recommendation');
      return presentRecommendation(row);
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
