import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { operatorCtx, type Ctx } from '../src/core/actor.js';
import { POLICY } from '../src/app.js';
import { authorizer } from '../src/access/index.js';
import { ROLES, type Action, type ActorInfo, type ObjectFacts, type Resource, type Role } from '../src/core/permissions.js';

const { permits } = authorizer(POLICY);
import { buildServer, type Server } from '../src/http/server.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import ExcelJS from 'exceljs';
import { R4V_5W_COLUMNS } from '../src/response/r4v.layout.js';

/** A workbook of one sheet: the header row, then a row per record (cells by header, the rest empty): R4V's 5W and proportions layouts. */
async function workbook(sheet: string, headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
/** A flows mapping of a file of monthly entries by nationality at one border point; a figures mapping of migrants by country. */
const MATRIX_FLOWS = {
  name: 'matrix-flows', target: 'flows' as const, flows: { period: 'month' as const },
  read: {
    columns: [{ header: 't', tag: '#date' }, { header: 'nat', tag: '#country+code+nationality' }, { header: 'n', tag: '#affected' }],
    constants: [{ tag: '#loc+name', value: 'Matrix point' }, { tag: '#country+code', value: 'PAN' }, { tag: '#loc+type', value: 'border crossing' }, { tag: '#indicator+direction', value: 'entry' }],
  },
};
const MATRIX_FIGURES = {
  name: 'matrix-figures', target: 'figures' as const, figures: { dataset: 'matrix-planning', date: '2025-06-30' },
  read: { columns: [{ header: 'country', tag: '#country+code' }, { header: 'mig', tag: '#affected+mig+current' }] },
};
/** R4V's proportions sheet: a row per country, admin 1 and sector, the shares of each group by sex and age (its headers as R4V spells them). */
const PROPORTION_COLUMNS = ['Country', 'Admin1', 'Subsector', ...['Dest', 'Transit', 'HC', 'Pendular', 'Returnees'].flatMap((g) =>
  ['Girls', 'Boys', 'Women', 'Men'].map((x) => `${g}_${g === 'Dest' || g === 'Transit' ? x.replace('Girls', 'GIrls') : x}`))];

/** Objects of two organisations, A (the actor's) and B (another, not shared with A). */
interface Fixture {
  orgA: { id: string; slug: string };
  orgB: { id: string; slug: string };
  iomId: string;
  unhcrId: string;
  userB: { id: string };
  batchA: string;
  batchB: string;
  figureId: string;
  planId: string;
  activityA: string;
  coLeads: string[];
  delegationB: string;
  /** R4V: a platform partner A co-leads (with UNHCR) and its plan; the demo plan's place, sector and indicator by name. */
  r4vPlan: string;
  r4vCoLeads: string[];
  fiveW: { admin1: string; indicator: string };
  proportions: Buffer;
  /** R4V's people in need and targets (sheets "PiN 2022" and "Target"). */
  pinTable: Buffer;
  /** A report published once (version 1), by its public name. */
  publishedSlug: string;
}

let seq = 0;
let reportMonth = 0;
const unique = () => `${Date.now().toString(36)}${++seq}`;

/** Adds one figure as `ctx` so that an import batch belongs to that actor's organisation. */
const u0 = () => `${Date.now().toString(36)}${++seq}`;

async function importAs(app: App, ctx: Ctx): Promise<string> {
  const year = 1900 + (++seq % 150);
  async function* rows() {
    yield {
      row: 2, rowKey: `k${seq}`, errors: [],
      figures: [{
        refDate: `${year}-12-31`, datePrecision: 'year' as const, origin: 'NIC', host: 'CRI', area: null, type: 'MIG' as const,
        sex: 'total' as const, value: seq, includesProtection: false, sourceOrg: ctx.actor.memberships[0]?.orgSlug ?? 'iom', sourceDataset: `test-${unique()}`, sourceRow: 2, method: 'test',
      }],
    };
  }
  const s = await app.imports.ingest(ctx, 'test', 'test.csv', rows(), { sha256: () => 'x', asOrg: ctx.actor.kind === 'operator' ? 'iom' : undefined });
  return s.batchId!;
}

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  route: string;
  url: string;
  body?: unknown;
  resource: Resource;
  action: Action;
  facts: ObjectFacts;
  /** The object is another organisation's (or another person's): a denied actor must get 404. */
  foreign?: boolean;
  /** Four eyes: members of these organisations (whose work it is) may not do it, whatever their role. */
  fourEyes?: readonly string[];
  /** Why an allowed request of this write method leaves no audit entry (it computes and stores nothing). */
  storesNothing?: string;
  /** Why the route answers everyone, signed out too, and a refusal reads "not found" for all (the object is hidden, not guarded). */
  hidden?: string;
}

