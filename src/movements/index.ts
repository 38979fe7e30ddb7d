import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Engine } from '../core/db.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { SerialQueue } from '../core/queue.js';
import type { DB } from '../core/tables.js';
import { operatorCtx } from '../core/actor.js';
import type { ImportService } from '../figures/index.js';
import type { RecordVault } from '../protection/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { createMappedFigures } from './figures-mapped.js';
import { createFlowService } from './flows.service.js';
import { createMappingService } from './mapping.service.js';
import { movementsCommands } from './movements.commands.js';
import { MOVEMENTS_EVENTS } from './movements.events.js';
import { MOVEMENTS_NOUNS, MOVEMENTS_POLICY } from './movements.policy.js';
import { movementsRoutes } from './movements.routes.js';
import { createTrendService } from './trends.service.js';
import { seedMovementsDemo } from './movements.demo.js';
import { createSurveyService } from './surveys.service.js';
import { surveyRoutes } from './surveys.routes.js';
import * as m0901 from './migrations/20261201_0901_movements.js';
import * as m1700 from './migrations/20261202_1700_movements_year_totals.js';
import * as m1000 from './migrations/20261203_1000_movements_totals_hot.js';
import * as m0903 from './migrations/20261203_0900_movement_surveys.js';

/**
 * Flows, not stocks: flow-monitoring points, the counts of people passing them (by direction, sex and age,
 * nationality, origin, intended destination, transport), trends by corridor with small cells suppressed;
 * and mapped imports of any untagged CSV or XLSX file (saved mappings, preview, import into flows or figures).
 */
export const movementsModule = defineModule({
  name: 'movements',
  migrations: { '20261201_0901_movements': m0901, '20261202_1700_movements_year_totals': m1700, '20261203_0900_movement_surveys': m0903, '20261203_1000_movements_totals_hot': m1000 },
  resources: MOVEMENTS_NOUNS,
  policy: MOVEMENTS_POLICY,
  events: MOVEMENTS_EVENTS,
  create(deps: {
    db: Kysely<DB>; engine: Engine; events: EventBus; writes: SerialQueue; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit'>;
    accounts: Pick<AccountService, 'organisations'>; vocabulary: Pick<VocabularyService, 'countryCodes'>; imports: Pick<ImportService, 'ingest' | 'precheck'>;
    disclosure: Pick<DisclosureSetting, 'k'>; protectionVault: RecordVault; protectionNow: () => Date;
  }) {
    const importMappings = createMappingService(deps);
    return {
      importMappings,
      flows: createFlowService({ ...deps, mappings: importMappings }),
      flowTrends: createTrendService(deps),
      mappedFigures: createMappedFigures({ ...deps, mappings: importMappings }),
      flowSurveys: createSurveyService(deps),
    };
  },
  async routes(api, app) {
    await movementsRoutes(api, app);
    await surveyRoutes(api, app);
  },
  jobs: (app) => [
    { name: 'movements: erase survey personal fields past their retention', everyMs: 24 * 3_600_000, run: () => app.flowSurveys.runRetention(operatorCtx()) },
  ],
  commands: movementsCommands,
  seed: seedMovementsDemo,
});

export type { FlowService } from './flows.service.js';
export type { MappingService } from './mapping.service.js';
export type { TrendService } from './trends.service.js';
export type { SurveyService } from './surveys.service.js';
export { FLOW_LABEL, POINT_KINDS, MEASURES, DIRECTIONS, GRAINS, type FlowDraft } from './movements.rules.js';
export { SHIPPED_MAPPINGS } from './shipped.js';
