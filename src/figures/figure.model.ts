import type { PopulationType } from '../vocabulary/index.js';

export const SEXES = ['total', 'female', 'male'] as const;

/**
 * How a source counted, as its publisher says: UN DESA's stock by place of birth or by citizenship, with
 * UNHCR's refugee figures added to it, or imputed; DTM's displacement by conflict or by disaster.
 */
export const METHOD_FLAGS = ['birthplace', 'citizenship', 'refugees_added', 'imputed', 'conflict', 'disaster'] as const;
export type MethodFlag = (typeof METHOD_FLAGS)[number];
export type Sex = (typeof SEXES)[number];

/** A figure as an importer or a form produces it, before it is stored. */
export interface FigureDraft {
  refDate: string;
  datePrecision: 'year' | 'month' | 'day';
  origin: string | null;
  host: string;
  area: string | null;
  type: PopulationType;
  sex: Sex;
  value: number;
  /** An inclusive total (a migrant stock that also counts refugees). */
  includesProtection: boolean;
  sourceOrg: string;
  sourceDataset: string;
  sourceRow: number | null;
  method: string;
  methodFlags?: readonly MethodFlag[];
  /** Demo data typed in to show the software: a real figure of the same type and place wins over it. */
  demo?: boolean;
}

/**
 * The natural key of a figure: the same source saying the same thing about the same people at the same
 * date. Re-importing a figure with this key changes nothing, or makes a new version if the value changed.
 */
export function naturalKey(d: Pick<FigureDraft, 'sourceDataset' | 'refDate' | 'origin' | 'host' | 'area' | 'type' | 'sex'>): string {
  return [d.sourceDataset, d.refDate, d.origin ?? '', d.host, d.area ?? '', d.type, d.sex].join('|');
}
