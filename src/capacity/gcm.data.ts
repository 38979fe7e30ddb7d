/**
 * The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration, typed in from the text:
 * UN General Assembly resolution A/RES/73/195 (19 December 2018), annex, paragraph 16. Data, not code: the
 * wording is the Compact's, in the order and numbering it gives them.
 *
 * Languages. English is the official text (checked against a copy of A/RES/73/195). French objectives
 * 1–15 were checked against a reproduction of the UN French text (House of Commons of Canada, CIMM report
 * 23, annex B); French 16–23, Spanish (but for objective 1, quoted by IOM) and Arabic are the UN versions as
 * best recalled, NOT yet checked word for word against the published A/RES/73/195 in those languages (Arabic
 * least certain of all). Portuguese is not a UN official language: the names are a working translation
 * close to the ones in use by IOM Portugal and Brazil, not an official text. `verified` says which language
 * versions are checked whole; correct a name here, never in a migration.
 */
export const GCM_CITATION = 'Global Compact for Safe, Orderly and Regular Migration, UN General Assembly resolution A/RES/73/195 (19 December 2018), annex, para. 16';

export interface ObjectiveNames { en: string; fr: string; es: string; pt: string; ar: string }

/** Which language versions were checked against the published text (see the note above). */
export const GCM_VERIFIED: Record<keyof ObjectiveNames, boolean> = { en: true, fr: false, es: false, ar: false, pt: false };

