import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { ObjectFacts } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import { agreementRepo, visibleAgreements } from './agreement.repo.js';
import { presentAgreement, type PartyRow } from './sharing.presenter.js';
import { APPROVING_ROLES } from './sharing.policy.js';
import { agreementStatus, dayOf, isCalendarDate, type AgreementStatus } from './sharing.rules.js';
import { AgreementListQuery, AgreementReportQuery, ApproveBody, NewAgreementBody } from './sharing.schemas.js';
import type { SharingAgreementTable } from './sharing.tables.js';
import type { TransferService } from './transfer.service.js';

const checkNew = inputCheck(NewAgreementBody, 'data-sharing agreement');
const checkApprove = inputCheck(ApproveBody, 'approval');
const checkList = inputCheck(AgreementListQuery, 'list of agreements');
const checkReport = inputCheck(AgreementReportQuery, 'agreement report');

/**
 * What the policy decides on: the parties (concerned, to read it; own_org, to approve it). Whether the
 * actor's party has approved already is the agreement's state, answered 409, not a permission.
 */
const factsOf = (parties: readonly PartyRow[]): ObjectFacts => {
  const orgIds = parties.map((p) => p.org_id);
  return { concernedOrgIds: orgIds, orgIds };
};

/**
 * Data-sharing agreements (R6): drafted by an officer of one party, approved by an officer of each party for
 * that party, in force from the start day through the expiry day once all approved, lapsed after it. `now`
 * is injected, so tests move the clock.
 */
