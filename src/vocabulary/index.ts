import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import { defineModule } from '../core/module.js';
import type { SerialQueue } from '../core/queue.js';
import type { DB } from '../core/tables.js';
import { createBoundaryService } from './boundary.service.js';
import { syncCountries } from './reference-data.js';
import { seedVocabularyDemo } from './vocabulary.demo.js';
import { createRegistryService } from './registry.service.js';
import { VOCABULARY_NOUNS, VOCABULARY_POLICY } from './vocabulary.policy.js';
import { vocabularyRoutes } from './vocabulary.routes.js';
import { createVocabularyService } from './vocabulary.service.js';
import * as m0001 from './migrations/20261128_0001_vocabulary.js';
import * as m0102 from './migrations/20261201_0102_admin_boundaries.js';

/** Population types, countries (ISO3, M49, names in five languages), and the shared registries of admin areas (with their boundaries) and indicators. */
export const vocabularyModule = defineModule({
  name: 'vocabulary',
  migrations: { '20261128_0001_vocabulary': m0001, '20261201_0102_admin_boundaries': m0102 },
  sync: syncCountries,
  resources: VOCABULARY_NOUNS,
  policy: VOCABULARY_POLICY,
  create(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds'>; writes: SerialQueue }) {
    const vocabulary = createVocabularyService(deps);
    // The registries are shared by every platform: the two agencies' information-management staff keep them.
    const keepers = async () => Object.values(await deps.accounts.agencyOrgIds());
    return {
      vocabulary,
      registries: createRegistryService({ ...deps, isCountry: vocabulary.isCountry, keepers }),
      boundaries: createBoundaryService({ ...deps, isCountry: vocabulary.isCountry, keepers }),
    };
  },
  routes: vocabularyRoutes,
  seed: seedVocabularyDemo,
});

export type { VocabularyService } from './vocabulary.service.js';
export type { RegistryService } from './registry.service.js';
export type { BoundaryService } from './boundary.service.js';
export {
  POPULATION_TYPES, POPULATION_TYPE_INFO, POPULATION_GROUPS, PROTECTION_TYPES, INTERNAL_TYPES, LANGUAGES, isPopulationType, mayAssert,
  type PopulationType, type PopulationGroup, type Language, type PopulationTypeInfo,
} from './population-types.js';
export { INDICATOR_UNITS, type IndicatorUnit, PopulationTypeSchema, CountrySchema } from './vocabulary.schemas.js';