export const GCM_OBJECTIVES: readonly ObjectiveNames[] = [
  {
    en: 'Collect and utilize accurate and disaggregated data as a basis for evidence-based policies',
    fr: 'Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques fondées sur la connaissance des faits',
    es: 'Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica',
    pt: 'Recolher e utilizar dados exatos e desagregados como base para políticas baseadas em evidências',
    ar: 'جمع واستخدام بيانات دقيقة ومصنفة كأساس لوضع سياسات قائمة على الأدلة',
  },
  {
    en: 'Minimize the adverse drivers and structural factors that compel people to leave their country of origin',
    fr: 'Lutter contre les facteurs négatifs et les problèmes structurels qui poussent des personnes à quitter leur pays d’origine',
    es: 'Minimizar los factores adversos y estructurales que obligan a las personas a abandonar su país de origen',
    pt: 'Minimizar os fatores adversos e estruturais que obrigam as pessoas a deixar o seu país de origem',
    ar: 'التقليل إلى أدنى حد من العوامل الضارة والعوامل الهيكلية التي تضطر الناس إلى مغادرة بلدهم الأصلي',
  },
  {
    en: 'Provide accurate and timely information at all stages of migration',
    fr: 'Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration',
    es: 'Proporcionar información exacta y oportuna en todas las etapas de la migración',
    pt: 'Fornecer informação exata e atempada em todas as fases da migração',
    ar: 'توفير معلومات دقيقة وفي الوقت المناسب في جميع مراحل الهجرة',
  },
  {
    en: 'Ensure that all migrants have proof of legal identity and adequate documentation',
    fr: 'Munir tous les migrants d’une preuve d’identité légale et de papiers adéquats',
    es: 'Velar por que todos los migrantes tengan pruebas de su identidad jurídica y documentación adecuada',
    pt: 'Garantir que todos os migrantes tenham prova de identidade legal e documentação adequada',
    ar: 'ضمان حصول جميع المهاجرين على ما يثبت هويتهم القانونية وعلى وثائق كافية',
  },
  {
    en: 'Enhance availability and flexibility of pathways for regular migration',
    fr: 'Faire en sorte que les filières de migration régulière soient accessibles et plus souples',
    es: 'Aumentar la disponibilidad y flexibilidad de las vías de migración regular',
    pt: 'Reforçar a disponibilidade e a flexibilidade das vias de migração regular',
    ar: 'تعزيز توافر مسارات الهجرة النظامية ومرونتها',
  },
  {
    en: 'Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work',
    fr: 'Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d’un travail décent',
    es: 'Facilitar la contratación equitativa y ética y salvaguardar las condiciones que garantizan el trabajo decente',
    pt: 'Facilitar o recrutamento justo e ético e salvaguardar as condições que garantem o trabalho digno',
    ar: 'تيسير التوظيف المنصف والأخلاقي وضمان الظروف التي تكفل العمل اللائق',
  },
  {
    en: 'Address and reduce vulnerabilities in migration',
    fr: 'S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire',
    es: 'Abordar y reducir las vulnerabilidades en la migración',
    pt: 'Abordar e reduzir as vulnerabilidades na migração',
    ar: 'معالجة أوجه الضعف في الهجرة والحد منها',
  },
  {
    en: 'Save lives and establish coordinated international efforts on missing migrants',
    fr: 'Sauver des vies et mettre en place une action internationale coordonnée pour retrouver les migrants disparus',
    es: 'Salvar vidas y emprender iniciativas internacionales coordinadas sobre los migrantes desaparecidos',
    pt: 'Salvar vidas e estabelecer esforços internacionais coordenados relativos aos migrantes desaparecidos',
    ar: 'إنقاذ الأرواح وتنسيق الجهود الدولية بشأن المهاجرين المفقودين',
  },
  {
    en: 'Strengthen the transnational response to smuggling of migrants',
    fr: 'Renforcer l’action transnationale face au trafic de migrants',
    es: 'Reforzar la respuesta transnacional al tráfico ilícito de migrantes',
    pt: 'Reforçar a resposta transnacional à introdução clandestina de migrantes',
    ar: 'تعزيز الاستجابة عبر الوطنية لتهريب المهاجرين',
  },
  {
    en: 'Prevent, combat and eradicate trafficking in persons in the context of international migration',
    fr: 'Prévenir, combattre et éliminer la traite de personnes dans le cadre des migrations internationales',
    es: 'Prevenir, combatir y erradicar la trata de personas en el contexto de la migración internacional',
    pt: 'Prevenir, combater e erradicar o tráfico de pessoas no contexto da migração internacional',
    ar: 'منع الاتجار بالأشخاص ومكافحته والقضاء عليه في سياق الهجرة الدولية',
  },
  {
    en: 'Manage borders in an integrated, secure and coordinated manner',
    fr: 'Gérer les frontières de manière intégrée, sûre et coordonnée',
    es: 'Gestionar las fronteras de manera integrada, segura y coordinada',
    pt: 'Gerir as fronteiras de forma integrada, segura e coordenada',
    ar: 'إدارة الحدود بطريقة متكاملة وآمنة ومنسقة',
  },
  {
    en: 'Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral',
    fr: 'Veiller à l’invariabilité et à la prévisibilité des procédures migratoires pour assurer des contrôles, des évaluations et une orientation appropriés',
    es: 'Aumentar la certidumbre y previsibilidad de los procedimientos migratorios para la adecuada verificación de antecedentes, evaluación y derivación',
    pt: 'Reforçar a certeza e a previsibilidade dos procedimentos migratórios para uma triagem, avaliação e encaminhamento adequados',
    ar: 'تعزيز اليقين وإمكانية التنبؤ في إجراءات الهجرة من أجل الفرز والتقييم والإحالة على النحو المناسب',
  },
  {
    en: 'Use migration detention only as a measure of last resort and work towards alternatives',
    fr: 'Ne recourir au placement en rétention administrative des migrants qu’en dernier ressort et chercher des solutions de rechange',
    es: 'Utilizar la detención de migrantes solo como último recurso y buscar otras alternativas',
    pt: 'Utilizar a detenção de migrantes apenas como medida de último recurso e procurar alternativas',
    ar: 'عدم اللجوء إلى احتجاز المهاجرين إلا كملاذ أخير والعمل على إيجاد بدائل له',
  },
  {
    en: 'Enhance consular protection, assistance and cooperation throughout the migration cycle',
    fr: 'Renforcer la protection, l’assistance et la coopération consulaires tout au long du cycle migratoire',
    es: 'Mejorar la protección, asistencia y cooperación consulares a lo largo de todo el ciclo migratorio',
    pt: 'Reforçar a proteção, a assistência e a cooperação consulares ao longo de todo o ciclo migratório',
    ar: 'تعزيز الحماية والمساعدة والتعاون في المجال القنصلي طوال دورة الهجرة',
  },
  {
    en: 'Provide access to basic services for migrants',
    fr: 'Assurer l’accès des migrants aux services de base',
    es: 'Proporcionar a los migrantes acceso a servicios básicos',
    pt: 'Facultar o acesso dos migrantes aos serviços básicos',
    ar: 'توفير إمكانية حصول المهاجرين على الخدمات الأساسية',
  },
  {
    en: 'Empower migrants and societies to realize full inclusion and social cohesion',
    fr: 'Donner aux migrants et aux sociétés les moyens de réaliser la pleine intégration et la cohésion sociale',
    es: 'Empoderar a los migrantes y las sociedades para lograr la plena inclusión y la cohesión social',
    pt: 'Capacitar os migrantes e as sociedades para a plena inclusão e a coesão social',
    ar: 'تمكين المهاجرين والمجتمعات من تحقيق الإدماج الكامل والتماسك الاجتماعي',
  },
  {
    en: 'Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration',
    fr: 'Éliminer toutes les formes de discrimination et encourager un débat public fondé sur l’analyse des faits afin de faire évoluer la manière dont les migrations sont perçues',
    es: 'Eliminar todas las formas de discriminación y promover un discurso público con base empírica para modificar las percepciones de la migración',
    pt: 'Eliminar todas as formas de discriminação e promover um discurso público baseado em evidências para moldar as perceções sobre a migração',
    ar: 'القضاء على جميع أشكال التمييز وتشجيع الخطاب العام المستند إلى الأدلة من أجل تشكيل التصورات عن الهجرة',
  },
  {
    en: 'Invest in skills development and facilitate mutual recognition of skills, qualifications and competences',
    fr: 'Investir dans le perfectionnement des compétences et faciliter la reconnaissance mutuelle des aptitudes, qualifications et compétences',
    es: 'Invertir en el desarrollo de aptitudes y facilitar el reconocimiento mutuo de aptitudes, cualificaciones y competencias',
    pt: 'Investir no desenvolvimento de competências e facilitar o reconhecimento mútuo de aptidões, qualificações e competências',
    ar: 'الاستثمار في تنمية المهارات وتيسير الاعتراف المتبادل بالمهارات والمؤهلات والكفاءات',
  },
  {
    en: 'Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries',
    fr: 'Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement au développement durable dans tous les pays',
    es: 'Crear las condiciones necesarias para que los migrantes y las diásporas puedan contribuir plenamente al desarrollo sostenible en todos los países',
    pt: 'Criar condições para que os migrantes e as diásporas contribuam plenamente para o desenvolvimento sustentável em todos os países',
    ar: 'تهيئة الظروف التي تمكّن المهاجرين والمغتربين من المساهمة الكاملة في التنمية المستدامة في جميع البلدان',
  },
  {
    en: 'Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants',
    fr: 'Rendre les envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser l’inclusion financière des migrants',
    es: 'Promover transferencias de remesas más rápidas, seguras y económicas y fomentar la inclusión financiera de los migrantes',
    pt: 'Promover transferências de remessas mais rápidas, seguras e baratas e fomentar a inclusão financeira dos migrantes',
    ar: 'تشجيع تحويل التحويلات المالية بطريقة أسرع وأكثر أمانا وأقل تكلفة وتعزيز الشمول المالي للمهاجرين',
  },
  {
    en: 'Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration',
    fr: 'Coopérer en vue de faciliter le retour et la réadmission des migrants en toute sécurité et dans la dignité, ainsi que leur réintégration durable',
    es: 'Colaborar para facilitar el regreso y la readmisión en condiciones de seguridad y dignidad, así como la reintegración sostenible',
    pt: 'Cooperar para facilitar o regresso e a readmissão em segurança e dignidade, bem como a reintegração sustentável',
    ar: 'التعاون على تيسير العودة وإعادة القبول بصورة آمنة وكريمة، فضلا عن إعادة الإدماج المستدام',
  },
  {
    en: 'Establish mechanisms for the portability of social security entitlements and earned benefits',
    fr: 'Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des avantages acquis',
    es: 'Establecer mecanismos para la portabilidad de la seguridad social y las prestaciones adquiridas',
    pt: 'Estabelecer mecanismos para a portabilidade dos direitos de segurança social e dos benefícios adquiridos',
    ar: 'إنشاء آليات لإمكانية نقل استحقاقات الضمان الاجتماعي والاستحقاقات المكتسبة',
  },
  {
    en: 'Strengthen international cooperation and global partnerships for safe, orderly and regular migration',
    fr: 'Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, ordonnées et régulières',
    es: 'Fortalecer la cooperación internacional y las alianzas mundiales para la migración segura, ordenada y regular',
    pt: 'Reforçar a cooperação internacional e as parcerias globais para uma migração segura, ordenada e regular',
    ar: 'تعزيز التعاون الدولي والشراكات العالمية من أجل الهجرة الآمنة والمنظمة والنظامية',
  },
];
