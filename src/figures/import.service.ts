import type { Kysely } from 'kysely';
import { ForbiddenError, scopeIsEmpty, type AccountService, type Access } from '../access/index.js';
import type { DelegationService } from './delegation.service.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { ImportError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus, Tx } from '../core/events.js';
import type { SerialQueue } from '../core/queue.js';
import { newId, nowIso } from '../core/ids.js';
import { lockForTransaction } from '../core/locks.js';
import type { DB } from '../core/tables.js';
import type { ImportBatchTable } from './figures.tables.js';
import type { ImportKind } from './figures.schemas.js';
import { mayAssert, POPULATION_TYPE_INFO } from '../vocabulary/index.js';
import type { FigureDraft } from './figure.model.js';
import { createFigureRepo, STAGE_BATCH, toRow, type FigureStage } from './figure.repo.js';
import { openCsv } from './importers/csv-source.js';
import { hxlFigureRows } from './importers/hxl-figures.js';
import { dtmFigureRows } from './importers/dtm.js';
import { openHxl } from '../hxl/index.js';
import { asImportError, readingErrors } from './importers/reading.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FigureImporter } from './importers/importer.js';
import { CSV_IMPORTERS, MAX_REPORTED_ERRORS, type ImportMeta, type ImportProgress, type ImportSummary, type IngestRow } from './import.model.js';

export { CSV_IMPORTERS, MAX_REPORTED_ERRORS, type ImportMeta, type ImportProgress, type ImportSummary, type IngestRow };

class NothingChanged extends Error {}

/** DTM's figures are IOM's, whatever the file's rows say. */
const DTM_PUBLISHER = 'iom';

/**
 * Imports a file of figures in one transaction: every row is validated, and the file is committed whole
 * or not at all. A figure already stored with the same value is left alone; a changed value becomes a new
 * version; a file that changes nothing leaves no trace at all.
 */
