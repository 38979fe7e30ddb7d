import type { Api } from '../http/api.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import { fileRoutes, safeFileName, withUploadedFile } from '../http/upload.js';
import type { FlowService } from './flows.service.js';
import type { MappingService } from './mapping.service.js';
import {
  MappedImportSchema, MappedUploadQuery, MappingBody, MappingListSchema, MappingSchema, NewPointBody, PointListQuery, PointListSchema, PointSchema, PreviewSchema,
  TopCorridorsSchema, TrendQuery, TrendSchema,
} from './movements.schemas.js';
import type { TrendService } from './trends.service.js';
import type { createMappedFigures } from './figures-mapped.js';

type MappedFigures = ReturnType<typeof createMappedFigures>;

/** Flow monitoring (points, trends, corridors) and mapped imports of untagged files (mappings, preview, import). */
export async function movementsRoutes(api: Api, app: { flows: FlowService; flowTrends: TrendService; importMappings: MappingService; mappedFigures: MappedFigures }): Promise<void> {
  const tags = ['movements'];

  api.get('/movements/points', {
    config: { policy: { resource: 'movement_point', action: 'read' } },
    schema: { tags, summary: 'Flow-monitoring points with their coordinates and operating agency (for a map)', querystring: PointListQuery, response: { 200: PointListSchema, ...errorResponses } },
  }, async (request) => app.flows.listPoints(request.ctx, request.query));

  api.post('/movements/points', {
    config: { policy: { resource: 'movement_point', action: 'create' } },
    schema: { tags, summary: 'Record a flow-monitoring point of your organisation (border crossing, transit, bus station …)', body: NewPointBody, response: { 201: PointSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.flows.createPoint(request.ctx, request.body)));

  api.get('/movements/trends', {
    config: { policy: { resource: 'movement_trend', action: 'read' } },
    schema: { tags, summary: 'Flows by corridor (origin → transit → destination) by month or week, for the largest corridors matching the filter; small cells suppressed', querystring: TrendQuery, response: { 200: TrendSchema, ...errorResponses } },
  }, async (request) => app.flowTrends.trend(request.ctx, request.query));

  api.get('/movements/corridors', {
    config: { policy: { resource: 'movement_trend', action: 'read' } },
    schema: { tags, summary: 'The largest corridors over a window, by their flow total; small cells suppressed', querystring: TrendQuery, response: { 200: TopCorridorsSchema, ...errorResponses } },
  }, async (request) => app.flowTrends.topCorridors(request.ctx, request.query));

  api.get('/mappings', {
    config: { policy: { resource: 'import_mapping', action: 'read' } },
    schema: { tags, summary: 'Your organisation\'s saved mappings, then those shipped with Tandem', response: { 200: MappingListSchema, ...errorResponses } },
  }, async (request) => app.importMappings.list(request.ctx));

  api.post('/mappings', {
    config: { policy: { resource: 'import_mapping', action: 'create' } },
    schema: {
      tags, summary: 'Save a mapping for your organisation under a name (saving the name again replaces it): which sheet and header rows, each column\'s hashtag by exact header or pattern',
      body: MappingBody, response: { 200: MappingSchema, 201: MappingSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const { created, mapping } = await app.importMappings.save(request.ctx, request.body);
    return reply.status(created ? 201 : 200).send(mapping);
  });

  await fileRoutes(api, (scope) => {
    scope.post('/mapped-imports/preview', {
      config: { policy: { resource: 'import_mapping', action: 'read' } },
      schema: {
        tags, summary: 'The first rows of a file as a mapping will read them (the body is the file): headers as read, hashtags, values, problems and warnings; nothing is written',
        querystring: MappedUploadQuery, response: { 200: PreviewSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request) => {
      const { mapping, filename, asOrg, rows } = request.query;
      const found = await app.importMappings.forPreview(request.ctx, mapping, asOrg);
      return withUploadedFile(request, filename, (file) => app.importMappings.previewFile(found, file.path, { name: file.name, rows }));
    });

    scope.post('/mapped-imports/flows', {
      config: { policy: { resource: 'movement_count', action: 'create' } },
      schema: {
        tags, summary: 'Import flow counts from a file through a mapping (the body is the file): all or nothing, the same file twice changes nothing',
        querystring: MappedUploadQuery, response: { 200: MappedImportSchema, 201: MappedImportSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request, reply) => {
      const { mapping, filename, asOrg } = request.query;
      // The account and its organisation are checked before a byte of the body is read.
      const org = await app.flows.precheck(request.ctx, asOrg);
      await app.importMappings.resolve(request.ctx, mapping, org.id);
      const summary = await withUploadedFile(request, filename, (file) => app.flows.importFlows(request.ctx, file.path, { mapping, asOrg, name: file.name }));
      return reply.status(summary.batchId ? 201 : 200).send(summary);
    });

    scope.post('/mapped-imports/figures', {
      config: { policy: { resource: 'import', action: 'create' } },
      schema: {
        tags, summary: 'Import population figures (stocks) from a file through a figures mapping (R4V planning tables …): all or nothing, float residues rounded with a warning',
        querystring: MappedUploadQuery, response: { 200: MappedImportSchema, 201: MappedImportSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request, reply) => {
      const { mapping, filename, asOrg } = request.query;
      await app.mappedFigures.precheck(request.ctx, safeFileName(filename), asOrg);
      const summary = await withUploadedFile(request, filename, (file) => app.mappedFigures.importFigures(request.ctx, file.path, { mapping, asOrg, name: safeFileName(file.name) }));
      return reply.status(summary.batchId ? 201 : 200).send(summary);
    });
  });
}
