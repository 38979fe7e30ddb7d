import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { replyList } from '../http/hxl-reply.js';
import { CountrySchema, ExportQuery, OrganisationSchema, PopulationTypeSchema } from '../http/schemas.js';
import type { HxlField } from '../hxl/table.js';

type CountryView = Awaited<ReturnType<App['vocabulary']['countries']>>[number];
type OrgView = Awaited<ReturnType<App['vocabulary']['organisations']>>[number];
type TypeView = ReturnType<App['vocabulary']['populationTypes']>[number];

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
const ORG_HXL: ReadonlyArray<HxlField<OrgView>> = [
  ['Organisation', '#org+name', (o) => o.name], ['Short name', '#org+code', (o) => o.slug], ['Type', '#org+type', (o) => o.kind],
  ['Refugee-led', '#org+x_refugee_led', (o) => (o.refugeeLed ? 'yes' : 'no')], ['Migrant-led', '#org+x_migrant_led', (o) => (o.migrantLed ? 'yes' : 'no')],
];

export async function vocabularyRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/population-types', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Population types (R1) with group, authority and names in five languages', querystring: ExportQuery, response: { 200: Type.Array(PopulationTypeSchema) } },
  }, async (request, reply) => {
    const items = app.vocabulary.populationTypes();
    return replyList(reply, (request.query as { format: string }).format, items, items, TYPE_HXL, 'population-types');
  });

  api.get('/countries', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Countries with ISO3, M49 and region, names in five languages', querystring: ExportQuery, response: { 200: Type.Array(CountrySchema) } },
  }, async (request, reply) => {
    const items = await app.vocabulary.countries();
    return replyList(reply, (request.query as { format: string }).format, items, items, COUNTRY_HXL, 'countries');
  });

  api.get('/organisations', {
    config: { policy: { resource: 'organisation', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Organisations', querystring: ExportQuery, response: { 200: Type.Array(OrganisationSchema) } },
  }, async (request, reply) => {
    const items = await app.vocabulary.organisations();
    return replyList(reply, (request.query as { format: string }).format, items, items, ORG_HXL, 'organisations');
  });
}
