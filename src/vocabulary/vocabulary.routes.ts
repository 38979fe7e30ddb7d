import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses, ExportQuery } from '../http/schemas.js';
import type { HxlField } from '../hxl/index.js';
import type { RegistryService } from './registry.service.js';
import type { VocabularyService } from './vocabulary.service.js';
import { AdminAreaSchema, AdminAreasBody, AdminAreasResult, CountrySchema, IndicatorBody, IndicatorSchema, PopulationTypeSchema } from './vocabulary.schemas.js';

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

export async function vocabularyRoutes(api: Api, app: { vocabulary: VocabularyService; registries: RegistryService }): Promise<void> {
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

  api.get('/indicators', {
    config: { policy: { resource: 'registry', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'The indicator registry', response: { 200: Type.Array(IndicatorSchema) } },
  }, async () => app.registries.indicators());

  api.post('/indicators', {
    config: { policy: { resource: 'registry', action: 'create' } },
    schema: { tags: ['vocabulary'], summary: 'Add or update an indicator', body: IndicatorBody, response: { 200: IndicatorSchema, ...errorResponses } },
  }, async (request) => app.registries.upsertIndicator(request.ctx, request.body));
}