async function tableCounts(app: App) {
  const tables = ['situations', 'decisions', 'users', 'memberships', 'organisations', 'api_tokens', 'import_batches', 'figures'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    out[t] = Number((await app.database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  const users = await app.database.db.selectFrom('users').select(['id', 'status']).orderBy('id').execute();
  return { ...out, users: JSON.stringify(users) };
}

describeEachEngine('the authorization matrix, generated from the policy, against every route', (engine) => {
  let t: TestDb;
  let server: Server;
  let fx: Fixture;

  beforeAll(async () => {
    reportMonth = 0; // months 2025-01..10 take one submitted report per call of casesFor; 11 and 12 are written by the cases
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    const op = { actor: { kind: 'operator', label: 'operator', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
    const orgA = await t.app.accounts.createOrganisation(op, { slug: 'partner-a', name: 'Partner A', kind: 'ngo' });
    const orgB = await t.app.accounts.createOrganisation(op, { slug: 'partner-b', name: 'Partner B', kind: 'ngo', refugeeLed: true });
    const imA = await makeUser(t.app, [['partner-a', 'im_officer']]);
    const imB = await makeUser(t.app, [['partner-b', 'im_officer']], { email: 'secret.person@partner-b.test', name: 'Secret Person' });
    const ctxOf = async (userId: string) => ({ actor: (await t.app.auth.sessionActor((await t.app.auth.signIn(op, { email: (await t.app.accounts.getUser(op, userId)).email, password: 'correct horse battery staple', address: 'fx' })).token))!.actor, requestId: null });
    const orgs = await t.app.accounts.organisations();
    fx = {
      orgA, orgB,
      iomId: orgs.find((o) => o.slug === 'iom')!.id, unhcrId: orgs.find((o) => o.slug === 'unhcr')!.id,
      userB: imB, batchA: await importAs(t.app, await ctxOf(imA.id)), batchB: await importAs(t.app, await ctxOf(imB.id)),
      figureId: (await t.app.figures.page(operatorCtx(), { host: 'BGD' }, { limit: 1 })).items[0]!.id,
      planId: '', activityA: '', coLeads: [], r4vPlan: '', r4vCoLeads: [], fiveW: { admin1: '', indicator: '' }, proportions: Buffer.alloc(0), pinTable: Buffer.alloc(0), publishedSlug: '',
      delegationB: (await t.app.delegations.grant(op, { from: 'partner-b', to: 'iom', note: 'matrix' })).id,
    };
    // 5W: partner A takes part in the demo platform and has one activity in its plan.
    await t.app.platforms.addPartner(op, 'gifmm-colombia-demo', { organisation: 'partner-a' });
    fx.planId = (await t.app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id;
    fx.activityA = (await t.app.plans.addActivity(op, fx.planId, { partner: 'partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO11', countsPin: true, description: 'matrix' })).id;
    fx.coLeads = [fx.iomId, fx.unhcrId];
    // R4V: partner A co-leads a platform of its own (so that its coordinators and officers may set its counting).
    await t.app.platforms.create(op, { name: 'Matrix R4V platform', slug: 'matrix-r4v', tier: 'national', country: 'COL', coLeads: ['partner-a', 'unhcr'] });
    await t.app.platforms.addSector(op, 'matrix-r4v', { code: 'protection', name: 'Protection', leads: [] });
    fx.r4vPlan = (await t.app.plans.createPlan(op, 'matrix-r4v', { name: 'Matrix R4V plan', startMonth: '2025-01', endMonth: '2025-12' })).id;
    fx.r4vCoLeads = [fx.orgA.id, fx.unhcrId];
    fx.fiveW = { admin1: (await t.app.registries.adminArea('CO11'))!.name, indicator: (await t.app.registries.indicator('demo.prot.orientation'))!.name };
    fx.proportions = await workbook('pinproportions', PROPORTION_COLUMNS, [Object.fromEntries([['Country', 'Colombia'], ['Admin1', fx.fiveW.admin1], ['Subsector', 'Protection'], ...PROPORTION_COLUMNS.slice(3).map((h) => [h, 0.05])])]);
    {
      const wb = new ExcelJS.Workbook();
      for (const [sheet, prefix] of [['PiN 2022', 'PiN'], ['Target', 'Target']] as const) {
        const ws = wb.addWorksheet(sheet);
        ws.addRow([`${prefix} Country`, `${prefix} Admin1`, 'Subsector', `${prefix} Total`]);
        ws.addRow(['Colombia', fx.fiveW.admin1, 'Protection', prefix === 'PiN' ? 1000 : 400]);
      }
      fx.pinTable = Buffer.from(await wb.xlsx.writeBuffer());
    }
    // Flow monitoring: a flows mapping and a figures mapping saved under the same names by partner A and by IOM.
    for (const asOrg of ['partner-a', 'iom']) {
      await t.app.importMappings.save(op, { ...MATRIX_FLOWS, asOrg });
      await t.app.importMappings.save(op, { ...MATRIX_FIGURES, asOrg });
    }
    // A public report published once, readable by anyone at its public address.
    const published = await t.app.publications.create(op, { organisation: 'iom', title: { en: 'Matrix published report' }, items: [{ kind: 'figures', view: 'table', figures: { origin: 'NIC', host: 'CRI' } }] });
    fx.publishedSlug = (await t.app.publications.publish(op, published.id)).slug;
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  async function casesFor(me: { id: string } | null, orgId: string): Promise<Case[]> {
    const op = { actor: { kind: 'operator', label: 'operator', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
    const throwaway = await makeUser(t.app, [['partner-b', 'viewer']]);
    const membership = (await t.app.accounts.getUser(op, throwaway.id)).memberships[0]!;
    const myToken = me ? (await t.app.database.db.insertInto('api_tokens').values({
      id: `tok-${unique()}`, user_id: me.id, name: 'm', token_hash: unique(), scope: 'read', created_at: 'now', last_used_at: null, revoked_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id : null;
    const otherToken = (await t.app.database.db.insertInto('api_tokens').values({
      id: `tok-${unique()}`, user_id: fx.userB.id, name: 'o', token_hash: unique(), scope: 'read', created_at: 'now', last_used_at: null, revoked_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    const iomRep = await makeUser(t.app, [['iom', 'agency_representative']]);
    const repCtx = { actor: { kind: 'user', label: iomRep.id, userId: iomRep.id, readOnly: false, memberships: [{ orgId: fx.iomId, orgSlug: 'iom', role: 'agency_representative' }] }, requestId: null } as Ctx;
    const awaiting = await t.app.decisions.propose(repCtx, 'ukraine-poland', { arrangement: 'unhcr-led', year: 2024 });
    const toWithdraw = await t.app.decisions.propose(repCtx, 'ukraine-poland', { arrangement: 'unhcr-led', year: 2024 });
    const toReject = await t.app.decisions.propose(repCtx, 'ukraine-poland', { arrangement: 'unhcr-led', year: 2024 });
    const snapshotId = (await t.app.snapshots.current((await t.app.situations.get('ukraine-poland')).id)).id;
    const policyBody = { version: `m${u0()}`, theta: 2 / 3, staleMonths: 24, alignmentMonths: 12, disagreementRatio: 0.1, effectiveFrom: '2019-01-02', note: 'matrix (same parameters)' };
    const u = unique();
    const boundaries = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { pcode: 'CO25', name: 'Cundinamarca' }, geometry: { type: 'Polygon', coordinates: [[[-74, 4], [-73, 4], [-73, 5], [-74, 4]]] } }],
    };
    const op5w = { actor: { kind: 'operator', label: 'operator', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
    const month = `2025-${String(++reportMonth).padStart(2, '0')}`;
    const submitted = (await t.app.reports.saveReport(op5w, fx.activityA, month, [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 3, newReached: 1 }], true)).report.id;
    const onActivity = { orgIds: [fx.orgA.id], coLeadOrgIds: fx.coLeads };
    await t.app.formulas.declare(op5w, 'gifmm-colombia-demo', { organisation: 'partner-a', indicator: 'demo.health.consultations', peoplePerService: 1 });
    // An invitation to the actor's organisation (from someone who cannot answer for it), one to another organisation.
    const nobody = { actor: { kind: 'user', label: 'nobody', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
    const platformId = (await t.app.platforms.byRef('gifmm-colombia-demo')).id;
    const invite = async (org: string, sector: string) => {
      const sectorId = (await t.app.platforms.sectorByCode(platformId, sector))!.id;
      await t.app.database.db.transaction().execute((q) => t.app.invitations.place(nobody, q, platformId, org, { role: 'sector_lead', sectorId }));
      const row = await t.app.database.db.selectFrom('platform_invitations').select('id').where('org_id', '=', org).where('sector_id', '=', sectorId).where('answer', 'is', null).executeTakeFirstOrThrow();
      return row.id;
    };
    const mine = await invite(orgId, 'wash');
    const theirs = await invite(fx.orgB.id, 'health');
    // Issues of concern (R11): below the top the agencies hold them (co_lead), at the top the liaison pair (own_org).
    const raise = (agencies: string[]) => t.app.concerns.raise(op5w, { subject: `matrix ${u}`, description: 'matrix', severity: 'low', agencies });
    const concernA = await raise([fx.orgA.slug]);
    const concernB = await raise([fx.orgB.slug]);
    const awaitingIom = await raise([fx.orgA.slug]);
    await t.app.concerns.resolve(op5w, awaitingIom.id, { resolution: 'matrix', agency: 'unhcr' });
    const atTop = await raise([fx.orgB.slug]);
    for (let i = 0; i < 3; i++) await t.app.concerns.escalate(op5w, atTop.id, { agency: 'iom' });
    const agencies = [fx.iomId, fx.unhcrId];
    const onConcern = (orgs: string[]) => ({ concernedOrgIds: [...orgs, ...agencies], coLeadOrgIds: agencies });
    const onTop = { concernedOrgIds: [fx.orgB.id, ...agencies], orgIds: agencies };
    const notice = async (userId: string) => {
      const id = `n-${unique()}`;
      await t.app.database.db.insertInto('notifications').values({
        id, user_id: userId, concern_id: concernA.id, kind: 'raised', level: 'country', created_at: new Date().toISOString(), read_at: null, email_state: 'none', email_attempts: 0,
      }).execute();
      return id;
    };
    const myNotice = me ? await notice(me.id) : null;
    const theirNotice = await notice(fx.userB.id);
    // Protection: people of the actor's organisation and of partner B, referrals each way and one between others.
    const mySlug = orgId === fx.orgA.id ? fx.orgA.slug : 'iom';
    const newPerson = (organisation: string) => t.app.protectionPeople.create(op, {
      organisation, givenName: `Synthetic ${u}`, familyName: 'Matrix', purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2099-01-01',
    });
    const myPerson = (await newPerson(mySlug)).id;
    const myDoomed = (await newPerson(mySlug)).id;
    const theirPerson = (await newPerson(fx.orgB.slug)).id;
    const consentAll = { fields: ['givenName' as const], purpose: 'matrix', givenAt: '2026-01-01T00:00:00Z', method: 'verbal' as const, givenBy: 'person' as const };
    const refer = (person: string, to: string, send: boolean) => t.app.referrals.create(op, { person, to, pathway: 'avrr', priority: 'normal', country: 'COL', send, consent: consentAll });
    const myDraft = (await refer(myPerson, fx.orgB.slug, false)).id;
    // Flow-monitoring surveys: a point of the actor's organisation and one of partner B, a response at each.
    const surveyPoint = async (slug: string) => (await t.app.flows.createPoint(op, { code: `S-${unique()}`, name: 'Matrix survey point', country: 'COL', kind: 'transit', asOrg: slug })).id;
    const myPoint = await surveyPoint(mySlug);
    const theirPoint = await surveyPoint(fx.orgB.slug);
    const surveyAnswers = (point: string) => ({
      point, date: '2025-05-02', consent: true, consentMethod: 'verbal', sex: 'female', ageBand: '26_35', nationality: 'VEN', origin: 'VEN', destination: 'PER',
      reason: 'economic', transport: 'bus', needs: ['food'], withChildren: false, name: 'Synthetic Matrix',
    });
    const mySurvey = (await t.app.flowSurveys.create(op, surveyAnswers(myPoint))).id;
    const theirSurvey = (await t.app.flowSurveys.create(op, surveyAnswers(theirPoint))).id;
    const myWithdrawn = (await t.app.flowSurveys.create(op, surveyAnswers(myPoint))).id;
    const myOtherDraft = (await refer(myPerson, fx.orgB.slug, false)).id;
    const toMe = (await refer(theirPerson, mySlug, true)).id;
    const elsewhere = (await refer(theirPerson, 'unhcr', true)).id;
    const ownP = { orgIds: [orgId] };
    const both = (from: string, to: string) => ({ orgIds: [from], concernedOrgIds: [to] });
    // Data-sharing agreements (R6): one between the actor's organisation and partner B awaiting both approvals, one between partner B and UNHCR.
    const sharingBody = (a: string, b: string) => ({
      title: `matrix ${u}`, purpose: 'matrix', parties: [{ organisation: a, role: 'provider' }, { organisation: b, role: 'both' }],
      kinds: ['figures'], granularity: 'country', startsOn: '2026-01-01', expiresOn: '2099-12-31', documentRef: 'matrix',
    });
    const myAgreement = (await t.app.agreements.draft(op, sharingBody(mySlug, fx.orgB.slug))).id;
    const theirAgreement = (await t.app.agreements.draft(op, sharingBody(fx.orgB.slug, 'unhcr'))).id;
    const onAgreement = (orgs: string[]) => ({ orgIds: orgs, concernedOrgIds: orgs });
    // In force, covering 5W reports: partner B's data to the actor's organisation, and to UNHCR.
    const inForce = async (to: string) => {
      const id = (await t.app.agreements.draft(op, { ...sharingBody(fx.orgB.slug, to), parties: [{ organisation: fx.orgB.slug, role: 'provider' }, { organisation: to, role: 'recipient' }], kinds: ['5w_reports'] })).id;
      for (const organisation of [fx.orgB.slug, to]) await t.app.agreements.approve(op, id, { organisation });
      return id;
    };
    const sharedToMe = await inForce(mySlug);
    const sharedToUnhcr = await inForce('unhcr');
    // Support to States (R9): a government's requests (one through the UN Network on Migration, IOM leading; one through the ACSG, UNHCR leading),
    // offers of the actor's organisation matched at each step, and partner B's offer matched to the ACSG request.
    const gov = await t.app.accounts.createOrganisation(op, { slug: `gov-${u}`, name: `Government ${u} (matrix)`, kind: 'government' });
    const file = (o: object) => t.app.supportRequests.file(op, { organisation: gov.slug, country: 'COL', description: 'matrix', ...o });
    const reqUnnm = (await file({ objectives: ['GCM-1'], kind: 'training' })).id;
    const reqAcsg = (await file({ asylumNeeds: ['registration'], kind: 'expertise' })).id;
    const offerOf = async (org: string, o: object) => (await t.app.supportRequests.offer(op, { organisation: org, description: 'matrix', ...o })).id;
    const myOffers: string[] = [];
    for (let i = 0; i < 4; i++) myOffers.push(await offerOf(mySlug, { objectives: ['GCM-1'], kind: 'training' }));
    const [offerMine, offerMine2, offerMine3, offerMine4] = myOffers;
    const offerB = await offerOf(fx.orgB.slug, { asylumNeeds: ['registration'], kind: 'expertise' });
    const matched = async (request: string, offer: string, steps: Array<'accept' | 'deliver'>) => {
      const m = await t.app.supportMatches.propose(op, { request, offer });
      for (const step of steps) await t.app.supportMatches.step(op, m.id, { step });
      return m.id;
    };
    const mProposed = await matched(reqUnnm, offerMine!, []);
    const mAccepted = await matched(reqUnnm, offerMine2!, ['accept']);
    const mDelivered = await matched(reqUnnm, offerMine3!, ['accept', 'deliver']);
    const mForeign = await matched(reqAcsg, offerB, []);
    const onUnnm = { orgIds: [gov.id], coLeadOrgIds: [fx.iomId], concernedOrgIds: [orgId] };
    const onMyMatch = { orgIds: [orgId], concernedOrgIds: [gov.id], coLeadOrgIds: [fx.iomId] };
    const onTheirMatch = { orgIds: [fx.orgB.id], concernedOrgIds: [gov.id], coLeadOrgIds: [fx.unhcrId] };
    const throughMine = { orgIds: [orgId], concernedOrgIds: [orgId], coLeadOrgIds: [orgId] };
    const disaster = (await t.app.situations.create(op, { name: `Disaster ${u}`, slug: `disaster-${u}`, kind: 'disaster', origins: ['MOZ'], hosts: ['MOZ'] })).slug;
    const idp = (await t.app.situations.create(op, { name: `Internal ${u}`, slug: `idp-${u}`, kind: 'internal', origins: [], hosts: ['HTI'] })).slug;
    // R4V: a 5W file of partner A's row for a new activity (each import then changes something), in the demo plan's months.
    const fiveW = await workbook('5W', R4V_5W_COLUMNS.map(([h]) => h), [{
      Country: 'Colombia', Admin1: fx.fiveW.admin1, Appealing_org: fx.orgA.slug, Month: '2025-06', Subsector: 'protection', Indicator: fx.fiveW.indicator,
      Activity_Name: `Matrix activity ${u}`, RMRPActivity: 'Yes', CVA: 'No', Total_monthly: 10, New_beneficiaries: 4, IN_DESTINATION: 4, Girls: 1, Boys: 1, Women: 1, Men: 1,
    }]);
    const onPartnerRows = { orgIds: [fx.orgA.id], coLeadOrgIds: fx.coLeads };
    const onMatrixR4v = { coLeadOrgIds: fx.r4vCoLeads };
    // Public reports: the actor's organisation's draft, partner B's draft on the demo platform (its co-leads compose it too), partner B's own.
    const figureItem = { kind: 'figures' as const, view: 'table' as const, figures: { origin: 'NIC', host: 'CRI' } };
    const draft = async (organisation: string, platform?: string) =>
      (await t.app.publications.create(op, { organisation, ...(platform ? { platform } : {}), title: { en: `Matrix report ${u}` }, items: [figureItem] })).id;
    const pubMine = await draft(mySlug);
    const pubOnDemo = await draft(fx.orgB.slug, 'gifmm-colombia-demo');
    const pubTheirs = await draft(fx.orgB.slug);
    const onMyReport = { orgIds: [orgId], coLeadOrgIds: [] };
    const onDemoReport = { orgIds: [fx.orgB.id], coLeadOrgIds: fx.coLeads };
    const onTheirReport = { orgIds: [fx.orgB.id], coLeadOrgIds: [] };
    // Durable solutions (R5): a refugee return UNHCR leads and IOM supports; a return of migrants IOM leads, its register complete and
    // under review (its representative may approve it), with an AVRR case.
    const onUnhcrReturn = { orgIds: [fx.unhcrId], concernedOrgIds: [fx.iomId] };
    const onIomReturn = { orgIds: [fx.iomId], concernedOrgIds: [] };
    const retUnhcr = (await t.app.returns.open(op, { name: `Matrix return ${u}`, origin: 'SYR', host: 'TUR', caseload: { REF: 10, MIG: 2 } })).id;
    const retIom = (await t.app.returns.open(op, { name: `Matrix AVRR ${u}`, origin: 'HND', host: 'MEX', caseload: { MIG: 2 } })).id;
    const declaration = { unit: 'household' as const, reference: 'H-1', people: 2, free: true, informed: true, express: true, declaredOn: '2025-01-10' };
    await t.app.returns.declare(op, retIom, { declarations: [declaration] });
    await t.app.returns.step(op, retIom, { step: 'review' });
    const avrrCase = (await t.app.avrr.open(op, retIom, { reference: `IOM-${u}`, people: 2 })).id;
    // R10: a strategy kept by the two agencies, a household identified by UNHCR for the receiving government above.
    const strategy = (await t.app.strategies.create(op, { name: `Matrix strategy ${u}`, fromYear: 2025, toYear: 2027 })).id;
    const caseBody = {
      head: { givenName: 'Synthetic', familyName: `Matrix ${u}` }, householdSize: 3, pathway: 'resettlement' as const, asylumCountry: 'TUR', receivingCountry: 'CAN',
      receivingState: gov.slug, retainUntil: '2099-01-01',
    };
    const resettlement = (await t.app.pipeline.identify(op, caseBody)).id;
    const onCase = { orgIds: [fx.unhcrId], concernedOrgIds: [gov.id, fx.iomId] };
    const solutionsCsv = `year,coo_iso,coa_iso,returned_refugees,resettlement,naturalisation,returned_idps\n2023,SYR,TUR,${seq},${seq + 1},,\n`;
    // Flow monitoring: flows read through a mapping each organisation saved under one name (the operator's, for partner A and IOM).
    const flowsCsv = `t,nat,n\n2025-01-15,VEN,${100 + seq}\n2025-02-15,COL,${200 + seq}\n`;
    const figuresCsv = `country,mig\nCOL,${1000 + seq}\n`;
    const template = `Activity,Month,Group,F adults,New F adults\n#activity+code,#date+month,#group+code,#reached+f+adults,#reached+x_new+f+adults\n${fx.activityA},2025-12,in_destination,${9 + seq},4\n`;
    return [
      { method: 'GET', route: '/api/v1/platforms', url: '/api/v1/platforms', resource: 'platform', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/platforms', url: '/api/v1/platforms', body: { name: `P ${u}`, tier: 'regional', coLeads: ['iom', 'unhcr'] }, resource: 'platform', action: 'create', facts: {} },
      { method: 'GET', route: '/api/v1/platforms/:ref', url: '/api/v1/platforms/gifmm-colombia-demo', resource: 'platform', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/platforms/:ref/sectors', url: '/api/v1/platforms/gifmm-colombia-demo/sectors', body: { code: `s${u}`.toLowerCase(), name: 'S', leads: [] }, resource: 'platform', action: 'update', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'POST', route: '/api/v1/platforms/:ref/partners', url: '/api/v1/platforms/gifmm-colombia-demo/partners', body: { organisation: 'partner-a' }, resource: 'platform', action: 'update', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'POST', route: '/api/v1/platforms/:ref/formulas', url: '/api/v1/platforms/gifmm-colombia-demo/formulas', body: { organisation: 'partner-a', indicator: 'demo.health.consultations', peoplePerService: 1 }, resource: 'activity', action: 'create', facts: onActivity },
      { method: 'GET', route: '/api/v1/platforms/:ref/formulas', url: '/api/v1/platforms/gifmm-colombia-demo/formulas', resource: 'activity', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/platforms/:ref/formulas/approve', url: '/api/v1/platforms/gifmm-colombia-demo/formulas/approve', body: { organisation: 'partner-a', indicator: 'demo.health.consultations' }, resource: 'platform', action: 'update', facts: { coLeadOrgIds: fx.coLeads }, fourEyes: [fx.orgA.id] },
      { method: 'POST', route: '/api/v1/platforms/:ref/locks', url: '/api/v1/platforms/gifmm-colombia-demo/locks', body: { month: '2024-01' }, resource: 'platform', action: 'update', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'POST', route: '/api/v1/platforms/:ref/plans', url: '/api/v1/platforms/gifmm-colombia-demo/plans', body: { name: 'P', startMonth: '2026-01', endMonth: '2026-12' }, resource: 'platform', action: 'update', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'GET', route: '/api/v1/invitations', url: '/api/v1/invitations', resource: 'invitation', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/invitations/:id/accept', url: `/api/v1/invitations/${mine}/accept`, body: {}, resource: 'invitation', action: 'update', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/invitations/:id/decline', url: `/api/v1/invitations/${theirs}/decline`, body: {}, resource: 'invitation', action: 'update', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/admin-areas', url: '/api/v1/admin-areas?iso3=COL', resource: 'registry', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/admin-areas', url: '/api/v1/admin-areas', body: { areas: [{ pcode: 'CO25', iso3: 'COL', level: 1, name: `Cundinamarca ${u}` }] }, resource: 'registry', action: 'create', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
      { method: 'GET', route: '/api/v1/countries/:iso3/boundaries', url: '/api/v1/countries/COL/boundaries', resource: 'registry', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/countries/:iso3/boundaries', url: '/api/v1/countries/COL/boundaries?filename=b.geojson', body: JSON.stringify(boundaries), resource: 'registry', action: 'create', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
      { method: 'GET', route: '/api/v1/indicators', url: '/api/v1/indicators', resource: 'registry', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/indicators', url: '/api/v1/indicators', body: { code: 'matrix.people', name: `M ${u}`, unit: 'people' }, resource: 'registry', action: 'create', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
      { method: 'GET', route: '/api/v1/plans/:id', url: `/api/v1/plans/${fx.planId}`, resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/plans/:id/activities', url: `/api/v1/plans/${fx.planId}/activities`, resource: 'activity', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/plans/:id/activities', url: `/api/v1/plans/${fx.planId}/activities`, body: { partner: 'partner-a', sector: 'health', indicator: 'demo.prot.orientation', pcode: 'CO11', countsPin: true, description: 'm' }, resource: 'activity', action: 'create', facts: { orgIds: [fx.orgA.id], coLeadOrgIds: [...fx.coLeads] } },
      { method: 'GET', route: '/api/v1/plans/:id/reports', url: `/api/v1/plans/${fx.planId}/reports`, resource: 'report', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'PUT', route: '/api/v1/activities/:id/reports/:month', url: `/api/v1/activities/${fx.activityA}/reports/2025-11`, body: { rows: [{ group: 'pendular', sex: 'male', age: '0-17', reached: 2 + seq, newReached: 2 }] }, resource: 'report', action: 'create', facts: onActivity },
      { method: 'GET', route: '/api/v1/reports/:id', url: `/api/v1/reports/${submitted}`, resource: 'report', action: 'read', facts: onActivity },
      { method: 'POST', route: '/api/v1/reports/:id/review', url: `/api/v1/reports/${submitted}/review`, body: { decision: 'validate' }, resource: 'report', action: 'validate', facts: onActivity, fourEyes: [fx.orgA.id] },
      { method: 'GET', route: '/api/v1/plans/:id/dashboard', url: `/api/v1/plans/${fx.planId}/dashboard`, resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/plans/:id/monthly', url: `/api/v1/plans/${fx.planId}/monthly?month=2025-01`, resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/platforms/:ref/regional', url: '/api/v1/platforms/r4v-demo/regional?until=2025-06', resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/platforms/:ref/feed', url: '/api/v1/platforms/gifmm-colombia-demo/feed', resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/platforms/:ref/r4v/settings', url: '/api/v1/platforms/matrix-r4v/r4v/settings', resource: 'platform', action: 'read', facts: {} },
      { method: 'PUT', route: '/api/v1/platforms/:ref/r4v/settings', url: '/api/v1/platforms/matrix-r4v/r4v/settings', body: { model: 'maxsector', countries: { Colombia: 'conservative' }, countTypes: ['Direct Assistance'] }, resource: 'r4v', action: 'update', facts: onMatrixR4v },
      { method: 'PUT', route: '/api/v1/platforms/:ref/r4v/settings', url: '/api/v1/platforms/gifmm-colombia-demo/r4v/settings', body: { model: 'sum' }, resource: 'r4v', action: 'update', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'PUT', route: '/api/v1/platforms/:ref/r4v/indicator-types', url: '/api/v1/platforms/matrix-r4v/r4v/indicator-types', body: { types: [{ sector: 'Protection', indicator: fx.fiveW.indicator, type: 'Direct Assistance' }] }, resource: 'r4v', action: 'update', facts: onMatrixR4v },
      { method: 'GET', route: '/api/v1/platforms/:ref/counting', url: '/api/v1/platforms/matrix-r4v/counting', resource: 'platform', action: 'read', facts: {} },
      { method: 'PUT', route: '/api/v1/platforms/:ref/counting', url: '/api/v1/platforms/matrix-r4v/counting', body: { transit: 'times-assisted' }, resource: 'r4v', action: 'update', facts: onMatrixR4v },
      { method: 'GET', route: '/api/v1/platforms/:ref/r4v/pin', url: '/api/v1/platforms/matrix-r4v/r4v/pin', resource: 'platform', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/platforms/:ref/r4v/pin', url: '/api/v1/platforms/matrix-r4v/r4v/pin?filename=pin.xlsx', body: fx.pinTable, resource: 'r4v', action: 'update', facts: onMatrixR4v },
      { method: 'POST', route: '/api/v1/platforms/:ref/r4v/proportions', url: '/api/v1/platforms/matrix-r4v/r4v/proportions?filename=proportions.xlsx&basis=pin', body: fx.proportions, resource: 'r4v', action: 'update', facts: onMatrixR4v },
      // A partner imports its own organisation's rows; co-leads the whole platform's (the demo platform: IOM and UNHCR).
      { method: 'POST', route: '/api/v1/plans/:id/r4v/5w', url: `/api/v1/plans/${fx.planId}/r4v/5w?filename=matrix-5w.xlsx`, body: fiveW, resource: 'r4v', action: 'create', facts: onPartnerRows },
      { method: 'POST', route: '/api/v1/plans/:id/r4v/5w/check', url: `/api/v1/plans/${fx.planId}/r4v/5w/check?filename=matrix-5w.xlsx`, body: fiveW, resource: 'r4v', action: 'create', facts: { orgIds: [orgId] }, storesNothing: 'a check reads the file and keeps nothing' },
      { method: 'GET', route: '/api/v1/plans/:id/r4v/consolidated', url: `/api/v1/plans/${fx.planId}/r4v/consolidated`, resource: 'platform', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/plans/:id/r4v/consolidated', url: `/api/v1/plans/${fx.r4vPlan}/r4v/consolidated?include=submitted&format=hxl`, resource: 'r4v', action: 'create', facts: onMatrixR4v },
      { method: 'GET', route: '/api/v1/plans/:id/r4v/errors', url: `/api/v1/plans/${fx.r4vPlan}/r4v/errors`, resource: 'r4v', action: 'create', facts: onMatrixR4v },
      { method: 'GET', route: '/api/v1/plans/:id/r4v/errors', url: `/api/v1/plans/${fx.planId}/r4v/errors?format=xlsx`, resource: 'r4v', action: 'create', facts: { coLeadOrgIds: fx.coLeads } },
      { method: 'GET', route: '/api/v1/publications', url: '/api/v1/publications', resource: 'publication', action: 'read', facts: throughMine },
      { method: 'POST', route: '/api/v1/publications', url: '/api/v1/publications', body: { organisation: mySlug, title: { en: `Matrix ${u}`, es: 'Matriz' }, items: [figureItem] }, resource: 'publication', action: 'create', facts: onMyReport },
      { method: 'POST', route: '/api/v1/publications', url: '/api/v1/publications', body: { organisation: fx.orgB.slug, platform: 'gifmm-colombia-demo', title: { en: `Matrix ${u}` } }, resource: 'publication', action: 'create', facts: onDemoReport },
      { method: 'POST', route: '/api/v1/publications/preview', url: '/api/v1/publications/preview', body: { item: { kind: 'dashboard', view: 'chart', dashboard: { plan: fx.planId } } }, resource: 'publication', action: 'create', facts: throughMine, storesNothing: 'a preview reads public data and keeps nothing' },
      { method: 'GET', route: '/api/v1/publications/:id', url: `/api/v1/publications/${pubMine}`, resource: 'publication', action: 'read', facts: onMyReport, hidden: 'a draft is "not found" to anyone who may not compose it, signed out too' },
      { method: 'GET', route: '/api/v1/publications/:id', url: `/api/v1/publications/${pubOnDemo}`, resource: 'publication', action: 'read', facts: onDemoReport, hidden: 'a draft is "not found" to anyone who may not compose it, signed out too' },
      { method: 'GET', route: '/api/v1/publications/:id', url: `/api/v1/publications/${pubTheirs}`, resource: 'publication', action: 'read', facts: onTheirReport, hidden: 'a draft is "not found" to anyone who may not compose it, signed out too' },
      { method: 'PATCH', route: '/api/v1/publications/:id', url: `/api/v1/publications/${pubMine}`, body: { text: { en: 'Changed by the matrix.' } }, resource: 'publication', action: 'update', facts: onMyReport, foreign: true },
      { method: 'PATCH', route: '/api/v1/publications/:id', url: `/api/v1/publications/${pubTheirs}`, body: { text: { en: 'Changed by the matrix.' } }, resource: 'publication', action: 'update', facts: onTheirReport, foreign: true },
      { method: 'POST', route: '/api/v1/publications/:id/publish', url: `/api/v1/publications/${pubOnDemo}/publish`, resource: 'publication', action: 'validate', facts: onDemoReport, foreign: true },
      { method: 'POST', route: '/api/v1/publications/:id/publish', url: `/api/v1/publications/${pubMine}/publish`, resource: 'publication', action: 'validate', facts: onMyReport, foreign: true },
      { method: 'POST', route: '/api/v1/publications/:id/publish', url: `/api/v1/publications/${pubTheirs}/publish`, resource: 'publication', action: 'validate', facts: onTheirReport, foreign: true },
      { method: 'GET', route: '/api/v1/public/reports/:slug', url: `/api/v1/public/reports/${fx.publishedSlug}?format=csv`, resource: 'published_report', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/public/reports/:slug/versions/:n', url: `/api/v1/public/reports/${fx.publishedSlug}/versions/1`, resource: 'published_report', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/plans/:id/template', url: `/api/v1/plans/${fx.planId}/template?month=2025-06&format=hxl`, resource: 'activity', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/plans/:id/reports/upload', url: `/api/v1/plans/${fx.planId}/reports/upload?filename=m.csv`, body: template, resource: 'report', action: 'create', facts: onActivity },
      { method: 'GET', route: '/api/v1/population-types', url: '/api/v1/population-types', resource: 'vocabulary', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/countries', url: '/api/v1/countries', resource: 'vocabulary', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/organisations', url: '/api/v1/organisations', resource: 'organisation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/figures', url: '/api/v1/figures?limit=2', resource: 'figure', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/figures/:id', url: `/api/v1/figures/${fx.figureId}`, resource: 'figure', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations', url: '/api/v1/situations', resource: 'situation', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/situations', url: '/api/v1/situations', body: { name: `S ${u}`, origins: ['NIC'], hosts: ['CRI'] }, resource: 'situation', action: 'create', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
      { method: 'GET', route: '/api/v1/situations/:ref', url: '/api/v1/situations/ukraine-poland', resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations/:ref/summary', url: '/api/v1/situations/ukraine-poland/summary', resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations/:ref/recommendation', url: '/api/v1/situations/ukraine-poland/recommendation', resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations/:ref/decisions', url: '/api/v1/situations/ukraine-poland/decisions', resource: 'decision', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/situations/:ref/decisions', url: '/api/v1/situations/somalia-yemen/decisions', body: { arrangement: 'iom-led', year: 2024 }, resource: 'decision', action: 'create', facts: { agencyOrgId: orgId } },
      { method: 'POST', route: '/api/v1/decisions/:id/signatures', url: `/api/v1/decisions/${awaiting.id}/signatures`, resource: 'decision', action: 'sign', facts: { agencyOrgId: fx.unhcrId } },
      // Only the proposer withdraws (nobody here is), only the other agency rejects (UNHCR: nobody here is).
      { method: 'POST', route: '/api/v1/decisions/:id/withdraw', url: `/api/v1/decisions/${toWithdraw.id}/withdraw`, body: {}, resource: 'decision', action: 'update', facts: { userId: iomRep.id } },
      { method: 'POST', route: '/api/v1/decisions/:id/reject', url: `/api/v1/decisions/${toReject.id}/reject`, body: { reason: 'matrix' }, resource: 'decision', action: 'sign', facts: { agencyOrgId: fx.unhcrId } },
      { method: 'GET', route: '/api/v1/situations/:ref/decisions/can', url: '/api/v1/situations/ukraine-poland/decisions/can', resource: 'decision', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/imports/:id/recommendations', url: `/api/v1/imports/${fx.batchA}/recommendations`, resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations/:ref/disagreements', url: '/api/v1/situations/ukraine-poland/disagreements', resource: 'decision', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/situations/:ref/recommendations', url: '/api/v1/situations/ukraine-poland/recommendations', resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/recommendations/:id', url: `/api/v1/recommendations/${snapshotId}`, resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/policies', url: '/api/v1/policies', resource: 'policy', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/policies/:version', url: '/api/v1/policies/2019.1', resource: 'policy', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/policies/preview', url: '/api/v1/policies/preview', body: policyBody, resource: 'policy', action: 'create', facts: {}, storesNothing: 'a preview computes the changes and keeps nothing' },
      { method: 'POST', route: '/api/v1/policies', url: '/api/v1/policies', body: { ...policyBody, confirm: true }, resource: 'policy', action: 'create', facts: {} },
      { method: 'POST', route: '/api/v1/auth/sign-out', url: '/api/v1/auth/sign-out', resource: 'session', action: 'delete', facts: { userId: me?.id } },
      { method: 'GET', route: '/api/v1/auth/me', url: '/api/v1/auth/me', resource: 'user', action: 'read', facts: { userId: me?.id, orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/auth/tokens', url: '/api/v1/auth/tokens', resource: 'api_token', action: 'read', facts: { userId: me?.id } },
      { method: 'POST', route: '/api/v1/auth/tokens', url: '/api/v1/auth/tokens', body: { name: 'script', scope: 'read' }, resource: 'api_token', action: 'create', facts: { userId: me?.id } },
      ...(myToken ? [{ method: 'DELETE', route: '/api/v1/auth/tokens/:id', url: `/api/v1/auth/tokens/${myToken}`, resource: 'api_token', action: 'delete', facts: { userId: me?.id } } as Case] : []),
      { method: 'DELETE', route: '/api/v1/auth/tokens/:id', url: `/api/v1/auth/tokens/${otherToken}`, resource: 'api_token', action: 'delete', facts: { userId: fx.userB.id }, foreign: true },
      { method: 'GET', route: '/api/v1/users', url: '/api/v1/users', resource: 'user', action: 'read', facts: { userId: me?.id, orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/users', url: '/api/v1/users', body: { email: `n${u}@t.invalid`, displayName: 'N', password: 'long enough password' }, resource: 'user', action: 'create', facts: {} },
      { method: 'GET', route: '/api/v1/users/:id', url: `/api/v1/users/${fx.userB.id}`, resource: 'user', action: 'read', facts: { userId: fx.userB.id, orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'PATCH', route: '/api/v1/users/:id', url: `/api/v1/users/${throwaway.id}`, body: { status: 'active' }, resource: 'user', action: 'update', facts: { userId: throwaway.id, orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'POST', route: '/api/v1/users/:id/memberships', url: `/api/v1/users/${throwaway.id}/memberships`, body: { organisation: 'partner-b', role: 'coordinator' }, resource: 'membership', action: 'create', facts: { orgIds: [fx.orgB.id] } },
      { method: 'DELETE', route: '/api/v1/memberships/:id', url: `/api/v1/memberships/${membership.id}`, resource: 'membership', action: 'delete', facts: { orgIds: [fx.orgB.id], userId: throwaway.id }, foreign: true },
      { method: 'POST', route: '/api/v1/organisations', url: '/api/v1/organisations', body: { slug: `o${u}`.slice(0, 30), name: 'O', kind: 'ngo' }, resource: 'organisation', action: 'create', facts: {} },
      { method: 'GET', route: '/api/v1/organisations/:id/members', url: `/api/v1/organisations/${fx.orgB.slug}/members`, resource: 'membership', action: 'read', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/organisations/:id/members', url: `/api/v1/organisations/${fx.orgA.slug}/members`, resource: 'membership', action: 'read', facts: { orgIds: [fx.orgA.id] } },
      { method: 'GET', route: '/api/v1/imports', url: '/api/v1/imports', resource: 'import', action: 'read', facts: { orgIds: [orgId] } },
      {
        // Figures asserted by the actor's own organisation (R1: nobody asserts another's).
        method: 'POST', route: '/api/v1/imports', url: '/api/v1/imports?kind=hxl&filename=matrix.csv',
        body: `#date,#country+code+origin,#country+code,#affected+migrants,#meta+source\n${2000 + (++seq % 30)},NIC,CRI,7,${orgId === fx.orgA.id ? fx.orgA.slug : 'partner-b'}\n`,
        resource: 'import', action: 'create', facts: { orgIds: [orgId] },
      },
      { method: 'GET', route: '/api/v1/delegations', url: '/api/v1/delegations', resource: 'delegation', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/delegations', url: '/api/v1/delegations', body: { from: fx.orgA.slug, to: 'partner-b', note: `n${u}` }, resource: 'delegation', action: 'create', facts: { orgIds: [fx.orgA.id] } },
      { method: 'DELETE', route: '/api/v1/delegations/:id', url: `/api/v1/delegations/${fx.delegationB}`, resource: 'delegation', action: 'delete', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/overview', url: '/api/v1/overview?limit=2', resource: 'situation', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/imports/:id', url: `/api/v1/imports/${fx.batchA}`, resource: 'import', action: 'read', facts: { orgIds: [fx.orgA.id] } },
      { method: 'GET', route: '/api/v1/imports/:id', url: `/api/v1/imports/${fx.batchB}`, resource: 'import', action: 'read', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/audit', url: `/api/v1/audit?resource=import&objectId=${fx.batchA}`, resource: 'audit', action: 'read', facts: { concernedOrgIds: [fx.orgA.id] } },
      { method: 'GET', route: '/api/v1/audit', url: `/api/v1/audit?resource=import&objectId=${fx.batchB}`, resource: 'audit', action: 'read', facts: { concernedOrgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/audit/verify', url: '/api/v1/audit/verify', resource: 'audit', action: 'verify', facts: {} },
      { method: 'POST', route: '/api/v1/protection/people', url: '/api/v1/protection/people', body: { organisation: mySlug, givenName: 'Synthetic M', familyName: 'Matrix', purpose: 'case_management', legalBasis: 'consent', retainUntil: '2099-01-01' }, resource: 'protection_person', action: 'create', facts: ownP },
      { method: 'POST', route: '/api/v1/protection/people/search', url: '/api/v1/protection/people/search', body: { givenName: `Synthetic ${u}`, familyName: 'Matrix' }, resource: 'protection_person', action: 'read', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/people/:id', url: `/api/v1/protection/people/${myPerson}`, resource: 'protection_person', action: 'read', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/people/:id', url: `/api/v1/protection/people/${theirPerson}`, resource: 'protection_person', action: 'read', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'PATCH', route: '/api/v1/protection/people/:id', url: `/api/v1/protection/people/${myPerson}`, body: { contact: '+1 555' }, resource: 'protection_person', action: 'update', facts: ownP },
      { method: 'DELETE', route: '/api/v1/protection/people/:id', url: `/api/v1/protection/people/${myDoomed}`, resource: 'protection_person', action: 'delete', facts: ownP },
      { method: 'DELETE', route: '/api/v1/protection/people/:id', url: `/api/v1/protection/people/${theirPerson}`, resource: 'protection_person', action: 'delete', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/protection/people', url: '/api/v1/protection/people', resource: 'protection_person', action: 'read', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/people/:id/profiles', url: `/api/v1/protection/people/${myPerson}/profiles`, resource: 'protection_person', action: 'read', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/people/:id/profiles', url: `/api/v1/protection/people/${theirPerson}/profiles`, resource: 'protection_person', action: 'read', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/protection/people/:id/export', url: `/api/v1/protection/people/${myPerson}/export`, resource: 'protection_person', action: 'read', facts: ownP },
      { method: 'POST', route: '/api/v1/protection/people/:id/profiles', url: `/api/v1/protection/people/${myPerson}/profiles`, body: { reasonsForLeaving: [], fearOfReturn: true, riskIndicators: [], intentions: [] }, resource: 'protection_person', action: 'update', facts: ownP },
      { method: 'POST', route: '/api/v1/protection/referrals', url: '/api/v1/protection/referrals', body: { person: myPerson, to: fx.orgB.slug, pathway: 'avrr', priority: 'urgent', country: 'COL', consent: consentAll }, resource: 'referral', action: 'create', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/referrals', url: '/api/v1/protection/referrals?box=inbox', resource: 'referral', action: 'read', facts: both(orgId, orgId) },
      { method: 'GET', route: '/api/v1/protection/referrals/stats', url: '/api/v1/protection/referrals/stats', resource: 'referral_stats', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/protection/pathway-rules', url: '/api/v1/protection/pathway-rules', resource: 'referral_stats', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/protection/referrals/:id', url: `/api/v1/protection/referrals/${myDraft}`, resource: 'referral', action: 'read', facts: ownP },
      { method: 'GET', route: '/api/v1/protection/referrals/:id', url: `/api/v1/protection/referrals/${toMe}`, resource: 'referral', action: 'read', facts: both(fx.orgB.id, orgId) },
      { method: 'GET', route: '/api/v1/protection/referrals/:id', url: `/api/v1/protection/referrals/${elsewhere}`, resource: 'referral', action: 'read', facts: both(fx.orgB.id, fx.unhcrId), foreign: true },
      { method: 'POST', route: '/api/v1/protection/referrals/:id/steps', url: `/api/v1/protection/referrals/${myDraft}/steps`, body: { step: 'send' }, resource: 'referral', action: 'update', facts: ownP },
      { method: 'POST', route: '/api/v1/protection/referrals/:id/steps', url: `/api/v1/protection/referrals/${toMe}/steps`, body: { step: 'acknowledge' }, resource: 'referral', action: 'validate', facts: both(fx.orgB.id, orgId), foreign: true },
      { method: 'POST', route: '/api/v1/protection/referrals/:id/steps', url: `/api/v1/protection/referrals/${elsewhere}/steps`, body: { step: 'acknowledge' }, resource: 'referral', action: 'validate', facts: both(fx.orgB.id, fx.unhcrId), foreign: true },
      { method: 'POST', route: '/api/v1/protection/referrals/:id/consent/withdraw', url: `/api/v1/protection/referrals/${myOtherDraft}/consent/withdraw`, resource: 'referral', action: 'update', facts: ownP },
      { method: 'GET', route: '/api/v1/concerns', url: '/api/v1/concerns', resource: 'concern', action: 'read', facts: { userId: me?.id } },
      { method: 'POST', route: '/api/v1/concerns', url: '/api/v1/concerns', body: { subject: `m ${u}`, description: 'matrix', severity: 'low' }, resource: 'concern', action: 'create', facts: {} },
      { method: 'GET', route: '/api/v1/concerns/:id', url: `/api/v1/concerns/${concernA.id}`, resource: 'concern', action: 'read', facts: onConcern([fx.orgA.id]) },
      { method: 'GET', route: '/api/v1/concerns/:id', url: `/api/v1/concerns/${concernB.id}`, resource: 'concern', action: 'read', facts: onConcern([fx.orgB.id]), foreign: true },
      { method: 'GET', route: '/api/v1/concerns/:id', url: `/api/v1/concerns/${atTop.id}`, resource: 'concern', action: 'read', facts: onTop, foreign: true },
      { method: 'POST', route: '/api/v1/concerns/:id/escalate', url: `/api/v1/concerns/${concernA.id}/escalate`, body: {}, resource: 'concern', action: 'update', facts: onConcern([fx.orgA.id]) },
      { method: 'POST', route: '/api/v1/concerns/:id/escalate', url: `/api/v1/concerns/${concernB.id}/escalate`, body: {}, resource: 'concern', action: 'update', facts: onConcern([fx.orgB.id]), foreign: true },
      { method: 'POST', route: '/api/v1/concerns/:id/resolution', url: `/api/v1/concerns/${atTop.id}/resolution`, body: { resolution: 'matrix' }, resource: 'concern', action: 'update', facts: onTop, foreign: true },
      { method: 'POST', route: '/api/v1/concerns/:id/acknowledge', url: `/api/v1/concerns/${awaitingIom.id}/acknowledge`, body: { accept: true }, resource: 'concern', action: 'update', facts: onConcern([fx.orgA.id]) },
      { method: 'GET', route: '/api/v1/notifications', url: '/api/v1/notifications', resource: 'notification', action: 'read', facts: { userId: me?.id } },
      ...(myNotice ? [{ method: 'POST', route: '/api/v1/notifications/:id/read', url: `/api/v1/notifications/${myNotice}/read`, resource: 'notification', action: 'update', facts: { userId: me?.id } } as Case] : []),
      { method: 'POST', route: '/api/v1/notifications/:id/read', url: `/api/v1/notifications/${theirNotice}/read`, resource: 'notification', action: 'update', facts: { userId: fx.userB.id }, foreign: true },
      { method: 'GET', route: '/api/v1/sharing/agreements', url: '/api/v1/sharing/agreements', resource: 'sharing_agreement', action: 'read', facts: { concernedOrgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/sharing/agreements', url: '/api/v1/sharing/agreements', body: sharingBody(mySlug, fx.orgB.slug), resource: 'sharing_agreement', action: 'create', facts: { orgIds: [orgId, fx.orgB.id] } },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id', url: `/api/v1/sharing/agreements/${myAgreement}`, resource: 'sharing_agreement', action: 'read', facts: onAgreement([orgId, fx.orgB.id]) },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id', url: `/api/v1/sharing/agreements/${theirAgreement}`, resource: 'sharing_agreement', action: 'read', facts: onAgreement([fx.orgB.id, fx.unhcrId]), foreign: true },
      { method: 'POST', route: '/api/v1/sharing/agreements/:id/approve', url: `/api/v1/sharing/agreements/${myAgreement}/approve`, body: {}, resource: 'sharing_agreement', action: 'sign', facts: onAgreement([orgId, fx.orgB.id]) },
      { method: 'POST', route: '/api/v1/sharing/agreements/:id/approve', url: `/api/v1/sharing/agreements/${theirAgreement}/approve`, body: {}, resource: 'sharing_agreement', action: 'sign', facts: onAgreement([fx.orgB.id, fx.unhcrId]), foreign: true },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/transfers', url: `/api/v1/sharing/agreements/${myAgreement}/transfers`, resource: 'sharing_agreement', action: 'read', facts: onAgreement([orgId, fx.orgB.id]) },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/transfers', url: `/api/v1/sharing/agreements/${theirAgreement}/transfers`, resource: 'sharing_agreement', action: 'read', facts: onAgreement([fx.orgB.id, fx.unhcrId]), foreign: true },
      { method: 'GET', route: '/api/v1/sharing/transfers', url: '/api/v1/sharing/transfers', resource: 'transfer', action: 'read', facts: { concernedOrgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/5w', url: `/api/v1/sharing/agreements/${sharedToMe}/5w?month=2025-01`, resource: 'shared_data', action: 'read', facts: { sharedOrgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/5w', url: `/api/v1/sharing/agreements/${sharedToUnhcr}/5w?month=2025-01`, resource: 'shared_data', action: 'read', facts: { sharedOrgIds: [fx.unhcrId] }, foreign: true },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/data', url: `/api/v1/sharing/agreements/${sharedToMe}/data?kind=5w_reports&month=2025-01`, resource: 'shared_data', action: 'read', facts: { sharedOrgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/sharing/agreements/:id/data', url: `/api/v1/sharing/agreements/${sharedToUnhcr}/data?kind=5w_reports&month=2025-01`, resource: 'shared_data', action: 'read', facts: { sharedOrgIds: [fx.unhcrId] }, foreign: true },
      { method: 'POST', route: '/api/v1/sharing/transfers', url: '/api/v1/sharing/transfers', body: { kind: 'figures', from: mySlug, legalBasis: 'mandate', rows: 1, fields: [] }, resource: 'transfer', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/capacity/vocabulary', url: '/api/v1/capacity/vocabulary', resource: 'capacity_vocabulary', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/capacity/requests', url: '/api/v1/capacity/requests', body: { organisation: gov.slug, country: 'COL', objectives: ['GCM-3'], kind: 'funding', description: 'm' }, resource: 'support_request', action: 'create', facts: { orgIds: [gov.id] } },
      { method: 'GET', route: '/api/v1/capacity/requests', url: '/api/v1/capacity/requests', resource: 'support_request', action: 'read', facts: throughMine },
      { method: 'GET', route: '/api/v1/capacity/requests/:id', url: `/api/v1/capacity/requests/${reqUnnm}`, resource: 'support_request', action: 'read', facts: onUnnm, foreign: true },
      { method: 'GET', route: '/api/v1/capacity/requests/:id', url: `/api/v1/capacity/requests/${reqAcsg}`, resource: 'support_request', action: 'read', facts: { orgIds: [gov.id], coLeadOrgIds: [fx.unhcrId], concernedOrgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/capacity/requests/:id/suggestions', url: `/api/v1/capacity/requests/${reqUnnm}/suggestions`, resource: 'support_match', action: 'create', facts: { coLeadOrgIds: [fx.iomId] } },
      { method: 'GET', route: '/api/v1/capacity/requests/:id/matches', url: `/api/v1/capacity/requests/${reqUnnm}/matches`, resource: 'support_request', action: 'read', facts: onUnnm, foreign: true },
      { method: 'POST', route: '/api/v1/capacity/offers', url: '/api/v1/capacity/offers', body: { organisation: mySlug, objectives: ['GCM-1'], kind: 'funding', amountUsd: 10, description: 'm' }, resource: 'support_offer', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/capacity/offers', url: '/api/v1/capacity/offers', resource: 'support_offer', action: 'read', facts: throughMine },
      { method: 'GET', route: '/api/v1/capacity/offers/:id', url: `/api/v1/capacity/offers/${offerMine}`, resource: 'support_offer', action: 'read', facts: { orgIds: [orgId], coLeadOrgIds: [fx.iomId], concernedOrgIds: [gov.id] } },
      { method: 'GET', route: '/api/v1/capacity/offers/:id', url: `/api/v1/capacity/offers/${offerB}`, resource: 'support_offer', action: 'read', facts: { orgIds: [fx.orgB.id], coLeadOrgIds: [fx.unhcrId], concernedOrgIds: [gov.id] }, foreign: true },
      { method: 'POST', route: '/api/v1/capacity/matches', url: '/api/v1/capacity/matches', body: { request: reqUnnm, offer: offerMine4 }, resource: 'support_match', action: 'create', facts: { coLeadOrgIds: [fx.iomId], concernedOrgIds: [gov.id] } },
      { method: 'GET', route: '/api/v1/capacity/matches/:id', url: `/api/v1/capacity/matches/${mProposed}`, resource: 'support_match', action: 'read', facts: onMyMatch, foreign: true },
      { method: 'GET', route: '/api/v1/capacity/matches/:id', url: `/api/v1/capacity/matches/${mForeign}`, resource: 'support_match', action: 'read', facts: onTheirMatch, foreign: true },
      { method: 'POST', route: '/api/v1/capacity/matches/:id/steps', url: `/api/v1/capacity/matches/${mProposed}/steps`, body: { step: 'accept' }, resource: 'support_match', action: 'validate', facts: onMyMatch },
      { method: 'POST', route: '/api/v1/capacity/matches/:id/steps', url: `/api/v1/capacity/matches/${mAccepted}/steps`, body: { step: 'deliver' }, resource: 'support_match', action: 'update', facts: onMyMatch },
      { method: 'POST', route: '/api/v1/capacity/matches/:id/steps', url: `/api/v1/capacity/matches/${mDelivered}/steps`, body: { step: 'evaluate', rating: 3 }, resource: 'support_match', action: 'verify', facts: onMyMatch },
      { method: 'POST', route: '/api/v1/capacity/matches/:id/steps', url: `/api/v1/capacity/matches/${mForeign}/steps`, body: { step: 'accept' }, resource: 'support_match', action: 'validate', facts: onTheirMatch, foreign: true },
      { method: 'GET', route: '/api/v1/capacity/views/unmet-demand', url: '/api/v1/capacity/views/unmet-demand', resource: 'capacity_view', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/capacity/views/pledges', url: '/api/v1/capacity/views/pledges', resource: 'capacity_view', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/capacity/views/time-to-match', url: '/api/v1/capacity/views/time-to-match', resource: 'capacity_view', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/returns', url: '/api/v1/returns', body: { name: `Matrix ${u}`, origin: 'HND', host: 'GTM', caseload: { MIG: 3 } }, resource: 'return_operation', action: 'create', facts: { orgIds: [fx.iomId] } },
      { method: 'GET', route: '/api/v1/returns', url: '/api/v1/returns', resource: 'return_operation', action: 'read', facts: throughMine },
      { method: 'GET', route: '/api/v1/returns/:id', url: `/api/v1/returns/${retUnhcr}`, resource: 'return_operation', action: 'read', facts: onUnhcrReturn, foreign: true },
      { method: 'PUT', route: '/api/v1/returns/:id/safeguards/:safeguard', url: `/api/v1/returns/${retUnhcr}/safeguards/country_of_origin_information_given`, body: { evidence: 'matrix' }, resource: 'return_operation', action: 'update', facts: onUnhcrReturn, foreign: true },
      { method: 'GET', route: '/api/v1/returns/:id/declarations', url: `/api/v1/returns/${retUnhcr}/declarations`, resource: 'return_operation', action: 'read', facts: onUnhcrReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/declarations', url: `/api/v1/returns/${retUnhcr}/declarations`, body: { declarations: [{ ...declaration, unit: 'person', people: 1, reference: `P-${u}` }] }, resource: 'return_operation', action: 'update', facts: onUnhcrReturn, foreign: true },
      // The register's template and its upload are for those who keep the register (update), like the declarations.
      { method: 'GET', route: '/api/v1/returns/:id/declarations/template', url: `/api/v1/returns/${retUnhcr}/declarations/template?format=json`, resource: 'return_operation', action: 'update', facts: onUnhcrReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/declarations/upload', url: `/api/v1/returns/${retUnhcr}/declarations/upload?filename=register.csv`, body: `Reference,Unit,People,Free,Informed,Express,Declared on\n#beneficiary+code,#beneficiary+type,#beneficiary+num,#status+free,#status+informed,#status+express,#date+declared\nU-${u},person,1,yes,yes,yes,2025-01-10\n`, resource: 'return_operation', action: 'update', facts: onUnhcrReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/declarations/:reference/withdraw', url: `/api/v1/returns/${retIom}/declarations/H-1/withdraw`, resource: 'return_operation', action: 'update', facts: onIomReturn, foreign: true },
      // Either agency's staff object (an objection is not a thing one reads apart from its return: no "not found" expectation of its own).
      { method: 'POST', route: '/api/v1/returns/:id/objections', url: `/api/v1/returns/${retUnhcr}/objections`, body: { reason: 'matrix' }, resource: 'return_objection', action: 'create', facts: onUnhcrReturn },
      { method: 'POST', route: '/api/v1/returns/:id/steps', url: `/api/v1/returns/${retIom}/steps`, body: { step: 'approve' }, resource: 'return_operation', action: 'sign', facts: onIomReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/steps', url: `/api/v1/returns/${retUnhcr}/steps`, body: { step: 'review' }, resource: 'return_operation', action: 'update', facts: onUnhcrReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/movements', url: `/api/v1/returns/${retUnhcr}/movements`, body: { kind: 'convoy', departedOn: '2025-02-01', people: { REF: 1 } }, resource: 'return_operation', action: 'validate', facts: onUnhcrReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/monitoring', url: `/api/v1/returns/${retIom}/monitoring`, body: { visitedOn: '2025-03-01', place: 'Matrix', households: 1, findings: 'matrix' }, resource: 'return_operation', action: 'update', facts: onIomReturn, foreign: true },
      { method: 'GET', route: '/api/v1/returns/:id/avrr-cases', url: `/api/v1/returns/${retIom}/avrr-cases`, resource: 'return_operation', action: 'read', facts: onIomReturn, foreign: true },
      { method: 'POST', route: '/api/v1/returns/:id/avrr-cases', url: `/api/v1/returns/${retIom}/avrr-cases`, body: { reference: `IOM-M-${u}`, people: 1 }, resource: 'return_operation', action: 'update', facts: onIomReturn, foreign: true },
      { method: 'POST', route: '/api/v1/avrr-cases/:id/assistance', url: `/api/v1/avrr-cases/${avrrCase}/assistance`, body: { kind: 'cash', status: 'planned', plannedOn: '2025-04-01', amountUsd: 100 }, resource: 'return_operation', action: 'update', facts: onIomReturn, foreign: true },
      { method: 'POST', route: '/api/v1/strategies', url: '/api/v1/strategies', body: { name: `Matrix ${u}`, fromYear: 2026, toYear: 2028 }, resource: 'solutions_strategy', action: 'create', facts: { orgIds: [fx.unhcrId, fx.iomId] } },
      { method: 'GET', route: '/api/v1/strategies', url: '/api/v1/strategies', resource: 'solutions_strategy', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/strategies/:id', url: `/api/v1/strategies/${strategy}`, resource: 'solutions_strategy', action: 'read', facts: {} },
      { method: 'PUT', route: '/api/v1/strategies/:id/targets', url: `/api/v1/strategies/${strategy}/targets`, body: { targets: [{ year: 2025, pathway: 'resettlement', country: 'CAN', target: 100 + seq, pledged: 50 }] }, resource: 'solutions_strategy', action: 'update', facts: { orgIds: [fx.unhcrId, fx.iomId] } },
      { method: 'GET', route: '/api/v1/strategies/:id/progress', url: `/api/v1/strategies/${strategy}/progress`, resource: 'solutions_view', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/solutions/figures', url: '/api/v1/solutions/figures?series=resettlement', resource: 'solutions_figures', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/solutions/figures/imports', url: '/api/v1/solutions/figures/imports?filename=solutions.csv', body: solutionsCsv, resource: 'solutions_figures', action: 'create', facts: { orgIds: [fx.unhcrId] } },
      { method: 'POST', route: '/api/v1/pipeline/cases', url: '/api/v1/pipeline/cases', body: caseBody, resource: 'resettlement_case', action: 'create', facts: { orgIds: [fx.unhcrId] } },
      { method: 'GET', route: '/api/v1/pipeline/cases', url: '/api/v1/pipeline/cases', resource: 'resettlement_case', action: 'read', facts: throughMine },
      { method: 'GET', route: '/api/v1/pipeline/cases/:id', url: `/api/v1/pipeline/cases/${resettlement}`, resource: 'resettlement_case', action: 'read', facts: onCase, foreign: true },
      { method: 'POST', route: '/api/v1/pipeline/cases/:id/advance', url: `/api/v1/pipeline/cases/${resettlement}/advance`, resource: 'resettlement_case', action: 'update', facts: onCase, foreign: true },
      { method: 'POST', route: '/api/v1/pipeline/cases/:id/drop', url: `/api/v1/pipeline/cases/${resettlement}/drop`, body: { reason: 'withdrew' }, resource: 'resettlement_case', action: 'update', facts: onCase, foreign: true },
      { method: 'GET', route: '/api/v1/pipeline/bottlenecks', url: '/api/v1/pipeline/bottlenecks', resource: 'solutions_view', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/movements/points', url: '/api/v1/movements/points?country=PAN', resource: 'movement_point', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/movements/points', url: '/api/v1/movements/points', body: { code: `M-${u}`, name: 'Matrix point', country: 'COL', kind: 'border_crossing', lat: 4.6, lon: -74.1 }, resource: 'movement_point', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/movements/trends', url: '/api/v1/movements/trends?grain=month', resource: 'movement_trend', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/movements/corridors', url: '/api/v1/movements/corridors', resource: 'movement_trend', action: 'read', facts: {} },
      { method: 'POST', route: '/api/v1/movements/surveys', url: '/api/v1/movements/surveys', body: surveyAnswers(myPoint), resource: 'survey_response', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/movements/surveys', url: '/api/v1/movements/surveys', body: surveyAnswers(theirPoint), resource: 'survey_response', action: 'create', facts: { orgIds: [fx.orgB.id] } },
      { method: 'GET', route: '/api/v1/movements/surveys', url: '/api/v1/movements/surveys', resource: 'survey_response', action: 'read', facts: throughMine },
      { method: 'GET', route: '/api/v1/movements/surveys/aggregates', url: '/api/v1/movements/surveys/aggregates?by=nationality', resource: 'survey_aggregate', action: 'read', facts: {} },
      { method: 'GET', route: '/api/v1/movements/surveys/:id', url: `/api/v1/movements/surveys/${mySurvey}`, resource: 'survey_response', action: 'read', facts: { orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/movements/surveys/:id', url: `/api/v1/movements/surveys/${theirSurvey}`, resource: 'survey_response', action: 'read', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'POST', route: '/api/v1/movements/surveys/:id/withdraw', url: `/api/v1/movements/surveys/${myWithdrawn}/withdraw`, resource: 'survey_response', action: 'update', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/movements/surveys/:id/withdraw', url: `/api/v1/movements/surveys/${theirSurvey}/withdraw`, resource: 'survey_response', action: 'update', facts: { orgIds: [fx.orgB.id] }, foreign: true },
      { method: 'GET', route: '/api/v1/mappings', url: '/api/v1/mappings', resource: 'import_mapping', action: 'read', facts: throughMine },
      { method: 'POST', route: '/api/v1/mappings', url: '/api/v1/mappings', body: { ...MATRIX_FLOWS, name: `matrix ${u}` }, resource: 'import_mapping', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/mapped-imports/preview', url: '/api/v1/mapped-imports/preview?mapping=matrix-flows&filename=flows.csv&rows=2', body: flowsCsv, resource: 'import_mapping', action: 'read', facts: { orgIds: [orgId] }, storesNothing: 'a preview reads the file and keeps nothing' },
      { method: 'POST', route: '/api/v1/mapped-imports/flows', url: '/api/v1/mapped-imports/flows?mapping=matrix-flows&filename=flows.csv', body: flowsCsv, resource: 'movement_count', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'POST', route: '/api/v1/mapped-imports/figures', url: '/api/v1/mapped-imports/figures?mapping=matrix-figures&filename=planning.csv', body: figuresCsv, resource: 'import', action: 'create', facts: { orgIds: [orgId] } },
      { method: 'GET', route: '/api/v1/situations/:ref/displacement', url: `/api/v1/situations/${idp}/displacement`, resource: 'displacement', action: 'read', facts: {} },
      { method: 'PUT', route: '/api/v1/situations/:ref/clusters', url: `/api/v1/situations/${idp}/clusters`, body: { clusters: [{ cluster: 'cccm', lead: 'iom', coLead: 'unhcr' }] }, resource: 'displacement', action: 'update', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
      { method: 'PUT', route: '/api/v1/situations/:ref/disaster', url: `/api/v1/situations/${disaster}/disaster`, body: { pdd: true, hazard: 'flood', startDate: '2025-01-01' }, resource: 'displacement', action: 'update', facts: { orgIds: [fx.iomId, fx.unhcrId] } },
    ];
  }

  const auditEntries = async () => Number((await t.database.db.selectFrom('audit_log').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const actors: Array<Role | 'anonymous'> = ['anonymous', ...ROLES];

  it.each(actors)('gives %s exactly what the policy allows, and denied writes change nothing', async (role) => {
    let session: Session | null = null;
    let me: { id: string } | null = null;
    // The agencies' representatives and the Chiefs of Staff liaison belong to IOM (or UNHCR) only.
    const atIom = role === 'agency_representative' || role === 'cos_liaison';
    const orgId = atIom ? fx.iomId : fx.orgA.id;
    if (role !== 'anonymous') {
      const u = await makeUser(t.app, [[atIom ? 'iom' : 'partner-a', role]]);
      session = await signIn(server, u.email);
      me = u;
    }
    const info: ActorInfo = { userId: me?.id ?? null, readOnly: false, memberships: role === 'anonymous' ? [] : [{ orgId, role }] };
    const cases = await casesFor(me, orgId);
    // Sign-out last: it ends the session the other cases use.
    cases.sort((a, b) => Number(a.route.endsWith('sign-out')) - Number(b.route.endsWith('sign-out')));
    let n = 0;
    for (const c of cases) {
      // Each request from its own address: the matrix checks the policy, not the throttle on anonymous writes.
      const client = as(server, session, { remoteAddress: `10.9.${actors.indexOf(role)}.${++n}` });
      // Four eyes: nobody validates their own organisation's report, whatever their role.
      const ownWork = (c.fourEyes ?? []).includes(orgId);
      const allowed = permits(info, c.resource, c.action, c.facts) && !ownWork;
      const before = c.method !== 'GET' && !allowed ? await tableCounts(t.app) : null;
      const trail = c.method !== 'GET' && allowed && !c.storesNothing ? await auditEntries() : null;
      const res = c.method === 'GET' ? await client.get(c.url)
        : c.method === 'DELETE' ? await client.delete(c.url)
        : c.method === 'PATCH' ? await client.patch(c.url, c.body)
        : c.method === 'PUT' ? await client.put(c.url, c.body) : await client.post(c.url, c.body);
      const what = `${role} ${c.method} ${c.url} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (allowed) {
        expect.soft(res.statusCode, what).toBeLessThan(300);
        // Every write that succeeds leaves an audit entry.
        if (trail !== null) expect.soft(await auditEntries(), `${what}: no audit entry`).toBeGreaterThan(trail);
      } else {
        expect.soft([401, 403, 404], what).toContain(res.statusCode);
        if (c.hidden) expect.soft(res.statusCode, what).toBe(404);
        else if (role === 'anonymous') expect.soft(res.statusCode, what).toBe(401);
        else if (c.foreign && !permits(info, c.resource, 'read', c.facts)) expect.soft(res.statusCode, what).toBe(404);
        if (before) expect.soft(await tableCounts(t.app), what).toEqual(before);
      }
    }
  });

  it('covers every API route the server registered, each with a policy entry', async () => {
    const registered = (server as unknown as { registeredRoutes: Array<{ method: string; url: string; policy: unknown; public: boolean }> }).registeredRoutes
      .filter((r) => r.url.startsWith('/api/'));
    for (const r of registered) expect(r.policy ?? r.public, `${r.method} ${r.url}`).toBeTruthy();
    const covered = new Set((await casesFor(null, fx.orgA.id)).map((c) => `${c.method} ${c.route}`));
    covered.add('POST /api/v1/auth/sign-in'); // the brute-force and sign-in tests drive this one
    const missing = registered.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });
});
