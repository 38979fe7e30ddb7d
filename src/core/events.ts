import type { Kysely } from 'kysely';
import type { DB } from './tables.js';

/**
 * The domain events, by name. Empty here: the module that raises an event declares its payload in its
 * `*.events.ts` by declaration merging, and its description in its `index.ts` (`events`), which is what
 * docs/ARCHITECTURE.md lists. Payloads carry ids and codes, never personal values: subscribers read what
 * they need, with their own checks.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}
export type EventName = keyof DomainEvents & string;

/** When a subscriber runs: inside the transaction that raised the event (its failure undoes the change), or after it commits. */
export type EventPhase = 'in-transaction' | 'after-commit';

/** A unit of work: the transaction's query layer, and the way to raise events inside it. */
export interface Tx {
  db: Kysely<DB>;
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): Promise<void>;
}

/** A module's subscription to an event. `handle` gets the transaction (in-transaction) or the database (after commit). */
export interface Subscription<K extends EventName = EventName> {
  event: K;
  phase: EventPhase;
  /** Names the subscriber in error messages: `coordination: snapshot recommendations`. */
  name: string;
  handle(payload: DomainEvents[K], db: Kysely<DB>): Promise<void>;
}

/** Declares a subscription, keeping the payload's type tied to the event's name. */
export function on<K extends EventName>(event: K, phase: EventPhase, name: string, handle: (payload: DomainEvents[K], db: Kysely<DB>) => Promise<void>): Subscription {
  return { event, phase, name, handle: handle };
}

export interface EventBus {
  /**
   * Runs `work` in one transaction. Events it raises reach in-transaction subscribers at once, inside the
   * transaction; after-commit subscribers run once the transaction has committed, never if it rolled back.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Adds a subscription; an event no module declared is refused, so a misspelt name cannot go unheard. */
  subscribe(s: Subscription): void;
  /** Every declared event and what it means. */
  readonly catalogue: ReadonlyMap<string, string>;
}

/**
 * The in-process event bus. The emitter never knows its subscribers: modules subscribe when the app is
 * built. A failing after-commit subscriber cannot undo what committed; its failure goes to `onError`.
 */
export function createEventBus(
  db: Kysely<DB>, catalogue: ReadonlyMap<string, string>,
  onError: (subscriber: string, event: string, error: unknown) => void = defaultOnError,
): EventBus {
  const subscribers = new Map<string, Subscription[]>();

  return {
    catalogue,
    subscribe(s) {
      if (!catalogue.has(s.event)) throw new Error(`${s.name} subscribes to "${s.event}", which no module declares`);
      subscribers.set(s.event, [...(subscribers.get(s.event) ?? []), s]);
    },
    async transaction(work) {
      const afterCommit: Array<{ s: Subscription; run: () => Promise<void> }> = [];
      const result = await db.transaction().execute(async (trx) => {
        const tx: Tx = {
          db: trx,
          async emit(name, payload) {
            if (!catalogue.has(name)) throw new Error(`event "${name}" is not declared by any module`);
            for (const s of subscribers.get(name) ?? []) {
              if (s.phase === 'in-transaction') await s.handle(payload, trx);
              else afterCommit.push({ s, run: () => s.handle(payload, db) });
            }
          },
        };
        return work(tx);
      });
      for (const { s, run } of afterCommit) {
        try {
          await run();
        } catch (e) {
          onError(s.name, s.event, e);
        }
      }
      return result;
    },
  };
}

function defaultOnError(subscriber: string, event: string, error: unknown): void {
  // Only the error's message: payloads are never logged.
  console.error(`tandem: ${subscriber} of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
}
