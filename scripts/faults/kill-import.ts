/**
 * kill -9 during an import: the real `tandem import` is killed at random points, and after each kill the
 * database holds either nothing of the file or all of it, passes its integrity checks, its audit chain
 * verifies, and the retried import applies exactly once (a second retry changes nothing).
 */
import { basename } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { operatorCtx } from '../../src/core/actor.js';
import type { Engine } from '../../src/core/db.js';
import {
  appWith, auditKeyFile, canWatchOpenFiles, exited, output, PG_URL, spawnTandem, spreadPoints, unhcrSlice, until,
  watchOpen, workDir, type ScenarioResult,
} from './common.js';
import { otherSchemaDropped } from '../../src/db/migrate.js';
import { createTargets, databaseProblems, figuresState, sameState, type FiguresState, type Target, type Targets } from './database.js';

export interface KillOptions {
  engine: Engine;
  runs: number;
  /** Rows of the UNHCR file to import (a slice read from the shared data). */
  rows?: number;
  /** Runs at a time (each has its own database). */
  concurrency?: number;
  pgUrl?: string;
  /** Progress, one line per run. */
  log?: (line: string) => void;
}

/** Where a kill was aimed: anywhere in the child's life, or into its import (counted from the moment it opens the file). */
type Aim = { at: 'anywhere'; afterStartMs: number } | { at: 'import'; afterOpenMs: number };

/** Where the kill fell: before the file was opened, while it was being imported, or never (the child had finished). */
export type KillPhase = 'before-import' | 'during-import' | 'finished';

export interface KillRun {
  run: number;
  aim: Aim;
  phase: KillPhase;
  /** What the database held after the kill: nothing of the file, or all of it. */
  found: 'nothing' | 'all' | 'partial';
  problems: string[];
  /** The child failed at start-up because another schema was dropped during its migration: not this fault's doing. */
  startUpMetAnotherSchemaDrop?: boolean;
}

interface Reference {
  /** A clean child run: how long it lives, and how long after opening its file it exits. */
  lifeMs: number;
  importMs: number | null;
  /** The state after a complete import. */
  complete: FiguresState;
}

