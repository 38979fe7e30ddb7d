/**
 * Demo data shipped with Tandem. Population figures are published headline figures typed in by hand,
 * rounded, with their citation; they illustrate the software and must not be used for operations.
 * Signatories are synthetic and say so. Nothing here is read from any data file.
 */
export const DEMO_CITATIONS = {
  'demo-unhcr-global-trends':
    'UNHCR, Global Trends: Forced Displacement in 2023 and in 2024, and Refugee Data Finder, end-2023 and end-2024 stocks by origin and asylum (rounded)',
  'demo-undesa-ims-2024':
    'UN DESA Population Division, International Migrant Stock 2024, mid-2024 stock by destination and origin, both sexes (rounded)',
  'demo-r4v-2024':
    'R4V Inter-Agency Coordination Platform, Refugees and migrants from Venezuela, figures for 2024 (rounded)',
  'demo-idmc-2024':
    'IDMC, conflict internal displacement stocks at end-2024, as republished by UNHCR (Refugee Data Finder, refugees R package, dataset idmc; rounded)',
} as const;

export type DemoDataset = keyof typeof DEMO_CITATIONS;

export interface DemoSituation {
  slug: string;
  name: string;
  origin: string;
  host: string;
  description: string;
  /** Cross-border unless said: an internal situation has the same origin and host. */
  kind?: 'internal';
  /** [dataset, type, value, reference date] */
  figures: Array<[DemoDataset, 'REF' | 'ASY' | 'OIP' | 'MIG' | 'RMG' | 'IDP', number, string]>;
}

const GT = 'demo-unhcr-global-trends' as const;
const IMS = 'demo-undesa-ims-2024' as const;
const END = '2024-12-31';
const MID = '2024-07-01';
// End-2023 stocks too: UN DESA's stock is dated mid-2024, and protection figures are taken at its date,
// between the end-2023 and end-2024 figures (R2, one reference date).
const GT23 = GT;
const END23 = '2023-12-31';

