/**
 * Typed helpers for building internal URLs that are then passed to `resolve()` from
 * `$app/paths` (which adds the base path, if one is ever configured). Markup always calls
 * `resolve()` itself, so the `svelte/no-navigation-without-resolve` lint rule can see it.
 */
import type { Pathname } from "$app/types";

/** `path`, or `path?query` when the query is not empty (for `resolve()`). */
export function withQuery<P extends Pathname>(
  path: P,
  query: URLSearchParams | Record<string, string | null | undefined>,
): P | `${P}?${string}` {
  const params =
    query instanceof URLSearchParams
      ? query
      : new URLSearchParams(
          Object.entries(query).filter((e): e is [string, string] => e[1] != null && e[1] !== ""),
        );
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The current page's path without the base path, rebuilt from its route id and parameters
 * (`page.route.id`, `page.params`), so that `resolve()` adds the base exactly once.
 */
export function currentPath(routeId: string | null, params: Partial<Record<string, string>>): Pathname {
  if (!routeId) return "/";
  return routeId
    .replace(/\/\([^)]+\)/g, "")
    .replace(/\[(\w+)\]/g, (_, k: string) => encodeURIComponent(params[k] ?? "")) as Pathname;
}

/** `path` with the current query, changed by `changes` (null removes a parameter). */
export function withParams<P extends Pathname>(
  path: P,
  current: URLSearchParams,
  changes: Record<string, string | null>,
): P | `${P}?${string}` {
  const q = new URLSearchParams(current);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  return withQuery(path, q);
}
