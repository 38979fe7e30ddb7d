import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from '../core/actor.js';
import type { FlowService } from './flows.service.js';
import type { MappingService } from './mapping.service.js';
import type { SurveyService } from './surveys.service.js';

/** Where the demo's counts come from: kept as the import's file name, the one note a batch of counts carries (the point's and the mapping's names say SNM too). */
const DARIEN_SOURCE = 'Servicio Nacional de Migración de Panamá (SNM), Tránsito irregular por Darién, monthly by nationality, https://www.migracion.gob.pa/estadisticas';

/**
 * The flow-monitoring points of the demo, on the Darién route (Colombia → Panama → Costa Rica), operated by
 * IOM. Coordinates are approximate public ones (rounded to a hundredth of a degree, about a kilometre). The
 * SNM publishes its count for the whole jungle crossing, not by station: it is kept at the route point
 * (`PA-DARIEN`); the stations and the points either side are on the map without counts.
 */
const DEMO_POINTS = [
  { code: 'CO-NECOCLI', name: 'Necoclí (boats across the Gulf of Urabá towards the Darién)', country: 'COL', kind: 'seaport', lat: 8.43, lon: -76.78 },
  { code: 'PA-DARIEN', name: 'Darién jungle crossing (SNM count of irregular transits, all reception stations)', country: 'PAN', kind: 'route', lat: 8.0, lon: -77.5 },
  { code: 'PA-LAJAS-BLANCAS', name: 'Lajas Blancas migrant reception station (ERM), Darién', country: 'PAN', kind: 'reception_centre', lat: 8.33, lon: -77.8 },
  { code: 'PA-SAN-VICENTE', name: 'San Vicente migrant reception station (ERM), Metetí, Darién', country: 'PAN', kind: 'reception_centre', lat: 8.49, lon: -77.97 },
  { code: 'CR-PASO-CANOAS', name: 'Paso Canoas (Costa Rica–Panama border)', country: 'CRI', kind: 'border_crossing', lat: 8.53, lon: -82.84 },
] as const;

/** The nationalities typed in, the five largest of 2023–2024 (91% of the transits); the others are left out, not counted as unknown. */
const DARIEN_NATIONALITIES = ['VEN', 'ECU', 'HTI', 'CHN', 'COL'] as const;

/**
 * Irregular transits through the Darién into Panama, by month, as published by Panama's Servicio Nacional de
 * Migración (https://www.migracion.gob.pa/estadisticas, data as of 28 February 2025; republished in IOM's
 * gdidata R package, dataset `irreg_darien_nat`, https://github.com/iom/gdidata, MIT). Typed in: the month,
 * SNM's total for the month (every nationality, for reference: not imported), then the five nationalities
 * in the order of DARIEN_NATIONALITIES. Flows: people counted crossing in the month, never a population.
 */
const DARIEN_TRANSITS: ReadonlyArray<readonly [month: string, snmTotal: number, ven: number, ecu: number, hti: number, chn: number, col: number]> = [
  ['2023-01', 24634, 2337, 6352, 10222, 913, 333],
  ['2023-02', 24657, 7097, 5203, 6522, 1285, 637],
  ['2023-03', 38099, 20816, 2772, 6896, 1657, 1260],
  ['2023-04', 40297, 25395, 2683, 4830, 1683, 1634],
  ['2023-05', 38962, 26409, 3059, 3023, 1497, 1645],
  ['2023-06', 29722, 18501, 5052, 1446, 1722, 894],
  ['2023-07', 55387, 38033, 9773, 1226, 1789, 1884],
  ['2023-08', 81946, 62700, 8642, 1559, 2433, 2989],
  ['2023-09', 75268, 58716, 4744, 2563, 2588, 2570],
  ['2023-10', 49256, 34594, 2849, 3202, 2934, 2051],
  ['2023-11', 37231, 22547, 2996, 2648, 4090, 1716],
  ['2023-12', 24626, 11505, 3125, 2285, 2974, 1228],
  ['2024-01', 36001, 21940, 2208, 3048, 2911, 2129],
  ['2024-02', 37166, 24895, 3450, 1775, 1562, 2483],
  ['2024-03', 36841, 23257, 3295, 2506, 1885, 2524],
  ['2024-04', 29259, 18558, 1700, 1661, 2302, 1729],
  ['2024-05', 30747, 21245, 1475, 882, 1511, 2098],
  ['2024-06', 31049, 23509, 1277, 626, 1074, 1967],
  ['2024-07', 20519, 13545, 828, 495, 772, 1125],
  ['2024-08', 16603, 11733, 489, 418, 53, 925],
  ['2024-09', 25111, 19800, 582, 243, 124, 1048],
  ['2024-10', 22914, 19522, 507, 166, 69, 918],
  ['2024-11', 11144, 8901, 444, 89, 82, 394],
  ['2024-12', 4849, 2992, 321, 45, 53, 189],
];

