import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { PolicyTable } from './coordination.tables.js';

/** The parameters of the lead recommendation, versioned so that every recommendation can say which it used. */
export interface Policy {
  version: string;
  /** θ: the share of international-protection figures at or above which the response is a refugee response. */
  theta: number;
  /** Figures older than this many months before the reference date are stale. */
  staleMonths: number;
  /** Two sources of the same type disagree when they differ by more than this fraction of the larger. */
  disagreementRatio: number;
  /** P is taken at an inclusive stock's date from protection figures within this many months of it (R2). */
  alignmentMonths: number;
  /** k: published aggregates suppress every non-zero count below it (R6; 5 by default). */
  disclosureK: number;
  effectiveFrom: string;
  note: string;
}

export const DEFAULT_POLICY: PolicyTable = {
  version: '2019.1',
  theta: 2 / 3,
  stale_months: 24,
  disagreement_ratio: 0.1,
  alignment_months: 12,
  disclosure_k: 5,
  effective_from: '2019-01-01',
  note: 'Joint IOM-UNHCR letter (2019): "predominantly" read as two thirds; stale after 24 months; protection figures within 12 months of an inclusive stock\'s date.',
  published_at: '2019-01-01T00:00:00.000Z',
  published_by: 'tandem (default)',
};

/** Brings the default lead policy into the database, once. */
export async function syncLeadPolicy(db: Kysely<DB>): Promise<void> {
  await db.insertInto('policies').values({ ...DEFAULT_POLICY }).onConflict((oc) => oc.column('version').doNothing()).execute();
}

export function policyFromRow(row: PolicyTable): Policy {
  return {
    version: row.version,
    theta: Number(row.theta),
    staleMonths: Number(row.stale_months),
    disagreementRatio: Number(row.disagreement_ratio),
    alignmentMonths: Number(row.alignment_months),
    disclosureK: Number(row.disclosure_k),
    effectiveFrom: row.effective_from,
    note: row.note,
  };
}
