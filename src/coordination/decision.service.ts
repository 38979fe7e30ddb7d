import type { Kysely } from 'kysely';
import { ValidationError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB, DecisionTable } from '../core/schema.js';
import type { SituationService } from '../situations/situation.service.js';
import { checkDecision, differs } from './decision.rules.js';
import { decisionRepo } from './decision.repo.js';

export interface DecisionInput {
  arrangement: string;
  iom: { name: string; organisation?: string };
  unhcr: { name: string; organisation?: string };
  rationale?: string | null;
  /** Date the decision was taken (YYYY-MM-DD); today by default. */
  decidedOn?: string;
  /** The year of figures the recommendation answered; the latest by default. */
  year?: number;
}

export interface DecisionView {
  id: string;
  situationId: string;
  arrangement: string;
  recommendedArrangement: string;
  differsFromRecommendation: boolean;
  rationale: string | null;
  decidedOn: string;
  signatories: {
    iom: { name: string; organisation: string; accountId: string | null };
    unhcr: { name: string; organisation: string; accountId: string | null };
  };
  policyVersion: string;
  recommendation: unknown;
  recordedAt: string;
}

export function presentDecision(d: DecisionTable): DecisionView {
  return {
    id: d.id,
    situationId: d.situation_id,
    arrangement: d.arrangement,
    recommendedArrangement: d.recommended_arrangement,
    differsFromRecommendation: d.differs === 1,
    rationale: d.rationale,
    decidedOn: d.decided_on,
    signatories: {
      iom: { name: d.iom_signatory_name, organisation: d.iom_signatory_org, accountId: d.iom_account_id },
      unhcr: { name: d.unhcr_signatory_name, organisation: d.unhcr_signatory_org, accountId: d.unhcr_account_id },
    },
    policyVersion: d.policy_version,
    recommendation: JSON.parse(d.recommendation_json) as unknown,
    recordedAt: d.created_at,
  };
}

/**
 * R3: the arrangement in force is a decision signed by IOM and UNHCR. It is stored with the recommendation
 * it answered (inputs and policy version), so anyone can later see why it was taken.
 */
export function createDecisionService(deps: { db: Kysely<DB>; situations: SituationService }) {
  const { db, situations } = deps;
  return {
    async decide(ref: string, input: DecisionInput): Promise<DecisionView> {
      const { situation, recommendation } = await situations.composition(ref, input.year);
      const iom = { name: (input.iom?.name ?? '').trim(), organisation: input.iom?.organisation ?? 'iom' };
      const unhcr = { name: (input.unhcr?.name ?? '').trim(), organisation: input.unhcr?.organisation ?? 'unhcr' };
      const proposal = { arrangement: input.arrangement, recommended: recommendation.arrangement, rationale: input.rationale, iom, unhcr };
      const problems = checkDecision(proposal);
      const decidedOn = input.decidedOn ?? nowIso().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(decidedOn) || Number.isNaN(Date.parse(decidedOn))) {
        problems.push({ field: 'decidedOn', message: 'must be a date as YYYY-MM-DD' });
      }
      if (problems.length > 0) throw new ValidationError('the decision cannot be recorded', problems);
      const row: DecisionTable = {
        id: newId(),
        situation_id: situation.id,
        arrangement: input.arrangement,
        recommended_arrangement: recommendation.arrangement,
        differs: differs(proposal) ? 1 : 0,
        rationale: input.rationale?.trim() || null,
        decided_on: decidedOn,
        iom_signatory_name: iom.name,
        iom_signatory_org: iom.organisation,
        iom_account_id: null,
        unhcr_signatory_name: unhcr.name,
        unhcr_signatory_org: unhcr.organisation,
        unhcr_account_id: null,
        policy_version: recommendation.policyVersion,
        recommendation_json: JSON.stringify(recommendation),
        created_at: nowIso(),
      };
      await decisionRepo.insert(db, row);
      return presentDecision(row);
    },

    async history(ref: string): Promise<DecisionView[]> {
      const s = await situations.get(ref);
      return (await decisionRepo.history(db, s.id)).map(presentDecision);
    },

    async inForceBySituation(): Promise<Map<string, DecisionView>> {
      const m = await decisionRepo.latestBySituation(db);
      return new Map([...m].map(([k, v]) => [k, presentDecision(v)]));
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
