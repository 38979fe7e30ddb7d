import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { ConcernService } from './concern.service.js';
import {
  AcknowledgeBody, ConcernListQuery, ConcernPageSchema, ConcernSchema, EscalateBody, NewConcernBody, NotificationListQuery, NotificationPageSchema,
  ReadResultSchema, ResolutionBody,
} from './concerns.schemas.js';
import type { NotificationService } from './notification.service.js';

/** Issues of concern (R11) and the account's notifications. */
export async function concernRoutes(api: Api, app: { concerns: ConcernService; notifications: NotificationService }): Promise<void> {
  const update = { policy: { resource: 'concern' as const, action: 'update' as const }, sensitive: true };
  const tags = ['concerns'];

  api.get('/concerns', {
    config: { policy: { resource: 'concern', action: 'read' }, sensitive: true },
    schema: {
      tags, summary: 'The issues of concern you may read, newest first: those you raised, your organisations\', and for the Chiefs of Staff liaison pair those that reached them; `organisation` gives one organisation\'s list',
      querystring: ConcernListQuery, response: { 200: ConcernPageSchema, ...errorResponses },
    },
  }, async (request) => app.concerns.list(request.ctx, request.query));

  api.post('/concerns', {
    config: { policy: { resource: 'concern', action: 'create' }, sensitive: true },
    schema: {
      tags, summary: 'Raise an issue of concern (R11) about a situation, a decision, a platform, a referral, a return or nothing in particular: it starts at the country level, with a deadline by severity',
      body: NewConcernBody, response: { 201: ConcernSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.concerns.raise(request.ctx, request.body)));

  api.get('/concerns/:id', {
    config: { policy: { resource: 'concern', action: 'read' }, sensitive: true },
    schema: { tags, summary: 'One issue of concern with its whole history and what you may do with it', params: IdParams, response: { 200: ConcernSchema, ...errorResponses } },
  }, async (request) => app.concerns.get(request.ctx, request.params.id));

  api.post('/concerns/:id/escalate', {
    config: update,
    schema: {
      tags, summary: 'Send the concern up one level now (country, regional, headquarters, the Chiefs of Staff liaison pair), without waiting for its deadline',
      params: IdParams, body: EscalateBody, response: { 200: ConcernSchema, ...errorResponses },
    },
  }, async (request) => app.concerns.escalate(request.ctx, request.params.id, request.body));

  api.post('/concerns/:id/resolution', {
    config: update,
    schema: {
      tags, summary: 'Record a resolution for your agency at the concern\'s level; it is resolved when the other agency acknowledges it',
      params: IdParams, body: ResolutionBody, response: { 200: ConcernSchema, ...errorResponses },
    },
  }, async (request) => app.concerns.resolve(request.ctx, request.params.id, request.body));

  api.post('/concerns/:id/acknowledge', {
    config: update,
    schema: {
      tags, summary: 'The other agency acknowledges the recorded resolution (resolved) or refuses it, saying why (open again)',
      params: IdParams, body: AcknowledgeBody, response: { 200: ConcernSchema, ...errorResponses },
    },
  }, async (request) => app.concerns.acknowledge(request.ctx, request.params.id, request.body));

  api.get('/notifications', {
    config: { policy: { resource: 'notification', action: 'read' }, sensitive: true },
    schema: {
      tags, summary: 'Your notifications, newest first, with how many are unread',
      querystring: NotificationListQuery, response: { 200: NotificationPageSchema, ...errorResponses },
    },
  }, async (request) => app.notifications.list(request.ctx, request.query));

  api.post('/notifications/:id/read', {
    config: { policy: { resource: 'notification', action: 'update' }, sensitive: true },
    schema: {
      tags, summary: 'Mark one of your notifications read',
      params: IdParams, response: { 200: ReadResultSchema, ...errorResponses },
    },
  }, async (request) => app.notifications.markRead(request.ctx, request.params.id));
}
