import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import { scopeIsEmpty } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import { checkMapping, previewMapped } from '../hxl/index.js';
import { actingOrg } from './acting.js';
import { asImport } from './read-errors.js';
import { planFigures } from './figures-plan.js';
import { planFlows } from './movements.rules.js';
import { MappingBody } from './movements.schemas.js';
import { SHIPPED_MAPPINGS } from './shipped.js';

/** A mapping ready to read a file with: its name, what it imports into, and how. */
export type ResolvedMapping = Omit<MappingBody, 'asOrg'> & { shipped: boolean; orgId: string | null };

const checkBody = inputCheck(MappingBody, 'mapping');

/** A mapping as given: its shape, then its rules, then the settings its target needs. */
export function checkMappingBody(value: unknown): MappingBody {
  const body = checkBody(value);
  checkMapping(body.read);
  if (body.target === 'flows' && !body.flows) throw new ValidationError('the mapping is not valid', [{ field: 'flows', message: 'a flows mapping says its period: "flows": {"period": "day" | "week" | "month"}' }]);
  if (body.target === 'figures' && !body.figures) throw new ValidationError('the mapping is not valid', [{ field: 'figures', message: 'a figures mapping names its dataset and date: "figures": {"dataset": …, "date": …}' }]);
  return body;
}

/**
 * Saved mappings, per organisation and by name, and the ones shipped with Tandem. Saving a name again
 * replaces it (next month's file is read the same way until someone changes the mapping).
 */
export function createMappingService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; accounts: Pick<AccountService, 'organisations'>;
}) {
  const { db, access } = deps;

  const present = (m: { name: string; target: string; spec: string; org_id: string; updated_at: string }, slug: string | null): ResolvedMapping & { organisation: string | null; updatedAt: string | null } => {
    const stored = JSON.parse(m.spec) as Omit<MappingBody, 'name' | 'target' | 'asOrg'>;
    return { name: m.name, target: m.target === 'figures' ? 'figures' : 'flows', ...stored, shipped: false, orgId: m.org_id, organisation: slug, updatedAt: m.updated_at };
  };
  const shipped = () => SHIPPED_MAPPINGS.map((m) => ({ ...m, shipped: true, orgId: null, organisation: null, updatedAt: null }));

  return {
    /** Saves (or replaces) a mapping of the acting organisation, after checking every rule. */
    async save(ctx: Ctx, input: unknown) {
      const body = checkMappingBody(input);
      const org = await actingOrg(deps, ctx, 'import_mapping', 'create', body.asOrg);
      await access.check(ctx, 'import_mapping', 'create', { facts: { orgIds: [org.id] } });
      if (SHIPPED_MAPPINGS.some((m) => m.name === body.name)) throw new ValidationError('that name is taken by a mapping shipped with Tandem', [{ field: 'name', message: `"${body.name}" is shipped with Tandem: choose another name` }]);
      const { name, target, asOrg: _asOrg, ...rest } = body;
      const spec = JSON.stringify(rest);
      const now = nowIso();
      return deps.events.transaction(async (tx) => {
        const old = await tx.db.selectFrom('import_mappings').select(['id']).where('org_id', '=', org.id).where('name', '=', name).executeTakeFirst();
        const id = old?.id ?? newId();
        if (old) await tx.db.updateTable('import_mappings').set({ target, spec, updated_by: ctx.actor.label, updated_at: now }).where('id', '=', id).execute();
        else await tx.db.insertInto('import_mappings').values({ id, org_id: org.id, name, target, spec, updated_by: ctx.actor.label, updated_at: now }).execute();
        await access.audit.record(ctx, { action: old ? 'update' : 'create', resource: 'import_mapping', objectId: id, outcome: 'allowed', concernedOrgs: [org.id] }, tx.db);
        await tx.emit('movements.mapping_saved', { mappingId: id, orgId: org.id, name, target });
        return { created: !old, mapping: present({ name, target, spec, org_id: org.id, updated_at: now }, org.slug) };
      });
    },

    /** The mappings the actor may read (its organisations'), then the shipped ones. */
    async list(ctx: Ctx) {
      const scope = access.scope(ctx, 'import_mapping', 'read');
      const orgs = new Map((await deps.accounts.organisations()).map((o) => [o.id, o.slug]));
      let rows: Array<{ name: string; target: string; spec: string; org_id: string; updated_at: string }> = [];
      if (!scopeIsEmpty(scope)) {
        let q = db.selectFrom('import_mappings').select(['name', 'target', 'spec', 'org_id', 'updated_at']);
        if (!scope.all) q = q.where('org_id', 'in', scope.orgs.own_org.length ? scope.orgs.own_org : ['']);
        rows = await q.orderBy('name').execute();
      }
      return { items: [...rows.map((r) => present(r, orgs.get(r.org_id) ?? null)), ...shipped()] };
    },

    /**
     * The mapping named, for the organisation acting: a saved one of it, else a shipped one; or, from the
     * command line, a JSON file. "Not found" whether it does not exist or is another organisation's.
     */
    async resolve(ctx: Ctx, ref: string, orgId: string): Promise<ResolvedMapping> {
      if (ref.endsWith('.json') && ctx.actor.kind === 'operator') {
        let doc: unknown;
        try { doc = JSON.parse(await readFile(ref, 'utf8')); } catch { throw new ValidationError(`${ref}: not a JSON mapping`, [{ field: 'mapping', message: 'the file cannot be read as JSON' }]); }
        return { ...checkMappingBody(doc), shipped: false, orgId };
      }
      const row = await db.selectFrom('import_mappings').select(['name', 'target', 'spec', 'org_id', 'updated_at']).where('org_id', '=', orgId).where('name', '=', ref).executeTakeFirst();
      if (row && access.can(ctx, 'import_mapping', 'read', { orgIds: [orgId] })) return present(row, null);
      const s = shipped().find((m) => m.name === ref);
      if (s) return s;
      throw new NotFoundError('import mapping');
    },

    /** The mapping a preview reads with, found before the file is read ("not found" before a byte of an upload). */
    async forPreview(ctx: Ctx, ref: string, asOrg?: string): Promise<ResolvedMapping> {
      const org = await actingOrg(deps, ctx, 'import_mapping', 'read', asOrg);
      return this.resolve(ctx, ref, org.id);
    },

    /**
     * What a mapping makes of a file's first rows, nothing written: the headers as read, the hashtags, the
     * values, each bad cell, the warnings, and what would stop the import into the mapping's target.
     */
    async previewFile(mapping: ResolvedMapping, path: string, opts: { name?: string; rows?: number } = {}) {
      const { mapped, ...preview } = await previewMapped(path, mapping.read, { name: opts.name, rows: opts.rows })
        .catch((e: unknown) => { throw asImport(e, opts.name ?? path); });
      const problems = mapping.target === 'flows' ? planFlows(mapped).errors : planFigures(mapped).errors;
      return { mapping: mapping.name, target: mapping.target, ...preview, problems };
    },
  };
}

export type MappingService = ReturnType<typeof createMappingService>;
