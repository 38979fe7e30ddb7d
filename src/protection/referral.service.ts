import type { Ctx } from '../core/actor.js';
import type { PolicyService } from '../coordination/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { personRepo } from './person.repo.js';
import type { PersonService, ProtectionDeps } from './person.service.js';
import { PATHWAYS } from './profiling.rules.js';
import { NewReferralBody, ReferralListQuery, StatsQuery, StepBody, type NewReferral, type ProfileView, type ReferralListView, type ReferralView } from './protection.schemas.js';
import {
  aggregate, boxOrder, CONSENT_FIELDS, dueAt, isOverdue, nextStatus, pickShared, PRIORITIES, REFERRAL_STATUSES, sharedFields, STEPS, TRANSITIONS,
  type ConsentField, type Step,
} from './referral.rules.js';
import { referralRepo, type ReferralRow } from './referral.repo.js';
import { personCipher } from './vault.js';

const checkNew = inputCheck(NewReferralBody, 'referral');
const checkStep = inputCheck(StepBody, 'step');
const checkList = inputCheck(ReferralListQuery, 'query');
const checkStats = inputCheck(StatsQuery, 'query');

/** The steps that carry a text, and the column it is sealed in. */
const STEP_TEXT: Partial<Record<Step, 'decline_reason' | 'outcome' | 'feedback'>> = { decline: 'decline_reason', record_outcome: 'outcome', give_feedback: 'feedback' };
const STEP_TIME: Partial<Record<Step, 'sent_at' | 'acknowledged_at' | 'answered_at' | 'outcome_at' | 'feedback_at' | 'closed_at'>> = {
  send: 'sent_at', acknowledge: 'acknowledged_at', accept: 'answered_at', decline: 'answered_at', record_outcome: 'outcome_at', give_feedback: 'feedback_at', close: 'closed_at',
};

/**
 * Referrals between organisations (R7). The referrer (`own_org`) drafts, sends, withdraws consent and closes;
 * the receiver (`concerned`) acknowledges, accepts or declines, records the outcome and gives feedback, and
 * reads of the person only what the consent covers while it stands. A draft is the referrer's alone.
 */
