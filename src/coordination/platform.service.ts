import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { slugify, type SituationService } from '../situations/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import type { PlatformTable } from './coordination.tables.js';
import { platformRepo as repo } from './platform.repo.js';
import { COUNTINGS, NewPlatformBody, NewSectorBody, PARTNER_TYPES, PartnerBody, TIERS } from './platform.schemas.js';
import type { InvitationService } from './invitation.service.js';
import type { RecommendationService } from './recommendation.service.js';

const checkPlatform = inputCheck(NewPlatformBody, 'platform');
const checkSector = inputCheck(NewSectorBody, 'sector');
const checkPartner = inputCheck(PartnerBody, 'partner');

/**
 * Coordination platforms (regional, national, sub-national), their co-leads, partners and sectors with
 * their leads. Co-leads change a platform; the facts other modules decide access on (who co-leads, who
 * leads which sector) come from here.
 */
export function createPlatformService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'allowed' | 'audit'>;
  situations: Pick<SituationService, 'get'>; recommendations: Pick<RecommendationService, 'arrangementInForce'>;
  accounts: Pick<AccountService, 'organisationBySlug'>; vocabulary: Pick<VocabularyService, 'isCountry'>;
  invitations: Pick<InvitationService, 'place' | 'pending'>;
}) {
  const { db, access } = deps;

  async function byRef(ref: string): Promise<PlatformTable> {
    const p = await repo.byRef(db, ref);
    if (!p) throw new NotFoundError('platform');
    return p;
  }

  /** Who co-leads the platform, and who leads each of its sectors: what `co_lead` is decided on. */
  async function leads(platformId: string) {
    const [platform, sectors] = await Promise.all([repo.coLeadIds(db, platformId), repo.sectorLeads(db, platformId)]);
    const bySector = new Map<string, string[]>();
    for (const l of sectors) bySector.set(l.sector_id, [...(bySector.get(l.sector_id) ?? []), l.org_id]);
    return { platform, bySector, all: [...new Set([...platform, ...sectors.map((l) => l.org_id)])] };
  }

  async function checkUpdate(ctx: Ctx, p: PlatformTable) {
    await access.check(ctx, 'platform', 'update', { id: p.id, facts: { coLeadOrgIds: await repo.coLeadIds(db, p.id) } });
  }

  async function orgs(slugs: readonly string[], field: string, problems: ErrorDetail[]) {
    const out: Array<{ id: string; slug: string }> = [];
    for (const [i, s] of slugs.entries()) {
      const org = await deps.accounts.organisationBySlug(s);
      if (!org) problems.push({ field: `${field}[${i}]`, message: `no organisation "${s}"` });
      else out.push(org);
    }
    return out;
  }

  /** The platform's structure as the API shows it, with what the asking account may do with it. */
  async function view(ctx: Ctx, ref: string) {
    const p = await byRef(ref);
    const [members, sectors, sectorLeads, children, parent, situation] = await Promise.all([
      repo.orgs(db, p.id), repo.sectors(db, p.id), repo.sectorLeads(db, p.id), repo.children(db, p.id),
      p.parent_id ? repo.link(db, p.parent_id) : undefined, p.situation_id ? deps.situations.get(p.situation_id) : undefined,
    ]);
    const codeOf = new Map(sectors.map((s) => [s.id, s.code]));
    const coLeads = members.filter((o) => o.role === 'co_lead');
    const can = access.allowed(ctx, 'platform', ['update'], { coLeadOrgIds: coLeads.map((o) => o.id) });
    return {
      id: p.id, slug: p.slug, name: p.name, tier: member(TIERS, p.tier), counting: member(COUNTINGS, p.counting), country: p.country_iso3,
      parent: parent ? { ...parent, tier: member(TIERS, parent.tier) } : null,
      children: children.map((c) => ({ ...c, tier: member(TIERS, c.tier) })),
      situation: situation ? { slug: situation.slug, name: situation.name } : null,
      coLeads: coLeads.map((o) => ({ id: o.id, slug: o.slug, name: o.name })),
      partners: members.filter((o) => o.role === 'partner').map((o) => ({
        id: o.id, slug: o.slug, name: o.name, kind: o.kind, appealing: o.appealing === 1,
        partnerType: o.partner_type === null ? null : member(PARTNER_TYPES, o.partner_type), refugeeLed: o.refugee_led === 1, migrantLed: o.migrant_led === 1,
      })),
      sectors: sectors.map((s) => ({
        id: s.id, code: s.code, name: s.name, parent: s.parent_id ? codeOf.get(s.parent_id) ?? null : null,
        leads: sectorLeads.filter((l) => l.sector_id === s.id).map((l) => l.slug),
      })),
      invitations: can.update ? await deps.invitations.pending(p.id) : [],
      can,
    };
  }

  return {
    byRef,
    leads,
    view,

    async list() {
      const rows = await repo.list(db);
      const tier = (p: PlatformTable) => TIERS.indexOf(member(TIERS, p.tier));
      // Regional first, then national, then sub-national.
      rows.sort((a, b) => tier(a) - tier(b));
      return rows.map((p) => ({ id: p.id, slug: p.slug, name: p.name, tier: member(TIERS, p.tier), country: p.country_iso3, parentId: p.parent_id }));
    },

    async create(ctx: Ctx, raw: Static<typeof NewPlatformBody>) {
      await access.check(ctx, 'platform', 'create');
      const input = checkPlatform(raw);
      const problems: ErrorDetail[] = [];
      const name = input.name.trim();
      if (!name) problems.push({ field: 'name', message: 'a name is required' });
      const slug = input.slug?.trim() || slugify(name);
      if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) problems.push({ field: 'slug', message: 'lowercase letters, digits and hyphens, at most 60' });
      const level = TIERS.indexOf(input.tier);
      let parent: PlatformTable | undefined;
      if (input.parent) {
        parent = await repo.byRef(db, input.parent);
        if (!parent) problems.push({ field: 'parent', message: `no platform "${input.parent}"` });
        else if (TIERS.indexOf(member(TIERS, parent.tier)) !== level - 1) {
          problems.push({ field: 'parent', message: `a ${input.tier} platform sits under a ${TIERS[level - 1] ?? 'no'} platform, not a ${parent.tier} one` });
        }
      } else if (input.tier === 'subnational') problems.push({ field: 'parent', message: 'a sub-national platform sits under a national platform' });
      let situationId: string | null = null;
      let arrangement: string | null = null;
      if (input.situation) {
        try {
          const s = await deps.situations.get(input.situation);
          situationId = s.id;
          arrangement = await deps.recommendations.arrangementInForce(s.id);
        } catch (e) {
          if (!(e instanceof NotFoundError)) throw e;
          problems.push({ field: 'situation', message: `no situation "${input.situation}"` });
        }
      }
      let country: string | null = null;
      if (input.country) {
        country = input.country.trim().toUpperCase();
        if (!(await deps.vocabulary.isCountry(country))) problems.push({ field: 'country', message: `unknown ISO3 code "${input.country}"` });
      } else if (input.tier !== 'regional') problems.push({ field: 'country', message: 'a national or sub-national platform names its country' });
      // Where the arrangement in force is a co-led platform, IOM and UNHCR co-lead it (R2); otherwise say who leads.
      const leadSlugs = input.coLeads?.length ? input.coLeads : arrangement === 'co-led-platform' ? ['iom', 'unhcr'] : [];
      if (leadSlugs.length === 0) problems.push({ field: 'coLeads', message: 'name the co-lead organisations (IOM and UNHCR by default where the situation\'s arrangement is a co-led platform)' });
      const leadOrgs = await orgs(leadSlugs, 'coLeads', problems);
      if (problems.length) throw new ValidationError('the platform is not valid', problems);
      if (await repo.slugExists(db, slug)) throw new ConflictError(`a platform with slug "${slug}" already exists`, [{ field: 'slug', message: 'already in use' }]);
      const row: PlatformTable = {
        id: newId(), slug, name, tier: input.tier, parent_id: parent?.id ?? null, situation_id: situationId, country_iso3: country,
        counting: input.counting ?? 'max', created_at: nowIso(),
      };
      await deps.events.transaction(async (tx) => {
        await repo.insert(tx.db, row);
        for (const o of leadOrgs) await deps.invitations.place(ctx, tx.db, row.id, o.id, { role: 'co_lead', appealing: true, partnerType: 'un_agency' });
        await access.audit.record(ctx, { action: 'create', resource: 'platform', objectId: row.id, outcome: 'allowed', concernedOrgs: leadOrgs.map((o) => o.id) }, tx.db);
      });
      return view(ctx, row.id);
    },

    async addSector(ctx: Ctx, ref: string, raw: Static<typeof NewSectorBody>) {
      const p = await byRef(ref);
      await checkUpdate(ctx, p);
      const input = checkSector(raw);
      const problems: ErrorDetail[] = [];
      const code = input.code.trim().toLowerCase();
      if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(code)) problems.push({ field: 'code', message: 'lowercase letters, digits, - and _, at most 40' });
      if (!input.name.trim()) problems.push({ field: 'name', message: 'a name is required' });
      let parentId: string | null = null;
      if (input.parent) {
        const parent = await repo.sectorByCode(db, p.id, input.parent);
        if (!parent) problems.push({ field: 'parent', message: `no sector "${input.parent}" in this platform` });
        else if (parent.parent_id) problems.push({ field: 'parent', message: 'a sub-sector belongs to a sector, not to another sub-sector' });
        else parentId = parent.id;
      }
      const leadOrgs = await orgs(input.leads, 'leads', problems);
      if (problems.length) throw new ValidationError('the sector is not valid', problems);
      if (await repo.sectorByCode(db, p.id, code)) throw new ConflictError(`sector "${code}" already exists in this platform`, [{ field: 'code', message: 'already in use' }]);
      const id = newId();
      await deps.events.transaction(async (tx) => {
        await repo.insertSector(tx.db, { id, platform_id: p.id, code, name: input.name.trim(), parent_id: parentId });
        for (const o of leadOrgs) await deps.invitations.place(ctx, tx.db, p.id, o.id, { role: 'sector_lead', sectorId: id });
        const concerned = [...(await repo.coLeadIds(tx.db, p.id)), ...leadOrgs.map((o) => o.id)];
        await access.audit.record(ctx, { action: 'update', resource: 'platform', objectId: p.id, outcome: 'allowed', concernedOrgs: concerned }, tx.db);
      });
      return view(ctx, p.id);
    },

    async addPartner(ctx: Ctx, ref: string, raw: Static<typeof PartnerBody>) {
      const p = await byRef(ref);
      await checkUpdate(ctx, p);
      const input = checkPartner(raw);
      const org = await deps.accounts.organisationBySlug(input.organisation);
      if (!org) throw new ValidationError('unknown organisation', [{ field: 'organisation', message: `no organisation "${input.organisation}"` }]);
      await deps.events.transaction(async (tx) => {
        await deps.invitations.place(ctx, tx.db, p.id, org.id, { role: 'partner', appealing: input.appealing, partnerType: input.partnerType ?? null });
        await access.audit.record(ctx, { action: 'update', resource: 'platform', objectId: p.id, outcome: 'allowed', concernedOrgs: [org.id, ...(await repo.coLeadIds(tx.db, p.id))] }, tx.db);
      });
      return view(ctx, p.id);
    },

    /** The organisation of this slug if it is a partner or co-lead of the platform: who may run activities in it. */
    async member(platformId: string, slug: string) {
      return (await repo.orgs(db, platformId)).find((o) => o.slug === slug);
    },

    sectors: (platformId: string) => repo.sectors(db, platformId),
    sectorByCode: (platformId: string, code: string) => repo.sectorByCode(db, platformId, code),
  };
}

export type PlatformService = ReturnType<typeof createPlatformService>;
