import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ErrorDetail } from '../../core/errors.js';
import { columnIndexes } from '../../hxl/index.js';
import { parseDate } from '../../hxl/index.js';
import { openHxl, sniffFormat } from '../../hxl/index.js';
import { parseTagPattern } from '../../hxl/index.js';
import type { FigureDraft } from '../figure.model.js';

/** One IOM DTM mobility-tracking record: IDPs present in an admin area at a round of an operation. */
interface DtmRecord {
  row: number;
  operation: string;
  country: string;
  area: string | null;
  level: number;
  idps: number;
  date: string;
  round: number;
}

const FIELDS = {
  operation: ['#operation+name', 'operation'],
  country: ['#country+code', 'admin0Pcode'],
  adm1: ['#adm1+code-origin', 'admin1Pcode'],
  adm2: ['#adm2+code', 'admin2Pcode'],
  level: ['#adm+level', 'adminLevel'],
  idps: ['#affected+idps!', 'numPresentIdpInd'],
  date: ['#date+reported!', 'reportingDate'],
  round: ['#round+code', 'roundNumber'],
} as const;
type Field = keyof typeof FIELDS;

/** Reads DTM API JSON (`{"result": [...]}`) or a DTM HXL CSV export into plain records, by field name. */
async function* rawRecords(path: string): AsyncGenerator<{ row: number; get: (f: Field) => string }> {
  if ((await sniffFormat(path)) === 'json') {
    const doc = JSON.parse(await readFile(path, 'utf8')) as { result?: Array<Record<string, unknown>> };
    const rows = Array.isArray(doc) ? (doc as Array<Record<string, unknown>>) : doc.result ?? [];
    let row = 0;
    for (const r of rows) {
      row++;
      yield { row, get: (f) => (r[FIELDS[f][1]] === null || r[FIELDS[f][1]] === undefined ? '' : String(r[FIELDS[f][1]])) };
    }
    return;
  }
  const ds = await openHxl(path);
  const idx = Object.fromEntries(Object.entries(FIELDS).map(([k, [tag]]) => [k, columnIndexes(ds.columns, parseTagPattern(tag)!)[0] ?? -1])) as Record<Field, number>;
  let row = (ds.firstRow ?? 3) - 1;
  for await (const r of ds.rows) {
    row++;
    yield { row, get: (f) => (idx[f] >= 0 ? (r[idx[f]] ?? '').trim() : '') };
  }
}

/**
 * IDP figures from IOM DTM: summed over displacement reasons and areas of origin for each operation, admin
 * area and round; when an operation's rounds overlap, only its latest round counts (earlier rounds are
 * reported as superseded, not imported). Figures are IOM's, type IDP, by admin area (P-code).
 */
export async function dtmFigureRows(path: string, isKnownCountry: (c: string) => boolean) {
  const file = basename(path);
  const records: DtmRecord[] = [];
  const errors: Array<{ row: number; errors: ErrorDetail[] }> = [];
  for await (const { row, get } of rawRecords(path)) {
    const e: ErrorDetail[] = [];
    const country = get('country').toUpperCase();
    if (!isKnownCountry(country)) e.push({ file, row, column: 'admin0Pcode', message: `"${get('country')}" is not a known ISO3 country code` });
    const idps = Number(get('idps'));
    if (get('idps') === '' || !Number.isInteger(idps) || idps < 0) e.push({ file, row, column: 'numPresentIdpInd', message: `"${get('idps')}" is not a count of people` });
    const date = parseDate(get('date'));
    if (!date) e.push({ file, row, column: 'reportingDate', message: `"${get('date')}" is not a date` });
    // The API's admin pages carry no level: it follows from the most specific P-code present.
    const level = get('level') !== '' ? Number(get('level')) : get('adm2') ? 2 : get('adm1') ? 1 : 0;
    const area = level >= 2 ? get('adm2') || null : level === 1 ? get('adm1') || null : null;
    if (level > 0 && !area) e.push({ file, row, column: level >= 2 ? 'admin2Pcode' : 'admin1Pcode', message: 'the P-code of the admin area is missing' });
    if (e.length) errors.push({ row, errors: e });
    else records.push({ row, operation: get('operation') || 'unknown operation', country, area, level, idps, date: date!, round: Number(get('round') || '0'), });
  }

  // The latest round of each operation (by round number, then date) at each admin level.
  const latest = new Map<string, { round: number; date: string }>();
  for (const r of records) {
    const k = `${r.operation}|${r.country}|${r.level}`;
    const cur = latest.get(k);
    if (!cur || r.round > cur.round || (r.round === cur.round && r.date > cur.date)) latest.set(k, { round: r.round, date: r.date });
  }
  const current = records.filter((r) => {
    const l = latest.get(`${r.operation}|${r.country}|${r.level}`)!;
    return r.round === l.round && r.date === l.date;
  });
  const sums = new Map<string, { first: DtmRecord; value: number }>();
  for (const r of current) {
    const k = [r.operation, r.country, r.area ?? '', r.date, r.round].join('|');
    const s = sums.get(k);
    if (s) s.value += r.idps;
    else sums.set(k, { first: r, value: r.idps });
  }

  async function* rows() {
    for (const e of errors) yield { row: e.row, rowKey: `error-${e.row}`, figures: [] as FigureDraft[], errors: e.errors };
    for (const [key, { first, value }] of sums) {
      const figure: FigureDraft = {
        refDate: first.date, datePrecision: 'day', origin: first.country, host: first.country, area: first.area, type: 'IDP', sex: 'total',
        value, includesProtection: false, sourceOrg: 'iom', sourceDataset: `iom-dtm:${first.operation}`, sourceRow: first.row,
        method: `IOM DTM mobility tracking, round ${first.round} (latest of the operation); summed over reasons and areas of origin`,
      };
      yield { row: first.row, rowKey: key, figures: [figure], errors: [] as ErrorDetail[] };
    }
  }
  return { rows: rows(), superseded: records.length - current.length };
}
