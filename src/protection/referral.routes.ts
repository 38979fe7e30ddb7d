import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { PATHWAY_RULES, signalCode } from './profiling.rules.js';
import { NewReferralBody, ReferralListQuery, ReferralPage, ReferralSchema, RulesSchema, StatsQuery, StatsSchema, StepBody } from './protection.schemas.js';
import type { ReferralService } from './referral.service.js';

/** Referrals (R7): the boxes, one referral, its steps and consent, the aggregates, and the pathway rules in force. */
export async function referralRoutes(api: Api, app: { referrals: ReferralService }): Promise<void> {
  const tags = ['protection'];
  const sensitive = true;

  api.post('/protection/referrals', {
    config: { policy: { resource: 'referral', action: 'create' }, sensitive },
    schema: { tags, summary: 'Refer a person to another organisation, with their consent (what, with whom, for what), a priority and so a deadline; a draft unless send', body: NewReferralBody, response: { 201: ReferralSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.referrals.create(request.ctx, request.body)));

  api.get('/protection/referrals', {
    config: { policy: { resource: 'referral', action: 'read' }, sensitive },
    schema: { tags, summary: 'Your organisations\' inbox (received) or sent box: earliest deadline first, filtered by status, priority or overdue; nothing personal', querystring: ReferralListQuery, response: { 200: ReferralPage, ...errorResponses } },
  }, async (request) => app.referrals.list(request.ctx, request.query));

  api.get('/protection/referrals/stats', {
    config: { policy: { resource: 'referral_stats', action: 'read' } },
    schema: { tags, summary: 'Referrals by country and month of sending: by pathway, priority and status, overdue, time to acknowledge, share within deadline (cells under 5 suppressed)', querystring: StatsQuery, response: { 200: StatsSchema, ...errorResponses } },
  }, async (request) => app.referrals.stats(request.ctx, request.query));

  api.get('/protection/pathway-rules', {
    config: { policy: { resource: 'referral_stats', action: 'read' } },
    schema: { tags, summary: 'The profiling rules in force, with their version: which answers suggest which pathway, and which rule out a return', response: { 200: RulesSchema, ...errorResponses } },
  }, async () => ({
    version: PATHWAY_RULES.version, note: PATHWAY_RULES.note,
    rules: PATHWAY_RULES.rules.map((r) => ({ pathway: r.pathway, agency: r.agency, service: r.service, when: r.when.map(signalCode), unless: (r.unless ?? []).map(signalCode) })),
  }));

  api.get('/protection/referrals/:id', {
    config: { policy: { resource: 'referral', action: 'read' }, sensitive },
    schema: { tags, summary: 'A referral: all of it for the referrer; for the receiver, of the person only the fields the consent covers, while it stands', params: IdParams, response: { 200: ReferralSchema, ...errorResponses } },
  }, async (request) => app.referrals.get(request.ctx, request.params.id));

  api.post('/protection/referrals/:id/steps', {
    config: { policy: { resource: 'referral', action: 'read' }, sensitive },
    schema: {
      tags, summary: 'Take a step: the referrer sends and closes; the receiver acknowledges, accepts or declines (with a reason), records the outcome and gives feedback',
      params: IdParams, body: StepBody, response: { 200: ReferralSchema, ...errorResponses },
    },
  }, async (request) => app.referrals.step(request.ctx, request.params.id, request.body));

  api.post('/protection/referrals/:id/consent/withdraw', {
    config: { policy: { resource: 'referral', action: 'update' }, sensitive },
    schema: { tags, summary: 'The person (or their guardian) withdrew consent: the referral shares nothing more of them', params: IdParams, response: { 200: ReferralSchema, ...errorResponses } },
  }, async (request) => app.referrals.withdrawConsent(request.ctx, request.params.id));
}
