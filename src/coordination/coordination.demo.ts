import type { AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { FigureDraft, ImportService } from '../figures/index.js';
import type { SituationService } from '../situations/index.js';
import { DEMO_ACCOUNTS, DEMO_CITATIONS, DEMO_DECISIONS, DEMO_SITUATIONS } from './demo-data.js';
import type { DecisionService } from './decision.service.js';
import type { PlatformService } from './platform.service.js';

const SOURCE_ORG: Record<keyof typeof DEMO_CITATIONS, string> = {
  'demo-unhcr-global-trends': 'unhcr',
  'demo-undesa-ims-2024': 'undesa',
  'demo-r4v-2024': 'r4v',
  'demo-idmc-2024': 'unhcr',
};

/** Synthetic partners of the demo platform. */
const PARTNERS = [
  { slug: 'demo-partner-a', name: 'Demo partner A (synthetic NGO)', refugeeLed: false, type: 'national_ngo' },
  { slug: 'demo-partner-b', name: 'Demo partner B (synthetic refugee-led organisation)', refugeeLed: true, type: 'civil_society' },
  { slug: 'demo-partner-c', name: 'Demo partner C (synthetic international NGO)', refugeeLed: false, type: 'international_ngo' },
] as const;

interface DemoApp {
  accounts: AccountService; imports: Pick<ImportService, 'ingest'>; situations: Pick<SituationService, 'create'>;
  decisions: Pick<DecisionService, 'recordSigned'>; platforms: Pick<PlatformService, 'create' | 'addSector' | 'addPartner'>;
}

/**
 * The lead-recommendation demo (situations, figures with their citations, synthetic representative
 * accounts and their signed decisions) and the demo coordination platforms after R4V: a regional platform
 * co-led by IOM and UNHCR with the GIFMM as its national platform in Colombia, with synthetic partners.
 * The demo accounts have no password: nobody can sign in with them.
 */
export async function seedCoordinationDemo(app: DemoApp, ctx: Ctx): Promise<void> {
  if (!(await app.accounts.organisationBySlug('r4v'))) {
    await app.accounts.createOrganisation(ctx, {
      slug: 'r4v', name: 'R4V Inter-Agency Coordination Platform for Refugees and Migrants from Venezuela', kind: 'coordination_platform',
    });
  }
  // Each publisher's figures are imported in its own name (R1), marked as demo: a real figure of the same
  // type and place always wins over them.
  for (const publisher of [...new Set(Object.values(SOURCE_ORG))]) {
    async function* rows() {
      let row = 0;
      for (const s of DEMO_SITUATIONS) {
        for (const [dataset, type, value, refDate] of s.figures) {
          row++;
          if (SOURCE_ORG[dataset] !== publisher) continue;
          const figure: FigureDraft = {
            refDate, datePrecision: 'year', origin: s.origin, host: s.host, area: null, type, sex: 'total', value,
            includesProtection: dataset === 'demo-undesa-ims-2024', sourceOrg: publisher, sourceDataset: dataset,
            sourceRow: row, method: `Demo figure typed in from: ${DEMO_CITATIONS[dataset]}`, demo: true,
          };
          yield { row, rowKey: `${dataset}|${s.slug}|${type}|${refDate}`, figures: [figure], errors: [] };
        }
      }
    }
    await app.imports.ingest(ctx, 'demo', 'tandem demo data', rows(), { sha256: () => 'demo', asOrg: publisher });
  }

  for (const s of DEMO_SITUATIONS) {
    await app.situations.create(ctx, { name: s.name, slug: s.slug, origins: [s.origin], hosts: [s.host], description: s.description, ...(s.kind ? { kind: s.kind } : {}) });
  }
  const accounts = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    const existing = await app.accounts.findUserByEmail(a.email);
    const user = existing ?? (await app.accounts.createUser(ctx, { email: a.email, displayName: a.name, password: null }));
    await app.accounts.addMembership(ctx, { userId: user.id, organisation: a.agency, role: 'agency_representative' });
    accounts.set(a.email, user.id);
  }
  const accountOf = (email: string) => {
    const id = accounts.get(email);
    if (!id) throw new Error(`demo account ${email} is missing`);
    return id;
  };
  for (const d of DEMO_DECISIONS) {
    await app.decisions.recordSigned(ctx, d.situation, {
      arrangement: d.arrangement, decidedOn: d.decidedOn, rationale: d.rationale, year: 2024, iomAccountId: accountOf(d.iom), unhcrAccountId: accountOf(d.unhcr),
    });
  }

  for (const partner of PARTNERS) {
    await app.accounts.createOrganisation(ctx, { slug: partner.slug, name: partner.name, kind: 'ngo', refugeeLed: partner.refugeeLed });
  }
  const p = app.platforms;
  await p.create(ctx, { name: 'R4V regional platform (demo)', slug: 'r4v-demo', tier: 'regional', situation: 'venezuela-colombia' });
  await p.create(ctx, { name: 'GIFMM Colombia (demo)', slug: 'gifmm-colombia-demo', tier: 'national', parent: 'r4v-demo', situation: 'venezuela-colombia', country: 'COL' });
  const ref = 'gifmm-colombia-demo';
  await p.addSector(ctx, ref, { code: 'protection', name: 'Protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'child_protection', name: 'Child Protection', parent: 'protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'gbv', name: 'Gender-Based Violence', parent: 'protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'trafficking_smuggling', name: 'Human Trafficking and Smuggling', parent: 'protection', leads: ['iom'] });
  await p.addSector(ctx, ref, { code: 'health', name: 'Health', leads: ['iom'] });
  await p.addSector(ctx, ref, { code: 'wash', name: 'Water, Sanitation and Hygiene', leads: ['demo-partner-c'] });
  for (const partner of PARTNERS) await p.addPartner(ctx, ref, { organisation: partner.slug, appealing: true, partnerType: partner.type });
}
