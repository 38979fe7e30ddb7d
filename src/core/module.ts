import type { Command } from 'commander';
import type { Kysely, Migration } from 'kysely';
import type { Api } from '../http/api.js';
import type { Ctx } from './actor.js';
import type { Database, Engine } from './db.js';
import type { EventBus, EventName, Subscription } from './events.js';
import type { PolicyRule, ResourceNouns } from './permissions.js';
import type { SerialQueue } from './queue.js';
import type { DisclosureSetting } from './disclosure/index.js';
import type { DB } from './tables.js';

/**
 * Settings a module reads from the app's configuration. Empty here: a module that takes settings adds
 * its own key by declaration merging (access adds `auth`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppConfig {}

/** What every module may use without naming another module: the database, the event bus, the assembled policy. */
export interface Kernel {
  database: Database;
  db: Kysely<DB>;
  engine: Engine;
  events: EventBus;
  /** Every module's policy rules, assembled. */
  policy: readonly PolicyRule[];
  /** Every module's resource nouns, for "not found" messages. */
  nouns: ResourceNouns;
  config: AppConfig;
  /** Heavy writes (file imports, report uploads) run here, one at a time. */
  writes: SerialQueue;
  /** The disclosure threshold k in force (provided by the module that keeps the policy). */
  disclosure: DisclosureSetting;
}

/** How a module's CLI commands reach the app: open the configured database, build the app, run, close. */
export interface CliKit<App> {
  withApp<T>(fn: (app: App) => Promise<T>): Promise<T>;
}

/**
 * One capability, declared whole. The app, the HTTP server, the CLI and the demo seed iterate the list of
 * modules (src/modules.ts); adding a module is a folder with an `index.ts` like this and one line there.
 *
 * `Deps` is what `create` takes: kernel parts and other modules' services, each narrowed to what it uses
 * (`Pick<SituationService, 'get'>`). `Services` is what it gives, by name; they join the app.
 */
export interface TandemModule<Name extends string, Deps, Services extends object> {
  name: Name;
  /** Forward-only migrations by timestamped name; every module's run in name order on both engines. */
  migrations?: Readonly<Record<string, Migration>>;
  /** Reference data brought up to date after the migrations (idempotent; runs at every start). */
  sync?(db: Kysely<DB>): Promise<void>;
  /** The resources it brings, with the noun "not found" messages use. */
  resources?: ResourceNouns;
  /** Who may do what with its resources (its `*.policy.ts`). */
  policy?: readonly PolicyRule[];
  /** The domain events it raises, with what each means (the payloads are typed in its `*.events.ts`). */
  events?: { readonly [K in EventName]?: string };
  /** Its services, from exactly the dependencies it uses. */
  create(deps: Deps): Services;
  /** What it listens to. */
  subscriptions?(app: Deps & Services): Subscription[];
  /** Its HTTP routes (under /api/v1), typed from their schemas. */
  routes?(api: Api, app: Deps & Services): Promise<void>;
  /** Its CLI commands. */
  commands?(program: Command, cli: CliKit<Deps & Services>): void;
  /** Its part of the demo, seeded as the operator into an empty database, in module order. */
  seed?(app: Deps & Services, ctx: Ctx): Promise<void>;
  /** Work the server repeats in the background (`tandem serve` runs them; tests call `run` themselves). */
  jobs?(app: Deps & Services): Job[];
}

/** Background work a module asks the server to repeat: each run finishes before the next is scheduled. */
export interface Job {
  /** Names the job in error messages: `concerns: escalate past deadlines`. */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job every `everyMs`, never two runs of one job at once; a failing run is reported (its message
 * only) and the next goes ahead. `stop` cancels what is scheduled and waits for the runs in flight.
 */
export function startJobs(jobs: readonly Job[], onError: (job: string, error: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const schedule = (job: Job) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = job.run().then(() => undefined, (e: unknown) => onError(job.name, e)).finally(() => {
        running.delete(run);
        schedule(job);
      });
      running.add(run);
    }, job.everyMs);
    // A scheduled run never keeps the process alive by itself.
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) schedule(job);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}

/** Declares a module; the types of its dependencies and services are inferred from `create`. */
export function defineModule<Name extends string, Deps, Services extends object>(m: TandemModule<Name, Deps, Services>): TandemModule<Name, Deps, Services> {
  return m;
}
