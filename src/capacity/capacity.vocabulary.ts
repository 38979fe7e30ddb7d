import { GCM_CITATION, GCM_OBJECTIVES, GCM_VERIFIED, type ObjectiveNames } from './gcm.data.js';

/**
 * The words of support to States (R9) and of internal and disaster displacement (R8), as data: the Global
 * Compacts' objectives with their citation, the asylum-system needs, the kinds of support, the IASC
 * clusters and the hazards. Codes are stable (they are stored); names are shown in five languages.
 */

export type Names = ObjectiveNames;

/**
 * The Global Compact on Refugees' four objectives: A/73/12 (Part II), paragraph 7, affirmed by the General
 * Assembly in resolution A/RES/73/151 (17 December 2018). English is the text; French, Spanish and Arabic
 * are the UN versions as best recalled, not yet checked word for word; Portuguese is a working translation
 * (close to UNHCR Brazil's), not an official text.
 */
export const GCR_CITATION = 'Global Compact on Refugees, Report of the United Nations High Commissioner for Refugees, A/73/12 (Part II), para. 7';
export const GCR_VERIFIED: Record<keyof Names, boolean> = { en: true, fr: false, es: false, ar: false, pt: false };

const GCR_OBJECTIVES: readonly Names[] = [
  {
    en: 'Ease pressures on host countries', fr: 'Alléger la pression sur les pays d’accueil', es: 'Aliviar las presiones sobre los países de acogida',
    pt: 'Aliviar as pressões sobre os países de acolhimento', ar: 'تخفيف الضغوط على البلدان المضيفة',
  },
  {
    en: 'Enhance refugee self-reliance', fr: 'Renforcer l’autonomie des réfugiés', es: 'Promover la autosuficiencia de los refugiados',
    pt: 'Reforçar a autossuficiência dos refugiados', ar: 'تعزيز اعتماد اللاجئين على الذات',
  },
  {
    en: 'Expand access to third country solutions', fr: 'Élargir l’accès à des solutions dans des pays tiers', es: 'Ampliar el acceso a soluciones en terceros países',
    pt: 'Ampliar o acesso a soluções em países terceiros', ar: 'توسيع نطاق الاستفادة من الحلول المتاحة في بلدان ثالثة',
  },
  {
    en: 'Support conditions in countries of origin for return in safety and dignity',
    fr: 'Favoriser dans les pays d’origine les conditions d’un retour dans la sécurité et la dignité',
    es: 'Favorecer en los países de origen condiciones que propicien un retorno en condiciones de seguridad y dignidad',
    pt: 'Apoiar condições nos países de origem para um regresso em segurança e dignidade',
    ar: 'دعم تهيئة الظروف في بلدان المنشأ للعودة في أمان وكرامة',
  },
];

/** The objective codes: GCM-1 … GCM-23 and GCR-1 … GCR-4. */
export const GCM_CODES = GCM_OBJECTIVES.map((_, i) => `GCM-${i + 1}`);
export const GCR_CODES = GCR_OBJECTIVES.map((_, i) => `GCR-${i + 1}`);

/** Needs of a national asylum system (R9), supported through the Asylum Capacity Support Group. Names are Tandem's own. */
export const ASYLUM_NEEDS = ['registration', 'refugee_status_determination', 'reception', 'appeal', 'information_management'] as const;
export type AsylumNeed = (typeof ASYLUM_NEEDS)[number];
const ASYLUM_NEED_NAMES: Record<AsylumNeed, Names> = {
  registration: { en: 'Registration', fr: 'Enregistrement', es: 'Registro', pt: 'Registo', ar: 'التسجيل' },
  refugee_status_determination: {
    en: 'Refugee status determination', fr: 'Détermination du statut de réfugié', es: 'Determinación de la condición de refugiado',
    pt: 'Determinação do estatuto de refugiado', ar: 'تحديد صفة اللاجئ',
  },
  reception: { en: 'Reception', fr: 'Accueil', es: 'Recepción', pt: 'Acolhimento', ar: 'الاستقبال' },
  appeal: { en: 'Appeal', fr: 'Recours', es: 'Apelación', pt: 'Recurso', ar: 'الطعن' },
  information_management: { en: 'Information management', fr: 'Gestion de l’information', es: 'Gestión de la información', pt: 'Gestão da informação', ar: 'إدارة المعلومات' },
};

