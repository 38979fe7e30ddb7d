import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { FigureService } from '../figures/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { situationRepo, type SituationRecord } from './situation.repo.js';
import { slugify } from './situation.rules.js';
import { NewSituationBody } from './situation.schemas.js';

export type NewSituation = Static<typeof NewSituationBody>;
const checkNewSituation = inputCheck(NewSituationBody, 'situation');

/** Situations: named caseloads of people, defined by their countries of origin and hosts (and admin areas). */
export function createSituationService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'audit'>;
  figures: Pick<FigureService, 'forPlaces'>; vocabulary: Pick<VocabularyService, 'countryCodes'>; accounts: Pick<AccountService, 'agencyOrgIds'>;
}) {
  const { db, access } = deps;

  async function get(ref: string): Promise<SituationRecord> {
    const s = await situationRepo.findByRef(db, ref);
    if (!s) throw new NotFoundError('situation');
    return s;
  }

  return {
    get,

    async create(ctx: Ctx, raw: NewSituation): Promise<SituationRecord> {
      const agencies = await deps.accounts.agencyOrgIds();
      await access.check(ctx, 'situation', 'create', { facts: { orgIds: [agencies.iom, agencies.unhcr] } });
      const input = checkNewSituation(raw);
      const problems: ErrorDetail[] = [];
      const name = input.name.trim();
      if (!name) problems.push({ field: 'name', message: 'a name is required' });
      const kind = input.kind ?? 'cross-border';
      const norm = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim().toUpperCase()).filter(Boolean))];
      const hosts = norm(input.hosts);
      const origins = kind === 'internal' && norm(input.origins).length === 0 ? hosts : norm(input.origins);
      const areas = [...new Set((input.areas ?? []).map((a) => a.trim()).filter(Boolean))];
      if (hosts.length === 0) problems.push({ field: 'hosts', message: 'at least one host country is required' });
      if (origins.length === 0) problems.push({ field: 'origins', message: 'at least one origin country is required' });
      const known = await deps.vocabulary.countryCodes();
      origins.forEach((c, i) => { if (!known.has(c)) problems.push({ field: `origins[${i}]`, message: `unknown ISO3 code "${c}"` }); });
      hosts.forEach((c, i) => { if (!known.has(c)) problems.push({ field: `hosts[${i}]`, message: `unknown ISO3 code "${c}"` }); });
      const slug = input.slug?.trim() || slugify(name);
      if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) problems.push({ field: 'slug', message: 'lowercase letters, digits and hyphens, at most 60' });
      if (problems.length > 0) throw new ValidationError('the situation is not valid', problems);
      if (await situationRepo.slugExists(db, slug)) {
        throw new ConflictError(`a situation with slug "${slug}" already exists`, [{ field: 'slug', message: 'already in use' }]);
      }
      const row = { id: newId(), slug, name, kind, description: input.description?.trim() ?? '', created_at: nowIso() };
      await deps.events.transaction(async (tx) => {
        await situationRepo.insert(tx.db, row, [
          ...origins.map((code) => ({ role: 'origin' as const, code })),
          ...hosts.map((code) => ({ role: 'host' as const, code })),
          ...areas.map((code) => ({ role: 'area' as const, code })),
        ]);
        await access.audit.record(ctx, { action: 'create', resource: 'situation', objectId: row.id, outcome: 'allowed' }, tx.db);
        await tx.emit('situation.defined', { situationId: row.id });
      });
      return get(row.id);
    },

    list: (page: { limit: number; offset: number }) => situationRepo.list(db, page),

    /** Every figure of the situation's places up to a date: what its recommendation and summary are computed from. */
    async figuresOf(s: SituationRecord, until?: string) {
      return deps.figures.forPlaces({ origins: s.origins, hosts: s.hosts, areas: s.areas, until, includeUnspecifiedOrigin: s.kind !== 'cross-border' });
    },
  };
}

export type SituationService = ReturnType<typeof createSituationService>;
