import { readFile, stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { SerialQueue } from '../core/queue.js';
import type { Ctx } from '../core/actor.js';
import { DomainError, ImportError, ValidationError } from '../core/errors.js';
import { nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { BOUNDARY_FILE_MAX_BYTES, BOUNDARY_STORED_MAX_BYTES, normaliseBoundaries } from './boundary.rules.js';
import { registryRepo as repo } from './registry.repo.js';

const mb = (n: number) => `${Math.round(n / 1048576)} MB`;

/**
 * Admin-area boundaries by country: uploaded as GeoJSON by those who keep the registries (checked, normalised,
 * capped in size, audited), read by anyone as the document a map draws. A country without boundaries reads
 * as an empty collection, so that a map can say it has none.
 */
export function createBoundaryService(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'>; isCountry(iso3: string): Promise<boolean>; keepers(): Promise<readonly string[]>; writes: SerialQueue }) {
  const { db, access } = deps;
  const mayKeep = async (ctx: Ctx) => access.check(ctx, 'registry', 'create', { facts: { orgIds: await deps.keepers() } });

  async function replace(ctx: Ctx, iso3Raw: string, path: string, opts: { file: string; pcodeProperty?: string; nameProperty?: string }) {
    await mayKeep(ctx);
    const iso3 = iso3Raw.toUpperCase();
    if (!(await deps.isCountry(iso3))) throw new ValidationError(`unknown ISO3 code "${iso3}"`, [{ field: 'iso3', message: 'not a country' }]);
    const size = (await stat(path)).size;
    if (size > BOUNDARY_FILE_MAX_BYTES) throw new DomainError('too_large', `boundaries larger than ${mb(BOUNDARY_FILE_MAX_BYTES)} are refused: simplify them first (e.g. mapshaper -simplify)`);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new ImportError(`${opts.file}: not JSON`, [{ file: opts.file, message: e instanceof Error ? e.message : 'not JSON' }]);
    }
    const { features, problems } = normaliseBoundaries(doc, opts);
    if (problems.length) {
      throw new ImportError(`${opts.file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was kept`,
        problems.slice(0, 100).map((p) => ({ file: opts.file, ...(p.feature ? { row: p.feature } : {}), ...(p.property ? { column: p.property } : {}), message: p.message })));
    }
    const text = JSON.stringify(features);
    const bytes = Buffer.byteLength(text);
    if (bytes > BOUNDARY_STORED_MAX_BYTES) {
      throw new DomainError('too_large', `the boundaries are ${mb(bytes)} once rounded, over ${mb(BOUNDARY_STORED_MAX_BYTES)}: simplify them first (e.g. mapshaper -simplify 10%)`);
    }
    const pcodes = features.map((f) => f.properties.pcode);
    const known = new Set((await repo.areas(db, { iso3, pcodes })).map((a) => a.pcode));
    await db.transaction().execute(async (trx) => {
      await repo.upsertBoundaries(trx, { iso3, features: text, feature_count: features.length, bytes, source_file: opts.file, updated_at: nowIso(), updated_by: ctx.actor.label });
      await access.audit.record(ctx, { action: 'update', resource: 'registry', objectId: `boundaries:${iso3}`, outcome: 'allowed' }, trx);
    });
    return { iso3, features: features.length, bytes, matched: known.size, unmatched: pcodes.filter((p) => !known.has(p)).slice(0, 50) };
  }

  return {
    /** Refuses an account that may not change the registries, before an upload's body is read. */
    precheck: mayKeep,

    /** Replaces a country's boundaries with those of a GeoJSON file: all or nothing, problems by feature and property. */
    async upload(ctx: Ctx, iso3Raw: string, path: string, opts: { file: string; pcodeProperty?: string; nameProperty?: string }) {
      return deps.writes.run(() => replace(ctx, iso3Raw, path, opts));
    },

    /**
     * A country's boundaries as the JSON text of `{ iso3, updatedAt, sourceFile, features }` (empty features when
     * there are none): kept as text, so that a read sends it as it is.
     */
    async document(iso3Raw: string): Promise<string> {
      const iso3 = iso3Raw.toUpperCase();
      const row = await repo.boundaries(db, iso3);
      return `{"iso3":${JSON.stringify(iso3)},"updatedAt":${JSON.stringify(row?.updated_at ?? null)},"sourceFile":${JSON.stringify(row?.source_file ?? null)},"features":${row?.features ?? '[]'}}`;
    },
  };
}

export type BoundaryService = ReturnType<typeof createBoundaryService>;