export function createImportService(deps: {
  db: Kysely<DB>; engine: Engine; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
  vocabulary: Pick<VocabularyService, 'countryCodes'>; accounts: Pick<AccountService, 'organisations'>;
  delegations: Pick<DelegationService, 'delegatorsOf'>; writes: SerialQueue;
}) {
  const repo = createFigureRepo(deps.engine);

  const knownCountries = () => deps.vocabulary.countryCodes();

  /**
   * The organisation an import is made for: the one the operator names, or the importing account's own.
   * An account in several organisations names one of its own; nobody imports for an organisation it is
   * not a member of, whatever its role.
   */
  async function actingOrg(ctx: Ctx, asOrg: string | undefined): Promise<{ id: string; slug: string }> {
    const orgs = await deps.accounts.organisations();
    const bySlug = (slug: string) => orgs.find((o) => o.slug === slug.trim().toLowerCase());
    if (ctx.actor.kind === 'operator') {
      if (!asOrg) throw new ValidationError('name the organisation you import for', [{ field: 'asOrg', message: 'required at the console: --as-org SLUG (e.g. unhcr)' }]);
      const org = bySlug(asOrg);
      if (!org) throw new ValidationError('unknown organisation', [{ field: 'asOrg', message: `no organisation "${asOrg}"` }]);
      return org;
    }
    const mine = ctx.actor.memberships.filter((m) => deps.access.can(ctx, 'import', 'create', { orgIds: [m.orgId] }));
    const candidates = [...new Map(mine.map((m) => [m.orgId, { id: m.orgId, slug: m.orgSlug }])).values()];
    if (asOrg) {
      const chosen = candidates.find((c) => c.slug === asOrg.trim().toLowerCase());
      if (chosen) return chosen;
      const org = bySlug(asOrg);
      return { id: org?.id ?? '', slug: asOrg };
    }
    if (candidates.length > 1) {
      throw new ValidationError('say which of your organisations you import for', [{ field: 'asOrg', message: `one of ${candidates.map((c) => c.slug).join(', ')}` }]);
    }
    return candidates[0] ?? { id: actorOrg(ctx.actor) ?? '', slug: '' };
  }

  /** Refuses an import for asserting in another organisation's name: audited as denied, nothing read or written. */
  async function refuseAuthority(ctx: Ctx, org: { id: string; slug: string }, message: string): Promise<never> {
    await deps.access.audit.record(ctx, { action: 'create', resource: 'import', objectId: null, outcome: 'denied', concernedOrgs: org.id ? [org.id] : [] });
    throw new ForbiddenError(message);
  }

  /**
   * Who imports, checked before any row is read (and, for an upload, before its body is): the acting
   * organisation may import, and a file published by one organisation (UNHCR's statistics) comes from it or
   * from an organisation it delegated to. R1: an import asserts the acting organisation's own figures and
   * those of the organisations that delegated to it.
   */
  async function authority(ctx: Ctx, file: string, meta: ImportMeta) {
    const acting = await actingOrg(ctx, meta.asOrg);
    await deps.access.check(ctx, 'import', 'create', { facts: { orgIds: acting.id ? [acting.id] : [] } });
    const orgs = new Map((await deps.accounts.organisations()).map((o) => [o.slug, o]));
    const slugOf = new Map([...orgs.values()].map((o) => [o.id, o.slug]));
    const assertsFor = new Set([acting.slug, ...(await deps.delegations.delegatorsOf(acting.id)).map((id) => slugOf.get(id) ?? id)]);
    if (meta.publisher && !assertsFor.has(meta.publisher)) {
      await refuseAuthority(ctx, acting, `${file}: these figures are ${meta.publisher}'s: only ${meta.publisher}, or an organisation it delegated assertion to, may import them (you import for ${acting.slug})`);
    }
    return { acting, assertsFor, orgs };
  }

  /** The checks of `authority` for a kind of file, made before an upload's body is read. */
  async function precheck(ctx: Ctx, kind: ImportKind, file: string, asOrg?: string): Promise<void> {
    await authority(ctx, file, { asOrg, publisher: kind === 'dtm' ? DTM_PUBLISHER : kind === 'hxl' ? undefined : CSV_IMPORTERS[kind].publisher });
  }

  /**
   * The one write path for figures: validates authority and duplicates, writes in batches inside one
   * transaction, and commits only if every row is valid and something changed.
   */
  async function ingest(
    ctx: Ctx,
    kind: string,
    file: string,
    rows: AsyncIterable<IngestRow>,
    meta: ImportMeta & { sha256: () => string; progress?: () => ImportProgress; onProgress?: (p: ImportProgress) => void },
  ): Promise<ImportSummary> {
    const { acting, assertsFor, orgs } = await authority(ctx, file, meta);
    const orgId = acting.id;
    const started = Date.now();
    const startedAt = nowIso();
    const batchId = newId();
    const errors: ErrorDetail[] = [];
    let errorCount = 0;
    let authorityErrors = 0;
    const checkAssertedBy = (figures: FigureDraft[], allowed: Set<string>, actingSlug: string, f: string, row: number, column = 'source') => {
      const bad = [...new Set(figures.filter((x) => !allowed.has(x.sourceOrg)).map((x) => x.sourceOrg))];
      authorityErrors += bad.length;
      return bad.map((src) => ({
        file: f, row, column,
        message: `"${src}" is not the organisation you import for (${actingSlug}) nor one that delegated assertion to it: figures are asserted by the organisation that imports them`,
      }));
    };
    const addErrors = (es: ErrorDetail[]) => {
      errorCount += es.length;
      for (const e of es) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
    };
    const counts = { rowsRead: 0, figuresRead: 0, inserted: 0, updated: 0, unchanged: 0 };
    const seenRows = new Map<string, { row: number; signature: number }>();
    const rowsOf = (drafts: FigureDraft[]) => drafts.map((d) => toRow(d, batchId, startedAt, orgId));

    const fill = async (stage: FigureStage) => {
      let pending: FigureDraft[] = [];
      let lastReport = 0;
      for await (const { row, rowKey, figures, errors: rowErrors, sourceColumn } of rows) {
        counts.rowsRead++;
        addErrors(rowErrors);
        addErrors(checkAssertedBy(figures, assertsFor, acting.slug, file, row, sourceColumn));
        const repeat = checkDuplicate(seenRows, rowKey, figures, file, row);
        addErrors(repeat.errors);
        addErrors(checkAuthority(figures, orgs, file, row));
        counts.figuresRead += figures.length;
        if (errorCount === 0 && !repeat.seen) {
          pending.push(...figures);
          if (pending.length >= STAGE_BATCH) {
            await stage.add(rowsOf(pending));
            pending = [];
            // better-sqlite3 answers synchronously: without a turn of the event loop, a long import would
            // hold the whole process (other requests of the server, timers) until it commits.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
        if (meta.onProgress && meta.progress && counts.rowsRead - lastReport >= 5000) {
          lastReport = counts.rowsRead;
          meta.onProgress({ ...meta.progress(), rowsRead: counts.rowsRead });
        }
      }
      if (errorCount > 0) {
        throw new ImportError(
          `${file}: ${errorCount} error${errorCount === 1 ? '' : 's'}; nothing was imported`, errors, errorCount);
      }
      await stage.add(rowsOf(pending));
    };

    const work = async (tx: Tx) => {
      const trx = tx.db;
      // One figure import at a time across processes (the server and the CLI): a first large load locks the
      // tables its keys refer to, import batches among them, and two such loads would deadlock at that lock.
      await lockForTransaction(trx, deps.engine, 'figureImport');
      await trx
        .insertInto('import_batches')
        .values({
          id: batchId, kind, file_name: file, file_sha256: '', rows_read: 0, inserted: 0, updated: 0,
          unchanged: 0, started_at: startedAt, finished_at: startedAt, org_id: orgId, actor: ctx.actor.label,
        })
        .execute();
      const stage = await repo.openStage(trx);
      try {
        await fill(stage);
      } finally {
        // A write still running when the import fails must end before the transaction does: it runs on its connection.
        await stage.drain();
      }
      const merged = await stage.merge();
      Object.assign(counts, { inserted: merged.inserted, updated: merged.updated, unchanged: merged.unchanged });
      if (counts.inserted + counts.updated === 0) throw new NothingChanged();
      await trx
        .updateTable('import_batches')
        .set({ ...pickCounts(counts), file_sha256: meta.sha256(), finished_at: nowIso() })
        .where('id', '=', batchId)
        .execute();
      await deps.access.audit.record(ctx, { action: 'create', resource: 'import', objectId: batchId, outcome: 'allowed', concernedOrgs: orgId ? [orgId] : [] }, trx);
      await tx.emit('figures.imported', {
        batchId, kind, orgId, inserted: counts.inserted, updated: counts.updated, hosts: merged.hosts, origins: merged.origins,
      });
    };

    let changed = true;
    try {
      await deps.events.transaction(work);
    } catch (e) {
      // A file that asserts in another organisation's name is an attempt the audit keeps (outside the
      // import's transaction, which rolled back).
      if (authorityErrors > 0) await deps.access.audit.record(ctx, { action: 'create', resource: 'import', objectId: null, outcome: 'denied', concernedOrgs: [orgId] });
      if (!(e instanceof NothingChanged)) throw e;
      changed = false;
    }
    return { kind, file, batchId: changed ? batchId : null, ...counts, elapsedMs: Date.now() - started };
  }

  /** Imports a CSV file (plain or gzipped) with one of the importers. */
  async function run(
    ctx: Ctx,
    importer: FigureImporter,
    path: string,
    opts: { onProgress?: (p: ImportProgress) => void; asOrg?: string } = {},
  ): Promise<ImportSummary> {
    const countries = await knownCountries();
    const source = await openCsv(path, importer.requiredColumns);
    const isKnownCountry = (c: string) => countries.has(c);
    async function* rows(): AsyncGenerator<IngestRow> {
      for await (const { row, record, errors: shape } of source.records) {
        // A ragged row is refused as it is, not read into figures from cells that may have shifted.
        if (shape) { yield { row, rowKey: `\u0000row ${row}`, figures: [], errors: shape }; continue; }
        const { figures, errors } = importer.toFigures(record, { file: source.file, row, isKnownCountry });
        yield { row, rowKey: importer.rowKey(record), figures, errors };
      }
    }
    const summary = await ingest(ctx, importer.kind, source.file, rows(), {
      asOrg: opts.asOrg, publisher: importer.publisher,
      sha256: source.sha256,
      progress: () => ({ rowsRead: 0, bytesRead: source.bytesRead(), totalBytes: source.size }),
      onProgress: opts.onProgress ? (p) => opts.onProgress!(p) : undefined,
    });
    opts.onProgress?.({ rowsRead: summary.rowsRead, bytesRead: source.size, totalBytes: source.size });
    return summary;
  }

  /** Imports population figures from any HXL file whose tags follow Tandem's HXL profile. */
  async function runHxl(ctx: Ctx, path: string, opts: { source?: string; dataset?: string; asOrg?: string } = {}): Promise<ImportSummary> {
    const file = basename(path);
    let ds;
    try {
      ds = await openHxl(path);
    } catch (e) {
      throw asImportError(file, e);
    }
    const countries = await knownCountries();
    const digest = await fileSha256(path);
    const rows = readingErrors(file, hxlFigureRows(ds, {
      file, source: opts.source, dataset: opts.dataset ?? 'hxl', isKnownCountry: (c) => countries.has(c),
    }, ds.firstRow ?? 3));
    return ingest(ctx, 'hxl', file, rows, { sha256: () => digest, asOrg: opts.asOrg });
  }

  /** Imports IDP figures from IOM DTM (API JSON or HXL CSV export); older overlapping rounds are left out. */
  async function runDtm(ctx: Ctx, path: string, opts: { asOrg?: string } = {}): Promise<ImportSummary & { superseded: number }> {
    const file = basename(path);
    const countries = await knownCountries();
    let parsed;
    try {
      parsed = await dtmFigureRows(path, (c) => countries.has(c));
    } catch (e) {
      throw asImportError(file, e);
    }
    const digest = await fileSha256(path);
    const summary = await ingest(ctx, 'dtm', file, parsed.rows, { sha256: () => digest, asOrg: opts.asOrg, publisher: DTM_PUBLISHER });
    return { ...summary, superseded: parsed.superseded };
  }

  /**
   * Imports one file of any kind. Imports run one after another in this process: a second upload waits
   * for the first instead of contending for the database's write lock.
   */
  function runKind(ctx: Ctx, kind: ImportKind, path: string, opts: { onProgress?: (p: ImportProgress) => void; asOrg?: string; dataset?: string } = {}): Promise<ImportSummary> {
    const work = () => {
      if (kind === 'hxl') return runHxl(ctx, path, { asOrg: opts.asOrg, dataset: opts.dataset });
      if (kind === 'dtm') return runDtm(ctx, path, { asOrg: opts.asOrg });
      return run(ctx, CSV_IMPORTERS[kind], path, opts);
    };
    return deps.writes.run(work);
  }

  const presentBatch = (b: ImportBatchTable) => ({
    id: b.id, kind: b.kind, file: b.file_name, sha256: b.file_sha256, rowsRead: b.rows_read, inserted: b.inserted,
    updated: b.updated, unchanged: b.unchanged, startedAt: b.started_at, finishedAt: b.finished_at, orgId: b.org_id,
  });

  /** Import batches the actor may see (its organisation's; the platform administrator all), paged in SQL. */
  async function list(ctx: Ctx, page: { limit: number; offset: number }) {
    const scope = deps.access.scope(ctx, 'import', 'read');
    if (scopeIsEmpty(scope)) return { items: [], total: 0 };
    let q = deps.db.selectFrom('import_batches');
    if (!scope.all) q = q.where('org_id', 'in', scope.orgs.own_org.length ? scope.orgs.own_org : ['']);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(presentBatch), total: Number(count.n) };
  }

  async function get(ctx: Ctx, id: string) {
    const b = await deps.db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
    await deps.access.check(ctx, 'import', 'read', { id, facts: { orgIds: b?.org_id ? [b.org_id] : [] } });
    if (!b) throw new NotFoundError('import');
    return presentBatch(b);
  }

  return { run, runHxl, runDtm, runKind, precheck, ingest, list, get };
}

export type ImportService = ReturnType<typeof createImportService>;

function pickCounts(c: { rowsRead: number; inserted: number; updated: number; unchanged: number }) {
  return { rows_read: c.rowsRead, inserted: c.inserted, updated: c.updated, unchanged: c.unchanged };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The same source row twice is harmless when identical (its figures are written once), and an error when
 * its values differ. An importer's row key must determine the natural keys of the row's figures.
 */
function checkDuplicate(
  seen: Map<string, { row: number; signature: number }>, key: string, figures: FigureDraft[], file: string, row: number,
): { seen: boolean; errors: ErrorDetail[] } {
  const signature = fingerprint(figures.map((f) => `${f.type}:${f.sex}:${f.value}`).join(','));
  const prev = seen.get(key);
  if (!prev) {
    seen.set(key, { row, signature });
    return { seen: false, errors: [] };
  }
  if (prev.signature === signature) return { seen: true, errors: [] };
  return { seen: true, errors: [{ file, row, message: `duplicate of row ${prev.row} (${key.replaceAll('|', ', ')}) with different values` }] };
}

/**
 * A 53-bit fingerprint of a row's values (two 32-bit FNV-1a hashes): what the import keeps of every row to
 * tell a harmless repeat from a conflicting one, instead of the values' text (35 MB on the UNHCR file). Two
 * different rows under one key share a fingerprint with a chance of one in 2^53.
 */
function fingerprint(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** R1: only UNHCR or an asylum authority may assert refugees, asylum-seekers or OIP. */
function checkAuthority(
  figures: FigureDraft[], orgs: Map<string, { slug: string; kind: string }>, file: string, row: number,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const f of figures) {
    const org = orgs.get(f.sourceOrg);
    if (!org) out.push({ file, row, message: `unknown source organisation "${f.sourceOrg}"` });
    else if (!mayAssert(f.type, org)) {
      out.push({
        file, row,
        message: `${org.slug} may not assert ${POPULATION_TYPE_INFO[f.type].names.en.toLowerCase()}: ` +
          'only UNHCR or a national asylum authority can (record an indicator of protection needs instead)',
      });
    }
  }
  return out;
}
