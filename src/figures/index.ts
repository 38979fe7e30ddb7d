import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Engine } from '../core/db.js';
import type { EventBus } from '../core/events.js';
import type { SerialQueue } from '../core/queue.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { RegistryService, VocabularyService } from '../vocabulary/index.js';
import { figureRoutes } from './figure.routes.js';
import { createFigureService } from './figure.service.js';
import { figuresCommands } from './figures.commands.js';
import { FIGURES_EVENTS } from './figures.events.js';
import { FIGURES_NOUNS, FIGURES_POLICY } from './figures.policy.js';
import { importRoutes } from './import.routes.js';
import { createImportService } from './import.service.js';
import { delegationRoutes } from './delegation.routes.js';
import { createDelegationService } from './delegation.service.js';
import * as m0003 from './migrations/20261128_0003_figures.js';
import * as m0009 from './migrations/20261128_0009_figures_by_batch.js';
import * as m0012 from './migrations/20261130_0012_figure_assertion.js';

/** Population figures with source, date, method and every past value, and the imports that write them (UNHCR, UN DESA, DTM, HXL). */
export const figuresModule = defineModule({
  name: 'figures',
  migrations: { '20261128_0003_figures': m0003, '20261128_0009_figures_by_batch': m0009, '20261130_0012_figure_assertion': m0012 },
  resources: FIGURES_NOUNS,
  policy: FIGURES_POLICY,
  events: FIGURES_EVENTS,
  create(deps: {
    db: Kysely<DB>; engine: Engine; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
    vocabulary: Pick<VocabularyService, 'countryCodes'>; accounts: Pick<AccountService, 'organisations'>; writes: SerialQueue;
    registries: Pick<RegistryService, 'adminAreas'>; disclosure: Pick<DisclosureSetting, 'k'>;
  }) {
    const delegations = createDelegationService(deps);
    return { figures: createFigureService(deps), imports: createImportService({ ...deps, delegations }), delegations };
  },
  async routes(api, app) {
    await figureRoutes(api, app);
    await importRoutes(api, app);
    await delegationRoutes(api, app);
  },
  commands: figuresCommands,
});

export { methodFlagsOf, type FigureService } from './figure.service.js';
export type { ImportService, ImportSummary, IngestRow } from './import.service.js';
export type { DelegationService } from './delegation.service.js';
export { createFigureRepo } from './figure.repo.js';
export { METHOD_FLAGS, type FigureDraft, type MethodFlag } from './figure.model.js';
export type { FigureTable } from './figures.tables.js';
export type { FiguresImported } from './figures.events.js';
export { IMPORT_KINDS, type ImportKind, FigureSchema } from './figures.schemas.js';
