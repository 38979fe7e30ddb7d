/**
 * Admin-area boundaries from a GeoJSON file, as pure rules: which property holds each feature's P-code and
 * name, and the features normalised to what a map needs (P-code, name, polygons with coordinates rounded to
 * four decimals, about 11 m, which is finer than any dashboard map shows).
 */

/** Largest file accepted, and largest normalised document kept, in bytes. */
export const BOUNDARY_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const BOUNDARY_STORED_MAX_BYTES = 6 * 1024 * 1024;

export interface BoundaryFeature {
  type: 'Feature';
  properties: { pcode: string; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface BoundaryProblem { feature?: number; property?: string; message: string }

const PCODE = /^[A-Z]{2,3}[A-Z0-9]{0,15}$/;
type Position = number[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const round = (n: number) => Math.round(n * 1e4) / 1e4;

/** A ring with its coordinates rounded and the points that rounding made equal to the previous one dropped. */
function roundRing(ring: unknown): Position[] | null {
  if (!Array.isArray(ring)) return null;
  const out: Position[] = [];
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    const q = [round(p[0]), round(p[1])];
    const last = out.at(-1);
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out.length >= 4 ? out : out.length > 0 ? [...out, ...Array<Position>(4 - out.length).fill(out[0]!)] : null;
}

const roundPolygon = (rings: unknown): Position[][] | null => {
  if (!Array.isArray(rings) || rings.length === 0) return null;
  const out = rings.map(roundRing);
  return out.every((r): r is Position[] => r !== null) ? out : null;
};

/**
 * The property that names each feature's P-code: the one asked for, else the property whose name says
 * P-code (`admin1Pcod`, `ADM1_PCODE`, `pcode`) with the most distinct values (an admin-0 code is the same everywhere).
 */
export function pcodeProperty(features: ReadonlyArray<Record<string, unknown>>, asked?: string): string | undefined {
  if (asked) return asked;
  const keys = [...new Set(features.flatMap((p) => Object.keys(p)))].filter((k) => /p_?cod/i.test(k));
  return mostDistinct(features, keys);
}

/** The property that names each feature: the one asked for, else a name property of the same admin level as its P-code. */
export function nameProperty(features: ReadonlyArray<Record<string, unknown>>, pcodeKey: string, asked?: string): string | undefined {
  if (asked) return asked;
  const level = /(\d)/.exec(pcodeKey)?.[1];
  const keys = [...new Set(features.flatMap((p) => Object.keys(p)))].filter((k) => /name|_en$/i.test(k) && !/alt|ref/i.test(k));
  const sameLevel = level ? keys.filter((k) => k.includes(level)) : [];
  return mostDistinct(features, sameLevel.length ? sameLevel : keys);
}

function mostDistinct(features: ReadonlyArray<Record<string, unknown>>, keys: string[]): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const k of keys) {
    const n = new Set(features.map((p) => p[k]).filter((v) => typeof v === 'string' && v.trim() !== '')).size;
    if (n > bestCount) { best = k; bestCount = n; }
  }
  return best;
}

/**
 * A GeoJSON FeatureCollection of admin areas, normalised: each feature's P-code and name, its polygons
 * rounded. Every problem is named (the feature by its position from 1, the property); nothing is kept
 * when there is one.
 */
export function normaliseBoundaries(doc: unknown, opts: { pcodeProperty?: string; nameProperty?: string } = {}): { features: BoundaryFeature[]; problems: BoundaryProblem[] } {
  const problems: BoundaryProblem[] = [];
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { features: [], problems: [{ message: 'not a GeoJSON FeatureCollection (TopoJSON and other formats: convert to GeoJSON first, e.g. with mapshaper)' }] };
  }
  if (doc.features.length === 0) return { features: [], problems: [{ message: 'the FeatureCollection has no features' }] };
  const props = doc.features.map((f) => (isObject(f) && isObject(f.properties) ? f.properties : {}));
  const pKey = pcodeProperty(props, opts.pcodeProperty);
  if (!pKey) return { features: [], problems: [{ message: 'no property holds a P-code (name it with pcodeProperty)' }] };
  const nKey = nameProperty(props, pKey, opts.nameProperty);
  const seen = new Set<string>();
  const features: BoundaryFeature[] = [];
  doc.features.forEach((f, i) => {
    const at = { feature: i + 1 };
    const p = props[i]!;
    const pcode = typeof p[pKey] === 'string' ? p[pKey].trim().toUpperCase() : '';
    if (!PCODE.test(pcode)) { problems.push({ ...at, property: pKey, message: `"${String(p[pKey] ?? '')}" is not a P-code` }); return; }
    if (seen.has(pcode)) { problems.push({ ...at, property: pKey, message: `${pcode} is given twice` }); return; }
    seen.add(pcode);
    const geometry = isObject(f) ? f.geometry : undefined;
    let coordinates: Position[][] | Position[][][] | null = null;
    if (isObject(geometry) && geometry.type === 'Polygon') coordinates = roundPolygon(geometry.coordinates);
    else if (isObject(geometry) && geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) {
      const polys = geometry.coordinates.map(roundPolygon);
      coordinates = polys.every((x): x is Position[][] => x !== null) && polys.length > 0 ? polys : null;
    }
    if (!coordinates || !isObject(geometry)) { problems.push({ ...at, property: 'geometry', message: 'a Polygon or MultiPolygon with valid coordinates is required' }); return; }
    const name = nKey && typeof p[nKey] === 'string' && p[nKey].trim() ? p[nKey].trim() : pcode;
    features.push({ type: 'Feature', properties: { pcode, name }, geometry: { type: geometry.type === 'Polygon' ? 'Polygon' : 'MultiPolygon', coordinates } });
  });
  return { features: problems.length ? [] : features, problems };
}
