import type { Kysely } from 'kysely';
import type { Access } from '../access/access.service.js';
import type { Ctx } from '../access/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB, DecisionTable } from '../core/schema.js';
import type { SituationService } from '../situations/situation.service.js';
import { AGENCIES, checkProposal, checkSignature, differs, type Agency } from './decision.rules.js';
import { decisionRepo } from './decision.repo.js';

export interface DecisionInput {
  arrangement: string;
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
  status: string;
  arrangement: string;
  recommendedArrangement: string;
  differsFromRecommendation: boolean;
  rationale: string | null;
  decidedOn: string;
  signatories: Record<Agency, { name: string | null; accountId: string | null; signedAt: string | null }>;
  policyVersion: string;
  recommendation: unknown;
  recordedAt: string;
}

export function presentDecision(d: DecisionTable): DecisionView {
  return {
    id: d.id,
    situationId: d.situation_id,
    status: d.status,
    arrangement: d.arrangement,
    recommendedArrangement: d.recommended_arrangement,
    differsFromRecommendation: d.differs === 1,
    rationale: d.rationale,
    decidedOn: d.decided_on,
    signatories: {
      iom: { name: d.iom_signatory_name || null, accountId: d.iom_account_id, signedAt: d.iom_signed_at },
      unhcr: { name: d.unhcr_signatory_name || null, accountId: d.unhcr_account_id, signedAt: d.unhcr_signed_at },
    },
    policyVersion: d.policy_version,
    recommendation: JSON.parse(d.recommendation_json) as unknown,
    recordedAt: d.created_at,
  };
}

const slot = (d: Pick<DecisionTable, 'iom_account_id' | 'unhcr_account_id'>) => ({ iom: d.iom_account_id, unhcr: d.unhcr_account_id });

/**
 * R3: the arrangement in force is a decision signed by two accounts, an IOM and a UNHCR agency
 * representative. One proposes and signs for their agency; the other agency's representative signs.
 * The decision keeps the recommendation it answered (inputs and policy version).
 */
