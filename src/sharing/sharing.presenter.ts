import { member } from '../core/validate.js';
import { AGREEMENT_STATUSES, DATA_KINDS, GRANULARITIES, LEGAL_BASES, PARTY_ROLES, TRANSFER_KINDS, type AgreementStatus } from './sharing.rules.js';
import type { SharingAgreementTable, SharingTransferTable } from './sharing.tables.js';

export type Org = { id: string; slug: string; name: string };
export type PartyRow = {
  agreement_id: string; org_id: string; role: string; approved_by: string | null; approved_role: string | null; approved_at: string | null; slug: string; name: string;
};

const ref = (o: Org | undefined | null) => (o ? { slug: o.slug, name: o.name } : null);
const list = (json: string) => JSON.parse(json) as string[];

/** An agreement as the API shows it: never the row itself. */
export function presentAgreement(row: SharingAgreementTable, parties: readonly PartyRow[], drafterOrg: Org | null, status: AgreementStatus, can: { approve: boolean }) {
  return {
    id: row.id, title: row.title, purpose: row.purpose, status: member(AGREEMENT_STATUSES, status),
    kinds: list(row.kinds).map((k) => member(DATA_KINDS, k)), granularity: member(GRANULARITIES, row.granularity), fields: list(row.fields),
    startsOn: row.starts_on, expiresOn: row.expires_on, documentRef: row.document_ref,
    draftedBy: { accountId: row.drafted_by, organisation: ref(drafterOrg) }, createdAt: row.created_at,
    parties: parties.map((p) => ({
      organisation: { slug: p.slug, name: p.name }, role: member(PARTY_ROLES, p.role),
      approval: p.approved_at && p.approved_by ? { by: p.approved_by, role: p.approved_role ?? '', at: p.approved_at } : null,
    })),
    can,
  };
}

/** A transfer as the API shows it; `orgs` names the organisations by id. */
export function presentTransfer(row: SharingTransferTable, orgs: ReadonlyMap<string, Org>) {
  return {
    id: row.id, at: row.at, actor: row.actor,
    from: ref(orgs.get(row.from_org_id)) ?? { slug: row.from_org_id, name: row.from_org_id },
    to: row.to_org_id === null ? null : ref(orgs.get(row.to_org_id)) ?? { slug: row.to_org_id, name: row.to_org_id },
    kind: member(TRANSFER_KINDS, row.kind), agreementId: row.agreement_id,
    legalBasis: row.legal_basis === null ? null : member(LEGAL_BASES, row.legal_basis),
    rows: Number(row.rows), fields: list(row.fields), purpose: row.purpose, sourceEvent: row.source_event,
  };
}
