import type { Kysely } from 'kysely';
import { OPERATOR, type Ctx } from '../core/actor.js';
import { on, type Subscription } from '../core/events.js';
import type { DB } from '../core/tables.js';
import type { TransferService } from './transfer.service.js';

/** What Tandem registers by itself appears in the register and the audit as `event`, never as a person. */
const eventCtx: Ctx = { actor: { ...OPERATOR, label: 'event' }, requestId: null };

/** Reads through the event's transaction (on SQLite its one connection is held by it): the rows other modules own, read only. */
const consentedFields = async (q: Kysely<DB>, referralId: string) => {
  const r = await q.selectFrom('protection_referrals').select('consent_fields').where('id', '=', referralId).executeTakeFirst();
  return r ? (JSON.parse(r.consent_fields) as string[]) : [];
};

/**
 * Every transfer is registered (R6), in the transaction of the change that moved the data, so the change
 * and its entry stand or fall together:
 * - a referral sent: personal data from the referrer to the receiver, on the person's consent (R7), with
 *   the consented fields;
 * - an import committed: the importer's figures into the joint platform;
 * - a 5W report validated: the partner's report into the platform's dashboard;
 * - a public report published: its organisation's aggregates to the public (every version once);
 * - an export of figures or of a plan's dashboard by an organisation's account: what each source sent to it.
 * Each cause registers once (its source key).
 */
export function sharingSubscriptions(app: { transfers: Pick<TransferService, 'record'> }): Subscription[] {
  const { transfers } = app;
  return [
    on('referral.sent', 'in-transaction', 'sharing: register a referral\'s transfer', async (e, q) => {
      await transfers.record(q, eventCtx, {
        kind: 'referral', fromOrgId: e.fromOrgId, toOrgId: e.toOrgId, legalBasis: 'consent', rows: 1,
        fields: await consentedFields(q, e.referralId), purpose: `referral (${e.pathway})`, source: { event: 'referral.sent', key: `referral.sent:${e.referralId}` },
      });
    }),
    on('figures.imported', 'in-transaction', 'sharing: register an import into the platform', async (e, q) => {
      if (!e.orgId) return; // the operator's import for no organisation: nothing left an organisation
      await transfers.record(q, eventCtx, {
        kind: 'figures', fromOrgId: e.orgId, toOrgId: null, legalBasis: 'platform_contribution', rows: e.inserted + e.updated,
        fields: [], purpose: `import (${e.kind})`, source: { event: 'figures.imported', key: `figures.imported:${e.batchId}` },
      });
    }),
    on('dashboard.exported', 'in-transaction', 'sharing: register a dashboard export by an organisation', async (e, q) => {
      // Each partner's figures went to the exporting organisation; its own figures did not move.
      for (const from of e.fromOrgIds.filter((o) => o !== e.toOrgId)) {
        await transfers.record(q, eventCtx, {
          kind: '5w_reports', fromOrgId: from, toOrgId: e.toOrgId, legalBasis: 'platform_contribution', rows: e.rows, fields: e.fields,
          purpose: `dashboard export (${e.format}${e.disclosed ? ', under disclosure control' : ''})`,
        });
      }
    }),
    on('figures.exported', 'in-transaction', 'sharing: register a figures export by an organisation', async (e, q) => {
      // Each asserting organisation's figures went to the exporting organisation; its own figures did not move.
      for (const from of e.from.filter((f) => f.orgId !== e.toOrgId)) {
        await transfers.record(q, eventCtx, {
          kind: 'figures', fromOrgId: from.orgId, toOrgId: e.toOrgId, legalBasis: 'public_interest', rows: from.rows, fields: e.fields,
          purpose: `figures export (${e.format}${e.disclosed ? ', under disclosure control' : ''})`,
        });
      }
    }),
    on('report.validated', 'in-transaction', 'sharing: register a validated 5W report', async (e, q) => {
      const a = await q.selectFrom('activities').select('partner_org_id').where('id', '=', e.activityId).executeTakeFirst();
      if (!a) return;
      const n = await q.selectFrom('report_rows').select((eb) => eb.fn.countAll<number | string>().as('n')).where('report_id', '=', e.reportId).executeTakeFirst();
      await transfers.record(q, eventCtx, {
        kind: '5w_reports', fromOrgId: a.partner_org_id, toOrgId: null, legalBasis: 'platform_contribution', rows: Number(n?.n ?? 0),
        fields: [], purpose: `5W report ${e.month}`, source: { event: 'report.validated', key: `report.validated:${e.reportId}` },
      });
    }),
    on('publication.published', 'in-transaction', 'sharing: register a published report', async (e, q) => {
      await transfers.record(q, eventCtx, {
        kind: 'figures', fromOrgId: e.orgId, toOrgId: null, legalBasis: 'public_interest', rows: e.rows,
        fields: [], purpose: `public report ${e.slug}, version ${e.version}`, source: { event: 'publication.published', key: `publication.published:${e.publicationId}:${e.version}` },
      });
    }),
  ];
}
