import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import { POPULATION_TYPE_INFO, POPULATION_TYPES } from './population-types.js';

/** Population types and countries: the words every figure is written in. */
export function createVocabularyService(deps: { db: Kysely<DB> }) {
  return {
    populationTypes: () => POPULATION_TYPES.map((c) => POPULATION_TYPE_INFO[c]),

    async countries() {
      const rows = await deps.db.selectFrom('countries').selectAll().orderBy('iso3').execute();
      return rows.map((r) => ({
        iso3: r.iso3, iso2: r.iso2, m49: r.m49,
        names: { en: r.name_en, es: r.name_es, fr: r.name_fr, ar: r.name_ar, pt: r.name_pt },
        region: r.region, subregion: r.subregion, intermediateRegion: r.intermediate_region, pseudo: r.is_pseudo === 1,
      }));
    },

    /** The ISO3 codes Tandem knows, for validating input in bulk. */
    async countryCodes(): Promise<Set<string>> {
      return new Set((await deps.db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
    },

    /** Is this an ISO3 code Tandem knows? */
    async isCountry(iso3: string): Promise<boolean> {
      return (await deps.db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst()) !== undefined;
    },
  };
}

export type VocabularyService = ReturnType<typeof createVocabularyService>;
