import type { AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { PipelineService } from './pipeline.service.js';
import type { ReturnService } from './returns.service.js';
import type { StrategyService } from './strategy.service.js';

/**
 * The solutions demo. **Everything here is synthetic** and says so: a UNHCR-led return with some of its
 * safeguards recorded and some people's voluntariness verified (not yet approvable), a three-year strategy
 * with targets, and a few households in the pipeline at different stages (names marked SYNTHETIC).
 */
export async function seedSolutionsDemo(app: {
  accounts: Pick<AccountService, 'createOrganisation' | 'organisationBySlug'>; returns: ReturnService; strategies: StrategyService; pipeline: PipelineService;
}, ctx: Ctx): Promise<void> {
  const op = await app.returns.open(ctx, { name: 'SYNTHETIC demo: voluntary repatriation from Tanzania to Burundi', origin: 'BDI', host: 'TZA', caseload: { REF: 120, ASY: 8 } }, { synthetic: true });
  await app.returns.recordSafeguard(ctx, op.id, 'country_of_origin_information_given', { evidence: 'SYNTHETIC: information sessions in the camps and a go-and-see visit' });
  await app.returns.recordSafeguard(ctx, op.id, 'legal_framework_in_place', {
    evidence: 'SYNTHETIC: tripartite agreement signed',
    framework: { kind: 'tripartite agreement', parties: ['Government of Burundi (synthetic)', 'Government of Tanzania (synthetic)', 'UNHCR'], signedOn: '2026-01-15', document: 'SYNTHETIC-TRIPARTITE-2026' },
  });
  await app.returns.declare(ctx, op.id, { declarations: Array.from({ length: 12 }, (_, i) => ({
    unit: 'household' as const, reference: `SYN-HH-${String(i + 1).padStart(3, '0')}`, people: 5, free: true, informed: true, express: true, declaredOn: '2026-02-10',
  })) });

  const strategy = await app.strategies.create(ctx, { name: 'SYNTHETIC demo: resettlement and complementary pathways strategy 2026–2028', fromYear: 2026, toYear: 2028 }, { synthetic: true });
  await app.strategies.setTargets(ctx, strategy.id, { targets: [2026, 2027, 2028].flatMap((year, i) => [
    { year, pathway: 'resettlement' as const, country: 'CAN', target: 1000 + 200 * i, pledged: 900 + 200 * i },
    { year, pathway: 'resettlement' as const, country: 'SWE', target: 500, pledged: 450 },
    { year, pathway: 'labour_mobility' as const, country: 'CAN', target: 100 + 50 * i, pledged: null },
    { year, pathway: 'education' as const, country: 'DEU', target: 60, pledged: 60 },
  ]) });

  if (!(await app.accounts.organisationBySlug('demo-receiving-state'))) {
    await app.accounts.createOrganisation(ctx, { slug: 'demo-receiving-state', name: 'Demo receiving State (synthetic immigration ministry)', kind: 'government' });
  }
  const retainUntil = '2031-12-31';
  const households: Array<[string, string, number]> = [['Amani', 'Demo-Moja', 0], ['Baraka', 'Demo-Mbili', 2], ['Chausiku', 'Demo-Tatu', 4], ['Dalila', 'Demo-Nne', 7]];
  for (const [given, family, steps] of households) {
    const c = await app.pipeline.identify(ctx, {
      head: { givenName: `SYNTHETIC ${given}`, familyName: family, nationality: 'COD' }, householdSize: 4, pathway: 'resettlement',
      asylumCountry: 'TZA', receivingCountry: 'CAN', receivingState: 'demo-receiving-state', strategy: strategy.id, retainUntil,
    }, { synthetic: true });
    for (let s = 0; s < steps; s++) await app.pipeline.advance(ctx, c.id);
  }
}