export function createDecisionService(deps: { db: Kysely<DB>; situations: SituationService; access: Access }) {
  const { db, situations, access } = deps;

  async function agencyOrgIds(): Promise<Record<Agency, string>> {
    const rows = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', [...AGENCIES]).execute();
    const find = (a: Agency) => rows.find((r) => r.slug === a)!.id;
    return { iom: find('iom'), unhcr: find('unhcr') };
  }

  /** The agencies an account represents (its agency_representative memberships). */
  async function represented(userId: string): Promise<{ name: string; agencies: Agency[] }> {
    const user = await db.selectFrom('users').select(['display_name', 'status']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.status !== 'active') return { name: '', agencies: [] };
    const rows = await db.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select('organisations.slug').where('memberships.user_id', '=', userId).where('memberships.role', '=', 'agency_representative').execute();
    return { name: user.display_name, agencies: rows.map((r) => r.slug).filter((s): s is Agency => (AGENCIES as readonly string[]).includes(s)) };
  }

  async function newRow(ref: string, input: DecisionInput): Promise<DecisionTable> {
    const { situation, recommendation } = await situations.composition(ref, input.year);
    const problems = checkProposal({ arrangement: input.arrangement, recommended: recommendation.arrangement, rationale: input.rationale });
    const decidedOn = input.decidedOn ?? nowIso().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(decidedOn) || Number.isNaN(Date.parse(decidedOn))) {
      problems.push({ field: 'decidedOn', message: 'must be a date as YYYY-MM-DD' });
    }
    if (problems.length > 0) throw new ValidationError('the decision cannot be recorded', problems);
    return {
      id: newId(), situation_id: situation.id, arrangement: input.arrangement, recommended_arrangement: recommendation.arrangement,
      differs: differs({ arrangement: input.arrangement, recommended: recommendation.arrangement }) ? 1 : 0,
      rationale: input.rationale?.trim() || null, decided_on: decidedOn,
      iom_signatory_name: '', iom_signatory_org: 'iom', iom_account_id: null, iom_signed_at: null,
      unhcr_signatory_name: '', unhcr_signatory_org: 'unhcr', unhcr_account_id: null, unhcr_signed_at: null,
      policy_version: recommendation.policyVersion, recommendation_json: JSON.stringify(recommendation), created_at: nowIso(),
      status: 'awaiting_signature',
    };
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

  return {
    /** An agency representative proposes a decision and signs it for their agency. */
    async propose(ctx: Ctx, ref: string, input: DecisionInput): Promise<DecisionView> {
      const orgIds = await agencyOrgIds();
      const mine = ctx.actor.memberships.filter((m) => m.role === 'agency_representative' && (AGENCIES as readonly string[]).includes(m.orgSlug));
      const agency = input.agency ?? (mine.length === 1 ? (mine[0]!.orgSlug as Agency) : undefined);
      await access.check(ctx, 'decision', 'create', { facts: { agencyOrgId: agency ? orgIds[agency] : undefined } });
      if (!agency || !ctx.actor.userId) {
        throw new ValidationError('say which agency you sign for', [{ field: 'agency', message: 'iom or unhcr' }]);
      }
      const row = await sign(ctx, await newRow(ref, input), agency, ctx.actor.userId, orgIds);
      await decisionRepo.insert(db, row);
      await access.audit.record(ctx, { action: 'create', resource: 'decision', objectId: row.id, outcome: 'allowed', concernedOrgs: Object.values(orgIds) });
      return presentDecision(row);
    },

    /** The other agency's representative signs; the decision is then in force. */
    async countersign(ctx: Ctx, decisionId: string): Promise<DecisionView> {
      const orgIds = await agencyOrgIds();
      const row = await db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
      if (!row) throw new NotFoundError('decision', decisionId);
      if (row.status === 'signed') throw new ConflictError('this decision is already signed by both agencies');
      const agency: Agency = row.iom_account_id ? 'unhcr' : 'iom';
      if (!ctx.actor.userId) {
        await access.check(ctx, 'decision', 'sign', { facts: { agencyOrgId: orgIds[agency] } });
        throw new ValidationError('only an account can sign a decision', [{ field: 'agency', message: 'sign in as a representative' }]);
      }
      const signed = await sign(ctx, row, agency, ctx.actor.userId, orgIds);
      await db.updateTable('decisions').set({
        iom_account_id: signed.iom_account_id, iom_signatory_name: signed.iom_signatory_name, iom_signed_at: signed.iom_signed_at,
        unhcr_account_id: signed.unhcr_account_id, unhcr_signatory_name: signed.unhcr_signatory_name, unhcr_signed_at: signed.unhcr_signed_at,
        status: signed.status,
      }).where('id', '=', decisionId).where('status', '=', 'awaiting_signature').execute();
      await access.audit.record(ctx, { action: 'sign', resource: 'decision', objectId: decisionId, outcome: 'allowed', concernedOrgs: Object.values(orgIds) });
      return presentDecision(signed);
    },

    /** The operator's console records a decision both representatives signed on paper, naming their accounts. */
    async recordSigned(ctx: Ctx, ref: string, input: DecisionInput & { iomAccountId: string; unhcrAccountId: string }): Promise<DecisionView> {
      if (ctx.actor.kind !== 'operator') await access.check(ctx, 'decision', 'create');
      const orgIds = await agencyOrgIds();
      let row = await newRow(ref, input);
      const at = nowIso();
      for (const [agency, accountId] of [['iom', input.iomAccountId], ['unhcr', input.unhcrAccountId]] as const) {
        const signer = await represented(accountId);
        const problems = checkSignature({
          agency, signerAgencies: signer.agencies, signerId: accountId, iomSignerId: row.iom_account_id, unhcrSignerId: row.unhcr_account_id,
        });
        if (problems.length > 0) throw new ValidationError('the decision cannot be signed', problems.map((p) => ({ ...p, field: agency })));
        row = applySignature(row, agency, accountId, signer.name, at);
      }
      await decisionRepo.insert(db, row);
      await access.audit.record(ctx, { action: 'create', resource: 'decision', objectId: row.id, outcome: 'allowed', concernedOrgs: Object.values(orgIds) });
      return presentDecision(row);
    },

    /**
     * One page of situations with the arrangement that applies to each: the latest decision both agencies
     * signed, or the recommendation where there is none. What the overview map colours.
     */
    async overview(page: { limit: number; offset: number }, year?: number) {
      const { items, total } = await situations.list(page);
      const rows = await Promise.all(items.map(async (s) => {
        const signed = (await decisionRepo.history(db, s.id)).find((d) => d.status === 'signed');
        const { recommendation } = await situations.composition(s.id, year);
        return {
          slug: s.slug, name: s.name, kind: s.kind, origins: s.origins, hosts: s.hosts,
          arrangement: signed ? signed.arrangement : recommendation.arrangement,
          basis: signed ? 'decision' as const : 'recommendation' as const,
          recommended: recommendation.arrangement, share: recommendation.share,
        };
      }));
      return { items: rows, total, limit: page.limit, offset: page.offset };
    },

    async history(ref: string): Promise<DecisionView[]> {
      const s = await situations.get(ref);
      return (await decisionRepo.history(db, s.id)).map(presentDecision);
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
