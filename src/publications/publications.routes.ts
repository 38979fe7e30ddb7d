import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { sendVersion } from './formats.js';
import type { PublicationService } from './publication.service.js';
import {
  DownloadQuery, ItemData, NewPublicationBody, PatchPublicationBody, PreviewBody, PublicationListQuery, PublicationPageSchema, PublicationSchema,
  PublishedSchema, SlugParams, VersionParams,
} from './publications.schemas.js';

/** Public reports: drafts for their composers, and every published version for anyone. */
export async function publicationRoutes(api: Api, app: { publications: PublicationService }): Promise<void> {
  const tags = ['publications'];
  const compose = (action: 'read' | 'create' | 'update' | 'validate') => ({ policy: { resource: 'publication' as const, action }, sensitive: true });

  api.get('/publications', {
    config: compose('read'),
    schema: { tags, summary: 'The reports you may compose (drafts and published), last changed first', querystring: PublicationListQuery, response: { 200: PublicationPageSchema, ...errorResponses } },
  }, async (request) => app.publications.list(request.ctx, request.query));

  api.post('/publications', {
    config: compose('create'),
    schema: {
      tags, summary: 'Start a report for your organisation (or, as a co-lead\'s staff, for a platform): a title and text in up to five languages (English required) and items, each a saved view of public data',
      body: NewPublicationBody, response: { 201: PublicationSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.publications.create(request.ctx, request.body)));

  api.post('/publications/preview', {
    config: compose('create'),
    schema: {
      tags, summary: 'What an item would publish now, read as the public reads it (a dashboard under disclosure control)',
      body: PreviewBody, response: { 200: ItemData, ...errorResponses },
    },
  }, async (request) => app.publications.preview(request.ctx, request.body));

  // A draft is "not found" to anyone who may not compose it, signed out too: the route lets everyone ask.
  api.get('/publications/:id', {
    config: { policy: { resource: 'published_report', action: 'read' }, sensitive: true },
    schema: { tags, summary: 'A report\'s draft with its published versions and what you may do with it; "not found" to anyone who may not compose it', params: IdParams, response: { 200: PublicationSchema, ...errorResponses } },
  }, async (request) => app.publications.get(request.ctx, request.params.id));

  api.patch('/publications/:id', {
    config: compose('update'),
    schema: {
      tags, summary: 'Change the draft\'s title, text or items; the public address keeps showing the last published version until the report is published again',
      params: IdParams, body: PatchPublicationBody, response: { 200: PublicationSchema, ...errorResponses },
    },
  }, async (request) => app.publications.update(request.ctx, request.params.id, request.body));

  api.post('/publications/:id/publish', {
    config: compose('validate'),
    schema: {
      tags, summary: 'Publish the draft as the next version: every item\'s data is read now, as the public reads it, and frozen with the version',
      params: IdParams, response: { 200: PublicationSchema, ...errorResponses },
    },
  }, async (request) => app.publications.publish(request.ctx, request.params.id));

  const publicRead = { policy: { resource: 'published_report' as const, action: 'read' as const } };
  api.get('/public/reports/:slug', {
    config: publicRead,
    schema: {
      tags, summary: 'A published report\'s latest version, at its stable address; as CSV, HXL (one table per item) or XLSX (a sheet per item)',
      params: SlugParams, querystring: DownloadQuery, response: { 200: PublishedSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const v = await app.publications.published(request.params.slug);
    if (request.query.format === 'json') return v;
    return sendVersion(reply, v, request.query.format, request.query.item);
  });

  api.get('/public/reports/:slug/versions/:n', {
    config: publicRead,
    schema: {
      tags, summary: 'One published version of a report, kept as it was published; as CSV, HXL or XLSX',
      params: VersionParams, querystring: DownloadQuery, response: { 200: PublishedSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const v = await app.publications.published(request.params.slug, request.params.n);
    if (request.query.format === 'json') return v;
    return sendVersion(reply, v, request.query.format, request.query.item);
  });
}
