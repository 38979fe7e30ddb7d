/**
 * Data-sharing agreements (R6), pure: what an agreement covers, and where it stands on a given day.
 * No I/O.
 */

/** The kinds of data an agreement covers (what a transfer carries, besides a referral's personal data). */
export const DATA_KINDS = ['figures', '5w_reports', 'referral_aggregates', 'flow_counts'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** The kinds a receiving party reads through Tandem under an agreement (figures are public to everyone). */
export const SHARED_KINDS = ['5w_reports', 'referral_aggregates', 'flow_counts'] as const satisfies readonly DataKind[];
export type SharedKind = (typeof SHARED_KINDS)[number];

/** What a transfer carries: a kind of data an agreement covers, or a referral (personal data, moved only with consent, R7). */
export const TRANSFER_KINDS = [...DATA_KINDS, 'referral'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** The finest level a receiving party may read, coarsest first. */
export const GRANULARITIES = ['country', 'admin1', 'admin2', 'individual'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * The grounds for a transfer made under no agreement: consent (a referral), vital interests, the agency's
 * mandate, a legal obligation, a public interest; `platform_contribution` is a party's own data entered into
 * the joint platform (an import, a validated 5W report), read there as the policy says.
 */
export const LEGAL_BASES = ['consent', 'vital_interests', 'mandate', 'legal_obligation', 'public_interest', 'platform_contribution'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Which way data flows for a party: it provides, receives, or both. */
export const PARTY_ROLES = ['provider', 'recipient', 'both'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** draft: some party has not approved; scheduled: all approved, before its start; active; lapsed: after its expiry day. */
export const AGREEMENT_STATUSES = ['draft', 'scheduled', 'active', 'lapsed'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is this a real calendar day (YYYY-MM-DD, no 31 February)? */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The UTC day of an instant, as YYYY-MM-DD. */
export const dayOf = (t: Date) => t.toISOString().slice(0, 10);

/**
 * Where an agreement stands at `now`: it is in force from its start day through its expiry day (UTC days,
 * both included) once every party approved; after its expiry day it has lapsed, approved or not.
 */
export function agreementStatus(a: { startsOn: string; expiresOn: string; approvals: ReadonlyArray<string | null> }, now: Date): AgreementStatus {
  const today = dayOf(now);
  if (today > a.expiresOn) return 'lapsed';
  if (a.approvals.length === 0 || a.approvals.some((x) => x === null)) return 'draft';
  return today < a.startsOn ? 'scheduled' : 'active';
}

export interface CoverageQuestion {
  status: AgreementStatus;
  kinds: readonly string[];
  fields: readonly string[];
  parties: ReadonlyArray<{ orgId: string; role: PartyRole }>;
}

/**
 * Does the agreement cover this transfer? It must be active, name the kind, have the sender among its
 * providers and the receiver among its recipients, and list every field sent (an agreement with no fields
 * listed covers aggregates of the kind without naming columns). Returns what is wrong, or null.
 */
export function coverageProblem(a: CoverageQuestion, t: { kind: string; fromOrgId: string; toOrgId: string | null; fields: readonly string[] }): string | null {
  if (a.status !== 'active') return `the agreement is ${a.status}, not active`;
  if (!a.kinds.includes(t.kind)) return `the agreement does not cover ${t.kind.replaceAll('_', ' ')}`;
  const role = (org: string | null) => a.parties.find((p) => p.orgId === org)?.role;
  const from = role(t.fromOrgId);
  if (from !== 'provider' && from !== 'both') return 'the sending organisation provides no data under this agreement';
  const to = role(t.toOrgId);
  if (to !== 'recipient' && to !== 'both') return 'the receiving organisation receives no data under this agreement';
  const extra = a.fields.length ? t.fields.filter((f) => !a.fields.includes(f)) : [];
  if (extra.length) return `fields the agreement does not list: ${extra.join(', ')}`;
  return null;
}