export const DEMO_SITUATIONS: DemoSituation[] = [
  {
    slug: 'venezuela-colombia', name: 'Venezuelans in Colombia', origin: 'VEN', host: 'COL',
    description: 'Largest host of refugees and migrants from Venezuela; most hold Temporary Protection Status.',
    figures: [[GT, 'REF', 1_000, END], [GT, 'ASY', 28_000, END], [GT, 'OIP', 2_780_000, END], [IMS, 'MIG', 2_900_000, MID],
      [GT23, 'REF', 1_000, END23], [GT23, 'ASY', 23_000, END23], [GT23, 'OIP', 2_850_000, END23],
      ['demo-r4v-2024', 'RMG', 2_810_000, END]],
  },
  {
    slug: 'nicaragua-costa-rica', name: 'Nicaraguans in Costa Rica', origin: 'NIC', host: 'CRI',
    description: 'Asylum-seekers since 2018 alongside a long-established Nicaraguan labour migration.',
    figures: [[GT, 'REF', 15_000, END], [GT, 'ASY', 190_000, END], [IMS, 'MIG', 420_000, MID], [GT23, 'REF', 13_000, END23], [GT23, 'ASY', 171_000, END23]],
  },
  {
    slug: 'myanmar-malaysia', name: 'People from Myanmar in Malaysia', origin: 'MMR', host: 'MYS',
    description: 'Rohingya and other refugees registered by UNHCR beside migrant workers from Myanmar.',
    figures: [[GT, 'REF', 128_000, END], [GT, 'ASY', 42_000, END], [IMS, 'MIG', 310_000, MID], [GT23, 'REF', 126_000, END23], [GT23, 'ASY', 37_000, END23]],
  },
  {
    slug: 'myanmar-bangladesh', name: 'Rohingya refugees in Bangladesh', origin: 'MMR', host: 'BGD',
    description: "Cox's Bazar and Bhasan Char.",
    figures: [[GT, 'REF', 1_006_000, END], [IMS, 'MIG', 1_250_000, MID], [GT23, 'REF', 972_000, END23]],
  },
  {
    slug: 'sudan-chad', name: 'Sudanese refugees in Chad', origin: 'SDN', host: 'TCD',
    description: 'Arrivals in eastern Chad since April 2023 on top of a protracted caseload.',
    figures: [[GT, 'REF', 1_110_000, END], [GT, 'ASY', 3_000, END], [IMS, 'MIG', 1_070_000, MID], [GT23, 'REF', 923_000, END23], [GT23, 'ASY', 2_000, END23]],
  },
  {
    slug: 'haiti-dominican-republic', name: 'Haitians in the Dominican Republic', origin: 'HTI', host: 'DOM',
    description: 'A large migrant population with few asylum claims.',
    figures: [[GT, 'ASY', 500, END], [IMS, 'MIG', 535_000, MID], [GT23, 'ASY', 2_000, END23]],
  },
  {
    slug: 'somalia-yemen', name: 'Somalis in Yemen', origin: 'SOM', host: 'YEM',
    description: 'Somali refugees recognised prima facie, on a route also used by migrants towards the Gulf.',
    figures: [[GT, 'REF', 38_000, END], [IMS, 'MIG', 285_000, MID], [GT23, 'REF', 44_000, END23]],
  },
  {
    slug: 'ukraine-poland', name: 'Refugees from Ukraine in Poland', origin: 'UKR', host: 'POL',
    description: 'Temporary protection under the EU directive since 2022.',
    figures: [[GT, 'REF', 990_000, END], [GT, 'ASY', 3_400, END], [IMS, 'MIG', 1_100_000, MID], [GT23, 'REF', 956_000, END23], [GT23, 'ASY', 1_000, END23]],
  },
  {
    slug: 'sudan-internal', name: 'Internal displacement in Sudan', origin: 'SDN', host: 'SDN', kind: 'internal',
    description: 'People displaced within Sudan by the conflict that began in April 2023 (R8: the cluster arrangement applies).',
    figures: [['demo-idmc-2024', 'IDP', 11_560_000, END]],
  },
];

/** Synthetic agency representatives who sign the demo decisions; they have no password. */
export const DEMO_ACCOUNTS = [
  { email: 'iom.rep.a@demo.tandem.invalid', name: 'Demo signatory A (IOM, synthetic)', agency: 'iom' },
  { email: 'unhcr.rep.b@demo.tandem.invalid', name: 'Demo signatory B (UNHCR, synthetic)', agency: 'unhcr' },
  { email: 'iom.rep.c@demo.tandem.invalid', name: 'Demo signatory C (IOM, synthetic)', agency: 'iom' },
  { email: 'unhcr.rep.d@demo.tandem.invalid', name: 'Demo signatory D (UNHCR, synthetic)', agency: 'unhcr' },
] as const;

/** Decisions recorded in the demo, signed by the synthetic accounts above. */
export const DEMO_DECISIONS = [
  {
    situation: 'venezuela-colombia',
    arrangement: 'co-led-platform',
    decidedOn: '2018-09-01',
    iom: 'iom.rep.a@demo.tandem.invalid',
    unhcr: 'unhcr.rep.b@demo.tandem.invalid',
    rationale:
      'At the request of the UN Secretary-General in April 2018, IOM and UNHCR co-lead the Regional Inter-Agency ' +
      'Coordination Platform for Refugees and Migrants from Venezuela (R4V) across 17 countries. The movement is mixed ' +
      'at regional level and most people hold temporary status rather than refugee status, so one co-led platform ' +
      'serves Colombia rather than a UNHCR-led response.',
  },
  {
    situation: 'myanmar-bangladesh',
    arrangement: 'unhcr-led',
    decidedOn: '2024-12-31',
    iom: 'iom.rep.c@demo.tandem.invalid',
    unhcr: 'unhcr.rep.d@demo.tandem.invalid',
    rationale: null,
  },
] as const;
