import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/core/permissions.js';
import { ORGANISATION_KINDS } from '../src/access/index.js';
import { ARRANGEMENTS, PARTNER_TYPES, TIERS } from '../src/coordination/index.js';
import { IMPORT_KINDS, METHOD_FLAGS } from '../src/figures/index.js';
import { POP_GROUPS, REPORT_STATUSES } from '../src/response/index.js';
import { PATHWAYS, PRIORITIES, REFERRAL_STATUSES } from '../src/protection/index.js';
import { SITUATION_KINDS } from '../src/situations/index.js';
import { INTENTIONS, REASONS_FOR_LEAVING, RISK_INDICATORS } from '../src/protection/profiling.rules.js';
import { CONSENT_FIELDS, STEPS } from '../src/protection/referral.rules.js';
import { LEGAL_BASES, PURPOSES, SEXES as PERSON_SEXES } from '../src/protection/protection.schemas.js';
import { CONCERN_STATUSES, LEVELS, SEVERITIES, SUBJECT_KINDS } from '../src/concerns/index.js';
import { HISTORY_KINDS, NOTIFICATION_KINDS } from '../src/concerns/concerns.schemas.js';
import { CHANNELS, MATCH_STATUSES, MATCH_STEPS } from '../src/capacity/index.js';
import { GRANULARITIES, LEGAL_BASES as SHARING_BASES, TRANSFER_KINDS } from '../src/sharing/index.js';
import { AGREEMENT_STATUSES } from '../src/sharing/sharing.rules.js';
import { ITEM_KINDS, ITEM_VIEWS } from '../src/publications/publications.schemas.js';
import { generateApiFiles } from '../scripts/api-types.js';

