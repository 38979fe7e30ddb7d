import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import type { SituationService } from '../situations/index.js';
import { seedCapacityDemo } from './capacity.demo.js';
import { CAPACITY_EVENTS } from './capacity.events.js';
import { CAPACITY_NOUNS, CAPACITY_POLICY } from './capacity.policy.js';
import { capacityRoutes } from './capacity.routes.js';
import { displacementRoutes } from './displacement.routes.js';
import { createDisplacementService } from './displacement.service.js';
import { createMatchService } from './match.service.js';
import { createRequestService } from './request.service.js';
import { createCapacityViews } from './view.service.js';
import * as m0601 from './migrations/20261201_0601_capacity.js';

declare module '../core/module.js' {
  interface AppConfig {
    /** The clock requests, offers and matches are dated by (tests move it to measure time to match). */
    capacity?: { now?: () => Date };
  }
}

/**
 * Support to States' own systems (R9): requests from governments tagged by the Global Compacts' objectives
 * and asylum-system needs, routed to the UN Network on Migration (IOM) or the Asylum Capacity Support Group
 * (UNHCR); offers and pledges; matches tracked to delivery and evaluation; the views of unmet demand,
 * pledges against delivery and time to match. And internal and disaster displacement (R8): the cluster
 * arrangement of a situation and the Platform on Disaster Displacement flag.
 */
export const capacityModule = defineModule({
  name: 'capacity',
  migrations: { '20261201_0601_capacity': m0601 },
  resources: CAPACITY_NOUNS,
  policy: CAPACITY_POLICY,
  events: CAPACITY_EVENTS,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
    accounts: Pick<AccountService, 'agencyOrgIds' | 'createOrganisation'>; situations: Pick<SituationService, 'get' | 'list'>; config: { capacity?: { now?: () => Date } };
  }) {
    const base = { ...deps, now: deps.config.capacity?.now ?? (() => new Date()) };
    const supportRequests = createRequestService(base);
    return {
      supportRequests,
      supportMatches: createMatchService({ ...base, requests: supportRequests }),
      capacityViews: createCapacityViews(deps),
      displacement: createDisplacementService(deps),
    };
  },
  async routes(api, app) {
    await capacityRoutes(api, app);
    await displacementRoutes(api, app);
  },
  seed: seedCapacityDemo,
});

export type { RequestService } from './request.service.js';
export type { MatchService } from './match.service.js';
export type { DisplacementService } from './displacement.service.js';
export { CHANNELS, MATCH_STATUSES, MATCH_STEPS, type Channel, type MatchStatus, type MatchStep } from './capacity.rules.js';
export { TAGS, SUPPORT_KINDS, CLUSTERS, HAZARDS, ASYLUM_NEEDS, type SupportKind, type Cluster, type Hazard } from './capacity.vocabulary.js';
