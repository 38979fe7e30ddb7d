import type { Kysely } from 'kysely';
import type { DB } from '../core/schema.js';
import { POPULATION_TYPE_INFO, POPULATION_TYPES } from './population-types.js';

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

    async organisations() {
      const rows = await deps.db.selectFrom('organisations').selectAll().orderBy('slug').execute();
      return rows.map((r) => ({
        id: r.id, slug: r.slug, name: r.name, kind: r.kind, refugeeLed: r.refugee_led === 1, migrantLed: r.migrant_led === 1,
      }));
    },
  };
}
