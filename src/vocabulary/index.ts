import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import { syncCountries } from './reference-data.js';
import { seedVocabularyDemo } from './vocabulary.demo.js';
import { createRegistryService } from './registry.service.js';
import { VOCABULARY_NOUNS, VOCABULARY_POLICY } from './vocabulary.policy.js';
import { vocabularyRoutes } from './vocabulary.routes.js';
import { createVocabularyService } from './vocabulary.service.js';
import * as m0001 from './migrations/20261128_0001_vocabulary.js';

/** Population types, countries (ISO3, M49, names in five languages), and the shared registries of admin areas and indicators. */
export const vocabularyModule = defineModule({
  name: 'vocabulary',
  migrations: { '20261128_0001_vocabulary': m0001 },
  sync: syncCountries,
  resources: VOCABULARY_NOUNS,
  policy: VOCABULARY_POLICY,
  create(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'> }) {
    const vocabulary = createVocabularyService(deps);
    return { vocabulary, registries: createRegistryService({ ...deps, isCountry: vocabulary.isCountry }) };
  },
  routes: vocabularyRoutes,
  seed: seedVocabularyDemo,
});

export type { VocabularyService } from './vocabulary.service.js';
export type { RegistryService } from './registry.service.js';
export {
  POPULATION_TYPES, POPULATION_TYPE_INFO, POPULATION_GROUPS, PROTECTION_TYPES, INTERNAL_TYPES, LANGUAGES, isPopulationType, mayAssert,
  type PopulationType, type PopulationGroup, type Language, type PopulationTypeInfo,
} from './population-types.js';
export { INDICATOR_UNITS, type IndicatorUnit, PopulationTypeSchema, CountrySchema } from './vocabulary.schemas.js';
