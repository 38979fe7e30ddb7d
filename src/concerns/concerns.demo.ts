import type { Ctx } from '../core/actor.js';
import type { ConcernService } from './concern.service.js';

/**
 * The demo's issues of concern: synthetic, and saying so in their subject and text. One about a situation
 * at the country level, one about nothing in particular already escalated once, to show the ladder.
 */
export async function seedConcernsDemo(app: { concerns: ConcernService }, ctx: Ctx): Promise<void> {
  await app.concerns.raise(ctx, {
    subject: 'Demo (synthetic): differing counts at a border point',
    description: 'Synthetic demo record. The two agencies report different arrival counts at the same border point for the same week; the platform asks them to reconcile their flow-monitoring methods.',
    about: { kind: 'situation', ref: 'venezuela-colombia' }, severity: 'medium', agencies: ['iom', 'unhcr'],
  });
  const escalated = await app.concerns.raise(ctx, {
    subject: 'Demo (synthetic): data-sharing agreement overdue for renewal',
    description: 'Synthetic demo record. A data-sharing agreement between the agencies lapses next month and neither office has the authority to renew it.',
    severity: 'high',
  });
  await app.concerns.escalate(ctx, escalated.id, { agency: 'iom', note: 'Demo (synthetic): the country offices cannot renew it themselves.' });
}