const LOCALES = join(import.meta.dirname, '..', 'web', 'src', 'locales');
const SOURCES = join(import.meta.dirname, '..', 'web', 'src');
const LANGUAGES = ['en', 'es', 'fr', 'ar', 'pt'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [k: string]: string | Tree };
const load = (lng: string): Tree => JSON.parse(readFileSync(join(LOCALES, `${lng}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Keys as the code asks for them: plural forms collapse to their base key. */
const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
const variables = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

describe('the interface catalogues', () => {
  const en = flatten(load('en'));

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key English has, no other, and the same placeholders', (lng) => {
    const cat = flatten(load(lng));
    const missing = [...baseKeys(en)].filter((k) => !baseKeys(cat).has(k));
    const extra = [...baseKeys(cat)].filter((k) => !baseKeys(en).has(k));
    expect(missing, `${lng} lacks`).toEqual([]);
    expect(extra, `${lng} has keys English does not`).toEqual([]);
    for (const [key, text] of en) {
      if (PLURAL.test(key)) continue;
      expect(variables(cat.get(key) ?? ''), `${lng} ${key}`).toEqual(variables(text));
      expect((cat.get(key) ?? '').trim(), `${lng} ${key} is empty`).not.toBe('');
    }
  });

  it.each(LANGUAGES)('%s has every plural form its language needs', (lng) => {
    const cat = flatten(load(lng));
    const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    const plurals = new Set([...en.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    for (const base of plurals) for (const form of needed) expect(cat.has(`${base}_${form}`), `${lng} ${base}_${form}`).toBe(true);
  });

  it('has an English entry for every key the code uses, and for every code the API can send', () => {
    const code = sourceFiles(SOURCES).map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = [...code.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(100);
    const keys = baseKeys(en);
    expect(used.filter((k) => !keys.has(k))).toEqual([]);
    const dynamic: Array<[string, readonly string[]]> = [
      ['arrangement', ARRANGEMENTS], ['arrangementDescription', ARRANGEMENTS], ['kind', SITUATION_KINDS], ['roles', ROLES],
      ['orgKind', ORGANISATION_KINDS], ['import.kinds', IMPORT_KINDS], ['import.help', IMPORT_KINDS],
      ['decision.status', ['signed', 'awaiting_signature', 'withdrawn', 'rejected']], ['sex', ['total', 'female', 'male']], ['methodFlag', METHOD_FLAGS],
      ['report.cellError', ['notNumber', 'notWhole', 'negative', 'tooLarge', 'newTooHigh']], ['overview.sortBy', ['name', 'share', 'people', 'provisional']],
      ['decision.confirm', ['sign', 'reject', 'withdraw']], ['decision.confirmTitle', ['sign', 'reject', 'withdraw']], ['decision.confirmHelp', ['sign', 'reject', 'withdraw']],
      ['history.triggers', ['first-read', 'daily', 'import', 'situation', 'policy', 'decision']],
      ['tier', TIERS], ['partnerType', PARTNER_TYPES], ['group', POP_GROUPS], ['reportStatus', REPORT_STATUSES],
      ['pathway', PATHWAYS], ['pathwayService', PATHWAYS], ['pathwayAgency', PATHWAYS], ['priority', PRIORITIES], ['priorityDeadline', PRIORITIES],
      ['referralStatus', REFERRAL_STATUSES], ['protection.step', STEPS], ['reasonForLeaving', REASONS_FOR_LEAVING], ['riskIndicator', RISK_INDICATORS],
      ['intention', INTENTIONS], ['consentField', CONSENT_FIELDS], ['recordPurpose', PURPOSES], ['legalBasis', LEGAL_BASES], ['personSex', PERSON_SEXES],
      ['consentMethod', ['verbal', 'written', 'digital']], ['consentGiver', ['person', 'guardian']],
      ['protection.tab', ['inbox', 'sent', 'people', 'figures']], ['protection.stepText', ['decline', 'record_outcome', 'give_feedback']],
      ['concernStatus', CONCERN_STATUSES], ['concernLevel', LEVELS], ['concernAbout', SUBJECT_KINDS], ['severity', SEVERITIES],
      ['notificationKind', NOTIFICATION_KINDS], ['concerns.event', HISTORY_KINDS], ['concerns.tab', ['concerns', 'notifications']],
      ['concerns.ladderState', ['passed', 'current', 'ahead']], ['concerns.act', ['escalate', 'resolve', 'accept', 'refuse']], ['concerns.actText', ['escalate', 'resolve', 'accept', 'refuse']],
      ['capacity.tab', ['requests', 'offers', 'views']], ['channel', CHANNELS], ['matchStatus', MATCH_STATUSES], ['requestStatus', ['open', 'proposed', 'accepted', 'delivered']],
      ['capacity.act', MATCH_STEPS], ['capacity.step', ['propose', ...MATCH_STEPS]], ['reach', ['country', 'subregion', 'region', 'anywhere']],
      ['capacity.ratingValue', ['r1', 'r2', 'r3', 'r4', 'r5']],
      ['sharing.status', ['draft', 'awaiting', 'scheduled', 'active', 'lapsed']], ['sharing.statusFilter', AGREEMENT_STATUSES], ['sharing.period', AGREEMENT_STATUSES],
      ['sharing.kind', TRANSFER_KINDS], ['sharing.granularity', GRANULARITIES], ['sharing.partyRole', ['provider', 'recipient', 'both']], ['sharing.legalBasis', SHARING_BASES],
      ['sharing.directionValue', ['out', 'in']], ['sharing.cell', ['published', 'primary', 'secondary', 'carried']],
      ['sharing.actor', ['event', 'operator', 'you', 'account', 'officer']], ['sharing.tab', ['agreements', 'transfers']],
      ['publications.kind', ITEM_KINDS], ['publications.view', ITEM_VIEWS],
    ];
    for (const [prefix, codes] of dynamic) for (const c of codes) expect(keys.has(`${prefix}.${c}`), `${prefix}.${c}`).toBe(true);
    const rules = readFileSync(join(import.meta.dirname, '..', 'src', 'coordination', 'recommendation.rules.ts'), 'utf8');
    const warnings = new Set([...rules.matchAll(/code: '([a-z_]+)'/g)].map((m) => m[1]!));
    expect(warnings.size).toBeGreaterThan(5);
    for (const w of warnings) expect(keys.has(`warning.${w}`), `warning.${w}`).toBe(true);
    // Every warning whose figures the interface puts into words has its translated sentence (components/Warnings.tsx).
    const detailed = readFileSync(join(SOURCES, 'components', 'Warnings.tsx'), 'utf8');
    for (const [, code] of detailed.matchAll(/'warningDetail\.(\w+)'/g)) expect(keys.has(`warningDetail.${code}`), `warningDetail.${code}`).toBe(true);
    expect([...detailed.matchAll(/'warningDetail\.(\w+)'/g)].length).toBeGreaterThan(6);
  });
});

describe('the web client\'s API types and lists of codes', () => {
  it('match the OpenAPI document the server describes now (npm run gen:api rewrites them)', async () => {
    const files = await generateApiFiles();
    expect(files.map((f) => f.file.split(/[\\/]/).pop())).toEqual(['schema.d.ts', 'values.ts']);
    for (const { file, text } of files) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });
});
