import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { POPULATION_TYPES, type PopulationType } from '../vocabulary/index.js';
import { returnsRepo as repo, type ReturnRow } from './returns.repo.js';
import {
  approvalGaps, requiredSafeguards, RETURN_SAFEGUARDS, RETURN_STATUSES, returnLead, safeguardGaps, stepAllowed, voluntariness,
  type ReturnLead, type SafeguardRecord,
} from './returns.rules.js';
import type { ReturnView } from './returns.schemas.js';

const PROGRAMMES = ['voluntary-repatriation', 'assisted-voluntary-return-and-reintegration'] as const;

/** The facts a return operation's access is decided on: its lead (own_org) and its supporting agency (concerned). */
export const returnFacts = (row: Pick<ReturnRow, 'lead_org_id' | 'support_org_id'>) =>
  ({ orgIds: [row.lead_org_id], concernedOrgIds: row.support_org_id ? [row.support_org_id] : [] });

/** Everything the approval gate reads about an operation, from the database. */
export async function gateInputs(db: Kysely<DB>, row: ReturnRow) {
  const [caseload, safeguards, declarations] = await Promise.all([repo.caseload(db, row.id), repo.safeguards(db, row.id), repo.declarations(db, row.id)]);
  const records: SafeguardRecord[] = safeguards.map((s) => ({
    safeguard: member(RETURN_SAFEGUARDS, s.safeguard), evidence: s.evidence, verifiedBy: s.verified_by, verifiedAt: s.verified_at, staying: s.staying,
    framework: s.framework_kind ? { kind: s.framework_kind, parties: JSON.parse(s.framework_parties ?? '[]') as string[], signedOn: s.framework_signed_on ?? '', document: s.framework_document ?? '' } : null,
  }));
  const decls = declarations.map((d) => ({ people: d.people, free: d.free === 1, informed: d.informed === 1, express: d.express === 1, withdrawn: d.withdrawn_at !== null }));
  const caseloadPeople = caseload.reduce((n, c) => n + Number(c.people), 0);
  const programme = member(PROGRAMMES, row.programme);
  return { caseload, records, decls, declarations, caseloadPeople, programme, gaps: approvalGaps({ programme, caseloadPeople, declarations: decls, safeguards: records }) };
}

/** A return operation as the API shows it, with what the actor may do with it now. */
export async function presentReturn(db: Kysely<DB>, access: Pick<Access, 'can'>, ctx: Ctx, row: ReturnRow): Promise<ReturnView> {
  const g = await gateInputs(db, row);
  const [objections, movements, monitoring, orgs] = await Promise.all([
    repo.objections(db, row.id), repo.movements(db, row.id), repo.monitoring(db, row.id),
    repo.orgs(db, [row.lead_org_id, ...(row.support_org_id ? [row.support_org_id] : [])]),
  ]);
  const org = (id: string | null) => {
    const o = id ? orgs.find((x) => x.id === id) : undefined;
    return o ? { slug: o.slug, name: o.name } : null;
  };
  const slug = (id: string | null) => (id ? orgs.find((x) => x.id === id)?.slug ?? null : null);
  const status = member(RETURN_STATUSES, row.status);
  const facts = returnFacts(row);
  const required = requiredSafeguards(g.programme);
  const v = voluntariness(g.caseloadPeople, g.decls);
  const caseload = Object.fromEntries(g.caseload.map((c) => [c.pop_type, Number(c.people)])) as Partial<Record<PopulationType, number>>;
  const lead: ReturnLead = returnLead(caseload);
  const mayUpdate = access.can(ctx, 'return_operation', 'update', facts);
  const moved = movements.map((m) => JSON.parse(m.people) as Record<string, number>);
  return {
    id: row.id, name: row.name, origin: row.origin_iso3, host: row.host_iso3,
    lead: org(row.lead_org_id)!, support: org(row.support_org_id), programme: g.programme, leadReason: lead.reason, status,
    caseload: g.caseload.map((c) => ({ type: member(POPULATION_TYPES, c.pop_type), people: Number(c.people) })), caseloadPeople: g.caseloadPeople,
    voluntariness: { ...v, declarations: g.declarations.length, withdrawn: g.declarations.filter((d) => d.withdrawn_at !== null).length },
    safeguards: RETURN_SAFEGUARDS.map((s) => {
      const rec = g.records.find((r) => r.safeguard === s);
      const holds = s === 'voluntariness_verified' ? g.caseloadPeople > 0 && v.missing === 0 : !!rec && safeguardGaps(rec).length === 0;
      return {
        safeguard: s, required: required.includes(s), holds,
        missing: s === 'voluntariness_verified' ? (holds ? [] : [`${v.missing} people without a declaration that holds`]) : rec ? safeguardGaps(rec) : ['not recorded'],
        evidence: rec?.evidence ?? null, verifiedBy: rec?.verifiedBy ?? null, verifiedAt: rec?.verifiedAt ?? null, framework: rec?.framework ?? null, staying: rec?.staying ?? null,
      };
    }),
    approvalBlockers: g.gaps.map((x) => x.message),
    monitoringPlan: row.monitoring_plan,
    objections: objections.map((o) => ({ id: o.id, organisation: o.slug, reason: o.reason, raisedAt: o.raised_at })),
    approval: row.approved_at ? { by: row.approved_by!, organisation: slug(row.lead_org_id), at: row.approved_at } : null,
    countersignature: row.countersigned_at ? { by: row.countersigned_by!, organisation: slug(row.support_org_id), at: row.countersigned_at } : null,
    completion: row.completed_at ? { by: row.completed_by!, organisation: slug(row.lead_org_id), at: row.completed_at, figuresBatchId: row.figures_batch_id } : null,
    movements: movements.map((m, i) => ({ id: m.id, kind: m.kind, departedOn: m.departed_on, arrivedOn: m.arrived_on, people: Number(m.total), byType: moved[i]! })),
    moved: movements.reduce((n, m) => n + Number(m.total), 0),
    monitoring: monitoring.map((m) => ({ id: m.id, visitedOn: m.visited_on, place: m.place, households: Number(m.households), findings: m.findings })),
    synthetic: row.synthetic === 1, createdAt: row.created_at,
    can: {
      update: mayUpdate,
      approve: stepAllowed('approve', status) && access.can(ctx, 'return_operation', 'sign', { orgIds: [row.lead_org_id] }),
      countersign: !!row.support_org_id && !row.countersigned_at && stepAllowed('countersign', status) && access.can(ctx, 'return_operation', 'sign', { concernedOrgIds: [row.support_org_id] }),
      recordMovement: stepAllowed('movement', status) && (mayUpdate || access.can(ctx, 'return_operation', 'validate', facts)),
      object: (status === 'planning' || status === 'safeguards_review') && access.can(ctx, 'return_objection', 'create', facts),
    },
  };
}