/** Every tag a request or an offer may carry: the Compacts' objectives and the asylum-system needs. */
export const TAGS: readonly string[] = [...GCM_CODES, ...GCR_CODES, ...ASYLUM_NEEDS];

/** Kinds of support a State asks for and a partner offers. */
export const SUPPORT_KINDS = ['expertise', 'funding', 'equipment', 'training'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
const KIND_NAMES: Record<SupportKind, Names> = {
  expertise: { en: 'Expertise', fr: 'Expertise', es: 'Asesoramiento técnico', pt: 'Perícia técnica', ar: 'الخبرة' },
  funding: { en: 'Funding', fr: 'Financement', es: 'Financiación', pt: 'Financiamento', ar: 'التمويل' },
  equipment: { en: 'Equipment', fr: 'Équipement', es: 'Equipamiento', pt: 'Equipamento', ar: 'المعدات' },
  training: { en: 'Training', fr: 'Formation', es: 'Capacitación', pt: 'Formação', ar: 'التدريب' },
};

/** The IASC global clusters a country may activate for internal displacement (R8). */
export const CLUSTERS = [
  'protection', 'shelter', 'cccm', 'food_security', 'health', 'wash', 'nutrition', 'education', 'logistics', 'emergency_telecommunications', 'early_recovery',
] as const;
export type Cluster = (typeof CLUSTERS)[number];
const CLUSTER_NAMES: Record<Cluster, Names> = {
  protection: { en: 'Protection', fr: 'Protection', es: 'Protección', pt: 'Proteção', ar: 'الحماية' },
  shelter: { en: 'Shelter', fr: 'Abris', es: 'Alojamiento', pt: 'Abrigo', ar: 'المأوى' },
  cccm: {
    en: 'Camp coordination and camp management', fr: 'Coordination et gestion des camps', es: 'Coordinación y gestión de campamentos',
    pt: 'Coordenação e gestão de campos', ar: 'تنسيق المخيمات وإدارتها',
  },
  food_security: { en: 'Food security', fr: 'Sécurité alimentaire', es: 'Seguridad alimentaria', pt: 'Segurança alimentar', ar: 'الأمن الغذائي' },
  health: { en: 'Health', fr: 'Santé', es: 'Salud', pt: 'Saúde', ar: 'الصحة' },
  wash: { en: 'Water, sanitation and hygiene', fr: 'Eau, assainissement et hygiène', es: 'Agua, saneamiento e higiene', pt: 'Água, saneamento e higiene', ar: 'المياه والصرف الصحي والنظافة' },
  nutrition: { en: 'Nutrition', fr: 'Nutrition', es: 'Nutrición', pt: 'Nutrição', ar: 'التغذية' },
  education: { en: 'Education', fr: 'Éducation', es: 'Educación', pt: 'Educação', ar: 'التعليم' },
  logistics: { en: 'Logistics', fr: 'Logistique', es: 'Logística', pt: 'Logística', ar: 'اللوجستيات' },
  emergency_telecommunications: {
    en: 'Emergency telecommunications', fr: 'Télécommunications d’urgence', es: 'Telecomunicaciones de emergencia', pt: 'Telecomunicações de emergência', ar: 'الاتصالات في حالات الطوارئ',
  },
  early_recovery: { en: 'Early recovery', fr: 'Relèvement précoce', es: 'Recuperación temprana', pt: 'Recuperação inicial', ar: 'الإنعاش المبكر' },
};

/** Hazards behind disaster displacement, for the Platform on Disaster Displacement flag. */
export const HAZARDS = ['flood', 'storm', 'earthquake', 'drought', 'wildfire', 'landslide', 'volcanic_eruption', 'tsunami', 'extreme_temperature', 'sea_level_rise'] as const;
export type Hazard = (typeof HAZARDS)[number];
const HAZARD_NAMES: Record<Hazard, Names> = {
  flood: { en: 'Flood', fr: 'Inondation', es: 'Inundación', pt: 'Inundação', ar: 'فيضان' },
  storm: { en: 'Storm (tropical cyclone)', fr: 'Tempête (cyclone tropical)', es: 'Tormenta (ciclón tropical)', pt: 'Tempestade (ciclone tropical)', ar: 'عاصفة (إعصار مداري)' },
  earthquake: { en: 'Earthquake', fr: 'Séisme', es: 'Terremoto', pt: 'Sismo', ar: 'زلزال' },
  drought: { en: 'Drought', fr: 'Sécheresse', es: 'Sequía', pt: 'Seca', ar: 'جفاف' },
  wildfire: { en: 'Wildfire', fr: 'Feu de forêt', es: 'Incendio forestal', pt: 'Incêndio florestal', ar: 'حرائق الغابات' },
  landslide: { en: 'Landslide', fr: 'Glissement de terrain', es: 'Deslizamiento de tierra', pt: 'Deslizamento de terras', ar: 'انهيار أرضي' },
  volcanic_eruption: { en: 'Volcanic eruption', fr: 'Éruption volcanique', es: 'Erupción volcánica', pt: 'Erupção vulcânica', ar: 'ثوران بركاني' },
  tsunami: { en: 'Tsunami', fr: 'Tsunami', es: 'Tsunami', pt: 'Tsunami', ar: 'تسونامي' },
  extreme_temperature: { en: 'Extreme temperature', fr: 'Températures extrêmes', es: 'Temperaturas extremas', pt: 'Temperaturas extremas', ar: 'درجات حرارة قصوى' },
  sea_level_rise: { en: 'Sea-level rise', fr: 'Élévation du niveau de la mer', es: 'Aumento del nivel del mar', pt: 'Subida do nível do mar', ar: 'ارتفاع مستوى سطح البحر' },
};

export interface TagInfo { code: string; framework: 'gcm' | 'gcr' | 'asylum'; number: number | null; names: Names; citation: string | null }

/** Every tag with its framework, number, names and, for the Compacts' objectives, the citation of the text. */
export const TAG_INFO: readonly TagInfo[] = [
  ...GCM_OBJECTIVES.map((names, i) => ({ code: `GCM-${i + 1}`, framework: 'gcm' as const, number: i + 1, names, citation: GCM_CITATION })),
  ...GCR_OBJECTIVES.map((names, i) => ({ code: `GCR-${i + 1}`, framework: 'gcr' as const, number: i + 1, names, citation: GCR_CITATION })),
  ...ASYLUM_NEEDS.map((code) => ({ code, framework: 'asylum' as const, number: null, names: ASYLUM_NEED_NAMES[code], citation: null })),
];

/** The whole vocabulary as the API gives it. */
export function capacityVocabulary() {
  const named = <T extends string>(codes: readonly T[], names: Record<T, Names>) => codes.map((code) => ({ code, names: names[code] }));
  return {
    objectives: TAG_INFO.map((t) => ({ ...t })),
    sources: [
      { framework: 'gcm' as const, citation: GCM_CITATION, verified: GCM_VERIFIED },
      { framework: 'gcr' as const, citation: GCR_CITATION, verified: GCR_VERIFIED },
    ],
    kinds: named(SUPPORT_KINDS, KIND_NAMES),
    clusters: named(CLUSTERS, CLUSTER_NAMES),
    hazards: named(HAZARDS, HAZARD_NAMES),
  };
}
