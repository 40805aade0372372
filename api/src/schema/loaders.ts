/**
 * Per-request batching and memoisation (a minimal DataLoader): keys requested in the same tick
 * are fetched with one query, so per-item fields (eligibility, position) do not cause N+1.
 */
import type { Context } from "../auth/context.ts";

/** Memoise `fn` for the lifetime of one request under `key`. */
export function memo<T>(ctx: Context, key: string, fn: () => Promise<T>): Promise<T> {
  const k = `memo:${key}`;
  let p = ctx.cache.get(k) as Promise<T> | undefined;
  if (!p) {
    p = fn();
    ctx.cache.set(k, p);
  }
  return p;
}

interface BatchState<V> {
  results: Map<string, Promise<V | undefined>>;
  queue: Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>;
  scheduled: boolean;
}

/**
 * Load `key` through the per-request batch `name`: all keys asked for before the microtask
 * queue drains are passed to `batch` together.
 */
export function load<V>(
  ctx: Context,
  name: string,
  key: string,
  batch: (keys: string[]) => Promise<Map<string, V>>,
): Promise<V | undefined> {
  const k = `batch:${name}`;
  let state = ctx.cache.get(k) as BatchState<V> | undefined;
  if (!state) {
    state = { results: new Map(), queue: new Map(), scheduled: false };
    ctx.cache.set(k, state);
  }
  const s = state;
  const cached = s.results.get(key);
  if (cached) return cached;
  const p = new Promise<V | undefined>((resolve, reject) => {
    const waiting = s.queue.get(key) ?? [];
    waiting.push({ resolve, reject });
    s.queue.set(key, waiting);
  });
  s.results.set(key, p);
  if (!s.scheduled) {
    s.scheduled = true;
    setImmediate(() => {
      const queue = new Map(s.queue);
      s.queue.clear();
      s.scheduled = false;
      batch([...queue.keys()]).then(
        (map) => {
          for (const [key, waiters] of queue) for (const w of waiters) w.resolve(map.get(key));
        },
        (err) => {
          for (const [key, waiters] of queue) {
            s.results.delete(key);
            for (const w of waiters) w.reject(err);
          }
        },
      );
    });
  }
  return p;
}
