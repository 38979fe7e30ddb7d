import type { Ctx } from '../core/actor.js';
import type { PersonService } from './person.service.js';
import type { ReferralService } from './referral.service.js';

/**
 * The protection demo. **Every person here is synthetic**: names say so, records carry `synthetic`, and no
 * detail comes from a real case. They show a referral each way (R7) and a screening.
 */
export async function seedProtectionDemo(app: { protectionPeople: PersonService; referrals: ReferralService; protectionNow: () => Date }, ctx: Ctx): Promise<void> {
  const now = app.protectionNow();
  const retainUntil = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  const consentAt = now.toISOString();
  const base = { purpose: 'protection_referral', legalBasis: 'consent', retainUntil } as const;

  const a = await app.protectionPeople.create(ctx, { ...base, organisation: 'iom', givenName: 'SYNTHETIC Ana', familyName: 'Demo-Uno', birthDate: '1994-05-01', sex: 'female', nationality: 'VEN' }, { synthetic: true });
  const profileA = await app.protectionPeople.profile(ctx, a.id, { reasonsForLeaving: ['persecution'], fearOfReturn: true, riskIndicators: ['woman_at_risk'], intentions: ['seek_asylum'] });
  const r1 = await app.referrals.create(ctx, {
    person: a.id, profile: profileA.id, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'urgent', country: 'COL', send: true,
    narrative: 'SYNTHETIC demo narrative: fears return; asks about asylum.',
    consent: { fields: ['givenName', 'familyName', 'nationality', 'profile'], purpose: 'SYNTHETIC: asylum information and registration', givenAt: consentAt, method: 'verbal', givenBy: 'person' },
  });
  await app.referrals.step(ctx, r1.id, { step: 'acknowledge' });

  const b = await app.protectionPeople.create(ctx, { ...base, organisation: 'unhcr', givenName: 'SYNTHETIC Luis', familyName: 'Demo-Dos', nationality: 'VEN' }, { synthetic: true });
  const profileB = await app.protectionPeople.profile(ctx, b.id, { reasonsForLeaving: ['economic'], fearOfReturn: false, riskIndicators: [], intentions: ['return_home'] });
  const r2 = await app.referrals.create(ctx, {
    person: b.id, profile: profileB.id, to: 'iom', pathway: 'avrr', priority: 'normal', country: 'PER', send: true,
    consent: { fields: ['givenName', 'familyName', 'contact'], purpose: 'SYNTHETIC: assisted voluntary return counselling', givenAt: consentAt, method: 'written', givenBy: 'person' },
  });
  for (const step of ['acknowledge', 'accept'] as const) await app.referrals.step(ctx, r2.id, { step });
  await app.referrals.step(ctx, r2.id, { step: 'record_outcome', text: 'SYNTHETIC: counselling given; return planned.' });

  const c = await app.protectionPeople.create(ctx, { ...base, organisation: 'iom', givenName: 'SYNTHETIC Sami', familyName: 'Demo-Tres', birthDate: '2010-02-02', sex: 'male' }, { synthetic: true });
  await app.protectionPeople.profile(ctx, c.id, { reasonsForLeaving: ['conflict_or_generalised_violence'], fearOfReturn: false, riskIndicators: ['unaccompanied_or_separated_child'], intentions: ['undecided'] });
}
