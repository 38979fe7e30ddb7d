import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ValidationError, type ErrorDetail } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import type { SituationService } from '../situations/index.js';
import { ClustersBody, DisasterBody } from './capacity.schemas.js';
import { CLUSTERS, HAZARDS } from './capacity.vocabulary.js';
import { arrangementsAllowed, engagedIn, engagementByAgency, type SituationKindLike } from './displacement.rules.js';

const checkClusters = inputCheck(ClustersBody, 'cluster arrangement');
const checkDisaster = inputCheck(DisasterBody, 'disaster displacement flag');

/**
 * Internal and disaster displacement (R8): a situation's cluster arrangement (clusters activated, lead and
 * co-lead of each, which agency takes part) and, for a disaster, the Platform on Disaster Displacement flag
 * with the hazard and dates. Every signed-in account reads them; the agencies' staff record them.
 */
export function createDisplacementService(deps: {
  db: Kysely<DB>; access: Pick<Access, 'check' | 'can' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds'>; situations: Pick<SituationService, 'get'>;
}) {
  const { db, access } = deps;
  const keepers = async () => Object.values(await deps.accounts.agencyOrgIds());
  const kindOf = (k: string): SituationKindLike => member(['cross-border', 'internal', 'disaster'] as const, k);

  async function view(ctx: Ctx, ref: string) {
    await access.check(ctx, 'displacement', 'read');
    const s = await deps.situations.get(ref);
    const [arrangement, rows] = await Promise.all([
      db.selectFrom('displacement_arrangements').selectAll().where('situation_id', '=', s.id).executeTakeFirst(),
      db.selectFrom('displacement_clusters').selectAll().where('situation_id', '=', s.id).execute(),
    ]);
    const orgIds = rows.flatMap((r) => [r.lead_org_id, ...(r.co_lead_org_id ? [r.co_lead_org_id] : [])]);
    const orgs = new Map((orgIds.length ? await db.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', 'in', [...new Set(orgIds)]).execute() : []).map((o) => [o.id, o]));
    const ref_ = (id: string) => ({ slug: orgs.get(id)?.slug ?? 'unknown', name: orgs.get(id)?.name ?? 'unknown' });
    const entries = rows.map((r) => ({
      cluster: member(CLUSTERS, r.cluster), leadSlug: ref_(r.lead_org_id).slug, coLeadSlug: r.co_lead_org_id ? ref_(r.co_lead_org_id).slug : null,
      engaged: [...(r.iom_engaged ? ['iom' as const] : []), ...(r.unhcr_engaged ? ['unhcr' as const] : [])],
      lead: ref_(r.lead_org_id), coLead: r.co_lead_org_id ? ref_(r.co_lead_org_id) : null,
    })).sort((a, b) => CLUSTERS.indexOf(a.cluster) - CLUSTERS.indexOf(b.cluster));
    const allowed = arrangementsAllowed(kindOf(s.kind));
    return {
      situation: { slug: s.slug, name: s.name, kind: s.kind },
      clusters: entries.map((e) => ({ cluster: e.cluster, lead: e.lead, coLead: e.coLead, engaged: engagedIn(e) })),
      agencies: engagementByAgency(entries),
      disaster: arrangement && arrangement.pdd !== null && arrangement.hazard && arrangement.started_on ? {
        pdd: Number(arrangement.pdd) === 1, hazard: member(HAZARDS, arrangement.hazard), startDate: arrangement.started_on, endDate: arrangement.ended_on,
      } : null,
      note: arrangement?.note ?? null,
      updatedAt: arrangement?.updated_at ?? null,
      can: { update: (allowed.clusters || allowed.disaster) && ctx.actor.kind !== 'anonymous' && access.can(ctx, 'displacement', 'update', { orgIds: await keepers() }) },
    };
  }

  /** Keeps the arrangement's header (who, when, the note), leaving what the other half recorded. */
  async function touch(ctx: Ctx, q: Kysely<DB>, situationId: string, agencies: string[], set: { note?: string | null; pdd?: number; hazard?: string; started_on?: string; ended_on?: string | null }) {
    const at = new Date().toISOString();
    const base = { note: null, pdd: null, hazard: null, started_on: null, ended_on: null };
    await q.insertInto('displacement_arrangements').values({ situation_id: situationId, ...base, ...set, updated_by: ctx.actor.label, updated_at: at })
      .onConflict((oc) => oc.column('situation_id').doUpdateSet({ ...set, updated_by: ctx.actor.label, updated_at: at })).execute();
    await access.audit.record(ctx, { action: 'update', resource: 'displacement', objectId: situationId, outcome: 'allowed', concernedOrgs: agencies }, q);
  }

  return {
    get: view,

    /** Records the clusters activated for an internal (or disaster) situation; the list replaces the one before. */
    async setClusters(ctx: Ctx, ref: string, raw: unknown) {
      const agencies = await keepers();
      await access.check(ctx, 'displacement', 'update', { facts: { orgIds: agencies } });
      const input = checkClusters(raw);
      const s = await deps.situations.get(ref);
      if (!arrangementsAllowed(kindOf(s.kind)).clusters) {
        throw new ValidationError(`a cluster arrangement is for internal or disaster displacement: "${s.slug}" is a ${s.kind} situation`, [
          { field: 'clusters', message: `not for a situation of kind ${s.kind}` },
        ]);
      }
      const problems: ErrorDetail[] = [];
      const slugs = [...new Set(input.clusters.flatMap((c) => [c.lead, ...(c.coLead ? [c.coLead] : [])]).map((x) => x.trim().toLowerCase()))];
      const orgs = slugs.length ? await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', slugs).execute() : [];
      const idOf = (slug: string) => orgs.find((o) => o.slug === slug.trim().toLowerCase())?.id;
      const seen = new Set<string>();
      input.clusters.forEach((c, i) => {
        if (seen.has(c.cluster)) problems.push({ field: `clusters[${i}].cluster`, message: `${c.cluster} is listed twice` });
        seen.add(c.cluster);
        if (!idOf(c.lead)) problems.push({ field: `clusters[${i}].lead`, message: `no organisation "${c.lead}"` });
        if (c.coLead && !idOf(c.coLead)) problems.push({ field: `clusters[${i}].coLead`, message: `no organisation "${c.coLead}"` });
        if (c.coLead && idOf(c.coLead) && idOf(c.coLead) === idOf(c.lead)) problems.push({ field: `clusters[${i}].coLead`, message: 'the co-lead is another organisation than the lead' });
      });
      if (problems.length) throw new ValidationError('the cluster arrangement is not valid', problems);
      await db.transaction().execute(async (q) => {
        await q.deleteFrom('displacement_clusters').where('situation_id', '=', s.id).execute();
        if (input.clusters.length) {
          await q.insertInto('displacement_clusters').values(input.clusters.map((c) => {
            const engaged = engagedIn({ leadSlug: c.lead.trim().toLowerCase(), coLeadSlug: c.coLead?.trim().toLowerCase() ?? null, engaged: c.engaged ?? [] });
            return {
              situation_id: s.id, cluster: c.cluster, lead_org_id: idOf(c.lead)!, co_lead_org_id: c.coLead ? idOf(c.coLead)! : null,
              iom_engaged: engaged.includes('iom') ? 1 : 0, unhcr_engaged: engaged.includes('unhcr') ? 1 : 0,
            };
          })).execute();
        }
        await touch(ctx, q, s.id, agencies, input.note === undefined ? {} : { note: input.note.trim() || null });
      });
      return view(ctx, s.id);
    },

    /** Flags a disaster situation for the Platform on Disaster Displacement (or clears the flag), with its hazard and dates. */
    async setDisaster(ctx: Ctx, ref: string, raw: unknown) {
      const agencies = await keepers();
      await access.check(ctx, 'displacement', 'update', { facts: { orgIds: agencies } });
      const input = checkDisaster(raw);
      const s = await deps.situations.get(ref);
      if (!arrangementsAllowed(kindOf(s.kind)).disaster) {
        throw new ValidationError(`the Platform on Disaster Displacement flag is for disaster situations: "${s.slug}" is a ${s.kind} situation`, [
          { field: 'pdd', message: `not for a situation of kind ${s.kind}` },
        ]);
      }
      const problems: ErrorDetail[] = [];
      // That both are days of the calendar, the schema's `date` format has checked.
      if (input.endDate !== undefined && input.endDate < input.startDate) problems.push({ field: 'endDate', message: 'before the start date' });
      if (problems.length) throw new ValidationError('the disaster displacement flag is not valid', problems);
      await db.transaction().execute((q) => touch(ctx, q, s.id, agencies, {
        pdd: input.pdd ? 1 : 0, hazard: input.hazard, started_on: input.startDate, ended_on: input.endDate ?? null,
        ...(input.note === undefined ? {} : { note: input.note.trim() || null }),
      }));
      return view(ctx, s.id);
    },
  };
}

export type DisplacementService = ReturnType<typeof createDisplacementService>;
