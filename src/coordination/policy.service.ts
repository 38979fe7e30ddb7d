import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { SituationService } from '../situations/index.js';
import type { PolicyTable } from './coordination.tables.js';
import { policyFromRow, type Policy } from './lead-policy.js';
import type { RecommendationService } from './recommendation.service.js';

export const PolicyBody = Type.Object({
  version: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', description: 'a name for this version, e.g. 2026.1' }),
  theta: Type.Number({ exclusiveMinimum: 0.5, maximum: 1, description: 'θ: the share of international protection at or above which UNHCR leads (2/3 by default)' }),
  staleMonths: Type.Integer({ minimum: 1, maximum: 240, description: 'figures older than this, before the reference date, are stale' }),
  alignmentMonths: Type.Integer({ minimum: 0, maximum: 60, description: 'P is taken at an inclusive stock\'s date from protection figures within this many months of it' }),
  disagreementRatio: Type.Number({ minimum: 0, maximum: 1, description: 'two sources disagree when they differ by more than this fraction of the larger' }),
  disclosureK: Type.Optional(Type.Integer({
    minimum: 2, maximum: 100,
    description: 'k for disclosure control: every published count (public dashboards, referral aggregates, shared tables) below it is suppressed; the version in force\'s by default',
  })),
  effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'recommendations as of this date and later use it' }),
  note: Type.String({ maxLength: 2000, description: 'why: the reading of the letter, the agreement behind it' }),
}, { additionalProperties: false });
export const PublishBody = Type.Composite([PolicyBody, Type.Object({
  confirm: Type.Boolean({ description: 'true, having read the preview: which situations change arrangement' }),
})], { additionalProperties: false });
const checkPolicy = inputCheck(PolicyBody, 'policy');

const present = (r: PolicyTable) => ({
  ...policyFromRow(r), publishedAt: r.published_at, publishedBy: r.published_by,
});

/**
 * Versions of the lead policy (θ, the staleness and alignment windows): listed, shown, previewed and
 * published. Publishing shows first which situations would change arrangement, is audited, and
 * recomputes every kept recommendation.
 */
export function createPolicyService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'audit'>;
  recommendations: Pick<RecommendationService, 'composition' | 'policyFor'>; situations: Pick<SituationService, 'list'>;
}) {
  const { db, access } = deps;

  async function preview(raw: Static<typeof PolicyBody>) {
    const input = checkPolicy(raw);
    const candidate = { ...input, disclosureK: input.disclosureK ?? (await inForce()).disclosureK };
    const { items } = await deps.situations.list({ limit: 100_000, offset: 0 });
    const changes = [];
    for (const s of items) {
      const [now, then] = await Promise.all([deps.recommendations.composition(s.id), deps.recommendations.composition(s.id, undefined, candidate)]);
      const a = now.recommendation;
      const b = then.recommendation;
      changes.push({
        situation: { slug: s.slug, name: s.name }, from: a.arrangement, to: b.arrangement, shareFrom: a.share, shareTo: b.share,
        changes: a.arrangement !== b.arrangement,
      });
    }
    return { policy: candidate, changes: changes.filter((c) => c.changes), unchanged: changes.filter((c) => !c.changes).length };
  }

  /** The version in force today (the latest effective on or before it). */
  async function inForce(): Promise<Policy> {
    return deps.recommendations.policyFor(nowIso().slice(0, 10));
  }

  return {
    preview,
    inForce,

    async list() {
      return (await db.selectFrom('policies').selectAll().orderBy('effective_from', 'desc').orderBy('version', 'desc').execute()).map(present);
    },

    async get(version: string) {
      const row = await db.selectFrom('policies').selectAll().where('version', '=', version).executeTakeFirst();
      if (!row) throw new NotFoundError('policy version');
      return present(row);
    },

    /** Publishes a new version once its preview has been read (`confirm`). */
    async publish(ctx: Ctx, raw: Static<typeof PublishBody>) {
      await access.check(ctx, 'policy', 'create');
      const { confirm, ...body } = raw;
      const p = checkPolicy(body);
      const k = p.disclosureK ?? (await inForce()).disclosureK;
      if (await db.selectFrom('policies').select('version').where('version', '=', p.version).executeTakeFirst()) {
        throw new ConflictError(`policy version ${p.version} exists already: versions are never changed, publish a new one`, [{ field: 'version', message: 'already published' }]);
      }
      const shown = await preview(p);
      if (!confirm) {
        throw new ValidationError('read the preview, then publish with confirm: true', [{ field: 'confirm', message: `${shown.changes.length} situation(s) would change arrangement` }]);
      }
      const row: PolicyTable = {
        version: p.version, theta: p.theta, stale_months: p.staleMonths, alignment_months: p.alignmentMonths, disagreement_ratio: p.disagreementRatio, disclosure_k: k,
        effective_from: p.effectiveFrom, note: p.note, published_at: nowIso(), published_by: ctx.actor.label,
      };
      await deps.events.transaction(async (tx) => {
        await tx.db.insertInto('policies').values(row).execute();
        await access.audit.record(ctx, { action: 'create', resource: 'policy', objectId: p.version, outcome: 'allowed' }, tx.db);
        await tx.emit('policy.published', { version: p.version });
      });
      return { policy: present(row), changes: shown.changes };
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
