/**
 * Patterns drawn over a colour (ECharts decals), so that a second meaning does not need a second colour:
 * hatching marks what is provisional; a source's pattern tells two sources of one population type apart.
 */
export const HATCH = { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.6)' };

const SOURCE_DECALS = [
  null,
  { symbol: 'circle', symbolSize: 0.5, dashArrayX: [[3, 3]], dashArrayY: [3, 3], color: 'rgba(255,255,255,0.7)' },
  { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [1, 3], rotation: 0, color: 'rgba(0,0,0,0.35)' },
  { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: 'rgba(0,0,0,0.35)' },
] as const;

/** The pattern of the n-th source of a type (none for the first). */
export const sourceDecal = (n: number) => SOURCE_DECALS[n % SOURCE_DECALS.length] ?? null;
