import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import type { SituationService } from '../situations/index.js';
import { ARRANGEMENTS, DECIDABLE_ARRANGEMENTS, type DecidableArrangement } from './arrangements.js';
import { RecommendationCore } from './coordination.schemas.js';
import type { DecisionTable } from './coordination.tables.js';
import { AGENCIES, checkProposal, checkSignature, DECISION_STATUSES, differs, type Agency } from './decision.rules.js';
import { decisionRepo } from './decision.repo.js';
import type { SnapshotService } from './snapshot.service.js';

export interface DecisionInput {
  arrangement: DecidableArrangement;
  rationale?: string | null;
  /** Date the decision was taken (YYYY-MM-DD); today by default. */
  decidedOn?: string;
  /** The year of figures the recommendation answered; the latest by default. */
  year?: number;
  /** Which agency the proposer signs for, when they represent both. */
  agency?: Agency;
}

export interface DecisionView {
  id: string;
  situationId: string;
  status: (typeof DECISION_STATUSES)[number];
  arrangement: DecidableArrangement;
  recommendedArrangement: (typeof ARRANGEMENTS)[number];
  differsFromRecommendation: boolean;
  rationale: string | null;
  decidedOn: string;
  signatories: Record<Agency, { name: string | null; accountId: string | null; signedAt: string | null }>;
  policyVersion: string;
  /** The recommendation as it stood when the decision was proposed: its inputs, result and policy version. */
  recommendation: RecommendationCore;
  recordedAt: string;
  /** The kept recommendation it answered. */
  snapshotId: string | null;
  /** When it was withdrawn or rejected, and why. */
  closed: { at: string; reason: string | null } | null;
  /** What the account asking may do with this decision. */
  can: DecisionCan;
}

const storedRecommendation = TypeCompiler.Compile(RecommendationCore);

/** The recommendation kept with a decision (JSON), read back; a stored value of another shape is an internal error. */
function parseStored(json: string): RecommendationCore {
  const v: unknown = JSON.parse(json);
  if (!storedRecommendation.Check(v)) throw new Error('a stored recommendation does not have the recommendation\'s shape');
  return v;
}

/** What an account may do with a decision: countersign or reject it (the other agency), withdraw it (its proposer). */
export interface DecisionCan { sign: boolean; reject: boolean; withdraw: boolean }
const CANNOT: DecisionCan = { sign: false, reject: false, withdraw: false };

export function presentDecision(d: DecisionTable, can: DecisionCan = CANNOT): DecisionView {
  return {
    id: d.id,
    situationId: d.situation_id,
    status: member(DECISION_STATUSES, d.status),
    arrangement: member(DECIDABLE_ARRANGEMENTS, d.arrangement),
    recommendedArrangement: member(ARRANGEMENTS, d.recommended_arrangement),
    differsFromRecommendation: d.differs === 1,
    rationale: d.rationale,
    decidedOn: d.decided_on,
    signatories: {
      iom: { name: d.iom_signatory_name || null, accountId: d.iom_account_id, signedAt: d.iom_signed_at },
      unhcr: { name: d.unhcr_signatory_name || null, accountId: d.unhcr_account_id, signedAt: d.unhcr_signed_at },
    },
    policyVersion: d.policy_version,
    recommendation: parseStored(d.recommendation_json),
    recordedAt: d.created_at,
    snapshotId: d.snapshot_id,
    closed: d.closed_at ? { at: d.closed_at, reason: d.close_reason } : null,
    can,
  };
}

/** No decision predates both agencies (1951); none is dated in the future (a day's grace for time zones). */
const EARLIEST_DECISION = '1951-01-01';
const latestDecisionDate = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const slot = (d: Pick<DecisionTable, 'iom_account_id' | 'unhcr_account_id'>) => ({ iom: d.iom_account_id, unhcr: d.unhcr_account_id });

/**
 * R3: the arrangement in force is a decision signed by two accounts, an IOM and a UNHCR agency
 * representative. One proposes and signs for their agency; the other agency's representative signs.
 * The decision keeps the recommendation it answered (inputs and policy version).
 */
