import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { AgreementService } from './agreement.service.js';
import type { SharedDataService } from './shared-data.service.js';
import {
  AgreementListQuery, AgreementPageSchema, AgreementReportQuery, AgreementReportSchema, AgreementSchema, ApproveBody, NewAgreementBody, NewTransferBody,
  SharedDataQuery, SharedDataSchema, SharedFiveWQuery, SharedFiveWSchema, TransferListQuery, TransferPageSchema, TransferSchema,
} from './sharing.schemas.js';
import type { TransferService } from './transfer.service.js';

/** Data-sharing agreements and the transfer register (R6). */
export async function sharingRoutes(api: Api, app: { agreements: AgreementService; transfers: TransferService; sharedData: SharedDataService }): Promise<void> {
  const tags = ['sharing'];
  const readAgreement = { policy: { resource: 'sharing_agreement' as const, action: 'read' as const }, sensitive: true };

  api.get('/sharing/agreements', {
    config: readAgreement,
    schema: {
      tags, summary: 'The data-sharing agreements your organisations are party to, newest first, with where each stands today',
      querystring: AgreementListQuery, response: { 200: AgreementPageSchema, ...errorResponses },
    },
  }, async (request) => app.agreements.list(request.ctx, request.query));

  api.post('/sharing/agreements', {
    config: { policy: { resource: 'sharing_agreement', action: 'create' }, sensitive: true },
    schema: {
      tags, summary: 'Draft a data-sharing agreement your organisation is party to: who provides and receives which kinds of data, for what, at which granularity, from when until when',
      body: NewAgreementBody, response: { 201: AgreementSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.agreements.draft(request.ctx, request.body)));

  api.get('/sharing/agreements/:id', {
    config: readAgreement,
    schema: { tags, summary: 'One data-sharing agreement with its parties\' approvals and what you may do with it', params: IdParams, response: { 200: AgreementSchema, ...errorResponses } },
  }, async (request) => app.agreements.get(request.ctx, request.params.id));

  api.post('/sharing/agreements/:id/approve', {
    config: { policy: { resource: 'sharing_agreement', action: 'sign' }, sensitive: true },
    schema: {
      tags, summary: 'Approve the agreement for your organisation (its representative or coordinator); it is in force once every party has',
      params: IdParams, body: ApproveBody, response: { 200: AgreementSchema, ...errorResponses },
    },
  }, async (request) => app.agreements.approve(request.ctx, request.params.id, request.body));

  api.get('/sharing/agreements/:id/transfers', {
    config: readAgreement,
    schema: {
      tags, summary: 'What went out under the agreement: transfers and rows by kind and by recipient, and the latest transfers',
      params: IdParams, querystring: AgreementReportQuery, response: { 200: AgreementReportSchema, ...errorResponses },
    },
  }, async (request) => app.agreements.report(request.ctx, request.params.id, request.query));

  api.get('/sharing/transfers', {
    config: { policy: { resource: 'transfer', action: 'read' }, sensitive: true },
    schema: {
      tags, summary: 'The transfer register of your organisations: what they sent and received, newest first (append-only)',
      querystring: TransferListQuery, response: { 200: TransferPageSchema, ...errorResponses },
    },
  }, async (request) => app.transfers.list(request.ctx, request.query));

  api.post('/sharing/transfers', {
    config: { policy: { resource: 'transfer', action: 'create' }, sensitive: true },
    schema: {
      tags, summary: 'Register a transfer your organisation made outside Tandem, under an active agreement that covers it or on a legal basis',
      body: NewTransferBody, response: { 201: TransferSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.transfers.register(request.ctx, request.body)));

  api.get('/sharing/agreements/:id/5w', {
    config: { policy: { resource: 'shared_data', action: 'read' }, sensitive: true },
    schema: {
      tags, summary: 'As a receiving party of an agreement in force that covers 5W reports: people reached in a month by the providers\' validated reports, by place at the agreed granularity and indicator, with margins and small cells suppressed; the read is registered as a transfer',
      params: IdParams, querystring: SharedFiveWQuery, response: { 200: SharedFiveWSchema, ...errorResponses },
    },
  }, async (request) => app.sharedData.fiveW(request.ctx, request.params.id, request.query));

  api.get('/sharing/agreements/:id/data', {
    config: { policy: { resource: 'shared_data', action: 'read' }, sensitive: true },
    schema: {
      tags, summary: 'As a receiving party of an agreement in force that covers the kind: the providers\' 5W reports, referral aggregates or flow counts of a month, by place at the agreed granularity (or coarser where the data is) and category, with margins and small cells suppressed; the read is registered as a transfer',
      params: IdParams, querystring: SharedDataQuery, response: { 200: SharedDataSchema, ...errorResponses },
    },
  }, async (request) => app.sharedData.read(request.ctx, request.params.id, request.query.kind, request.query));
}
