import type { Ctx } from '../core/actor.js';
import type { PersonService } from './person.service.js';
import type { ReferralService } from './referral.service.js';

/** Data-subject requests: everything Tandem holds about one person, for their holding organisation. */
export function createSubjectService(deps: { people: PersonService; referrals: Pick<ReferralService, 'ofPerson'>; now: () => Date }) {
  return {
    async export(ctx: Ctx, personId: string) {
      const row = await deps.people.load(ctx, personId, 'read');
      const person = await deps.people.get(ctx, personId);
      return {
        exportedAt: deps.now().toISOString(), person, profiles: await deps.people.profilesOf(row), referrals: await deps.referrals.ofPerson(ctx, personId),
      };
    },
  };
}

export type SubjectService = ReturnType<typeof createSubjectService>;
