/**
 * Population types (DESIGN R1): one controlled vocabulary for every figure.
 * Codes follow UNHCR statistics; MIG is IOM's side; RMG is the undifferentiated "refugees and migrants".
 */
export const POPULATION_TYPES = ['REF', 'ASY', 'OIP', 'STA', 'RET', 'IDP', 'RDP', 'OOC', 'HST', 'MIG', 'RMG'] as const;
export type PopulationType = (typeof POPULATION_TYPES)[number];

export const POPULATION_GROUPS = ['international_protection', 'migration', 'internal', 'other', 'host'] as const;
export type PopulationGroup = (typeof POPULATION_GROUPS)[number];

/** Who may assert a figure of this type: only UNHCR or a national asylum authority may say "refugee". */
export type Authority = 'protection_authority' | 'any';

export const LANGUAGES = ['en', 'es', 'fr', 'ar', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface PopulationTypeInfo {
  code: PopulationType;
  group: PopulationGroup;
  authority: Authority;
  /** The agency that keeps responsibility for this population whoever leads (R4); null when shared. */
  agency: 'UNHCR' | 'IOM' | null;
  names: Record<Language, string>;
}

const info = (
  code: PopulationType,
  group: PopulationGroup,
  authority: Authority,
  agency: PopulationTypeInfo['agency'],
  names: Record<Language, string>,
): PopulationTypeInfo => ({ code, group, authority, agency, names });

export const POPULATION_TYPE_INFO: Record<PopulationType, PopulationTypeInfo> = {
  REF: info('REF', 'international_protection', 'protection_authority', 'UNHCR', {
    en: 'Refugees', es: 'Refugiados', fr: 'Réfugiés', ar: 'اللاجئون', pt: 'Refugiados',
  }),
  ASY: info('ASY', 'international_protection', 'protection_authority', 'UNHCR', {
    en: 'Asylum-seekers', es: 'Solicitantes de asilo', fr: "Demandeurs d'asile", ar: 'طالبو اللجوء', pt: 'Requerentes de asilo',
  }),
  OIP: info('OIP', 'international_protection', 'protection_authority', 'UNHCR', {
    en: 'Other people in need of international protection',
    es: 'Otras personas con necesidad de protección internacional',
    fr: "Autres personnes ayant besoin d'une protection internationale",
    ar: 'أشخاص آخرون بحاجة إلى حماية دولية',
    pt: 'Outras pessoas com necessidade de proteção internacional',
  }),
  STA: info('STA', 'other', 'any', 'UNHCR', {
    en: 'Stateless persons', es: 'Personas apátridas', fr: 'Apatrides', ar: 'عديمو الجنسية', pt: 'Apátridas',
  }),
  RET: info('RET', 'other', 'any', 'UNHCR', {
    en: 'Returned refugees', es: 'Refugiados retornados', fr: 'Réfugiés rapatriés', ar: 'اللاجئون العائدون', pt: 'Refugiados retornados',
  }),
  IDP: info('IDP', 'internal', 'any', 'UNHCR', {
    en: 'Internally displaced persons', es: 'Personas desplazadas internas', fr: 'Personnes déplacées internes',
    ar: 'النازحون داخلياً', pt: 'Pessoas deslocadas internamente',
  }),
  RDP: info('RDP', 'internal', 'any', 'UNHCR', {
    en: 'Returned IDPs', es: 'Desplazados internos retornados', fr: 'Déplacés internes rentrés',
    ar: 'النازحون داخلياً العائدون', pt: 'Deslocados internos retornados',
  }),
  OOC: info('OOC', 'other', 'any', 'UNHCR', {
    en: 'Others of concern', es: 'Otras personas de interés', fr: 'Autres personnes relevant du mandat',
    ar: 'أشخاص آخرون موضع اهتمام', pt: 'Outras pessoas de interesse',
  }),
  HST: info('HST', 'host', 'any', null, {
    en: 'Host community', es: 'Comunidad de acogida', fr: "Communauté d'accueil", ar: 'المجتمع المضيف', pt: 'Comunidade de acolhimento',
  }),
  MIG: info('MIG', 'migration', 'any', 'IOM', {
    en: 'Migrants', es: 'Migrantes', fr: 'Migrants', ar: 'المهاجرون', pt: 'Migrantes',
  }),
  RMG: info('RMG', 'other', 'any', null, {
    en: 'Refugees and migrants (not differentiated)', es: 'Refugiados y migrantes (sin diferenciar)',
    fr: 'Réfugiés et migrants (non différenciés)', ar: 'اللاجئون والمهاجرون (دون تمييز)',
    pt: 'Refugiados e migrantes (não diferenciados)',
  }),
};

export const PROTECTION_TYPES: readonly PopulationType[] = ['REF', 'ASY', 'OIP'];
export const INTERNAL_TYPES: readonly PopulationType[] = ['IDP', 'RDP'];

export function isPopulationType(code: string): code is PopulationType {
  return (POPULATION_TYPES as readonly string[]).includes(code);
}

/**
 * R1: may a source of this organisation assert figures of this type?
 * Only UNHCR or a national asylum authority may assert REF/ASY/OIP; anyone else records an indicator
 * of possible protection needs, which never turns a figure into "refugee".
 */
export function mayAssert(type: PopulationType, org: { slug: string; kind: string }): boolean {
  if (POPULATION_TYPE_INFO[type].authority === 'any') return true;
  return org.slug === 'unhcr' || org.kind === 'asylum_authority';
}
