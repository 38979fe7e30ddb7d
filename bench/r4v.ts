import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proportionsKey, type ModelSpec, type Proportions } from '../src/response/consolidation.models.js';
import { consolidate, type ConsolidatedRow, type ConsolidationOptions } from '../src/response/consolidation.rules.js';
import { R4V_SECTORS, R4V_SOUTHERN_CONE_PARTS, type R4vRow } from '../src/response/r4v.layout.js';

/**
 * R4V's consolidation (issue 19): 1,000,000 synthetic 5W rows in R4V's layout (SYNTHETIC: 5 countries, one
 * reported without admin 1, 20 admin 1s each, 12 months, R4V's 13 sectors, 40 organisations), consolidated
 * by each model into R4V's full report (every admin 1, country level, month and sector, running totals and
 * checks) — against DuckDB computing the same report in SQL over the same rows, in the same run. The two
 * reports are compared (rows, and the sums of every running total). Goal: within 3× DuckDB's time.
 */
const N = Number(process.env.BENCH_R4V_ROWS ?? 1_000_000);
const RUNS = 3;
const COUNTRIES = ['Peru', 'Colombia', 'Ecuador', 'Chile', 'Mexico'];
const MONTHS = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);

function syntheticRows(n: number, seed = 11): R4vRow[] {
  let state = seed;
  const rnd = () => { state = (state * 1_103_515_245 + 12_345) % 2_147_483_648; return state / 2_147_483_648; };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: R4vRow[] = [];
  for (let i = 0; i < n; i++) {
    const country = pick(COUNTRIES);
    const a1 = Math.floor(rnd() * 20);
    const a2 = Math.floor(rnd() * 4);
    const sector = pick(R4V_SECTORS);
    const org = Math.floor(rnd() * 40);
    const people = Math.floor(rnd() * 200);
    const g = [0, 0, 0, 0, 0];
    for (let k = 0; k < people; k += 10) g[Math.floor(rnd() * 5)]! += Math.min(10, people - k);
    const girls = Math.floor(people * 0.2), boys = Math.floor(people * 0.2), women = Math.floor(people * 0.3);
    const cva = sector === 'Multipurpose Cash Assistance (MPC)' || rnd() < 0.15;
    rows.push({
      country, admin1: `${country} A${a1}`, admin2: a2 === 3 ? null : `${country} A${a1}-${a2}`, appealingOrg: `Org ${org}`, implementation: 'No', implementingPartner: null,
      month: pick(MONTHS), sector, indicator: `${sector} people ${Math.floor(rnd() * 3)}`, activityName: `Activity ${org}-${Math.floor(rnd() * 5)}`,
      activityDescription: null, covid19: null, rmrpActivity: 'Yes', cva: cva ? 'Yes' : 'No', value: cva ? people * 50 : null,
      deliveryMechanism: cva ? 'Physical cash' : null, quantityOutput: null, totalMonthly: people + Math.floor(rnd() * 50), newBeneficiaries: people,
      inDestination: g[0]!, inTransit: g[1]!, hostCommunities: g[2]!, pendulars: g[3]!, returnees: g[4]!,
      girls, boys, women, men: people - girls - boys - women, otherUnder: 0, otherAbove: 0,
    });
  }
  return rows;
}

/** Shares for every country, admin 1 and sector but Chile's (its maxsector cells are R4V's empty maximum). */
function proportions(): Proportions {
  const p = new Map<string, number[]>();
  for (const c of COUNTRIES.filter((x) => x !== 'Chile')) for (let a = 0; a < 20; a++) for (const [si, s] of R4V_SECTORS.entries()) {
    const shares = Array.from({ length: 5 }, (_, g) => { const w = [1 + ((a + g) % 3), 2 + (si % 2), 3, 2 + ((a + si + g) % 4)]; const t = w.reduce((x, y) => x + y, 0); return w.map((x) => x / t); }).flat();
    p.set(proportionsKey(c, `${c} A${a}`, s), shares);
  }
  return p;
}