export function createReferralService(deps: ProtectionDeps & { people: PersonService; policies: Pick<PolicyService, 'inForce'> }) {
  const repo = referralRepo(deps.db);
  const people = personRepo(deps.db);
  const { access } = deps;
  const cipherFor = deps.cipher ?? personCipher;
  const nowIso = () => deps.now().toISOString();
  const facts = (r: { from_org_id: string; to_org_id: string; status: string }) =>
    (r.status === 'draft' ? { orgIds: [r.from_org_id] } : { orgIds: [r.from_org_id], concernedOrgIds: [r.to_org_id] });
  const consentOf = (r: ReferralRow) => (JSON.parse(r.consent_fields) as string[]).map((f) => member(CONSENT_FIELDS, f));
  const status = (r: ReferralRow) => member(REFERRAL_STATUSES, r.status);

  function side(ctx: Ctx, r: ReferralRow): 'referrer' | 'receiver' {
    return access.allowed(ctx, 'referral', ['read'], { orgIds: [r.from_org_id] }).read ? 'referrer' : 'receiver';
  }

  function can(ctx: Ctx, r: ReferralRow): ReferralView['can'] {
    const as = { referrer: access.allowed(ctx, 'referral', ['update'], { orgIds: [r.from_org_id] }).update, receiver: access.allowed(ctx, 'referral', ['validate'], { concernedOrgIds: [r.to_org_id] }).validate };
    const out = Object.fromEntries(STEPS.map((s) => [s, as[TRANSITIONS[s].by] && nextStatus(status(r), s).ok && !(s === 'send' && r.consent_withdrawn_at !== null)])) as Record<Step, boolean>;
    return { ...out, withdraw_consent: as.referrer && r.consent_withdrawn_at === null && r.status !== 'closed' };
  }

  function listItem(ctx: Ctx, r: ReferralRow): ReferralListView {
    const c = cipherFor(deps.keyring, r.person_id, r.wrapped_key);
    return {
      id: r.id, side: side(ctx, r), status: status(r), pathway: member(PATHWAYS, r.pathway), priority: member(PRIORITIES, r.priority), country: r.country,
      from: { slug: r.from_slug, name: r.from_name }, to: { slug: r.to_slug, name: r.to_name },
      createdAt: r.created_at, sentAt: r.sent_at, dueAt: r.due_at, overdue: isOverdue({ status: status(r), dueAt: r.due_at }, deps.now()),
      acknowledgedAt: r.acknowledged_at, answeredAt: r.answered_at, outcomeAt: r.outcome_at, feedbackAt: r.feedback_at, closedAt: r.closed_at,
      consent: {
        fields: consentOf(r), purpose: c.open('referrals.consent_purpose', r.id, r.consent_purpose), givenAt: r.consent_given_at,
        method: r.consent_method, givenBy: r.consent_given_by, withdrawnAt: r.consent_withdrawn_at,
      },
      can: can(ctx, r),
    };
  }

  /** The whole view: everything for the referrer, the consented fields (while consent stands) for the receiver. */
  async function present(ctx: Ctx, r: ReferralRow): Promise<ReferralView> {
    const item = listItem(ctx, r);
    const c = cipherFor(deps.keyring, r.person_id, r.wrapped_key);
    const shared: ReadonlySet<ConsentField> = item.side === 'referrer' ? new Set(CONSENT_FIELDS) : sharedFields({ fields: item.consent.fields, withdrawnAt: r.consent_withdrawn_at }, status(r));
    const personRow = r.person_id && shared.size ? await people.byId(r.person_id) : undefined;
    const whole = personRow ? deps.people.present(ctx, personRow, c) : null;
    const person = whole
      ? { ...(item.side === 'referrer' ? { id: whole.id } : {}), ...pickShared({ givenName: whole.givenName, familyName: whole.familyName, birthDate: whole.birthDate, sex: whole.sex, nationality: whole.nationality, contact: whole.contact }, shared) }
      : null;
    const profileRow = r.profile_id && shared.has('profile') ? await people.profile(r.profile_id) : undefined;
    return {
      ...item, person, profile: profileRow ? withoutPersonId(deps.people.presentProfile(profileRow, c), item.side) : null,
      narrative: shared.has('narrative') ? c.open('referrals.narrative', r.id, r.narrative) : null,
      declineReason: c.open('referrals.decline_reason', r.id, r.decline_reason), outcome: c.open('referrals.outcome', r.id, r.outcome),
      feedback: c.open('referrals.feedback', r.id, r.feedback),
    };
  }

  /** A receiver never learns the holder's record id. */
  function withoutPersonId(p: ProfileView, s: 'referrer' | 'receiver'): ProfileView {
    if (s === 'referrer') return p;
    const { personId: _hidden, ...rest } = p;
    return rest;
  }

  async function load(ctx: Ctx, id: string, q?: Kysely<DB>): Promise<ReferralRow> {
    const r = await repo.byId(id, q);
    await access.check(ctx, 'referral', 'read', { id, facts: r ? facts(r) : {} });
    if (!r) throw new NotFoundError('referral');
    return r;
  }

  const audit = (ctx: Ctx, r: { id: string; from_org_id: string; to_org_id: string }, action: string, q?: Kysely<DB>) =>
    access.audit.record(ctx, { action, resource: 'referral', objectId: r.id, outcome: 'allowed', concernedOrgs: [r.from_org_id, r.to_org_id] }, q);

  /** Takes one step of the lifecycle, in one transaction; what it raises goes with it. */
  async function step(ctx: Ctx, id: string, s: Step, text?: string): Promise<ReferralView> {
    const r = await load(ctx, id);
    const by = TRANSITIONS[s].by;
    await access.check(ctx, 'referral', by === 'referrer' ? 'update' : 'validate', { id, facts: by === 'referrer' ? { ...facts(r), orgIds: [r.from_org_id] } : facts(r) });
    const col = STEP_TEXT[s];
    if (col && !text) throw new ValidationError('the step is not valid', [{ field: 'text', message: s === 'decline' ? 'say why the referral is declined' : `write the ${s === 'record_outcome' ? 'outcome' : 'feedback'}` }]);
    if (s === 'send' && r.consent_withdrawn_at !== null) throw new ConflictError('the person withdrew their consent: the referral cannot be sent');
    const at = nowIso();
    await deps.events.transaction(async (tx) => {
      const fresh = (await repo.byId(id, tx.db))!;
      const next = nextStatus(status(fresh), s);
      if (!next.ok) throw new ConflictError(next.reason);
      const c = cipherFor(deps.keyring, fresh.person_id, fresh.wrapped_key);
      const set = {
        status: next.to, updated_at: at, [STEP_TIME[s]!]: at,
        ...(col ? { [col]: fresh.person_id ? c.seal(`referrals.${col}`, id, text) : null } : {}),
        ...(s === 'send' ? { due_at: dueAt(at, member(PRIORITIES, fresh.priority)) } : {}),
      };
      const box_order = boxOrder({ status: next.to, dueAt: set.due_at ?? fresh.due_at, sentAt: s === 'send' ? at : fresh.sent_at, createdAt: fresh.created_at });
      await repo.update(id, { ...set, box_order }, tx.db);
      await audit(ctx, fresh, s, tx.db);
      const who = { referralId: id, fromOrgId: fresh.from_org_id, toOrgId: fresh.to_org_id };
      if (s === 'send') await tx.emit('referral.sent', { ...who, pathway: fresh.pathway, priority: fresh.priority, dueAt: dueAt(at, member(PRIORITIES, fresh.priority)) });
      if (s === 'decline') await tx.emit('referral.declined', { ...who, pathway: fresh.pathway });
      if (s === 'close') await tx.emit('referral.closed', { ...who, status: fresh.status });
    });
    return present(ctx, (await repo.byId(id))!);
  }

  return {
    async create(ctx: Ctx, input: NewReferral): Promise<ReferralView> {
      const body = checkNew(input);
      const person = await deps.people.load(ctx, body.person, 'read');
      await access.check(ctx, 'referral', 'create', { facts: { orgIds: [person.org_id] } });
      const to = await deps.accounts.organisationBySlug(body.to);
      if (!to) throw new ValidationError('the referral is not valid', [{ field: 'to', message: 'no organisation has this short name' }]);
      if (to.id === person.org_id) throw new ValidationError('the referral is not valid', [{ field: 'to', message: 'a referral goes to another organisation' }]);
      if (body.profile) {
        const p = await people.profile(body.profile);
        if (!p || p.person_id !== person.id) throw new ValidationError('the referral is not valid', [{ field: 'profile', message: 'no screening of this person has this id' }]);
      }
      const id = newId();
      const at = nowIso();
      const c = cipherFor(deps.keyring, person.id, person.wrapped_key);
      await deps.events.transaction(async (tx) => {
        await repo.insert({
          id, person_id: person.id, profile_id: body.profile ?? null, from_org_id: person.org_id, to_org_id: to.id,
          pathway: body.pathway, priority: body.priority, status: 'draft', country: body.country.toUpperCase(),
          narrative: c.seal('referrals.narrative', id, body.narrative), decline_reason: null, outcome: null, feedback: null,
          consent_fields: JSON.stringify(body.consent.fields), consent_purpose: c.seal('referrals.consent_purpose', id, body.consent.purpose),
          consent_given_at: body.consent.givenAt, consent_method: body.consent.method, consent_given_by: body.consent.givenBy, consent_withdrawn_at: null,
          created_at: at, created_by: ctx.actor.label, updated_at: at,
          sent_at: null, due_at: null, acknowledged_at: null, answered_at: null, outcome_at: null, feedback_at: null, closed_at: null, overdue_raised_at: null,
          box_order: boxOrder({ status: 'draft', dueAt: null, sentAt: null, createdAt: at }),
        }, tx.db);
        await audit(ctx, { id, from_org_id: person.org_id, to_org_id: to.id }, 'create', tx.db);
      });
      return body.send ? step(ctx, id, 'send') : present(ctx, (await repo.byId(id))!);
    },

    /** One referral as the actor may see it; a receiver's read of personal fields is audited. */
    async get(ctx: Ctx, id: string): Promise<ReferralView> {
      const r = await load(ctx, id);
      await audit(ctx, r, 'read');
      return present(ctx, r);
    },

    async step(ctx: Ctx, id: string, input: unknown): Promise<ReferralView> {
      const body = checkStep(input);
      return step(ctx, id, body.step, body.text);
    },

    /** The person (or their guardian) withdrew consent: from now on the referral shares nothing of them. */
    async withdrawConsent(ctx: Ctx, id: string): Promise<ReferralView> {
      const r = await load(ctx, id);
      await access.check(ctx, 'referral', 'update', { id, facts: { ...facts(r), orgIds: [r.from_org_id] } });
      if (r.consent_withdrawn_at !== null) throw new ConflictError('consent was already withdrawn');
      await deps.events.transaction(async (tx) => {
        await repo.update(id, { consent_withdrawn_at: nowIso(), updated_at: nowIso() }, tx.db);
        await audit(ctx, r, 'withdraw_consent', tx.db);
        await tx.emit('referral.consent_withdrawn', { referralId: id, fromOrgId: r.from_org_id, toOrgId: r.to_org_id });
      });
      return present(ctx, (await repo.byId(id))!);
    },

    /** A box of the actor's organisations, paginated and filtered; authorized in SQL. */
    async list(ctx: Ctx, input: unknown) {
      const q = checkList(input);
      const scope = access.scope(ctx, 'referral', 'read');
      const { rows, ...counts } = await repo.page(scope, q, nowIso(), q);
      return { items: rows.map((r) => listItem(ctx, r)), ...counts, limit: q.limit, offset: q.offset };
    },

    /** Aggregates by country and month, small cells suppressed: all that those who are not a party see. */
    async stats(ctx: Ctx, input: unknown) {
      const q = checkStats(input);
      const [rows, { disclosureK: k }] = await Promise.all([repo.facts(q), deps.policies.inForce()]);
      return {
        minCell: k,
        rows: aggregate(rows.map((r) => ({
          country: r.country, sentAt: r.sent_at!, pathway: member(PATHWAYS, r.pathway), priority: member(PRIORITIES, r.priority), status: member(REFERRAL_STATUSES, r.status),
          dueAt: r.due_at!, acknowledgedAt: r.acknowledged_at, answeredAt: r.answered_at,
        })), deps.now(), k),
      };
    },

    /** A person's referrals, as their holder sees them (for a data-subject request). */
    async ofPerson(ctx: Ctx, personId: string): Promise<ReferralView[]> {
      return Promise.all((await repo.ofPerson(personId)).map((r) => present(ctx, r)));
    },

    /** Raises `referral.overdue` once for each referral past its deadline: what a daily job or `tandem referrals overdue` runs. */
    async announceOverdue(ctx: Ctx): Promise<{ raised: number }> {
      let raised = 0;
      for (;;) {
        const due = await repo.unannouncedOverdue(nowIso(), 200);
        if (due.length === 0) return { raised };
        await deps.events.transaction(async (tx) => {
          for (const r of due) {
            await repo.update(r.id, { overdue_raised_at: nowIso() }, tx.db);
            await audit(ctx, r, 'overdue', tx.db);
            await tx.emit('referral.overdue', { referralId: r.id, fromOrgId: r.from_org_id, toOrgId: r.to_org_id, priority: r.priority, dueAt: r.due_at! });
          }
        });
        raised += due.length;
      }
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
