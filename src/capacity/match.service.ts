import type { Kysely } from 'kysely';
import { actorOrg, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { Action } from '../core/permissions.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { capacityRepo as repo } from './capacity.repo.js';
import { channelOfRow, leadOrgIds, matchFacts, presentMatch, type AgencyIds, type MatchCan, type Org } from './capacity.presenter.js';
import { LIVE_MATCH, MATCH_STATUSES, nextMatchStatus, type MatchStep } from './capacity.rules.js';
import { MatchStepBody, NewMatchBody } from './capacity.schemas.js';
import type { SupportMatchTable, SupportOfferTable, SupportRequestTable } from './capacity.tables.js';
import type { CapacityDeps, RequestService } from './request.service.js';

const checkNew = inputCheck(NewMatchBody, 'match');
const checkStep = inputCheck(MatchStepBody, 'step');

/**
 * The policy action each step takes: the lead accepts or declines (validate); the offerer, or the lead,
 * records delivery or withdraws (update); the requesting State, or the lead, evaluates (verify).
 */
export const STEP_ACTION: Record<MatchStep, Action> = { accept: 'validate', decline: 'validate', deliver: 'update', withdraw: 'update', evaluate: 'verify' };
const STEP_TIME: Partial<Record<MatchStep, 'accepted_at' | 'delivered_at' | 'evaluated_at' | 'closed_at'>> = {
  accept: 'accepted_at', deliver: 'delivered_at', evaluate: 'evaluated_at', decline: 'closed_at', withdraw: 'closed_at',
};

/**
 * Matches between a State's request and an offer (R9): proposed by the channel's lead agency, accepted,
 * delivered and evaluated (or declined, or withdrawn), each step kept with who took it and when.
 */
export function createMatchService(deps: CapacityDeps & { requests: Pick<RequestService, 'loadRequest' | 'loadOffer'> }) {
  const { db, access } = deps;

  async function load(ctx: Ctx, id: string) {
    const m = await repo.matchById(db, id);
    const request = m ? await repo.requestById(db, m.request_id) : undefined;
    const offer = m ? await repo.offerById(db, m.offer_id) : undefined;
    const agencies = await deps.accounts.agencyOrgIds();
    const facts = request && offer ? matchFacts(request, offer, agencies) : {};
    await access.check(ctx, 'support_match', 'read', { id, facts });
    if (!m || !request || !offer) throw new NotFoundError('match');
    return { m, request, offer, agencies };
  }

  function canOn(ctx: Ctx, m: SupportMatchTable, request: SupportRequestTable, offer: SupportOfferTable, agencies: AgencyIds): MatchCan {
    const facts = matchFacts(request, offer, agencies);
    const status = member(MATCH_STATUSES, m.status);
    const may = (s: MatchStep) => ctx.actor.kind !== 'anonymous' && nextMatchStatus(status, s).ok && access.can(ctx, 'support_match', STEP_ACTION[s], facts);
    return { accept: may('accept'), decline: may('decline'), deliver: may('deliver'), evaluate: may('evaluate'), withdraw: may('withdraw') };
  }

  async function present(ctx: Ctx, m: SupportMatchTable, request: SupportRequestTable, offer: SupportOfferTable, agencies: AgencyIds) {
    const steps = await repo.steps(db, m.id);
    const orgIds = [request.org_id, offer.org_id, ...steps.map((s) => s.actor_org).filter((o): o is string => o !== null)];
    const orgs = new Map<string, Org>((await repo.orgsByIds(db, orgIds)).map((o) => [o.id, o]));
    return presentMatch(m, { request, offer, orgs, steps, can: canOn(ctx, m, request, offer, agencies) });
  }

  const audit = (ctx: Ctx, q: Kysely<DB>, action: string, m: { id: string }, request: SupportRequestTable, offer: SupportOfferTable) =>
    access.audit.record(ctx, { action, resource: 'support_match', objectId: m.id, outcome: 'allowed', concernedOrgs: [request.org_id, offer.org_id] }, q);

  return {
    /** The channel's lead proposes an offer for a request; they must share an objective or need, and not be matched already. */
    async propose(ctx: Ctx, raw: unknown) {
      const input = checkNew(raw);
      const { row: request, agencies } = await deps.requests.loadRequest(ctx, input.request);
      await access.check(ctx, 'support_match', 'create', { facts: { coLeadOrgIds: leadOrgIds(channelOfRow(request), agencies), concernedOrgIds: [request.org_id] } });
      const { row: offer } = await deps.requests.loadOffer(ctx, input.offer, request);
      const [requestTags, offerTags] = await Promise.all([repo.requestTags(db, [request.id]), repo.offerTags(db, [offer.id])]);
      if (!requestTags.some((t) => offerTags.some((o) => o.tag === t.tag))) {
        throw new ValidationError('the offer shares no objective or need with the request', [{ field: 'offer', message: 'no objective or asylum-system need in common' }]);
      }
      const live = (await repo.matchStatuses(db, [request.id])).find((m) => m.offer_id === offer.id && LIVE_MATCH.includes(member(MATCH_STATUSES, m.status)));
      if (live) throw new ConflictError(`this offer is already matched to this request (the match is ${live.status})`, [{ field: 'offer', message: 'already matched' }]);
      const at = deps.now().toISOString();
      const row: SupportMatchTable = {
        id: newId(), request_id: request.id, offer_id: offer.id, status: 'proposed', amount_usd: input.amountUsd ?? null, rating: null,
        proposed_at: at, accepted_at: null, delivered_at: null, evaluated_at: null, closed_at: null, updated_at: at,
      };
      await deps.events.transaction(async (tx) => {
        await repo.insertMatch(tx.db, row);
        await repo.addStep(tx.db, { id: newId(), match_id: row.id, step: 'propose', status: 'proposed', actor: ctx.actor.label, actor_org: actorOrg(ctx.actor), at, note: input.note?.trim() || null });
        await audit(ctx, tx.db, 'create', row, request, offer);
      });
      return present(ctx, row, request, offer, agencies);
    },

    async get(ctx: Ctx, id: string) {
      const { m, request, offer, agencies } = await load(ctx, id);
      return present(ctx, m, request, offer, agencies);
    },

    /** A request's matches, those the actor may read. */
    async ofRequest(ctx: Ctx, requestId: string) {
      const { row: request, agencies } = await deps.requests.loadRequest(ctx, requestId);
      const items = [];
      for (const m of await repo.matchesOfRequest(db, request.id)) {
        const offer = await repo.offerById(db, m.offer_id);
        if (offer && access.can(ctx, 'support_match', 'read', matchFacts(request, offer, agencies))) items.push(await present(ctx, m, request, offer, agencies));
      }
      return { items };
    },

    /**
     * One step of the match's life, by whoever the policy says takes it; a step the match's state does not
     * allow is refused (409, naming the state). Accepting and delivering raise their events.
     */
    async step(ctx: Ctx, id: string, raw: unknown) {
      const input = checkStep(raw);
      const { m, request, offer, agencies } = await load(ctx, id);
      await access.check(ctx, 'support_match', STEP_ACTION[input.step], { id, facts: matchFacts(request, offer, agencies) });
      if (input.step === 'evaluate' && input.rating === undefined) throw new ValidationError('an evaluation says how well the support met the need', [{ field: 'rating', message: 'required to evaluate: 1 to 5' }]);
      if (input.step !== 'evaluate' && input.rating !== undefined) throw new ValidationError('only an evaluation carries a rating', [{ field: 'rating', message: `not with ${input.step}` }]);
      const from = member(MATCH_STATUSES, m.status);
      const next = nextMatchStatus(from, input.step);
      if (!next.ok) throw new ConflictError(next.reason, [{ field: 'step', message: `the match is ${from}` }]);
      const at = deps.now().toISOString();
      const channel = channelOfRow(request);
      await deps.events.transaction(async (tx) => {
        const moved = await repo.transition(tx.db, m.id, from, { status: next.to, updated_at: at, [STEP_TIME[input.step]!]: at, ...(input.rating !== undefined ? { rating: input.rating } : {}) });
        if (!moved) throw new ConflictError('the match changed meanwhile: read it again');
        await repo.addStep(tx.db, { id: newId(), match_id: m.id, step: input.step, status: next.to, actor: ctx.actor.label, actor_org: actorOrg(ctx.actor), at, note: input.note?.trim() || null });
        await audit(ctx, tx.db, 'update', m, request, offer);
        const payload = { matchId: m.id, requestId: request.id, offerId: offer.id, channel };
        if (input.step === 'accept') await tx.emit('capacity.match_accepted', payload);
        if (input.step === 'deliver') await tx.emit('capacity.match_delivered', payload);
      });
      return present(ctx, (await repo.matchById(db, m.id))!, request, offer, agencies);
    },
  };
}

export type MatchService = ReturnType<typeof createMatchService>;
