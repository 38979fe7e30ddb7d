import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import type { PlatformInvitationTable } from './coordination.tables.js';
import { ANSWERS, INVITED_ROLES, type Answer, type InvitedRole } from './invitation.rules.js';
import { platformRepo as repo } from './platform.repo.js';


/** Where an organisation is named: its role, and for a sector lead the sector; a partner's appeal and type. */
export interface Place {
  role: InvitedRole;
  sectorId?: string;
  appealing?: boolean;
  partnerType?: string | null;
}

/**
 * Naming an organisation to a platform (co-lead, partner, sector lead) places it only with its consent: when
 * the naming account may answer for that organisation (its own, or the administrator) the organisation
 * joins at once; otherwise it is invited, and joins when one of its coordinators or representatives accepts.
 */
export function createInvitationService(deps: { db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'> }) {
  const { db, access } = deps;

  async function join(q: Kysely<DB>, platformId: string, orgId: string, place: Place) {
    if (place.role === 'sector_lead') {
      const exists = await q.selectFrom('sector_leads').select('org_id').where('sector_id', '=', place.sectorId ?? '').where('org_id', '=', orgId).executeTakeFirst();
      if (!exists) await repo.addSectorLead(q, place.sectorId ?? '', orgId);
      return;
    }
    await repo.addOrg(q, { platform_id: platformId, org_id: orgId, role: place.role, appealing: place.appealing ? 1 : 0, partner_type: place.partnerType ?? null });
  }

  const view = async (q: Kysely<DB>, rows: PlatformInvitationTable[]) => {
    if (rows.length === 0) return [];
    const [platforms, orgs, sectors] = await Promise.all([
      q.selectFrom('platforms').select(['id', 'slug', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.platform_id))]).execute(),
      q.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.org_id))]).execute(),
      q.selectFrom('sectors').select(['id', 'code']).where('id', 'in', [...new Set(rows.map((r) => r.sector_id ?? ''))]).execute(),
    ]);
    const by = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
    const [p, o, s] = [by(platforms), by(orgs), by(sectors)];
    return rows.map((r) => ({
      id: r.id,
      platform: { slug: p.get(r.platform_id)?.slug ?? '', name: p.get(r.platform_id)?.name ?? '' },
      organisation: { slug: o.get(r.org_id)?.slug ?? '', name: o.get(r.org_id)?.name ?? '' },
      role: member(INVITED_ROLES, r.role), sector: r.sector_id ? s.get(r.sector_id)?.code ?? null : null,
      invitedAt: r.invited_at, answer: r.answer === null ? null : member(ANSWERS, r.answer), answeredAt: r.answered_at,
    }));
  };

  return {
    /**
     * Places the organisation, or invites it, inside the caller's transaction. An open invitation for the
     * same place is updated, not repeated.
     */
    async place(ctx: Ctx, q: Kysely<DB>, platformId: string, orgId: string, place: Place): Promise<'joined' | 'invited'> {
      if (access.can(ctx, 'invitation', 'update', { orgIds: [orgId] })) {
        await join(q, platformId, orgId, place);
        return 'joined';
      }
      let open = q.selectFrom('platform_invitations').select('id').where('platform_id', '=', platformId).where('org_id', '=', orgId)
        .where('role', '=', place.role).where('answer', 'is', null);
      open = place.sectorId ? open.where('sector_id', '=', place.sectorId) : open.where('sector_id', 'is', null);
      const existing = await open.executeTakeFirst();
      const terms = { appealing: place.appealing ? 1 : 0, partner_type: place.partnerType ?? null };
      if (existing) await q.updateTable('platform_invitations').set(terms).where('id', '=', existing.id).execute();
      else {
        await q.insertInto('platform_invitations').values({
          id: newId(), platform_id: platformId, org_id: orgId, role: place.role, sector_id: place.sectorId ?? null, ...terms,
          invited_at: nowIso(), invited_by_org: ctx.actor.kind === 'user' ? ctx.actor.memberships[0]?.orgId ?? null : null, answer: null, answered_at: null,
        }).execute();
      }
      return 'invited';
    },

    /** Open invitations of a platform, for its view. */
    async pending(platformId: string) {
      return view(db, await db.selectFrom('platform_invitations').selectAll().where('platform_id', '=', platformId).where('answer', 'is', null).orderBy('invited_at').execute());
    },

    /** Invitations addressed to the actor's organisations (the administrator: all), open first, newest first. */
    async list(ctx: Ctx, opts: { open?: boolean } = {}) {
      const scope = access.scope(ctx, 'invitation', 'read');
      let q = db.selectFrom('platform_invitations').selectAll();
      if (!scope.all) q = q.where('org_id', 'in', scope.orgs.own_org.length ? scope.orgs.own_org : ['']);
      if (opts.open) q = q.where('answer', 'is', null);
      return view(db, await q.orderBy('invited_at', 'desc').limit(500).execute());
    },

    /** The invited organisation answers: on acceptance it joins the platform in the same transaction. */
    async answer(ctx: Ctx, id: string, answer: Answer) {
      const inv = await db.selectFrom('platform_invitations').selectAll().where('id', '=', id).executeTakeFirst();
      await access.check(ctx, 'invitation', 'update', { id, facts: { orgIds: inv ? [inv.org_id] : [] } });
      if (!inv) throw new NotFoundError('invitation');
      if (inv.answer) throw new ConflictError(`this invitation was already ${inv.answer}`);
      await deps.events.transaction(async (tx) => {
        const done = await tx.db.updateTable('platform_invitations').set({ answer, answered_at: nowIso() }).where('id', '=', id).where('answer', 'is', null).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new ConflictError('this invitation was answered meanwhile');
        if (answer === 'accepted') {
          await join(tx.db, inv.platform_id, inv.org_id, { role: member(INVITED_ROLES, inv.role), sectorId: inv.sector_id ?? undefined, appealing: inv.appealing === 1, partnerType: inv.partner_type });
        }
        const concerned = [inv.org_id, ...(await repo.coLeadIds(tx.db, inv.platform_id))];
        await access.audit.record(ctx, { action: 'update', resource: 'invitation', objectId: id, outcome: 'allowed', concernedOrgs: concerned }, tx.db);
      });
      const [answered] = await view(db, await db.selectFrom('platform_invitations').selectAll().where('id', '=', id).execute());
      return answered!;
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
