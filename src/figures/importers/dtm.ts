import { basename } from 'node:path';
import type { ErrorDetail } from '../../core/errors.js';
import { columnIndexes } from '../../hxl/index.js';
import { parseDate } from '../../hxl/index.js';
import { openHxl, scanJsonRows, sniffFormat } from '../../hxl/index.js';
import { HxlError, parseTagPattern } from '../../hxl/index.js';
import type { FigureDraft } from '../figure.model.js';

/** One IOM DTM mobility-tracking record: IDPs present in an admin area at a round of an operation. */
interface DtmRecord {
  row: number;
  operation: string;
  reason: string;
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
  reason: ['#cause+type', 'displacementReason'],
} as const;
type Field = keyof typeof FIELDS;

/** Reads DTM API JSON (`{"result": [...]}`) or a DTM HXL CSV export into plain records, by field name. */
async function* rawRecords(path: string): AsyncGenerator<{ row: number; get: (f: Field) => string }> {
  if ((await sniffFormat(path)) === 'json') {
    let row = 0;
    for await (const r of scanJsonRows(path)) {
      row++;
      if (!('entries' in r)) throw new HxlError(`${basename(path)}: row ${row} is not an object`, row);
      const values = new Map(r.entries);
      yield { row, get: (f) => values.get(FIELDS[f][1]) ?? '' };
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
 * IDP figures from IOM DTM, one source per country and cause (conflict, disaster): for each admin area the
 * latest round of any operation counts, summed over displacement reasons and areas of origin; earlier rounds
 * are reported as superseded, not imported. Figures are IOM's, type IDP, by admin area (P-code).
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
    else records.push({ row, operation: get('operation') || 'unknown operation', reason: get('reason'), country, area, level, idps, date: date ?? '', round: Number(get('round') || '0') });
  }

  // An operation is a disaster operation when every record that gives a reason names a natural disaster
  // (an earthquake, a hurricane season); any other operation counts conflict and insecurity. The two are
  // different caseloads for different arrangements: never compared, never added.
  const disasterOnly = new Map<string, boolean>();
  for (const r of records) {
    const known = r.reason !== '' && !/no reason/i.test(r.reason);
    if (!known) continue;
    const natural = /natural disaster/i.test(r.reason) && !/conflict|insecurity/i.test(r.reason);
    disasterOnly.set(r.operation, (disasterOnly.get(r.operation) ?? true) && natural);
  }
  const cause = (r: DtmRecord): 'conflict' | 'disaster' => (disasterOnly.get(r.operation) ? 'disaster' : 'conflict');

  // One source per country and cause: for each admin area, the latest round of any operation counts
  // (by date, then round); older rounds and operations there are superseded.
  const latest = new Map<string, { operation: string; round: number; date: string }>();
  for (const r of records) {
    const k = `${r.country}|${cause(r)}|${r.level}|${r.area ?? ''}`;
    const cur = latest.get(k);
    if (!cur || r.date > cur.date || (r.date === cur.date && r.round > cur.round)) latest.set(k, { operation: r.operation, round: r.round, date: r.date });
  }
  const current = records.filter((r) => {
    const l = latest.get(`${r.country}|${cause(r)}|${r.level}|${r.area ?? ''}`);
    return l !== undefined && r.operation === l.operation && r.round === l.round && r.date === l.date;
  });
  const sums = new Map<string, { first: DtmRecord; value: number }>();
  for (const r of current) {
    const k = [r.country, cause(r), r.area ?? '', r.date].join('|');
    const s = sums.get(k);
    if (s) s.value += r.idps;
    else sums.set(k, { first: r, value: r.idps });
  }

  async function* rows() {
    for (const e of errors) yield { row: e.row, rowKey: `error-${e.row}`, figures: [] as FigureDraft[], errors: e.errors };
    for (const [key, { first, value }] of sums) {
      const c = cause(first);
      const figure: FigureDraft = {
        refDate: first.date, datePrecision: 'day', origin: first.country, host: first.country, area: first.area, type: 'IDP', sex: 'total',
        value, includesProtection: false, sourceOrg: 'iom', sourceDataset: `iom-dtm:${first.country}:${c}`, sourceRow: first.row, methodFlags: [c],
        method: `IOM DTM mobility tracking, ${first.operation}, round ${first.round} (the latest in this area); summed over reasons and areas of origin`,
      };
      yield { row: first.row, rowKey: key, figures: [figure], errors: [] as ErrorDetail[] };
    }
  }
  return { rows: rows(), superseded: records.length - current.length };
}