export function createAgreementService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; transfers: Pick<TransferService, 'ofAgreement'>; now: () => Date;
}) {
  const { db, access, now } = deps;

  const statusOf = (row: SharingAgreementTable, parties: readonly PartyRow[]): AgreementStatus =>
    agreementStatus({ startsOn: row.starts_on, expiresOn: row.expires_on, approvals: parties.map((p) => p.approved_at) }, now());

  /** The parties this actor may approve for now: pending ones whose officer it is. */
  function approvable(ctx: Ctx, row: SharingAgreementTable, parties: readonly PartyRow[]): PartyRow[] {
    if (ctx.actor.kind !== 'user' || statusOf(row, parties) !== 'draft') return [];
    return parties.filter((p) => p.approved_at === null && access.can(ctx, 'sharing_agreement', 'sign', { orgIds: [p.org_id] }));
  }

  /** The agreement, checked for `action`: hidden is absent (404), as the access gate decides. */
  async function load(ctx: Ctx, id: string, action: 'read' | 'sign') {
    const row = await agreementRepo.byId(db, id);
    const parties = row ? await agreementRepo.partiesOf(db, [id]) : [];
    await access.check(ctx, 'sharing_agreement', action, { id, facts: factsOf(parties) });
    if (!row) throw new NotFoundError('data-sharing agreement');
    return { row, parties };
  }

  async function present(ctx: Ctx, rows: readonly SharingAgreementTable[]) {
    const parties = await agreementRepo.partiesOf(db, rows.map((r) => r.id));
    const drafters = new Map((await agreementRepo.orgsByIds(db, rows.flatMap((r) => (r.drafted_by_org ? [r.drafted_by_org] : [])))).map((o) => [o.id, o]));
    return rows.map((r) => {
      const mine = parties.filter((p) => p.agreement_id === r.id);
      return presentAgreement(r, mine, (r.drafted_by_org && drafters.get(r.drafted_by_org)) || null, statusOf(r, mine), { approve: approvable(ctx, r, mine).length > 0 });
    });
  }

  async function view(ctx: Ctx, id: string) {
    const { row } = await load(ctx, id, 'read');
    return (await present(ctx, [row]))[0]!;
  }

  return {
    get: view,

    /** An officer drafts an agreement their organisation is party to; nobody has approved it yet. */
    async draft(ctx: Ctx, raw: unknown) {
      const input = checkNew(raw);
      const slugs = input.parties.map((p) => p.organisation.trim().toLowerCase());
      const orgs = await agreementRepo.orgsBySlugs(db, [...new Set(slugs)]);
      const problems = slugs.flatMap((s, i) => [
        ...(orgs.some((o) => o.slug === s) ? [] : [{ field: `parties[${i}].organisation`, message: `no organisation "${s}"` }]),
        ...(slugs.indexOf(s) !== i ? [{ field: `parties[${i}].organisation`, message: 'named twice' }] : []),
      ]);
      // Whether the actor may draft for these parties is decided before the rest of the draft is judged.
      if (problems.length === 0) await access.check(ctx, 'sharing_agreement', 'create', { facts: { orgIds: slugs.map((s) => orgs.find((o) => o.slug === s)!.id) } });
      for (const f of ['startsOn', 'expiresOn'] as const) if (!isCalendarDate(input[f])) problems.push({ field: f, message: 'not a calendar day' });
      if (input.expiresOn < input.startsOn) problems.push({ field: 'expiresOn', message: 'before the start' });
      if (input.expiresOn < dayOf(now())) problems.push({ field: 'expiresOn', message: 'already past' });
      for (const f of ['title', 'purpose', 'documentRef'] as const) if (!input[f].trim()) problems.push({ field: f, message: 'must not be blank' });
      if (new Set(input.kinds).size !== input.kinds.length) problems.push({ field: 'kinds', message: 'a kind is named twice' });
      const roles = input.parties.map((p) => p.role);
      if (!roles.some((r) => r !== 'recipient') || !roles.some((r) => r !== 'provider')) problems.push({ field: 'parties', message: 'at least one party provides and one receives' });
      if (problems.length) throw new ValidationError('the data-sharing agreement is not valid', problems);
      const orgIdOf = (s: string) => orgs.find((o) => o.slug === s)!.id;
      const partyIds = slugs.map(orgIdOf);
      const at = now().toISOString();
      const mine = actorOrg(ctx.actor);
      const row: SharingAgreementTable = {
        id: newId(), title: input.title.trim(), purpose: input.purpose.trim(), kinds: JSON.stringify([...input.kinds].sort()), granularity: input.granularity,
        fields: JSON.stringify([...new Set(input.fields ?? [])]), starts_on: input.startsOn, expires_on: input.expiresOn, document_ref: input.documentRef.trim(),
        drafted_by: ctx.actor.label, drafted_by_org: mine && partyIds.includes(mine) ? mine : ctx.actor.memberships.find((m) => partyIds.includes(m.orgId))?.orgId ?? null,
        created_at: at, lapse_announced_at: null,
      };
      await deps.events.transaction(async (tx) => {
        await agreementRepo.insert(tx.db, row, input.parties.map((p, i) => ({
          agreement_id: row.id, org_id: partyIds[i]!, role: p.role, approved_by: null, approved_role: null, approved_at: null,
        })));
        await access.audit.record(ctx, { action: 'create', resource: 'sharing_agreement', objectId: row.id, outcome: 'allowed', concernedOrgs: partyIds }, tx.db);
      });
      return view(ctx, row.id);
    },

    /** An officer of a party approves the agreement for that party; the last approval concludes it. */
    async approve(ctx: Ctx, id: string, raw: unknown) {
      const input = checkApprove(raw);
      const { row, parties } = await load(ctx, id, 'sign');
      const status = statusOf(row, parties);
      if (status !== 'draft') throw new ConflictError(`the agreement is ${status}: there is nothing to approve`);
      let candidates = approvable(ctx, row, parties);
      if (ctx.actor.kind === 'operator') candidates = parties.filter((p) => p.approved_at === null);
      if (input.organisation) {
        const slug = input.organisation.trim().toLowerCase();
        if (!parties.some((p) => p.slug === slug)) throw new ValidationError('not a party to this agreement', [{ field: 'organisation', message: `"${slug}" is not a party` }]);
        candidates = candidates.filter((p) => p.slug === slug);
        if (candidates.length === 0) throw new ConflictError(`the party "${slug}" has approved already, or you are not its officer`);
      }
      if (candidates.length === 0) throw new ConflictError('your organisation has approved this agreement already');
      if (candidates.length > 1) throw new ValidationError('say which party you approve for', [{ field: 'organisation', message: candidates.map((p) => p.slug).join(' or ') }]);
      const party = candidates[0]!;
      const role = ctx.actor.memberships.find((m) => m.orgId === party.org_id && APPROVING_ROLES.includes(m.role))?.role ?? ctx.actor.kind;
      const at = now().toISOString();
      await deps.events.transaction(async (tx) => {
        if (!(await agreementRepo.approve(tx.db, id, party.org_id, { approved_by: ctx.actor.label, approved_role: role, approved_at: at }))) {
          throw new ConflictError('that party has approved this agreement meanwhile');
        }
        await access.audit.record(ctx, { action: 'sign', resource: 'sharing_agreement', objectId: id, outcome: 'allowed', concernedOrgs: parties.map((p) => p.org_id) }, tx.db);
        await tx.emit('agreement.approved', { agreementId: id, orgId: party.org_id });
        const after = await agreementRepo.partiesOf(tx.db, [id]);
        if (after.every((p) => p.approved_at !== null)) await tx.emit('agreement.concluded', { agreementId: id, orgIds: after.map((p) => p.org_id) });
      });
      return view(ctx, id);
    },

    /** The agreements the actor's organisations are party to (everything, for the administrator), newest first. */
    async list(ctx: Ctx, raw: { status?: string; limit: number; offset: number }) {
      await access.check(ctx, 'sharing_agreement', 'read', { facts: { concernedOrgIds: ctx.actor.memberships.map((m) => m.orgId) } });
      const q = checkList(raw);
      const scope = access.scope(ctx, 'sharing_agreement', 'read');
      const page = await agreementRepo.page(db, visibleAgreements(scope), { status: q.status, today: dayOf(now()) }, q.limit, q.offset);
      return { items: await present(ctx, page.items), total: page.total, limit: q.limit, offset: q.offset };
    },

    /**
     * Raises `agreement.lapsed` once for each agreement that every party approved and whose expiry day has
     * passed: what the sharing job runs (and `tandem`'s jobs in tests). Returns how many it announced.
     */
    async announceLapsed(): Promise<{ announced: number }> {
      const today = dayOf(now());
      const due = await agreementRepo.unannouncedLapsed(db, today, 200);
      let announced = 0;
      for (const a of due) {
        await deps.events.transaction(async (tx) => {
          if (!(await agreementRepo.markLapseAnnounced(tx.db, a.id, now().toISOString()))) return; // another server did
          const parties = await agreementRepo.partiesOf(tx.db, [a.id]);
          await tx.emit('agreement.lapsed', { agreementId: a.id, orgIds: parties.map((p) => p.org_id), expiredOn: a.expires_on });
          announced++;
        });
      }
      return { announced };
    },

    /** What went out under one agreement, for its parties: totals by kind and recipient, and the latest transfers. */
    async report(ctx: Ctx, id: string, raw: { limit: number }) {
      const q = checkReport(raw);
      const { row, parties } = await load(ctx, id, 'read');
      const r = await deps.transfers.ofAgreement(id, q.limit);
      return { agreement: { id: row.id, title: row.title, status: statusOf(row, parties) }, ...r };
    },
  };
}

export type AgreementService = ReturnType<typeof createAgreementService>;
