import { defineModule } from '../core/module.js';
import { situationCommands } from './situation.commands.js';
import { situationRoutes } from './situation.routes.js';
import { createSituationService } from './situation.service.js';
import { SITUATIONS_EVENTS } from './situations.events.js';
import { SITUATIONS_NOUNS, SITUATIONS_POLICY } from './situations.policy.js';
import * as m0004 from './migrations/20261128_0004_situations.js';

/** Situations: named caseloads of people (countries of origin, hosts, admin areas) that figures are read for. */
export const situationsModule = defineModule({
  name: 'situations',
  migrations: { '20261128_0004_situations': m0004 },
  resources: SITUATIONS_NOUNS,
  policy: SITUATIONS_POLICY,
  events: SITUATIONS_EVENTS,
  create(deps: Parameters<typeof createSituationService>[0]) {
    return { situations: createSituationService(deps) };
  },
  routes: situationRoutes,
  commands: situationCommands,
});

export type { SituationService, NewSituation } from './situation.service.js';
export type { SituationRecord } from './situation.repo.js';
export { presentSituation, SITUATION_HXL } from './situation.presenter.js';
export { slugify } from './situation.rules.js';
export { SITUATION_KINDS, type SituationKind, SituationSchema, RefParams } from './situation.schemas.js';
