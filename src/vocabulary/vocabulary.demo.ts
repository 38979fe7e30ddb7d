import type { Ctx } from '../core/actor.js';
import type { RegistryService } from './registry.service.js';

/**
 * The demo's registry entries. P-codes are Colombia's admin-1 codes from the OCHA COD gazetteer (global
 * P-codes, 2020-04-16); the indicators are synthetic and say so.
 */
const DEMO_AREAS = [
  { pcode: 'CO11', iso3: 'COL', level: 1, name: 'Bogota, D.C.' },
  { pcode: 'CO54', iso3: 'COL', level: 1, name: 'Norte de Santander' },
  { pcode: 'CO44', iso3: 'COL', level: 1, name: 'La Guajira' },
  { pcode: 'CO08', iso3: 'COL', level: 1, name: 'Atlantico' },
  { pcode: 'CO05', iso3: 'COL', level: 1, name: 'Antioquia' },
];

const DEMO_INDICATORS = [
  { code: 'demo.prot.orientation', name: 'People receiving legal orientation (synthetic demo indicator)', unit: 'people', sector: 'protection' },
  { code: 'demo.cp.case-management', name: 'Children in case management (synthetic demo indicator)', unit: 'people', sector: 'child_protection' },
  { code: 'demo.health.consultations', name: 'Primary health consultations (services; synthetic demo indicator)', unit: 'services', sector: 'health' },
  { code: 'demo.wash.hygiene-kits', name: 'People receiving hygiene kits (synthetic demo indicator)', unit: 'people', sector: 'wash' },
  { code: 'demo.transit.humanitarian-transport', name: 'Humanitarian transport for people in transit (synthetic demo indicator)', unit: 'people', sector: 'protection' },
] as const;

/** The demo's admin areas and indicators. */
export async function seedVocabularyDemo(app: { registries: RegistryService }, ctx: Ctx): Promise<void> {
  await app.registries.upsertAdminAreas(ctx, DEMO_AREAS);
  for (const i of DEMO_INDICATORS) await app.registries.upsertIndicator(ctx, i);
}
