import type { HxlField } from '../hxl/index.js';
import { member } from '../core/validate.js';
import type { SituationRecord } from './situation.repo.js';
import { SITUATION_KINDS } from './situation.schemas.js';

/** Situations in HXL: one row each, countries joined with a space. */
export const SITUATION_HXL: ReadonlyArray<HxlField<ReturnType<typeof presentSituation>>> = [
  ['Situation', '#crisis+name', (s) => s.name], ['Slug', '#crisis+code', (s) => s.slug], ['Kind', '#crisis+type', (s) => s.kind],
  ['Origins', '#country+code+origin', (s) => s.origins.join(' ')], ['Hosts', '#country+code', (s) => s.hosts.join(' ')],
  ['Areas', '#adm1+code', (s) => s.areas.join(' ')], ['Id', '#meta+id', (s) => s.id],
];

export function presentSituation(s: SituationRecord) {
  return {
    id: s.id, slug: s.slug, name: s.name, kind: member(SITUATION_KINDS, s.kind), description: s.description,
    origins: s.origins, hosts: s.hosts, areas: s.areas, createdAt: s.created_at,
  };
}
