import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { errorResponses, IdParams, PageQuery } from '../http/schemas.js';
import type { PersonService } from './person.service.js';
import { ErasedSchema, NewPersonBody, PersonPage, PersonPatchBody, PersonSchema, ProfileBody, ProfileSchema, SearchBody, SubjectExportSchema } from './protection.schemas.js';
import type { SubjectService } from './subject.service.js';

/** People and their screenings. Personal values travel in bodies only, never in a URL; answers are never cached. */
export async function personRoutes(api: Api, app: { protectionPeople: PersonService; protectionSubjects: SubjectService }): Promise<void> {
  const tags = ['protection'];
  const sensitive = true;

  api.post('/protection/people', {
    config: { policy: { resource: 'protection_person', action: 'create' }, sensitive },
    schema: { tags, summary: 'Record a person (minimal record, every personal field encrypted) with the purpose, legal basis and retention date of the record', body: NewPersonBody, response: { 201: PersonSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.protectionPeople.create(request.ctx, request.body)));

  api.get('/protection/people', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'The people your organisations hold, the latest recorded first', querystring: Type.Object(PageQuery), response: { 200: PersonPage, ...errorResponses } },
  }, async (request) => app.protectionPeople.list(request.ctx, request.query));

  api.post('/protection/people/search', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'Find people of your organisation by exact name (and date of birth), through keyed hashes', body: SearchBody, response: { 200: Type.Array(PersonSchema), ...errorResponses } },
  }, async (request) => app.protectionPeople.search(request.ctx, request.body));

  api.get('/protection/people/:id', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'A person, for the case handlers of the organisation that holds the record', params: IdParams, response: { 200: PersonSchema, ...errorResponses } },
  }, async (request) => app.protectionPeople.get(request.ctx, request.params.id));

  api.patch('/protection/people/:id', {
    config: { policy: { resource: 'protection_person', action: 'update' }, sensitive },
    schema: { tags, summary: 'Correct a person\'s record (audited by id)', params: IdParams, body: PersonPatchBody, response: { 200: PersonSchema, ...errorResponses } },
  }, async (request) => app.protectionPeople.correct(request.ctx, request.params.id, request.body));

  // The route lets every reader through, so that a case worker of the holder hears "forbidden", not "not found".
  api.delete('/protection/people/:id', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'Erase a person and every derived copy (screenings, referral texts); audited by id', params: IdParams, response: { 200: ErasedSchema, ...errorResponses } },
  }, async (request) => app.protectionPeople.erase(request.ctx, request.params.id));

  api.get('/protection/people/:id/export', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'Everything held about a person (data-subject access request)', params: IdParams, response: { 200: SubjectExportSchema, ...errorResponses } },
  }, async (request) => app.protectionSubjects.export(request.ctx, request.params.id));

  api.get('/protection/people/:id/profiles', {
    config: { policy: { resource: 'protection_person', action: 'read' }, sensitive },
    schema: { tags, summary: 'A person\'s screenings, the latest last', params: IdParams, response: { 200: Type.Array(ProfileSchema), ...errorResponses } },
  }, async (request) => app.protectionPeople.profiles(request.ctx, request.params.id));

  api.post('/protection/people/:id/profiles', {
    config: { policy: { resource: 'protection_person', action: 'update' }, sensitive },
    schema: {
      tags, summary: 'Screen a person: suggested pathways with their reasons and agencies, an indicator of possible international protection needs (never a status)',
      params: IdParams, body: ProfileBody, response: { 201: ProfileSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.protectionPeople.profile(request.ctx, request.params.id, request.body)));
}
