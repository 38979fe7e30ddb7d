import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses, ExportQuery } from '../http/schemas.js';
import { fileRoutes, withUploadedFile } from '../http/upload.js';
import type { HxlField } from '../hxl/index.js';
import type { BoundaryService } from './boundary.service.js';
import type { RegistryService } from './registry.service.js';
import type { VocabularyService } from './vocabulary.service.js';
import {
  AdminAreaSchema, AdminAreasBody, AdminAreasResult, BoundariesSchema, BoundaryParams, BoundaryUploadQuery, BoundaryUploadResult, CountrySchema, IndicatorBody,
  IndicatorSchema, PopulationTypeSchema,
} from './vocabulary.schemas.js';

type CountryView = Awaited<ReturnType<VocabularyService['countries']>>[number];
type TypeView = ReturnType<VocabularyService['populationTypes']>[number];

const TYPE_HXL: ReadonlyArray<HxlField<TypeView>> = [
  ['Code', '#indicator+code', (t) => t.code], ['Group', '#indicator+type', (t) => t.group], ['Agency', '#org+code', (t) => t.agency],
  ['Name', '#indicator+name+i_en', (t) => t.names.en], ['Nombre', '#indicator+name+i_es', (t) => t.names.es],
  ['Nom', '#indicator+name+i_fr', (t) => t.names.fr], ['الاسم', '#indicator+name+i_ar', (t) => t.names.ar], ['Nome', '#indicator+name+i_pt', (t) => t.names.pt],
];
const COUNTRY_HXL: ReadonlyArray<HxlField<CountryView>> = [
  ['ISO3', '#country+code', (c) => c.iso3], ['M49', '#country+code+m49', (c) => c.m49], ['Name', '#country+name+i_en', (c) => c.names.en],
  ['Nombre', '#country+name+i_es', (c) => c.names.es], ['Nom', '#country+name+i_fr', (c) => c.names.fr],
  ['الاسم', '#country+name+i_ar', (c) => c.names.ar], ['Nome', '#country+name+i_pt', (c) => c.names.pt],
  ['Region', '#region+name', (c) => c.region], ['Sub-region', '#region+name+sub', (c) => c.subregion],
];

/** JSON kept as text, sent as it is (no parse and serialise again). */
async function sendJsonText(reply: FastifyReply, text: string): Promise<void> {
  await reply.type('application/json; charset=utf-8').send(text);
}

export async function vocabularyRoutes(api: Api, app: { vocabulary: VocabularyService; registries: RegistryService; boundaries: BoundaryService }): Promise<void> {
  api.get('/population-types', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Population types (R1) with group, authority and names in five languages', querystring: ExportQuery, response: { 200: Type.Array(PopulationTypeSchema) } },
  }, async (request, reply) => {
    const items = app.vocabulary.populationTypes();
    return replyList(reply, request.query.format, items, items, TYPE_HXL, 'population-types');
  });

  api.get('/countries', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Countries with ISO3, M49 and region, names in five languages', querystring: ExportQuery, response: { 200: Type.Array(CountrySchema) } },
  }, async (request, reply) => {
    const items = await app.vocabulary.countries();
    return replyList(reply, request.query.format, items, items, COUNTRY_HXL, 'countries');
  });

  api.get('/admin-areas', {
    config: { policy: { resource: 'registry', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Admin areas by P-code', querystring: Type.Object({ iso3: Type.Optional(Type.String({ maxLength: 3 })) }), response: { 200: Type.Array(AdminAreaSchema) } },
  }, async (request) => app.registries.adminAreas({ iso3: request.query.iso3 }));

  api.post('/admin-areas', {
    config: { policy: { resource: 'registry', action: 'create' } },
    schema: { tags: ['vocabulary'], summary: 'Add or update admin areas (from a COD gazetteer)', body: AdminAreasBody, response: { 200: AdminAreasResult, ...errorResponses } },
  }, async (request) => app.registries.upsertAdminAreas(request.ctx, request.body.areas));

  api.get('/countries/:iso3/boundaries', {
    config: { policy: { resource: 'registry', action: 'read' } },
    schema: {
      tags: ['vocabulary'], summary: 'A country\'s admin-area boundaries as GeoJSON features (P-code and name); none yet: an empty list',
      params: BoundaryParams, response: { 200: BoundariesSchema, ...errorResponses },
    },
  }, async (request, reply) => sendJsonText(reply, await app.boundaries.document(request.params.iso3)));

  await fileRoutes(api, (scope) => scope.post('/countries/:iso3/boundaries', {
    config: { policy: { resource: 'registry', action: 'create' } },
    schema: {
      tags: ['vocabulary'],
      summary: 'Upload a country\'s admin-area boundaries (a GeoJSON FeatureCollection, the raw body): replaces those kept; capped in size; problems by feature and property',
      params: BoundaryParams, querystring: BoundaryUploadQuery,
      response: { 200: BoundaryUploadResult, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (request) => {
    // The account's right is checked before a byte of the body is read.
    await app.boundaries.precheck(request.ctx);
    return withUploadedFile(request, request.query.filename, (file) =>
      app.boundaries.upload(request.ctx, request.params.iso3, file.path, { file: file.name, pcodeProperty: request.query.pcodeProperty, nameProperty: request.query.nameProperty }));
  }));

  api.get('/indicators', {
    config: { policy: { resource: 'registry', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'The indicator registry', response: { 200: Type.Array(IndicatorSchema) } },
  }, async () => app.registries.indicators());

  api.post('/indicators', {
    config: { policy: { resource: 'registry', action: 'create' } },
    schema: { tags: ['vocabulary'], summary: 'Add or update an indicator', body: IndicatorBody, response: { 200: IndicatorSchema, ...errorResponses } },
  }, async (request) => app.registries.upsertIndicator(request.ctx, request.body));
}
