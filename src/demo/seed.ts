import type { App } from '../app.js';
import { operatorCtx } from '../access/actor.js';
import { newId, nowIso } from '../core/ids.js';
import type { FigureDraft } from '../figures/figure.model.js';
import { seedPlatformDemo } from './platform-demo.js';
import { DEMO_ACCOUNTS, DEMO_CITATIONS, DEMO_DECISIONS, DEMO_SITUATIONS } from './demo-data.js';

const SOURCE_ORG: Record<keyof typeof DEMO_CITATIONS, string> = {
  'demo-unhcr-global-trends-2024': 'unhcr',
  'demo-undesa-ims-2024': 'undesa',
  'demo-r4v-2024': 'r4v',
};

/**
 * Seeds the demo (situations, figures with their citations, synthetic representative accounts and their
 * signed decisions) when the database holds no situation yet. Returns whether it seeded. Goes through the
 * same services as any user, as the local operator. The demo accounts have no password: nobody can sign
 * in with them.
 */
export async function seedDemoIfEmpty(app: App): Promise<boolean> {
  const { total } = await app.situations.list({ limit: 1, offset: 0 });
  if (total > 0) return false;
  const ctx = operatorCtx();
  const db = app.database.db;
  await db
    .insertInto('organisations')
    .values({
      id: newId(), slug: 'r4v', name: 'R4V Inter-Agency Coordination Platform for Refugees and Migrants from Venezuela',
      kind: 'coordination_platform', refugee_led: 0, migrant_led: 0, created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();

  async function* rows() {
    let row = 0;
    for (const s of DEMO_SITUATIONS) {
      for (const [dataset, type, value, refDate] of s.figures) {
        row++;
        const figure: FigureDraft = {
          refDate, datePrecision: 'year', origin: s.origin, host: s.host, area: null, type, sex: 'total', value,
          includesProtection: dataset === 'demo-undesa-ims-2024', sourceOrg: SOURCE_ORG[dataset], sourceDataset: dataset,
          sourceRow: row, method: `Demo figure typed in from: ${DEMO_CITATIONS[dataset]}`,
        };
        yield { row, rowKey: `${dataset}|${s.slug}|${type}`, figures: [figure], errors: [] };
      }
    }
  }
  await app.imports.ingest(ctx, 'demo', 'tandem demo data', rows(), { sha256: () => 'demo' });

  for (const s of DEMO_SITUATIONS) {
    await app.situations.create(ctx, { name: s.name, slug: s.slug, origins: [s.origin], hosts: [s.host], description: s.description });
  }
  const accounts = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    const existing = await app.accounts.findUserByEmail(a.email);
    const user = existing ?? (await app.accounts.createUser(ctx, { email: a.email, displayName: a.name, password: null }));
    await app.accounts.addMembership(ctx, { userId: user.id, organisation: a.agency, role: 'agency_representative' });
    accounts.set(a.email, user.id);
  }
  for (const d of DEMO_DECISIONS) {
    await app.decisions.recordSigned(ctx, d.situation, {
      arrangement: d.arrangement, decidedOn: d.decidedOn, rationale: d.rationale, year: 2024,
      iomAccountId: accounts.get(d.iom)!, unhcrAccountId: accounts.get(d.unhcr)!,
    });
  }
  await seedPlatformDemo(app);
  return true;
}
