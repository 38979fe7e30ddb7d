import { createHash } from 'node:crypto';

/** A cached answer with the validator a client revalidates it by. */
export interface Cached<T> {
  value: T;
  /** A strong validator of the answer's content (`"…"`), for ETag and If-None-Match. */
  etag: string;
  /** When the answer last changed, for Last-Modified. */
  lastModified: Date;
}

/** A strong ETag for an answer: a hash of its JSON. */
export const etagOf = (value: unknown): string => `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;

/**
 * Answers of public reads kept in the process until what they depend on changes. The owner bumps
 * `invalidate()` when it knows (its own writes, the domain events it subscribes to); a time to live bounds
 * how long another process's change can go unseen (several servers on one PostgreSQL database).
 */
export function answerCache<T>(opts: { ttlMs: number; maxEntries?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const max = opts.maxEntries ?? 500;
  let generation = 0;
  const entries = new Map<string, { at: number; generation: number; answer: Cached<T> }>();
  const inFlight = new Map<string, Promise<Cached<T>>>();

  return {
    /** The cached answer for `key`, or a fresh one from `compute` (one computation per key at a time). */
    async get(key: string, compute: () => Promise<{ value: T; lastModified: Date }>): Promise<Cached<T>> {
      const hit = entries.get(key);
      if (hit && hit.generation === generation && now() - hit.at < opts.ttlMs) return hit.answer;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const started = generation;
      const work = (async () => {
        const { value, lastModified } = await compute();
        const answer = { value, lastModified, etag: etagOf(value) };
        if (started === generation) {
          if (entries.size >= max) entries.delete(entries.keys().next().value ?? '');
          entries.set(key, { at: now(), generation, answer });
        }
        return answer;
      })();
      inFlight.set(key, work);
      try {
        return await work;
      } finally {
        inFlight.delete(key);
      }
    },
    /** Forgets every answer: what they depend on changed. */
    invalidate(): void {
      generation++;
      entries.clear();
      inFlight.clear();
    },
  };
}