export function createDecisionService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'audit'>;
  situations: Pick<SituationService, 'get'>; snapshots: Pick<SnapshotService, 'forDecision'>;
  accounts: Pick<AccountService, 'organisations' | 'representative' | 'agencyOrgIds'>;
}) {
  const { db, situations, access } = deps;

  const agencyOrgIds = (): Promise<Record<Agency, string>> => deps.accounts.agencyOrgIds();

  /** The agencies an account represents (its agency_representative memberships); none for a disabled account. */
  async function represented(userId: string): Promise<{ name: string; agencies: Agency[] }> {
    const r = await deps.accounts.representative(userId);
    return { name: r.name, agencies: AGENCIES.filter((a) => r.organisations.includes(a)) };
  }

  async function newRow(ref: string, input: DecisionInput): Promise<{ row: DecisionTable; keep: (executor: Kysely<DB>) => Promise<void> }> {
    const { situationId, snapshotId, recommendation, keep } = await deps.snapshots.forDecision(ref, input.year);
    const problems = checkProposal({ arrangement: input.arrangement, recommended: recommendation.arrangement, rationale: input.rationale });
    const decidedOn = input.decidedOn ?? nowIso().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(decidedOn) || Number.isNaN(Date.parse(decidedOn))) {
      problems.push({ field: 'decidedOn', message: 'must be a date as YYYY-MM-DD' });
    } else if (decidedOn < EARLIEST_DECISION || decidedOn > latestDecisionDate()) {
      problems.push({ field: 'decidedOn', message: `must be between ${EARLIEST_DECISION} and today (${latestDecisionDate()})` });
    }
    if (problems.length > 0) throw new ValidationError('the decision cannot be recorded', problems);
    const row: DecisionTable = {
      id: newId(), situation_id: situationId, arrangement: input.arrangement, recommended_arrangement: recommendation.arrangement,
      differs: differs({ arrangement: input.arrangement, recommended: recommendation.arrangement }) ? 1 : 0,
      rationale: input.rationale?.trim() || null, decided_on: decidedOn,
      iom_signatory_name: '', iom_signatory_org: 'iom', iom_account_id: null, iom_signed_at: null,
      unhcr_signatory_name: '', unhcr_signatory_org: 'unhcr', unhcr_account_id: null, unhcr_signed_at: null,
      policy_version: recommendation.policyVersion, recommendation_json: JSON.stringify(recommendation), created_at: nowIso(),
      status: 'awaiting_signature', snapshot_id: snapshotId, closed_at: null, closed_by: null, close_reason: null,
    };
    return { row, keep };
  }

  function applySignature(row: DecisionTable, agency: Agency, accountId: string, name: string, at: string): DecisionTable {
    const signed = agency === 'iom'
      ? { ...row, iom_account_id: accountId, iom_signatory_name: name, iom_signed_at: at }
      : { ...row, unhcr_account_id: accountId, unhcr_signatory_name: name, unhcr_signed_at: at };
    return { ...signed, status: signed.iom_account_id && signed.unhcr_account_id ? 'signed' : 'awaiting_signature' };
  }

  async function sign(ctx: Ctx, row: DecisionTable, agency: Agency, signerId: string, orgIds: Record<Agency, string>) {
    await access.check(ctx, 'decision', 'sign', { id: row.id, facts: { agencyOrgId: orgIds[agency] } });
    const signer = await represented(signerId);
    const problems = checkSignature({
      agency, signerAgencies: signer.agencies, signerId, iomSignerId: slot(row).iom, unhcrSignerId: slot(row).unhcr,
    });
    if (problems.length > 0) throw new ValidationError('the decision cannot be signed', problems);
    return applySignature(row, agency, signerId, signer.name, nowIso());
  }

  /** The account that proposed a decision: the one that signed first. */
  const proposerOf = (d: DecisionTable) => (d.iom_signed_at && (!d.unhcr_signed_at || d.iom_signed_at <= d.unhcr_signed_at) ? d.iom_account_id : d.unhcr_account_id);

  function canOn(ctx: Ctx, d: DecisionTable, orgIds: Record<Agency, string>): DecisionCan {
    if (d.status !== 'awaiting_signature' || ctx.actor.kind !== 'user') return CANNOT;
    const awaited: Agency = d.iom_account_id ? 'unhcr' : 'iom';
    const other = ctx.actor.userId !== d.iom_account_id && ctx.actor.userId !== d.unhcr_account_id && access.can(ctx, 'decision', 'sign', { agencyOrgId: orgIds[awaited] });
    return { sign: other, reject: other, withdraw: ctx.actor.userId !== null && ctx.actor.userId === proposerOf(d) };
  }

  /** A decision still awaiting signature, for a withdrawal or a rejection. */
  async function awaiting(ctx: Ctx, decisionId: string) {
    const orgIds = await agencyOrgIds();
    const row = await db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
    if (!row) {
      await access.check(ctx, 'decision', 'update', { id: decisionId });
      throw new NotFoundError('decision');
    }
    if (row.status !== 'awaiting_signature') throw new ConflictError(`only a proposal awaiting signature can be withdrawn or rejected; this one is ${row.status}`);
    return { row, orgIds };
  }

  return {
    /** An agency representative proposes a decision and signs it for their agency. */
    async propose(ctx: Ctx, ref: string, input: DecisionInput): Promise<DecisionView> {
      const orgIds = await agencyOrgIds();
      const mine = ctx.actor.memberships.flatMap((m) => (m.role === 'agency_representative' ? AGENCIES.filter((a) => a === m.orgSlug) : []));
      const agency = input.agency ?? (mine.length === 1 ? mine[0] : undefined);
      await access.check(ctx, 'decision', 'create', { facts: { agencyOrgId: agency ? orgIds[agency] : undefined } });
      if (!agency || !ctx.actor.userId) {
        throw new ValidationError('say which agency you sign for', [{ field: 'agency', message: 'iom or unhcr' }]);
      }
      const proposal = await newRow(ref, input);
      const row = await sign(ctx, proposal.row, agency, ctx.actor.userId, orgIds);
      // A proposal for another arrangement still awaiting signature: the agencies disagree (R3, R11).
      const conflicting = (await decisionRepo.history(db, row.situation_id)).filter((d) => d.status === 'awaiting_signature' && d.arrangement !== row.arrangement);
      await deps.events.transaction(async (tx) => {
        await proposal.keep(tx.db);
        await decisionRepo.insert(tx.db, row);
        await access.audit.record(ctx, { action: 'create', resource: 'decision', objectId: row.id, outcome: 'allowed', concernedOrgs: Object.values(orgIds) }, tx.db);
        await tx.emit('decision.proposed', { decisionId: row.id, situationId: row.situation_id, arrangement: row.arrangement, proposedBy: agency });
        for (const other of conflicting) await tx.emit('decision.conflicting', { decisionId: row.id, otherDecisionId: other.id, situationId: row.situation_id });
      });
      return presentDecision(row, { ...CANNOT, withdraw: true });
    },

    /** The other agency's representative signs; the decision is then in force. */
    async countersign(ctx: Ctx, decisionId: string): Promise<DecisionView> {
      const orgIds = await agencyOrgIds();
      const row = await db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
      if (!row) throw new NotFoundError('decision');
      if (row.status === 'signed') throw new ConflictError('this decision is already signed by both agencies');
      const agency: Agency = row.iom_account_id ? 'unhcr' : 'iom';
      if (!ctx.actor.userId) {
        await access.check(ctx, 'decision', 'sign', { facts: { agencyOrgId: orgIds[agency] } });
        throw new ValidationError('only an account can sign a decision', [{ field: 'agency', message: 'sign in as a representative' }]);
      }
      const signed = await sign(ctx, row, agency, ctx.actor.userId, orgIds);
      await deps.events.transaction(async (tx) => {
        await decisionRepo.sign(tx.db, signed);
        await access.audit.record(ctx, { action: 'sign', resource: 'decision', objectId: decisionId, outcome: 'allowed', concernedOrgs: Object.values(orgIds) }, tx.db);
        await tx.emit('decision.signed', { decisionId, situationId: signed.situation_id, arrangement: signed.arrangement });
      });
      return presentDecision(signed);
    },

    /** The operator's console records a decision both representatives signed on paper, naming their accounts. */
    async recordSigned(ctx: Ctx, ref: string, input: DecisionInput & { iomAccountId: string; unhcrAccountId: string }): Promise<DecisionView> {
      if (ctx.actor.kind !== 'operator') await access.check(ctx, 'decision', 'create');
      const orgIds = await agencyOrgIds();
      const proposal = await newRow(ref, input);
      let row = proposal.row;
      const at = nowIso();
      for (const [agency, accountId] of [['iom', input.iomAccountId], ['unhcr', input.unhcrAccountId]] as const) {
        const signer = await represented(accountId);
        const problems = checkSignature({
          agency, signerAgencies: signer.agencies, signerId: accountId, iomSignerId: row.iom_account_id, unhcrSignerId: row.unhcr_account_id,
        });
        if (problems.length > 0) throw new ValidationError('the decision cannot be signed', problems.map((p) => ({ ...p, field: agency })));
        row = applySignature(row, agency, accountId, signer.name, at);
      }
      await deps.events.transaction(async (tx) => {
        await proposal.keep(tx.db);
        await decisionRepo.insert(tx.db, row);
        await access.audit.record(ctx, { action: 'create', resource: 'decision', objectId: row.id, outcome: 'allowed', concernedOrgs: Object.values(orgIds) }, tx.db);
        await tx.emit('decision.signed', { decisionId: row.id, situationId: row.situation_id, arrangement: row.arrangement });
      });
      return presentDecision(row);
    },

    /** A situation's decisions, newest first, each with what the asking account may do with it. */
    async history(ctx: Ctx, ref: string): Promise<DecisionView[]> {
      const s = await situations.get(ref);
      const rows = await decisionRepo.history(db, s.id);
      const orgIds = rows.some((d) => d.status === 'awaiting_signature') ? await agencyOrgIds() : undefined;
      return rows.map((d) => presentDecision(d, orgIds ? canOn(ctx, d, orgIds) : CANNOT));
    },

    /** The agencies the asking account may propose a decision for (and sign in their name). */
    async proposeRights(ctx: Ctx): Promise<{ propose: Agency[] }> {
      if (ctx.actor.kind !== 'user') return { propose: [] };
      const orgIds = await agencyOrgIds();
      return { propose: AGENCIES.filter((a) => access.can(ctx, 'decision', 'create', { agencyOrgId: orgIds[a] })) };
    },

    /** The disagreements kept for a situation, newest first. */
    async disagreements(ref: string) {
      const s = await situations.get(ref);
      const rows = await db.selectFrom('disagreements').selectAll().where('situation_id', '=', s.id).orderBy('raised_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map((d) => ({
        id: d.id, kind: member(['rejected', 'conflicting'] as const, d.kind), decisionId: d.decision_id, otherDecisionId: d.other_decision_id, reason: d.reason, raisedAt: d.raised_at,
      }));
    },

    /** The proposer withdraws a proposal still awaiting the other agency's signature. */
    async withdraw(ctx: Ctx, decisionId: string, note?: string): Promise<DecisionView> {
      const { row, orgIds } = await awaiting(ctx, decisionId);
      if (!canOn(ctx, row, orgIds).withdraw) {
        await access.check(ctx, 'decision', 'update', { id: decisionId, facts: { userId: proposerOf(row) ?? undefined } });
      }
      const closed = { ...row, status: 'withdrawn', closed_at: nowIso(), closed_by: ctx.actor.label, close_reason: note?.trim() || null };
      await deps.events.transaction(async (tx) => {
        await decisionRepo.close(tx.db, closed);
        await access.audit.record(ctx, { action: 'update', resource: 'decision', objectId: decisionId, outcome: 'allowed', concernedOrgs: Object.values(orgIds) }, tx.db);
        await tx.emit('decision.withdrawn', { decisionId, situationId: row.situation_id });
      });
      return presentDecision(closed);
    },

    /** The other agency's representative rejects a proposal, saying why: a disagreement the agencies then resolve (R11). */
    async reject(ctx: Ctx, decisionId: string, reason: string): Promise<DecisionView> {
      const { row, orgIds } = await awaiting(ctx, decisionId);
      const awaited: Agency = row.iom_account_id ? 'unhcr' : 'iom';
      await access.check(ctx, 'decision', 'sign', { id: decisionId, facts: { agencyOrgId: orgIds[awaited] } });
      if (!reason.trim()) throw new ValidationError('say why you reject the proposal', [{ field: 'reason', message: 'required' }]);
      const closed = { ...row, status: 'rejected', closed_at: nowIso(), closed_by: ctx.actor.label, close_reason: reason.trim() };
      await deps.events.transaction(async (tx) => {
        await decisionRepo.close(tx.db, closed);
        await access.audit.record(ctx, { action: 'update', resource: 'decision', objectId: decisionId, outcome: 'allowed', concernedOrgs: Object.values(orgIds) }, tx.db);
        await tx.emit('decision.rejected', { decisionId, situationId: row.situation_id, by: awaited });
      });
      return presentDecision(closed);
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
