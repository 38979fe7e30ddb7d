import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import {
  MatchListSchema, MatchSchema, MatchStepBody, NewMatchBody, NewOfferBody, NewRequestBody, OfferListQuery, OfferPageSchema, OfferSchema, PledgesSchema,
  RequestListQuery, RequestPageSchema, RequestSchema, SuggestionsSchema, TimeToMatchSchema, UnmetDemandSchema, VocabularySchema,
} from './capacity.schemas.js';
import { capacityVocabulary } from './capacity.vocabulary.js';
import type { MatchService } from './match.service.js';
import type { RequestService } from './request.service.js';
import type { CapacityViews } from './view.service.js';

/** Support to States (R9): the vocabulary, requests, offers, matches and the views. */
export async function capacityRoutes(api: Api, app: { supportRequests: RequestService; supportMatches: MatchService; capacityViews: CapacityViews }): Promise<void> {
  const tags = ['capacity'];
  const sensitive = true;
  const vocabulary = capacityVocabulary();

  api.get('/capacity/vocabulary', {
    config: { policy: { resource: 'capacity_vocabulary', action: 'read' } },
    schema: {
      tags, summary: 'The Global Compact for Migration\'s 23 objectives and the Global Compact on Refugees\' 4, with their citation, the asylum-system needs, the kinds of support, the IASC clusters and the hazards, named in five languages',
      response: { 200: VocabularySchema, ...errorResponses },
    },
  }, async () => vocabulary);

  api.post('/capacity/requests', {
    config: { policy: { resource: 'support_request', action: 'create' }, sensitive },
    schema: {
      tags, summary: 'A State (a government organisation) files a support request for a country, tagged by objectives or asylum-system needs; its channel (UN Network on Migration, Asylum Capacity Support Group or both) and lead are computed',
      body: NewRequestBody, response: { 201: RequestSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.supportRequests.file(request.ctx, request.body)));

  api.get('/capacity/requests', {
    config: { policy: { resource: 'support_request', action: 'read' }, sensitive },
    schema: { tags, summary: 'The support requests you may read, newest first: your State\'s, your channel\'s as its lead, those your offers are matched to', querystring: RequestListQuery, response: { 200: RequestPageSchema, ...errorResponses } },
  }, async (request) => app.supportRequests.listRequests(request.ctx, request.query));

  api.get('/capacity/requests/:id', {
    config: { policy: { resource: 'support_request', action: 'read' }, sensitive },
    schema: { tags, summary: 'One support request, with how far its matches got and whether you may propose one', params: IdParams, response: { 200: RequestSchema, ...errorResponses } },
  }, async (request) => app.supportRequests.getRequest(request.ctx, request.params.id));

  api.get('/capacity/requests/:id/suggestions', {
    config: { policy: { resource: 'support_match', action: 'create' }, sensitive },
    schema: { tags, summary: 'The offers that suit a request (an objective or need in common, the same kind, reaching its country), best first: for the channel\'s lead to propose', params: IdParams, response: { 200: SuggestionsSchema, ...errorResponses } },
  }, async (request) => app.supportRequests.suggestions(request.ctx, request.params.id));

  api.get('/capacity/requests/:id/matches', {
    config: { policy: { resource: 'support_request', action: 'read' }, sensitive },
    schema: { tags, summary: 'A request\'s matches that you may read, with their steps', params: IdParams, response: { 200: MatchListSchema, ...errorResponses } },
  }, async (request) => app.supportMatches.ofRequest(request.ctx, request.params.id));

  api.post('/capacity/offers', {
    config: { policy: { resource: 'support_offer', action: 'create' }, sensitive },
    schema: {
      tags, summary: 'Offer or pledge support for your organisation: objectives or needs, the countries or regions it reaches, its kind, its value in US dollars',
      body: NewOfferBody, response: { 201: OfferSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.supportRequests.offer(request.ctx, request.body)));

  api.get('/capacity/offers', {
    config: { policy: { resource: 'support_offer', action: 'read' }, sensitive },
    schema: { tags, summary: 'The offers you may read, newest first', querystring: OfferListQuery, response: { 200: OfferPageSchema, ...errorResponses } },
  }, async (request) => app.supportRequests.listOffers(request.ctx, request.query));

  api.get('/capacity/offers/:id', {
    config: { policy: { resource: 'support_offer', action: 'read' }, sensitive },
    schema: { tags, summary: 'One offer of support', params: IdParams, response: { 200: OfferSchema, ...errorResponses } },
  }, async (request) => app.supportRequests.getOffer(request.ctx, request.params.id));

  api.post('/capacity/matches', {
    config: { policy: { resource: 'support_match', action: 'create' }, sensitive },
    schema: { tags, summary: 'The lead of the request\'s channel proposes an offer for it (IOM for the UN Network on Migration, UNHCR for the ACSG)', body: NewMatchBody, response: { 201: MatchSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.supportMatches.propose(request.ctx, request.body)));

  api.get('/capacity/matches/:id', {
    config: { policy: { resource: 'support_match', action: 'read' }, sensitive },
    schema: { tags, summary: 'One match with every step, who took it and when, and what you may do with it now', params: IdParams, response: { 200: MatchSchema, ...errorResponses } },
  }, async (request) => app.supportMatches.get(request.ctx, request.params.id));

  api.post('/capacity/matches/:id/steps', {
    config: { policy: { resource: 'support_match', action: 'read' }, sensitive },
    schema: {
      tags, summary: 'Take a step: the lead accepts or declines a proposed match; the offerer (or the lead) records delivery or withdraws; the State (or the lead) evaluates what was delivered, rating it 1 to 5. A step the match\'s state does not allow is refused (409)',
      params: IdParams, body: MatchStepBody, response: { 200: MatchSchema, ...errorResponses },
    },
  }, async (request) => app.supportMatches.step(request.ctx, request.params.id, request.body));

  api.get('/capacity/views/unmet-demand', {
    config: { policy: { resource: 'capacity_view', action: 'read' } },
    schema: { tags, summary: 'Requests not yet delivered, counted by objective (or asylum-system need) and UN M49 region', response: { 200: UnmetDemandSchema, ...errorResponses } },
  }, async (request) => app.capacityViews.unmetDemand(request.ctx));

  api.get('/capacity/views/pledges', {
    config: { policy: { resource: 'capacity_view', action: 'read' } },
    schema: { tags, summary: 'Pledges against delivery: by organisation and kind of support, the value pledged, committed in accepted matches, and delivered', response: { 200: PledgesSchema, ...errorResponses } },
  }, async (request) => app.capacityViews.pledges(request.ctx));

  api.get('/capacity/views/time-to-match', {
    config: { policy: { resource: 'capacity_view', action: 'read' } },
    schema: { tags, summary: 'Time to match: the median days from a request\'s filing to its first accepted match, overall and by channel', response: { 200: TimeToMatchSchema, ...errorResponses } },
  }, async (request) => app.capacityViews.timeToMatch(request.ctx));
}
