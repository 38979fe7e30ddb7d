import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { EventBus } from '../core/events.js';
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
import { syncLeadPolicy } from './lead-policy.js';
import { platformRoutes } from './platform.routes.js';
import { createPlatformService } from './platform.service.js';
import { createRecommendationService } from './recommendation.service.js';
import * as m0002 from './migrations/20261128_0002_policies.js';
import * as m0005 from './migrations/20261128_0005_decisions.js';
import * as m0008 from './migrations/20261128_0008_owned_batches_and_signatures.js';
import * as m0010 from './migrations/20261128_0010_platforms.js';

/**
 * R2–R4: the lead recommendation from a situation's composition, the decision both agencies sign, and the
 * coordination platforms (tiers, co-leads, sectors with their leads, partners).
 */
export const coordinationModule = defineModule({
  name: 'coordination',
  migrations: {
    '20261128_0002_policies': m0002, '20261128_0005_decisions': m0005, '20261128_0008_owned_batches_and_signatures': m0008, '20261128_0010_platforms': m0010,
  },
  sync: syncLeadPolicy,
  resources: COORDINATION_NOUNS,
  policy: COORDINATION_POLICY,
  events: COORDINATION_EVENTS,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'allowed' | 'audit'>;
    accounts: AccountService; situations: SituationService; vocabulary: Pick<VocabularyService, 'isCountry'>;
    imports: Pick<ImportService, 'ingest'>;
  }) {
    const recommendations = createRecommendationService(deps);
    const decisions = createDecisionService({ ...deps, recommendations });
    const platforms = createPlatformService({ ...deps, recommendations });
    return { recommendations, decisions, platforms };
  },
  async routes(api, app) {
    await decisionRoutes(api, app);
    await platformRoutes(api, app);
  },
  commands: coordinationCommands,
  seed: seedCoordinationDemo,
});

export type { RecommendationService } from './recommendation.service.js';
export type { DecisionService, DecisionView } from './decision.service.js';
export type { PlatformService } from './platform.service.js';
export { ARRANGEMENTS, DECIDABLE_ARRANGEMENTS, ARRANGEMENT_DESCRIPTIONS, type Arrangement } from './arrangements.js';
export { COUNTINGS, TIERS, PARTNER_TYPES, type Counting, type Tier, PlatformStructureSchema, PlatformRefParams } from './platform.schemas.js';
export type { PlatformTable, SectorTable } from './coordination.tables.js';
