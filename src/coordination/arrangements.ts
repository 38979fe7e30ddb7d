/** Arrangement codes (R2): who leads a response. `insufficient-data` is only ever a recommendation. */
export const ARRANGEMENTS = ['unhcr-led', 'iom-led', 'co-led-platform', 'cluster', 'insufficient-data'] as const;
export type Arrangement = (typeof ARRANGEMENTS)[number];

/** The arrangements two agencies can sign as a decision. */
export const DECIDABLE_ARRANGEMENTS = ['unhcr-led', 'iom-led', 'co-led-platform', 'cluster'] as const;
export type DecidableArrangement = (typeof DECIDABLE_ARRANGEMENTS)[number];

/** What each arrangement means in the words of the framework. */
export const ARRANGEMENT_DESCRIPTIONS: Record<Arrangement, string> = {
  'unhcr-led': 'Refugee response: UNHCR leads, IOM supports.',
  'iom-led': 'Migrant response: IOM leads, UNHCR supports.',
  'co-led-platform': 'Mixed movement: a Refugees and Migrants Coordination Platform co-led by IOM and UNHCR.',
  cluster: 'Internal displacement: IASC cluster arrangement, both agencies engaged.',
  'insufficient-data': 'The figures do not allow a recommendation; see the warnings.',
};

export function isDecidable(code: string): code is DecidableArrangement {
  return (DECIDABLE_ARRANGEMENTS as readonly string[]).includes(code);
}