const NUM = ['totalMonthly', 'newBeneficiaries', 'inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees', 'girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove'] as const;
const SUMMED = ['monthlyTotal', 'monthlyCva', 'total', 'inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees', 'girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove', 'cva'] as const;
const fingerprint = (rows: ReadonlyArray<Record<string, unknown>>) => `${rows.length} rows; ${SUMMED.map((k) => rows.reduce((s, r) => s + Number(r[k]), 0)).join(' ')}`;

/** R4V's report in DuckDB's SQL, for one model. */
function reportSql(model: 'sum' | 'maxsector' | 'southern-cone' | 'conservative'): string {
  const G = ['g0', 'g1', 'g2', 'g3', 'g4'];
  const S = ['s0', 's1', 's2', 's3', 's4', 's5'];
  const cells = Array.from({ length: 20 }, (_, i) => `c${i}`);
  const split = (where: string) => `split as (select s.country, s.admin1, s.month, s.cv, ${cells.map((c, i) => `round_even(s.g${Math.floor(i / 4)} * p.${c}, 0) as ${c}`).join(', ')}
      from s left join props p on p.country = s.country and p.admin1 = s.admin1 and p.sector = s.sector ${where}),
    mx as (select country, admin1, month, max(cv) as cv, ${cells.map((c) => `case when count(${c}) < count(*) then 0 else max(${c}) end as ${c}`).join(', ')} from split group by all),
    mxv as (select country, admin1, month, ${G.map((g, k) => `c${k * 4} + c${k * 4 + 1} + c${k * 4 + 2} + c${k * 4 + 3} as ${g}`).join(', ')},
      ${[0, 1, 2, 3].map((x) => `${[0, 1, 2, 3, 4].map((k) => `c${k * 4 + x}`).join(' + ')} as s${x}`).join(', ')}, 0 as s4, 0 as s5, cv from mx)`;
  const sums = `sum(nw) as nw, ${[...G, ...S, 'cv'].map((c) => `sum(${c}) as ${c}`).join(', ')}`;
  let inter: string;
  if (model === 'sum') inter = `i as (select country, admin1, month, 'Intersector' as sector, sum(mt) as mt, sum(mc) as mc, ${sums} from s group by all)`;
  else if (model === 'maxsector') {
    inter = `${split('')},
    i as (select m.country, m.admin1, m.month, 'Intersector' as sector, m.mt, m.mc, ${G.join(' + ')} as nw, ${[...G, ...S, 'cv'].join(', ')}
      from (select country, admin1, month, sum(mt) as mt, sum(mc) as mc from s group by all) m join mxv using (country, admin1, month))`;
  } else if (model === 'southern-cone') {
    const [maxPart, ...sumParts] = R4V_SOUTHERN_CONE_PARTS;
    const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
    inter = `${split(`where s.sector in (${list(maxPart.sectors)})`)},
    parts as (select country, admin1, month, ${G.join(' + ')} as nw, ${[...G, ...S, 'cv'].join(', ')} from mxv
      union all select country, admin1, month, ${sums} from s where sector in (${list(sumParts.flatMap((p) => [...p.sectors]))}) group by all),
    i as (select m.country, m.admin1, m.month, 'Intersector' as sector, m.mt, m.mc, coalesce(p.nw, 0) as nw, ${[...G, ...S, 'cv'].map((c) => `coalesce(p.${c}, 0) as ${c}`).join(', ')}
      from (select country, admin1, month, sum(mt) as mt, sum(mc) as mc from s group by all) m
      left join (select country, admin1, month, ${sums} from parts group by all) p using (country, admin1, month))`;
  } else {
    const D = [...G, ...S, 'cv'];
    inter = `act as (select country, admin1, coalesce(admin2, '') as place, org, ip, sector, indicator, activity, month, ${D.map((d) => `sum(${d}) as ${d}`).join(', ')} from r group by all),
    ids as (select distinct country, admin1, place, org, ip, sector, indicator, activity from act),
    grid as (select ids.*, m.month from ids join (select distinct country, month from r) m using (country)),
    cum as (select g.country, g.admin1, g.place, g.month, ${D.map((d) => `sum(coalesce(act.${d}, 0)) over (partition by g.country, g.admin1, g.place, g.org, g.ip, g.sector, g.indicator, g.activity order by g.month) as ${d}`).join(', ')}
      from grid g left join act using (country, admin1, place, org, ip, sector, indicator, activity, month)),
    fig as (select country, admin1, month, ${D.map((d) => `sum(${d}) as ${d}`).join(', ')} from (select country, admin1, place, month, ${D.map((d) => `max(${d}) as ${d}`).join(', ')} from cum group by all) group by all),
    inc as (select country, admin1, month, ${D.map((d) => `${d} - coalesce(lag(${d}) over (partition by country, admin1 order by month), 0) as ${d}`).join(', ')} from fig),
    i as (select m.country, m.admin1, m.month, 'Intersector' as sector, m.mt, m.mc, ${G.map((g) => `inc.${g}`).join(' + ')} as nw, ${D.map((d) => `inc.${d}`).join(', ')}
      from (select country, admin1, month, sum(mt) as mt, sum(mc) as mc from s group by all) m join inc using (country, admin1, month))`;
  }
  const V = ['mt', 'mc', 'nw', ...G, ...S, 'cv'];
  return `with s as (select country, admin1, month, sector, sum(tm) as mt, sum(case when cva = 'Yes' then tm else 0 end) as mc, sum(nw) as nw,
      ${[...G, ...S].map((c) => `sum(${c}) as ${c}`).join(', ')}, sum(case when cva = 'Yes' then nw else 0 end) as cv from r group by all),
    ${inter},
    a as (select * from s union all select * from i),
    lvl as (select * from a union all select country, 'Country level', month, sector, ${V.map((v) => `sum(${v})`).join(', ')} from a group by all),
    tpl as (select t.country, t.admin1, m.month, x.sector, x.o from
      (select distinct country, admin1 from r where country <> 'Mexico' union all select distinct country, 'Country level' from r) t
      join (select distinct country, month from r) m using (country)
      cross join (select unnest([${[...R4V_SECTORS, 'Intersector'].map((x) => `'${x}'`).join(', ')}]) as sector, generate_subscripts([${[...R4V_SECTORS, 'Intersector'].map((x) => `'${x}'`).join(', ')}], 1) as o) x),
    j as (select tpl.country, tpl.admin1, tpl.month, tpl.sector, tpl.o, ${V.map((v) => `coalesce(lvl.${v}, 0) as ${v}`).join(', ')} from tpl left join lvl using (country, admin1, month, sector)),
    run as (select country, admin1, month, sector, o, mt as monthlyTotal, mc as monthlyCva,
      ${['nw', ...G, ...S, 'cv'].map((v) => `sum(${v}) over (partition by country, admin1, sector order by month) as ${v}`).join(', ')} from j)
    select country, admin1, month, sector, monthlyTotal, monthlyCva, nw as total, g0 as inDestination, g1 as inTransit, g2 as hostCommunities, g3 as pendulars, g4 as returnees,
      s0 as girls, s1 as boys, s2 as women, s3 as men, s4 as otherUnder, s5 as otherAbove, cv as cva,
      case when nw = 0 or (nw > 0 and nw = ${G.join(' + ')}) then 'Ok' else 'Check Population Type breakdown' end as checkPopType,
      case when nw = 0 or (nw > 0 and nw = ${S.join(' + ')}) then 'Ok' else 'Check AGD breakdown' end as checkAgd,
      case when cv > nw then 'CVA Value higher than total' else 'ok' end as checkCva
    from run order by country, admin1, month, o`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Prints, per model, Tandem's time, DuckDB's, their ratio, and whether the two reports agree. */
export async function benchR4v(): Promise<void> {
  const rows = syntheticRows(N);
  const props = proportions();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-r4v-'));
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const rowFile = join(dir, 'rows.csv');
    await new Promise<void>((resolve, reject) => {
      const w = createWriteStream(rowFile);
      w.write(`country,admin1,admin2,org,ip,month,sector,indicator,activity,cva,${NUM.join(',')}\n`);
      for (const r of rows) w.write(`${r.country},${r.admin1},${r.admin2 ?? ''},${r.appealingOrg},,${r.month},"${r.sector}","${r.indicator}",${r.activityName},${r.cva},${NUM.map((k) => r[k] ?? 0).join(',')}\n`);
      w.end(resolve); w.on('error', reject);
    });
    await c.run(`create table r as select country, admin1, nullif(admin2, '') as admin2, org, coalesce(ip, '') as ip, month, sector, indicator, activity, cva,
      totalMonthly as tm, newBeneficiaries as nw, inDestination as g0, inTransit as g1, hostCommunities as g2, pendulars as g3, returnees as g4,
      girls as s0, boys as s1, women as s2, men as s3, otherUnder as s4, otherAbove as s5, case when cva = 'Yes' then newBeneficiaries else 0 end as cv
      from read_csv('${rowFile}', header = true, all_varchar = false, types = {'admin2': 'VARCHAR', 'ip': 'VARCHAR'})`);
    await c.run(`create table props (country varchar, admin1 varchar, sector varchar, ${Array.from({ length: 20 }, (_, i) => `c${i} double`).join(', ')})`);
    const appender = await c.createAppender('props');
    for (const [key, shares] of props) {
      const [country = '', admin1 = '', sector = ''] = key.split('\u0000');
      appender.appendVarchar(country); appender.appendVarchar(admin1); appender.appendVarchar(sector);
      for (const s of shares) appender.appendDouble(s ?? 0);
      appender.endRow();
    }
    appender.closeSync();

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`R4V consolidation: ${fmt(rows.length)} synthetic 5W rows (R4V layout) into R4V's full consolidated report, each model, against DuckDB (same rows, same run), median of ${RUNS}`);
    const models: Array<[string, ModelSpec, 'sum' | 'maxsector' | 'southern-cone' | 'conservative']> = [
      ['sum', { kind: 'sum' }, 'sum'], ['maxsector', { kind: 'maxsector', proportions: props }, 'maxsector'],
      ['southern-cone', { kind: 'groups', parts: R4V_SOUTHERN_CONE_PARTS, proportions: props }, 'southern-cone'], ['conservative', { kind: 'conservative' }, 'conservative'],
    ];
    for (const [name, spec, sqlName] of models) {
      const opts: ConsolidationOptions = { counts: { types: ['Direct Assistance'], typeOf: () => 'Direct Assistance' }, modelOf: () => spec, noAdmin1: ['Mexico'] };
      const ours: number[] = [];
      const theirs: number[] = [];
      let report: ConsolidatedRow[] = [];
      let duck: Array<Record<string, unknown>> = [];
      for (let i = -1; i < RUNS; i++) { // run -1 warms both up and is not counted
        globalThis.gc?.();
        let t0 = performance.now();
        report = consolidate(rows, opts);
        if (i >= 0) ours.push(performance.now() - t0);
        t0 = performance.now();
        duck = (await c.runAndReadAll(reportSql(sqlName))).getRowObjectsJS();
        if (i >= 0) theirs.push(performance.now() - t0);
      }
      const a = fingerprint(report as unknown as Array<Record<string, unknown>>);
      const b = fingerprint(duck);
      const t = median(ours), d = median(theirs);
      console.log(`  ${name.padEnd(13)} Tandem ${t.toFixed(0)} ms, DuckDB ${d.toFixed(0)} ms: ${(t / d).toFixed(2)}x DuckDB's time (goal within 3x); ${a === b ? `same report (${report.length} rows)` : `DIFFERENT reports: ${a} vs ${b}`}`);
    }
    c.closeSync();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('r4v.ts')) await benchR4v();