export async function killDuringImport(opts: KillOptions): Promise<ScenarioResult & { details: KillRun[] }> {
  const { engine, runs } = opts;
  const log = opts.log ?? (() => undefined);
  const dir = workDir(`kill-${engine}`);
  const { file: keyFile, key } = auditKeyFile(dir.path);
  let targets: Targets | undefined;
  try {
    targets = await createTargets(engine, dir.path, opts.pgUrl ?? PG_URL);
    const input = await unhcrSlice(dir.path, 'unhcr-slice.csv', 0, opts.rows ?? 1000);
    const env = { TANDEM_AUDIT_KEY_FILE: keyFile };
    // The reference must have seen the file open (a busy machine can hide a short open from the poll):
    // without it no kill could be aimed into the import itself.
    let ref = await cleanRun(targets, input, env);
    for (let again = 0; ref.importMs === null && again < 3; again++) ref = await cleanRun(targets, input, env);
    log(`${engine}: a clean run lives ${ref.lifeMs} ms, ${ref.importMs ?? '?'} ms of it after opening the file; ${ref.complete.figures} figures`);

    // A third of the kills anywhere in the child's life (start-up, migrations, the import), the rest inside
    // the import itself, where a partial write could happen.
    const aimImport = ref.importMs !== null && (await canWatchOpenFiles());
    const nImport = aimImport ? runs - Math.ceil(runs / 3) : 0;
    const anywhere = spreadPoints(runs - nImport, ref.lifeMs * 1.05);
    const intoImport = spreadPoints(nImport, ref.importMs ?? 0);
    const aims: Aim[] = Array.from({ length: runs }, (_, i) => (i % 3 !== 0 && intoImport.length
      ? { at: 'import', afterOpenMs: Math.round(intoImport.pop()!) }
      : { at: 'anywhere', afterStartMs: Math.round(anywhere.pop() ?? 0) }));

    const details: KillRun[] = [];
    let next = 0;
    let repeated = 0;
    const worker = async () => {
      while (next < aims.length) {
        const i = next++;
        let r = await killOnce(targets!, input, env, key, ref, i + 1, aims[i]!, engine);
        for (let again = 0; r.startUpMetAnotherSchemaDrop && again < 2; again++) {
          repeated++;
          log(`${engine} run ${r.run}: the child's start-up migration failed as another schema was dropped; run again`);
          r = await killOnce(targets!, input, env, key, ref, i + 1, aims[i]!, engine);
        }
        if (r.startUpMetAnotherSchemaDrop) r.problems.push('the child failed at start-up three times, another schema being dropped during its migration');
        details.push(r);
        log(`${engine} run ${r.run}: ${describeAim(r.aim)}, ${r.phase}, found ${r.found}${r.problems.length ? `: ${r.problems.join(' | ')}` : ''}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
    details.sort((a, b) => a.run - b.run);

    const lost = details.filter((d) => d.problems.length > 0).length;
    const count = (p: KillPhase) => details.filter((d) => d.phase === p).length;
    return {
      name: `kill -9 during import (${engine})`, runs, survived: runs - lost, lost,
      problems: details.flatMap((d) => d.problems.map((p) => `run ${d.run} (${describeAim(d.aim)}, ${d.phase}): ${p}`)),
      notes: [
        `${count('during-import')} killed during the import, ${count('before-import')} before it, ${count('finished')} finished first`,
        `found nothing ${details.filter((d) => d.found === 'nothing').length}, all ${details.filter((d) => d.found === 'all').length}`,
        ...(repeated ? [`${repeated} run${repeated === 1 ? '' : 's'} repeated: the child's migration at start-up met another schema's drop (Kysely's introspection)`] : []),
      ],
      details,
    };
  } finally {
    await targets?.close();
    dir.remove();
  }
}

const describeAim = (a: Aim) => (a.at === 'anywhere' ? `kill at ${a.afterStartMs} ms` : `kill ${a.afterOpenMs} ms into the import`);

function startImport(target: Target, input: string, env: Record<string, string>, appName: string): ChildProcess {
  return spawnTandem(['import', 'unhcr-population', '--as-org', 'unhcr', input], { ...target.env, ...env, PGAPPNAME: appName });
}

/** One uninterrupted child run: the reference the kills are measured against. */
async function cleanRun(targets: Targets, input: string, env: Record<string, string>, attempt = 1): Promise<Reference> {
  const target = await targets.next();
  try {
    const started = Date.now();
    const child = startImport(target, input, env, 'tandem-fault-clean');
    const out = output(child);
    const watch = watchOpen(child.pid!, basename(input));
    const end = await exited(child);
    watch.stop();
    if (end.code !== 0 && attempt < 3 && otherSchemaDropped(out.text(), target.name)) return await cleanRun(targets, input, env, attempt + 1);
    if (end.code !== 0) throw new Error(`the clean import failed (${end.code ?? end.signal}): ${out.text()}`);
    const database = target.open();
    try {
      const complete = await figuresState(database.db);
      if (complete.batches.length !== 1 || complete.figures === 0 || complete.importAudits !== 1) {
        throw new Error(`the clean import left an unexpected state: ${JSON.stringify(complete)}`);
      }
      const opened = watch.openedAt();
      return { lifeMs: end.at - started, importMs: opened === null ? null : end.at - opened, complete };
    } finally {
      await database.close();
    }
  } finally {
    await target.dispose();
  }
}

async function killOnce(
  targets: Targets, input: string, env: Record<string, string>, key: Parameters<typeof appWith>[1], ref: Reference, run: number, aim: Aim, engine: Engine,
): Promise<KillRun> {
  const problems: string[] = [];
  const appName = `tandem-fault-${process.pid}-${engine}-${run}`;
  let target: Target | undefined;
  try {
    target = await targets.next();
    const before = await stateOf(target);

    const started = Date.now();
    const child = startImport(target, input, env, appName);
    const out = output(child);
    const watch = watchOpen(child.pid!, basename(input));
    let gone = false;
    const exit = exited(child).then((e) => { gone = true; return e; });
    let killedAt: number | null = null;
    const kill = () => {
      if (gone) return;
      killedAt = Date.now();
      child.kill('SIGKILL');
    };
    if (aim.at === 'import') await until(() => watch.openedAt() !== null || gone, 120_000, 2);
    const timer = setTimeout(kill, aim.at === 'anywhere' ? Math.max(0, started + aim.afterStartMs - Date.now()) : aim.afterOpenMs);
    const end = await exit;
    clearTimeout(timer);
    watch.stop();
    const opened = watch.openedAt();
    // A kill aimed at the import's last milliseconds can be sent after the child has exited but before Node
    // has reaped it: the signal reaches nothing and the child ends with 0. It finished; that is no fault.
    if (killedAt !== null && end.code === 0 && end.signal === null) killedAt = null;
    const phase: KillPhase = killedAt === null ? 'finished' : opened !== null && opened <= killedAt ? 'during-import' : 'before-import';
    if (phase === 'finished' && end.code !== 0) {
      if (opened === null && otherSchemaDropped(out.text(), target.name)) return { run, aim, phase, found: 'nothing', problems, startUpMetAnotherSchemaDrop: true };
      problems.push(`the import failed on its own (${end.code ?? end.signal}): ${out.text().slice(0, 500)}`);
    }
    if (killedAt !== null && end.signal !== 'SIGKILL') problems.push(`the child ended with ${end.code ?? end.signal}, not by the kill`);

    // PostgreSQL rolls a dead client's transaction back when it notices: look only once its session is gone.
    if (!(await targets.detached(appName, 15_000))) problems.push('the killed child\'s PostgreSQL session was still there after 15 s');

    const database = target.open();
    try {
      const app = appWith(database, key);
      const after = await figuresState(database.db);
      const found = sameState(after, before) ? 'nothing' : sameState(after, ref.complete) ? 'all' : 'partial';
      if (phase === 'finished' && end.code === 0 && found !== 'all') problems.push(`the child ended with 0 but the database holds ${found} of the file`);
      if (found === 'partial') problems.push(`partial import: ${JSON.stringify(after)} is neither ${JSON.stringify(before)} nor ${JSON.stringify(ref.complete)}`);
      problems.push(...await databaseProblems(database, app, after));

      const retry = await app.imports.runKind(operatorCtx(), 'unhcr-population', input, { asOrg: 'unhcr' });
      const expectInserted = found === 'nothing' ? ref.complete.figures - before.figures : 0;
      if (retry.inserted !== expectInserted || retry.updated !== 0 || (retry.batchId !== null) !== (expectInserted > 0)) {
        problems.push(`the retry inserted ${retry.inserted} and updated ${retry.updated} (batch ${retry.batchId}); expected ${expectInserted} and 0`);
      }
      const retried = await figuresState(database.db);
      if (!sameState(retried, ref.complete)) problems.push(`after the retry: ${JSON.stringify(retried)}, expected ${JSON.stringify(ref.complete)}`);

      const again = await app.imports.runKind(operatorCtx(), 'unhcr-population', input, { asOrg: 'unhcr' });
      if (again.batchId !== null || again.inserted !== 0 || again.updated !== 0) {
        problems.push(`a second retry changed something: inserted ${again.inserted}, updated ${again.updated}`);
      }
      const final = await figuresState(database.db);
      if (!sameState(final, ref.complete)) problems.push(`after the second retry: ${JSON.stringify(final)}`);
      problems.push(...await databaseProblems(database, app, final));
      return { run, aim, phase, found, problems };
    } finally {
      await database.close();
    }
  } catch (e) {
    problems.push(`the run failed: ${e instanceof Error ? e.message : String(e)}`);
    return { run, aim, phase: 'before-import', found: 'partial', problems };
  } finally {
    await target?.dispose();
  }
}

async function stateOf(target: Target): Promise<FiguresState> {
  const database = target.open();
  try {
    return await figuresState(database.db);
  } finally {
    await database.close();
  }
}
