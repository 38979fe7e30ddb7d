import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Engine } from '../core/db.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import type { ImportService } from '../figures/index.js';
import { on } from '../core/events.js';
import type { SerialQueue } from '../core/queue.js';
import type { PersonService } from '../protection/index.js';
import { createAvrrService } from './avrr.service.js';
import { createPipelineService } from './pipeline.service.js';
import { solutionsCommands } from './solutions.commands.js';
import { seedSolutionsDemo } from './solutions.demo.js';
import { strategyRoutes } from './strategy.routes.js';
import { createStrategyService } from './strategy.service.js';
import { returnRoutes } from './returns.routes.js';
import { createReturnService } from './returns.service.js';
import { SOLUTIONS_EVENTS } from './solutions.events.js';
import { SOLUTIONS_NOUNS, SOLUTIONS_POLICY } from './solutions.policy.js';
import * as m0801 from './migrations/20261201_0801_solutions.js';

declare module '../core/module.js' {
  interface AppConfig {
    /** The clock returns and cases are dated by (tests move it to make time pass in a stage). */
    solutions?: { now?: () => Date };
  }
}

/**
 * Durable solutions: return operations gated by UNHCR's voluntary repatriation safeguards, with IOM-led
 * assisted voluntary return and reintegration for migrants (R5); the resettlement and complementary
 * pathways strategy, UNHCR's published solutions figures, and the case pipeline with its bottlenecks (R10).
 */
export const solutionsModule = defineModule({
  name: 'solutions',
  migrations: { '20261201_0801_solutions': m0801 },
  resources: SOLUTIONS_NOUNS,
  policy: SOLUTIONS_POLICY,
  events: SOLUTIONS_EVENTS,
  create(deps: {
    db: Kysely<DB>; engine: Engine; events: EventBus; config: { solutions?: { now?: () => Date } };
    access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds' | 'createOrganisation' | 'organisationBySlug'>;
    imports: Pick<ImportService, 'ingest'>;
    protectionPeople: Pick<PersonService, 'create' | 'get'>; writes: SerialQueue;
  }) {
    const now = deps.config.solutions?.now ?? (() => new Date());
    const returns = createReturnService({ ...deps, now });
    return {
      returns,
      avrr: createAvrrService({ ...deps, now, returns }),
      strategies: createStrategyService({ ...deps, now }),
      pipeline: createPipelineService({ ...deps, now, people: deps.protectionPeople }),
    };
  },
  // An erased protection record leaves its case without the link to the person, in the erasure's transaction.
  subscriptions: (app) => [on('protection.person_erased', 'in-transaction', 'solutions: unlink erased people from their cases', async (e, db) => { await app.pipeline.erasePerson(db, e.personId); })],
  async routes(api, app) {
    await returnRoutes(api, app);
    await strategyRoutes(api, app);
  },
  commands: solutionsCommands,
  seed: seedSolutionsDemo,
});

export type { ReturnService } from './returns.service.js';
export type { AvrrService } from './avrr.service.js';
export type { StrategyService } from './strategy.service.js';
export type { PipelineService } from './pipeline.service.js';
export { RETURN_SAFEGUARDS, RETURN_STATUSES, returnLead, type ReturnLead, type ReturnSafeguard, type ReturnStatus } from './returns.rules.js';
export { STAGES, RESPONSIBLE, PATHWAYS as SOLUTION_PATHWAYS, dayNumber, type Stage, type SolutionPathway } from './pipeline.rules.js';