/** The mapping IOM saves for the table as typed in: one row per month and nationality, at the route point, entries, crossings. */
const DARIEN_MAPPING = {
  name: 'SNM Darien transits by nationality',
  target: 'flows',
  flows: { period: 'month' },
  read: {
    columns: [
      { header: 'Mes', tag: '#date' },
      { header: 'Nacionalidad', tag: '#country+nationality' },
      { header: 'Personas', tag: '#affected' },
    ],
    constants: [
      { tag: '#loc+code', value: 'PA-DARIEN' },
      { tag: '#indicator+direction', value: 'entry' },
      { tag: '#indicator+measure', value: 'crossings' },
    ],
    ignore: ['Fuente'],
  },
  asOrg: 'iom',
} as const;

/** The demo's survey respondents. **Every one is synthetic**: made up, labelled so in each personal field, flagged `synthetic`. */
const RESPONDENTS = [
  { sex: 'female', ageBand: '26_35', nationality: 'VEN', origin: 'VEN', reason: 'economic', transport: 'bus', needs: ['food', 'health'], withChildren: true },
  { sex: 'male', ageBand: '18_25', nationality: 'VEN', origin: 'VEN', reason: 'economic', transport: 'bus', needs: ['cash', 'information'], withChildren: false },
  { sex: 'female', ageBand: '36_45', nationality: 'VEN', origin: 'COL', reason: 'conflict_violence', transport: 'on_foot', needs: ['shelter', 'protection'], withChildren: true },
  { sex: 'male', ageBand: '26_35', nationality: 'VEN', origin: 'VEN', reason: 'lack_of_services', transport: 'bus', needs: ['water', 'food'], withChildren: false },
  { sex: 'male', ageBand: '46_59', nationality: 'VEN', origin: 'PER', reason: 'family_reunification', transport: 'bus', needs: ['none'], withChildren: false },
  { sex: 'female', ageBand: '18_25', nationality: 'ECU', origin: 'ECU', reason: 'conflict_violence', transport: 'bus', needs: ['health', 'legal_assistance'], withChildren: true },
  { sex: 'male', ageBand: '26_35', nationality: 'HTI', origin: 'CHL', reason: 'economic', transport: 'on_foot', needs: ['documentation', 'information'], withChildren: false },
  { sex: 'female', ageBand: '26_35', nationality: 'COL', origin: 'COL', reason: 'persecution', transport: 'car', needs: ['protection', 'shelter'], withChildren: true },
] as const;

interface DemoApp {
  flows: Pick<FlowService, 'createPoint' | 'importFlows'>;
  importMappings: Pick<MappingService, 'save'>;
  flowSurveys: Pick<SurveyService, 'create'>;
  protectionNow: () => Date;
}

/** The table as typed in, as a file any user would import: one row per month and nationality, the source on each row. */
function darienCsv(): string {
  const lines = ['Mes,Nacionalidad,Personas,Fuente'];
  for (const [month, , ...counts] of DARIEN_TRANSITS) {
    counts.forEach((n, i) => lines.push(`${month}-01,${DARIEN_NATIONALITIES[i]},${n},"${DARIEN_SOURCE}"`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The movements demo, through the module's own services as the operator acting for IOM: the points of the
 * Darién route with their coordinates (for the map); SNM's published monthly transits by nationality, typed
 * in, imported as flows through a saved mapping (they show as trends, never in a population figure); and a
 * few survey responses at Paso Canoas, **synthetic**, so that the aggregates are not empty (small cells
 * suppressed as for any survey).
 */
export async function seedMovementsDemo(app: DemoApp, ctx: Ctx): Promise<void> {
  const points = new Map<string, string>();
  for (const p of DEMO_POINTS) points.set(p.code, (await app.flows.createPoint(ctx, { ...p, asOrg: 'iom' })).id);

  await app.importMappings.save(ctx, DARIEN_MAPPING);
  const dir = await mkdtemp(join(tmpdir(), 'tandem-demo-'));
  try {
    const file = join(dir, 'darien.csv');
    await writeFile(file, darienCsv(), 'utf8');
    await app.flows.importFlows(ctx, file, { mapping: DARIEN_MAPPING.name, asOrg: 'iom', name: `Typed in for the demo, 2023-01 to 2024-12, five nationalities: ${DARIEN_SOURCE}` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Interviews dated in the weeks before the seed (days 1 to 8 of the month ten days back), all in one month,
  // so that their personal fields are kept about a year from the demo's start, not erased by the first retention run.
  const base = new Date(app.protectionNow().getTime() - 10 * 86_400_000).toISOString().slice(0, 7);
  const point = points.get('CR-PASO-CANOAS')!;
  for (const [i, r] of RESPONDENTS.entries()) {
    const n = i + 1;
    await app.flowSurveys.create(ctx, {
      point, date: `${base}-0${n}`, consent: true, consentMethod: 'verbal', ...r, needs: [...r.needs], departure: 'COL', destination: 'USA',
      name: `SYNTHETIC Person ${n}`, contact: `SYNTHETIC contact ${n} (not a real number)`,
      remarks: `SYNTHETIC demo response ${n}: made up for the demo; no real person.`,
    }, { synthetic: true });
  }
}
