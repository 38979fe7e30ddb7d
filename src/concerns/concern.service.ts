import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import { actorOrg, OPERATOR, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import { concernRepo as repo, visibleConcerns } from './concern.repo.js';
import { CANNOT, factsOf, presentConcern, presentHistory, stateOf, type AgencyIds, type ConcernCan } from './concern.presenter.js';
import {
  acknowledge, AGENCIES, escalate, opened, proposeResolution, tick, type Agency, type ConcernState, type Outcome, type Severity, type SubjectKind,
} from './concerns.rules.js';
import { AcknowledgeBody, ConcernListQuery, EscalateBody, NewConcernBody, ResolutionBody, type HistoryKind, type NotificationKind } from './concerns.schemas.js';
import type { ConcernTable } from './concerns.tables.js';
import type { NotificationService } from './notification.service.js';
import type { Static } from '@sinclair/typebox';

const checkNew = inputCheck(NewConcernBody, 'issue of concern');
const checkEscalate = inputCheck(EscalateBody, 'escalation');
const checkResolution = inputCheck(ResolutionBody, 'resolution');
const checkAcknowledge = inputCheck(AcknowledgeBody, 'acknowledgement');
const checkListQuery = inputCheck(ConcernListQuery, 'list of concerns');

/** What Tandem does by itself appears in the audit and the history under these names, never as a person. */
const systemCtx = (label: 'clock' | 'event'): Ctx => ({ actor: { ...OPERATOR, label }, requestId: null });

/** A concern a domain event opens (see concerns.triggers.ts); `key` makes opening twice for one cause impossible. */
export interface Opening {
  event: string;
  key: string;
  subject: string;
  description: string;
  about: { kind: SubjectKind; ref: string | null };
  severity: Severity;
  /** Organisations concerned besides IOM and UNHCR (a referral's two ends). */
  orgIds?: readonly string[];
}

/**
 * R11: issues of concern, raised by anyone signed in or opened by a domain event, climbing country,
 * regional, headquarters and the Chiefs of Staff liaison pair, each level with a deadline (`now` is
 * injected, so tests move the clock instead of sleeping), resolved with both agencies' acknowledgement.
 */
export function createConcernService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
  accounts: Pick<AccountService, 'agencyOrgIds'>; notifications: Pick<NotificationService, 'notify' | 'flushEmail'>; now: () => Date;
}) {
  const { db, access, now } = deps;

  /** Mails the notices a change wrote, after it committed; a mail server that is down never fails the change. */
  const mailAfterCommit = () => deps.notifications.flushEmail().catch(() => undefined);

  async function orgIdsOf(q: Kysely<DB>, id: string) {
    return (await repo.orgsOf(q, [id])).map((o) => o.id);
  }

  /** The agencies the actor may act for on this concern at its level. */
  function actingAgencies(ctx: Ctx, row: ConcernTable, orgIds: string[], agencies: AgencyIds): Agency[] {
    return AGENCIES.filter((a) => access.can(ctx, 'concern', 'update', factsOf(row, orgIds, [agencies[a]])));
  }

  function canOn(ctx: Ctx, row: ConcernTable, orgIds: string[], agencies: AgencyIds): ConcernCan {
    if (ctx.actor.kind !== 'user') return CANNOT;
    const mine = actingAgencies(ctx, row, orgIds, agencies);
    if (mine.length === 0) return CANNOT;
    const s = stateOf(row);
    return {
      escalate: s.status !== 'resolved' && s.level !== 'chiefs_of_staff',
      resolve: s.status === 'open',
      acknowledge: s.status === 'resolution_proposed' && mine.some((a) => a !== s.proposedBy),
    };
  }

  /** The concern, checked for `action` on itself: hidden is absent (404), as the access gate decides. */
  async function load(ctx: Ctx, id: string, action: 'read' | 'update') {
    const row = await repo.byId(db, id);
    const agencies = await deps.accounts.agencyOrgIds();
    const orgIds = row ? await orgIdsOf(db, id) : [];
    await access.check(ctx, 'concern', action, { id, facts: row ? factsOf(row, orgIds, Object.values(agencies)) : {} });
    if (!row) throw new NotFoundError('issue of concern');
    return { row, orgIds, agencies };
  }

  /** The agency the actor acts for: the one asked for, or the only one it may act for here. */
  async function agencyFor(ctx: Ctx, row: ConcernTable, orgIds: string[], agencies: AgencyIds, asked: Agency | undefined): Promise<Agency> {
    if (asked) {
      await access.check(ctx, 'concern', 'update', { id: row.id, facts: factsOf(row, orgIds, [agencies[asked]]) });
      return asked;
    }
    const mine = actingAgencies(ctx, row, orgIds, agencies);
    if (mine.length === 1) return mine[0]!;
    throw new ValidationError('say which agency you act for', [{ field: 'agency', message: 'iom or unhcr' }]);
  }

  /**
   * Writes a step: the new state (only if nobody moved the concern meanwhile), its history entry, the
   * audit entry and the notices, in one transaction.
   */
  async function step(ctx: Ctx, q: Kysely<DB>, row: ConcernTable, orgIds: string[], next: ConcernState, extra: Partial<ConcernTable>,
    entry: { kind: HistoryKind; agency: Agency | null; note: string | null }, notice: NotificationKind | null) {
    const at = now().toISOString();
    const moved = await repo.transition(q, row.id, row, {
      level: next.level, status: next.status, due_at: next.dueAt, proposed_by: next.proposedBy, updated_at: at, ...extra,
    });
    if (!moved) throw new ConflictError('the concern changed meanwhile: read it again');
    await repo.addHistory(q, { id: newId(), concern_id: row.id, at, kind: entry.kind, level: next.level, actor: ctx.actor.label, agency: entry.agency, note: entry.note });
    await access.audit.record(ctx, { action: 'update', resource: 'concern', objectId: row.id, outcome: 'allowed', concernedOrgs: orgIds }, q);
    if (notice) await deps.notifications.notify(q, { concernId: row.id, kind: notice, level: next.level, raisedBy: row.raised_by_user, actorUserId: ctx.actor.userId });
  }

  const outcome = (o: Outcome): ConcernState => {
    if (!o.ok) throw new ConflictError(o.problem);
    return o.state;
  };

  /** Inserts a concern with its first history entry, audit entry and notices, inside the caller's transaction. */
  async function insert(ctx: Ctx, q: Kysely<DB>, fields: Omit<ConcernTable, 'level' | 'status' | 'due_at' | 'proposed_by' | 'resolution' | 'raised_at' | 'updated_at' | 'resolved_at'>, orgIds: string[]) {
    const t = now();
    const s = opened(fields.severity as Severity, t);
    const row: ConcernTable = {
      ...fields, level: s.level, status: s.status, due_at: s.dueAt, proposed_by: null, resolution: null,
      raised_at: t.toISOString(), updated_at: t.toISOString(), resolved_at: null,
    };
    await repo.insert(q, row, orgIds);
    await repo.addHistory(q, { id: newId(), concern_id: row.id, at: row.raised_at, kind: 'raised', level: row.level, actor: ctx.actor.label, agency: null, note: null });
    await access.audit.record(ctx, { action: 'create', resource: 'concern', objectId: row.id, outcome: 'allowed', concernedOrgs: orgIds }, q);
    await deps.notifications.notify(q, { concernId: row.id, kind: 'raised', level: s.level, raisedBy: row.raised_by_user, actorUserId: ctx.actor.userId });
    return row;
  }

  /** What a concern is about must exist where Tandem knows it; referrals and returns live in modules still to come. */
  async function checkAbout(about: Static<typeof NewConcernBody>['about']): Promise<{ kind: SubjectKind; ref: string | null }> {
    if (!about || about.kind === 'none') {
      if (about?.ref) throw new ValidationError('a concern about nothing in particular names nothing', [{ field: 'about.ref', message: 'leave it out, or choose a kind' }]);
      return { kind: 'none', ref: null };
    }
    const ref = about.ref;
    if (!ref) throw new ValidationError(`say which ${about.kind} the concern is about`, [{ field: 'about.ref', message: 'required' }]);
    const found = about.kind === 'situation' ? await db.selectFrom('situations').select('slug as ref').where((eb) => eb.or([eb('slug', '=', ref), eb('id', '=', ref)])).executeTakeFirst()
      : about.kind === 'platform' ? await db.selectFrom('platforms').select('slug as ref').where((eb) => eb.or([eb('slug', '=', ref), eb('id', '=', ref)])).executeTakeFirst()
        : about.kind === 'decision' ? await db.selectFrom('decisions').select('id as ref').where('id', '=', ref).executeTakeFirst()
          : { ref };
    if (!found) throw new ValidationError(`no ${about.kind} "${ref}" is known`, [{ field: 'about.ref', message: 'not found' }]);
    return { kind: about.kind, ref: found.ref };
  }

  async function view(ctx: Ctx, id: string) {
    const { row, orgIds, agencies } = await load(ctx, id, 'read');
    const [orgs, history, raisedByOrg] = await Promise.all([
      repo.orgsOf(db, [id]), repo.history(db, id), row.raised_by_org ? repo.orgById(db, row.raised_by_org) : undefined,
    ]);
    return {
      ...presentConcern(row, orgs, raisedByOrg ?? null, canOn(ctx, row, orgIds, agencies), now()),
      description: row.description, history: history.map(presentHistory),
    };
  }

  return {
    get: view,

    /** Anyone signed in raises a concern; it concerns the organisations named, the raiser's, IOM and UNHCR. */
    async raise(ctx: Ctx, raw: unknown) {
      await access.check(ctx, 'concern', 'create');
      const input = checkNew(raw);
      const about = await checkAbout(input.about);
      const blank = (['subject', 'description'] as const).filter((f) => !input[f].trim());
      if (blank.length) throw new ValidationError('the issue of concern is not valid', blank.map((field) => ({ field, message: 'must not be blank' })));
      const named = (input.agencies ?? []).map((s) => s.trim().toLowerCase());
      const found = await repo.orgsBySlugs(db, [...new Set(named)]);
      const missing = named.map((slug, i) => ({ slug, i })).filter((n) => !found.some((o) => o.slug === n.slug));
      if (missing.length) throw new ValidationError('unknown organisations', missing.map((m) => ({ field: `agencies[${m.i}]`, message: `no organisation "${m.slug}"` })));
      const agencies = await deps.accounts.agencyOrgIds();
      const raiserOrg = actorOrg(ctx.actor);
      const orgIds = [...new Set([...found.map((o) => o.id), ...(raiserOrg ? [raiserOrg] : []), agencies.iom, agencies.unhcr])];
      const row = await deps.events.transaction((tx) => insert(ctx, tx.db, {
        id: newId(), subject_kind: about.kind, subject_ref: about.ref, title: input.subject.trim(), description: input.description.trim(),
        severity: input.severity, raised_by_user: ctx.actor.userId, raised_by_org: raiserOrg, source_event: null, source_key: null,
      }, orgIds));
      await mailAfterCommit();
      return view(ctx, row.id);
    },

    /**
     * A domain event opens a concern, in the transaction of the change that raised it (so the change and its
     * concern stand or fall together). The same cause opens it once.
     */
    async openFromEvent(q: Kysely<DB>, o: Opening): Promise<void> {
      if (await repo.bySourceKey(q, o.key)) return;
      // Read through the event's transaction: on SQLite the one connection is held by it.
      const agencies = await repo.orgsBySlugs(q, AGENCIES);
      await insert(systemCtx('event'), q, {
        id: newId(), subject_kind: o.about.kind, subject_ref: o.about.ref, title: o.subject, description: o.description, severity: o.severity,
        raised_by_user: null, raised_by_org: null, source_event: o.event, source_key: o.key,
      }, [...new Set([...agencies.map((a) => a.id), ...(o.orgIds ?? [])])]);
    },

    /** Mails what the notices of a committed change hold (the event subscriptions' after-commit half). */
    mailAfterCommit,

    /** The concerns the actor may read, newest first; `organisation` gives one organisation's list. */
    async list(ctx: Ctx, raw: { status?: string; level?: string; organisation?: string; limit: number; offset: number }) {
      await access.check(ctx, 'concern', 'read', { facts: { userId: ctx.actor.userId ?? undefined } });
      const q = checkListQuery(raw);
      const agencies = await deps.accounts.agencyOrgIds();
      const scope = access.scope(ctx, 'concern', 'read');
      const org = q.organisation ? (await repo.orgsBySlugs(db, [q.organisation.trim().toLowerCase()]))[0] : undefined;
      if (q.organisation && !org) return { items: [], total: 0, limit: q.limit, offset: q.offset };
      const page = await repo.page(db, visibleConcerns(scope, Object.values(agencies)), { status: q.status, level: q.level, orgId: org?.id }, q.limit, q.offset);
      const ids = page.items.map((r) => r.id);
      const orgs = await repo.orgsOf(db, ids);
      const byConcern = (id: string) => orgs.filter((o) => o.concern_id === id);
      const t = now();
      return {
        items: page.items.map((r) => {
          const mine = byConcern(r.id);
          const raisedBy = mine.find((o) => o.id === r.raised_by_org) ?? null;
          return presentConcern(r, mine, raisedBy, canOn(ctx, r, mine.map((o) => o.id), agencies), t);
        }),
        total: page.total, limit: q.limit, offset: q.offset,
      };
    },

    /** A party that may act at the concern's level sends it up one level now, without waiting for the deadline. */
    async escalate(ctx: Ctx, id: string, raw: unknown) {
      const input = checkEscalate(raw);
      const { row, orgIds, agencies } = await load(ctx, id, 'update');
      const agency = await agencyFor(ctx, row, orgIds, agencies, input.agency);
      const next = outcome(escalate(stateOf(row), now()));
      await deps.events.transaction((tx) => step(ctx, tx.db, row, orgIds, next, { resolution: null }, { kind: 'escalated', agency, note: input.note?.trim() || null },
        next.level === 'chiefs_of_staff' ? 'reached_chiefs_of_staff' : 'escalated'));
      await mailAfterCommit();
      return view(ctx, id);
    },

    /** One agency records a resolution at the concern's level; the other agency's acknowledgement resolves it. */
    async resolve(ctx: Ctx, id: string, raw: unknown) {
      const input = checkResolution(raw);
      const { row, orgIds, agencies } = await load(ctx, id, 'update');
      const agency = await agencyFor(ctx, row, orgIds, agencies, input.agency);
      const text = input.resolution.trim();
      if (!text) throw new ValidationError('say what the resolution is', [{ field: 'resolution', message: 'required' }]);
      const next = outcome(proposeResolution(stateOf(row), agency));
      await deps.events.transaction((tx) => step(ctx, tx.db, row, orgIds, next, { resolution: text }, { kind: 'resolution_proposed', agency, note: text }, 'resolution_proposed'));
      await mailAfterCommit();
      return view(ctx, id);
    },

    /**
     * The other agency acknowledges the resolution (resolved) or refuses it, saying why (open again). The
     * account that proposed it cannot acknowledge it, even for the other agency.
     */
    async acknowledge(ctx: Ctx, id: string, raw: unknown) {
      const input = checkAcknowledge(raw);
      const { row, orgIds, agencies } = await load(ctx, id, 'update');
      const s = stateOf(row);
      const candidates = actingAgencies(ctx, row, orgIds, agencies).filter((a) => a !== s.proposedBy);
      const agency = input.agency || candidates.length !== 1 ? await agencyFor(ctx, row, orgIds, agencies, input.agency) : candidates[0]!;
      const next = outcome(acknowledge(s, agency, input.accept));
      const proposer = (await repo.history(db, id)).filter((h) => h.kind === 'resolution_proposed').at(-1)?.actor;
      if (ctx.actor.kind === 'user' && proposer === ctx.actor.label) throw new ConflictError('the account that proposed a resolution does not acknowledge it: another account of the other agency does');
      const note = input.note?.trim() || null;
      if (!input.accept && !note) throw new ValidationError('say why the resolution is refused', [{ field: 'note', message: 'required when refusing' }]);
      const at = now().toISOString();
      await deps.events.transaction((tx) => step(ctx, tx.db, row, orgIds, next,
        input.accept ? { resolved_at: at } : { resolution: null },
        { kind: input.accept ? 'acknowledged' : 'refused', agency, note }, input.accept ? 'resolved' : 'refused'));
      await mailAfterCommit();
      return view(ctx, id);
    },

    /**
     * The clock: every concern below the top whose deadline has passed climbs one level, each in its own
     * transaction. Run by the server's job and by `tandem concerns escalate`; safe to run from both at once.
     */
    async escalateDue(ctx: Ctx = systemCtx('clock')): Promise<{ escalated: Array<{ id: string; from: string; to: string }> }> {
      const out: Array<{ id: string; from: string; to: string }> = [];
      const t = now();
      const seen = new Set<string>();
      for (;;) {
        const due = (await repo.due(db, t.toISOString(), 100)).filter((r) => !seen.has(r.id));
        if (due.length === 0) break;
        for (const row of due) {
          seen.add(row.id);
          const next = tick(stateOf(row), t);
          if (!next) continue;
          const orgIds = await orgIdsOf(db, row.id);
          try {
            await deps.events.transaction((tx) => step(ctx, tx.db, row, orgIds, next, { resolution: null },
              { kind: 'escalated', agency: null, note: `the ${row.level.replaceAll('_', ' ')} level's deadline (${row.due_at ?? ''}) passed` },
              next.level === 'chiefs_of_staff' ? 'reached_chiefs_of_staff' : 'escalated'));
            out.push({ id: row.id, from: row.level, to: next.level });
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e; // another process moved it first
          }
        }
      }
      if (out.length) await mailAfterCommit();
      return { escalated: out };
    },
  };
}

export type ConcernService = ReturnType<typeof createConcernService>;
