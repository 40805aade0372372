/**
 * The messages a page sends to the browser: only the namespaces its route can show
 * ($lib/i18n/route-namespaces.ts), computed once per route from the portal's own sources, which
 * the build bundles into the server as text (`import.meta.glob` with `?raw`; server-side only).
 */
import type { Locale, Messages } from "$lib/i18n";
import { pickNamespaces, routeNamespaces, type Sources } from "$lib/i18n/route-namespaces";
import { MESSAGES } from "./i18n";

const raw = import.meta.glob<string>(
  ["/src/*.ts", "/src/routes/**/*.{svelte,ts}", "/src/lib/**/*.{svelte,ts}"],
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
);
/** Sources by path relative to the portal folder (`src/routes/...`). */
const SOURCES: Sources = Object.fromEntries(Object.entries(raw).map(([file, text]) => [file.slice(1), text]));
const NAMESPACES = Object.keys(MESSAGES.nl);
const byRoute = new Map<string | null, string[]>();

/** The namespaces route `routeId` can show (memoised per route). */
export function namespacesOf(routeId: string | null): string[] {
  let namespaces = byRoute.get(routeId);
  if (!namespaces) {
    namespaces = routeNamespaces(routeId, SOURCES, NAMESPACES);
    byRoute.set(routeId, namespaces);
  }
  return namespaces;
}

/** The messages of `locale` that a page of route `routeId` needs in the browser. */
export function routeMessages(locale: Locale, routeId: string | null): Messages {
  return pickNamespaces(MESSAGES[locale], namespacesOf(routeId)) as Messages;
}
