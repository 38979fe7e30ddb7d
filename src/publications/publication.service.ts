import type { Kysely } from 'kysely';
import { ForbiddenError, type Access, type AccountService } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { ObjectFacts } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { ItemReader } from './item.service.js';
import { cleanText, freeSlug, hiddenKeys, itemProblems, sameQuery, slugOf } from './publications.rules.js';
import { composableReports, publicationsRepo as repo, type PublicationRow } from './publications.repo.js';
import {
  NewPublicationBody, PatchPublicationBody, PreviewBody, PublicationListQuery, type ItemSpec, type LocalText, type PublishedItem,
} from './publications.schemas.js';

const checkNew = inputCheck(NewPublicationBody, 'report');
const checkPatch = inputCheck(PatchPublicationBody, 'change to the report');
const checkPreview = inputCheck(PreviewBody, 'item');
const checkList = inputCheck(PublicationListQuery, 'list of reports');

const parse = <T>(s: string): T => JSON.parse(s) as T;

/**
 * Public reports (issue 16): composed from saved views of public data, published as numbered versions that
 * freeze each item's data; the public address shows the latest version, each version stays at its own.
 */
export function createPublicationService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit' | 'mayEver'>;
  accounts: Pick<AccountService, 'organisationBySlug'>; platforms: Pick<PlatformService, 'byRef'>; items: ItemReader; now: () => Date;
}) {
  const { db, access, now } = deps;

  const factsOf = async (row: Pick<PublicationRow, 'org_id' | 'platform_id'>): Promise<ObjectFacts> =>
    ({ orgIds: [row.org_id], coLeadOrgIds: await repo.coLeadIds(db, row.platform_id) });

  /** A draft, for whoever may compose it: "not found" to anyone else, signed in or not. */
  async function composable(ctx: Ctx, id: string) {
    const row = await repo.byId(db, id);
    const facts = row ? await factsOf(row) : {};
    if (!row || !access.can(ctx, 'publication', 'read', facts)) throw new NotFoundError('report');
    return { row, facts };
  }

  async function present(ctx: Ctx, row: PublicationRow, facts: ObjectFacts) {
    const can = access.allowed(ctx, 'publication', ['update', 'validate'], facts);
    return {
      id: row.id, slug: row.slug, organisation: { slug: row.org_slug, name: row.org_name },
      platform: row.platform_slug ? { slug: row.platform_slug, name: row.platform_name ?? row.platform_slug } : null,
      title: parse<LocalText>(row.title), text: parse<LocalText>(row.body), items: parse<ItemSpec[]>(row.items),
      latestVersion: Number(row.latest_version),
      versions: (await repo.versions(db, row.id)).map((v) => ({ version: Number(v.version), publishedAt: v.published_at })),
      createdAt: row.created_at, updatedAt: row.updated_at, can: { update: can.update, publish: can.validate },
    };
  }

  function checkItems(items: readonly ItemSpec[]) {
    const problems: ErrorDetail[] = items.flatMap((it, i) => itemProblems(it, `items[${i}]`));
    if (problems.length) throw new ValidationError('an item is not complete', problems);
  }

  return {
    /** Starts a draft for an organisation (the composer's own by default), on a platform or none. */
    async create(ctx: Ctx, raw: unknown) {
      const input = checkNew(raw);
      const org = input.organisation ? await deps.accounts.organisationBySlug(input.organisation) : undefined;
      if (input.organisation && !org) throw new ValidationError('unknown organisation', [{ field: 'organisation', message: `no organisation "${input.organisation}"` }]);
      const orgId = org?.id ?? actorOrg(ctx.actor);
      if (!orgId) throw new ValidationError('say which organisation the report is composed for', [{ field: 'organisation', message: 'required' }]);
      let platformId: string | null = null;
      if (input.platform) {
        try {
          platformId = (await deps.platforms.byRef(input.platform)).id;
        } catch (e) {
          if (e instanceof NotFoundError) throw new ValidationError('unknown platform', [{ field: 'platform', message: `no platform "${input.platform}"` }]);
          throw e;
        }
      }
      await access.check(ctx, 'publication', 'create', { facts: await factsOf({ org_id: orgId, platform_id: platformId }) });
      const items = input.items ?? [];
      checkItems(items);
      const title = cleanText(input.title);
      if (!title.en) throw new ValidationError('the report needs an English title', [{ field: 'title.en', message: 'required' }]);
      const base = slugOf(title.en);
      const at = now().toISOString();
      const id = newId();
      const slug = freeSlug(base, await repo.slugsLike(db, base));
      await deps.events.transaction(async (tx) => {
        await repo.insert(tx.db, {
          id, slug, org_id: orgId, platform_id: platformId, title: JSON.stringify(title),
          body: JSON.stringify(cleanText(input.text ?? { en: '' })), items: JSON.stringify(items), latest_version: 0,
          created_by: ctx.actor.label, created_at: at, updated_at: at,
        });
        await access.audit.record(ctx, { action: 'create', resource: 'publication', objectId: id, outcome: 'allowed', concernedOrgs: [orgId] }, tx.db);
      });
      const { row, facts } = await composable(ctx, id);
      return present(ctx, row, facts);
    },

    async get(ctx: Ctx, id: string) {
      const { row, facts } = await composable(ctx, id);
      return present(ctx, row, facts);
    },

    /** Changes the draft's title, text or items; what was published stays as it was until published again. */
    async update(ctx: Ctx, id: string, raw: unknown) {
      const { row, facts } = await composable(ctx, id);
      await access.check(ctx, 'publication', 'update', { id, facts });
      const input = checkPatch(raw);
      if (input.items) checkItems(input.items);
      const title = input.title ? cleanText(input.title) : undefined;
      if (title && !title.en) throw new ValidationError('the report needs an English title', [{ field: 'title.en', message: 'required' }]);
      await deps.events.transaction(async (tx) => {
        await repo.update(tx.db, id, {
          ...(title ? { title: JSON.stringify(title) } : {}), ...(input.text ? { body: JSON.stringify(cleanText(input.text)) } : {}),
          ...(input.items ? { items: JSON.stringify(input.items) } : {}), updated_at: now().toISOString(),
        });
        await access.audit.record(ctx, { action: 'update', resource: 'publication', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
      });
      return present(ctx, (await repo.byId(db, row.id))!, facts);
    },

    /** What an item would publish now, as the public would read it. */
    async preview(ctx: Ctx, raw: unknown) {
      if (!access.mayEver(ctx, 'publication', 'create')) throw new ForbiddenError();
      const { item } = checkPreview(raw);
      return deps.items.read(item, 'item');
    },

    /**
     * Publishes the draft as the next version: every item's data is read now (as the public reads it) and
     * kept with the version; the public address shows it from now on.
     */
    async publish(ctx: Ctx, id: string) {
      const { row, facts } = await composable(ctx, id);
      await access.check(ctx, 'publication', 'validate', { id, facts });
      const specs = parse<ItemSpec[]>(row.items);
      if (specs.length === 0) throw new ValidationError('a report is published with at least one item', [{ field: 'items', message: 'add an item first' }]);
      // What every earlier version published, so that a value one of them hid stays hidden in this one.
      const earlier = (await repo.versionItems(db, id)).flatMap((s) => parse<PublishedItem[]>(s));
      const items: PublishedItem[] = [];
      for (const [i, spec] of specs.entries()) {
        const hidden = new Set(earlier.filter((e) => sameQuery(e.spec, spec)).flatMap((e) => hiddenKeys(e.data.rows)));
        items.push({ spec, data: await deps.items.read(spec, `items[${i}]`, hidden) });
      }
      const from = Number(row.latest_version);
      const at = now().toISOString();
      await deps.events.transaction(async (tx) => {
        if (!(await repo.advance(tx.db, id, from, at))) throw new ConflictError('the report was published by someone else at the same moment: open it again');
        await repo.insertVersion(tx.db, {
          publication_id: id, version: from + 1, title: row.title, body: row.body, items: JSON.stringify(items), published_by: ctx.actor.label, published_at: at,
        });
        await access.audit.record(ctx, { action: 'validate', resource: 'publication', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
        await tx.emit('publication.published', {
          publicationId: id, slug: row.slug, version: from + 1, orgId: row.org_id, platformId: row.platform_id,
          items: items.length, rows: items.reduce((s, it) => s + it.data.rows.length, 0),
        });
      });
      return present(ctx, (await repo.byId(db, id))!, facts);
    },

    /** The reports the actor may compose (drafts and published), last changed first. */
    async list(ctx: Ctx, raw: unknown) {
      const q = checkList(raw);
      const page = await repo.page(db, composableReports(access.scope(ctx, 'publication', 'read')), q.limit, q.offset);
      return {
        items: page.items.map((r) => ({
          id: r.id, slug: r.slug, title: parse<LocalText>(r.title), organisation: { slug: r.org_slug, name: r.org_name },
          latestVersion: Number(r.latest_version), items: parse<ItemSpec[]>(r.items).length, updatedAt: r.updated_at,
        })),
        total: page.total, limit: q.limit, offset: q.offset,
      };
    },

    /** A published version (the latest without `n`), for anyone; a report never published is "not found". */
    async published(slug: string, n?: number) {
      const row = await repo.bySlug(db, slug);
      const latest = row ? Number(row.latest_version) : 0;
      const version = row && latest > 0 ? await repo.version(db, row.id, n ?? latest) : undefined;
      if (!row || !version) throw new NotFoundError('published report');
      return {
        slug: row.slug, version: Number(version.version), latestVersion: latest, publishedAt: version.published_at,
        title: parse<LocalText>(version.title), text: parse<LocalText>(version.body), organisation: { slug: row.org_slug, name: row.org_name },
        items: parse<PublishedItem[]>(version.items),
        versions: (await repo.versions(db, row.id)).map((v) => ({ version: Number(v.version), publishedAt: v.published_at })),
      };
    },
  };
}

export type PublicationService = ReturnType<typeof createPublicationService>;
