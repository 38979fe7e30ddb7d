import { createDisclosureSetting } from './core/disclosure/index.js';
import type { Database } from './core/db.js';
import { createEventBus } from './core/events.js';
import { createSerialQueue } from './core/queue.js';
import type { AppConfig, Job, Kernel, TandemModule } from './core/module.js';
import type { PolicyRule, ResourceNouns } from './core/permissions.js';
import { MODULES } from './modules.js';

type Modules = typeof MODULES;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = TandemModule<string, any, object>;
type ServicesOf<M> = M extends TandemModule<string, infer _D, infer S> ? S : never;
type DepsOf<M> = M extends TandemModule<string, infer D, object> ? D : never;
type NameOf<M> = M extends TandemModule<infer N, infer _D, object> ? N : never;

/**
 * Wiring checked by the compiler: each module's dependencies must be met by the kernel and the modules
 * listed before it. A module that needs a later one's service fails here, naming the module.
 */
type Wired<Ms extends readonly unknown[], Acc> = Ms extends readonly [infer H, ...infer T]
  ? Acc extends DepsOf<H> ? Wired<T, Acc & ServicesOf<H>> : `module ${NameOf<H>} needs a service that no module before it provides`
  : true;
const wiringIsSound: Wired<Modules, Kernel> = true;
void wiringIsSound;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every service of every module, by name, on the kernel: what the HTTP server, the CLI and the tests stand on. */
export type App = Kernel & UnionToIntersection<ServicesOf<Modules[number]>>;

/** The policy and resource nouns every module declares, assembled. */
export const POLICY: readonly PolicyRule[] = MODULES.flatMap((m: AnyModule) => m.policy ?? []);
const NOUNS: ResourceNouns = Object.assign({}, ...MODULES.map((m: AnyModule) => m.resources ?? {}));
const EVENTS = new Map<string, string>(MODULES.flatMap((m: AnyModule) => Object.entries(m.events ?? {})));

/** Builds every module's services over one database, in list order, and subscribes them to each other's events. */
export function createApp(database: Database, config: AppConfig = {}): App {
  const kernel: Kernel = {
    database, db: database.db, engine: database.engine, events: createEventBus(database.db, EVENTS), policy: POLICY, nouns: NOUNS, config,
    writes: createSerialQueue(), disclosure: createDisclosureSetting(),
  };
  const app: Record<string, unknown> = { ...kernel };
  for (const m of MODULES as readonly AnyModule[]) Object.assign(app, m.create(app));
  for (const m of MODULES as readonly AnyModule[]) for (const s of m.subscriptions?.(app) ?? []) kernel.events.subscribe(s);
  // The one cast of the composition root: the object is built module by module at run time, and the
  // wiring check above proves at compile time that each module received what it declared.
  return app as unknown as App;
}

/** Every module's background jobs over this app: `tandem serve` starts them (startJobs); a test runs one by hand. */
export function jobsOf(app: App): Job[] {
  return (MODULES as readonly AnyModule[]).flatMap((m) => m.jobs?.(app) ?? []);
}
