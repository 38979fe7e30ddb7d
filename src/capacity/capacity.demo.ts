import type { AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { SituationService } from '../situations/index.js';
import type { DisplacementService } from './displacement.service.js';
import type { MatchService } from './match.service.js';
import type { RequestService } from './request.service.js';

/**
 * The capacity demo. **Every record here is synthetic** and says so: two demo governments and their
 * requests, offers from a demo partner and from UNHCR, matches at different steps, and a cluster
 * arrangement made up for the demo on each internal situation the demo has.
 */
export async function seedCapacityDemo(app: {
  accounts: Pick<AccountService, 'createOrganisation'>; situations: Pick<SituationService, 'list'>;
  supportRequests: RequestService; supportMatches: MatchService; displacement: DisplacementService;
}, ctx: Ctx): Promise<void> {
  await app.accounts.createOrganisation(ctx, { slug: 'demo-government-a', name: 'Demo government A (synthetic ministry of the interior)', kind: 'government' });
  await app.accounts.createOrganisation(ctx, { slug: 'demo-government-b', name: 'Demo government B (synthetic national asylum commission)', kind: 'government' });

  const borderData = await app.supportRequests.file(ctx, {
    organisation: 'demo-government-a', country: 'COL', objectives: ['GCM-1', 'GCM-11'], kind: 'training',
    description: 'SYNTHETIC demo request: training for border officials on collecting flow data disaggregated by sex and age.',
  });
  const asylum = await app.supportRequests.file(ctx, {
    organisation: 'demo-government-b', country: 'CRI', objectives: ['GCR-1'], asylumNeeds: ['registration', 'refugee_status_determination'], kind: 'expertise',
    description: 'SYNTHETIC demo request: expertise to clear a backlog of asylum claims (registration and first-instance decisions).',
  });
  await app.supportRequests.file(ctx, {
    organisation: 'demo-government-a', country: 'COL', asylumNeeds: ['reception'], objectives: ['GCM-7'], kind: 'equipment',
    description: 'SYNTHETIC demo request: equipment for a reception centre near a border crossing.',
  });

  const training = await app.supportRequests.offer(ctx, {
    organisation: 'demo-partner-c', objectives: ['GCM-1', 'GCM-3'], kind: 'training', regions: ['Latin America and the Caribbean'], amountUsd: 50_000,
    description: 'SYNTHETIC demo offer: a data-collection training course for government staff.',
  });
  const expertise = await app.supportRequests.offer(ctx, {
    organisation: 'unhcr', asylumNeeds: ['registration', 'refugee_status_determination'], kind: 'expertise', countries: ['CRI', 'PAN'], amountUsd: 120_000,
    description: 'SYNTHETIC demo offer: deployment of refugee status determination experts.',
  });

  const delivered = await app.supportMatches.propose(ctx, { request: borderData.id, offer: training.id, amountUsd: 30_000, note: 'SYNTHETIC demo match' });
  await app.supportMatches.step(ctx, delivered.id, { step: 'accept' });
  await app.supportMatches.step(ctx, delivered.id, { step: 'deliver', note: 'SYNTHETIC: two sessions held' });
  await app.supportMatches.propose(ctx, { request: asylum.id, offer: expertise.id, amountUsd: 60_000, note: 'SYNTHETIC demo match awaiting acceptance' });

  // The cluster arrangement goes on the demo's internal situations; the demo adds none of its own (its
  // situations are the ones with published figures), so this records nothing until one is there.
  const internal = (await app.situations.list({ limit: 500, offset: 0 })).items.filter((s) => s.kind === 'internal');
  for (const idp of internal) {
    await app.displacement.setClusters(ctx, idp.slug, {
      clusters: [
        { cluster: 'protection', lead: 'unhcr', coLead: 'demo-partner-c' },
        { cluster: 'shelter', lead: 'iom', engaged: ['unhcr'] },
        { cluster: 'cccm', lead: 'iom', coLead: 'unhcr' },
      ],
      note: 'SYNTHETIC demo arrangement, made up for the demo: not the actual arrangement of this situation.',
    });
  }
}
