import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import { on, type EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import type { ImportService } from '../figures/index.js';
import type { SituationService } from '../situations/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { coordinationCommands } from './coordination.commands.js';
import { seedCoordinationDemo } from './coordination.demo.js';
import { COORDINATION_EVENTS } from './coordination.events.js';
import { COORDINATION_NOUNS, COORDINATION_POLICY } from './coordination.policy.js';
import { decisionRoutes } from './decision.routes.js';
import { createDecisionService } from './decision.service.js';
import { createInvitationService } from './invitation.service.js';
import { syncLeadPolicy } from './lead-policy.js';
import { platformRoutes } from './platform.routes.js';
import { createPlatformService } from './platform.service.js';
import { createRecommendationService } from './recommendation.service.js';
import { disagreementSubscriptions } from './disagreement.subscriptions.js';
import { policyRoutes } from './policy.routes.js';
import { createPolicyService } from './policy.service.js';
import { createSnapshotService } from './snapshot.service.js';
import * as m0002 from './migrations/20261128_0002_policies.js';
import * as m0005 from './migrations/20261128_0005_decisions.js';
import * as m0008 from './migrations/20261128_0008_owned_batches_and_signatures.js';
import * as m0010 from './migrations/20261128_0010_platforms.js';
import * as m0013 from './migrations/20261130_0013_recommendations_kept.js';
import * as m0015 from './migrations/20261201_0015_platform_invitations.js';
import * as m0703 from './migrations/20261201_0703_policy_disclosure_k.js';

/**
 * R2–R4: the lead recommendation from a situation's composition, the decision both agencies sign, and the
 * coordination platforms (tiers, co-leads, sectors with their leads, partners).
 */
export const coordinationModule = defineModule({
  name: 'coordination',
  migrations: {
    '20261128_0002_policies': m0002, '20261128_0005_decisions': m0005, '20261128_0008_owned_batches_and_signatures': m0008, '20261128_0010_platforms': m0010,
    '20261130_0013_recommendations_kept': m0013, '20261201_0015_platform_invitations': m0015, '20261201_0703_policy_disclosure_k': m0703,
  },
  sync: syncLeadPolicy,
  resources: COORDINATION_NOUNS,
  policy: COORDINATION_POLICY,
  events: COORDINATION_EVENTS,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit'>;
    accounts: AccountService; situations: SituationService; vocabulary: Pick<VocabularyService, 'isCountry'>;
    imports: Pick<ImportService, 'ingest'>; disclosure: Pick<DisclosureSetting, 'provide'>;
  }) {
    const recommendations = createRecommendationService(deps);
    const snapshots = createSnapshotService({ ...deps, recommendations });
    const decisions = createDecisionService({ ...deps, snapshots });
    const invitations = createInvitationService(deps);
    const platforms = createPlatformService({ ...deps, recommendations, invitations });
    const policies = createPolicyService({ ...deps, recommendations });
    // k is a parameter of the versioned policy: every module that publishes counts reads it through the kernel.
    deps.disclosure.provide(async () => (await policies.inForce()).disclosureK);
    return { recommendations, snapshots, decisions, platforms, invitations, policies };
  },
  subscriptions: ({ snapshots }) => [
    // R3: a recommendation is kept again whenever its inputs change.
    on('figures.imported', 'after-commit', 'coordination: keep the recommendations an import changed', async (e) => {
      await snapshots.refreshAll('import', e.batchId, { hosts: e.hosts, origins: e.origins });
    }),
    on('situation.defined', 'after-commit', 'coordination: keep the recommendation of a new situation', async (e) => {
      await snapshots.refresh(e.situationId, 'situation');
    }),
    on('policy.published', 'after-commit', 'coordination: keep every recommendation under a new policy', async (e) => {
      await snapshots.refreshAll('policy', e.version);
    }),
    ...(['decision.proposed', 'decision.signed', 'decision.withdrawn', 'decision.rejected'] as const).map((event) =>
      on(event, 'after-commit', 'coordination: the overview shows the arrangement in force', async () => snapshots.invalidate())),
    ...disagreementSubscriptions(),
  ],
  async routes(api, app) {
    await decisionRoutes(api, app);
    await platformRoutes(api, app);
    await policyRoutes(api, app);
  },
  commands: coordinationCommands,
  seed: seedCoordinationDemo,
});

export type { RecommendationService } from './recommendation.service.js';
export type { SnapshotService } from './snapshot.service.js';
export type { PolicyService } from './policy.service.js';
export type { DecisionService, DecisionView } from './decision.service.js';
export type { PlatformService } from './platform.service.js';
export { ARRANGEMENTS, DECIDABLE_ARRANGEMENTS, ARRANGEMENT_DESCRIPTIONS, type Arrangement } from './arrangements.js';
export { COUNTINGS, TIERS, PARTNER_TYPES, type Counting, type Tier, PlatformStructureSchema, PlatformRefParams } from './platform.schemas.js';
export type { PlatformTable, SectorTable } from './coordination.tables.js';
