import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { CountrySchema, OrganisationSchema, PopulationTypeSchema } from '../http/schemas.js';

export async function vocabularyRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/population-types', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Population types (R1) with group, authority and names in five languages', response: { 200: Type.Array(PopulationTypeSchema) } },
  }, async () => app.vocabulary.populationTypes());

  api.get('/countries', {
    config: { policy: { resource: 'vocabulary', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Countries with ISO3, M49 and region, names in five languages', response: { 200: Type.Array(CountrySchema) } },
  }, async () => app.vocabulary.countries());

  api.get('/organisations', {
    config: { policy: { resource: 'organisation', action: 'read' } },
    schema: { tags: ['vocabulary'], summary: 'Organisations', response: { 200: Type.Array(OrganisationSchema) } },
  }, async () => app.vocabulary.organisations());
}
