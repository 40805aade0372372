/**
 * Which message namespaces each route can show (issue 11 item 8: each page carries only the
 * messages it uses instead of the whole dictionary).
 *
 * A route's pages are rendered from its own `+page`/`+layout` files, the `+layout` and `+error`
 * files of every folder above it, the hooks (`src/hooks*.ts`), and every module those import (components, `$lib` helpers),
 * transitively. Every message key the portal uses is written as a string literal whose first
 * segment is a top-level namespace of `messages/*.json` (`t("listing.title")`,
 * `t(granted ? "urgency.decision.granted" : …)`, `` t(`enums.status.${s}`) ``), so scanning those
 * sources for `"<namespace>.` finds every namespace a route can need. The scan over-approximates
 * (a namespace mentioned in a comment is sent too), which costs bytes, never a missing message.
 *
 * Dependency-free and pure, so a test can run it over the files on disk; the portal's server runs
 * it once over its own sources bundled with `import.meta.glob` ($lib/server/route-messages.ts).
 */

/** Source text by path relative to the portal folder, e.g. `src/routes/aanbod/+page.svelte`. */
export type Sources = Record<string, string>;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;
const EXTENSIONS = ["", ".ts", ".js", ".svelte", "/index.ts", "/index.js"];

/** Resolve an import specifier from `from` to a known source path, or undefined (packages, $app). */
function resolveImport(specifier: string, from: string, sources: Sources): string | undefined {
  let base: string;
  if (specifier.startsWith("$lib/")) base = "src/lib/" + specifier.slice(5);
  else if (specifier === "$lib") base = "src/lib/index";
  else if (specifier.startsWith("./") || specifier.startsWith("../")) {
    const parts = from.split("/").slice(0, -1);
    for (const part of specifier.split("/")) {
      if (part === "..") parts.pop();
      else if (part !== ".") parts.push(part);
    }
    base = parts.join("/");
  } else return undefined;
  for (const extension of EXTENSIONS) if (base + extension in sources) return base + extension;
  return undefined;
}

/** The folders a route's files live in: `src/routes`, then each folder down to the route's own. */
function routeFolders(routeId: string): string[] {
  const segments = routeId.split("/").filter(Boolean);
  const folders = ["src/routes"];
  for (const segment of segments) folders.push(`${folders.at(-1)}/${segment}`);
  return folders;
}

/**
 * The files that render a route: its own `+page*`, `+layout*`/`+error*` up the tree, and the hooks.
 */
function entryFiles(routeId: string | null, sources: Sources): string[] {
  const folders = routeFolders(routeId ?? "/");
  const own = folders.at(-1)!;
  return Object.keys(sources).filter((file) => {
    const slash = file.lastIndexOf("/");
    const folder = file.slice(0, slash);
    const name = file.slice(slash + 1);
    if (folder === "src" && name.startsWith("hooks")) return true;
    if (!folders.includes(folder)) return false;
    if (name.startsWith("+layout") || name.startsWith("+error")) return true;
    return routeId !== null && folder === own && name.startsWith("+page");
  });
}

/** Block comments and whole-line comments (docstrings mention keys as examples). */
const COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;
/**
 * A key literal: its namespace and, when the literal spells it out, its second segment
 * (`"werk.shell.nav"` → werk.shell; `` `enums.${x}` `` → enums; `"nav.signOut"` → nav.signOut).
 */
const KEY_LITERAL = /(["'`])([A-Za-z][A-Za-z0-9]*)\.(?:([A-Za-z_][A-Za-z0-9_]*)(?=\.|\1))?/g;

/**
 * The message paths a route can use, sorted: a top-level namespace (`enums`) where a key is built
 * at run time below it, else namespace and second segment (`werk.shell`).
 *
 * @param routeId SvelteKit's route id (`/woning/[reference]`), or null for a page with no route
 *   (a 404: the root layout and error page only).
 * @param sources the portal's route and `$lib` sources by path (see {@link Sources}).
 * @param namespaces the top-level keys of the message files.
 */
export function routeNamespaces(
  routeId: string | null,
  sources: Sources,
  namespaces: readonly string[],
): string[] {
  const known = new Set(namespaces);
  const seen = new Set<string>();
  const pending = entryFiles(routeId, sources);
  const found = new Set<string>();
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = (sources[file] ?? "").replace(COMMENTS, "");
    for (const match of text.matchAll(KEY_LITERAL)) {
      const [, , namespace, second] = match;
      if (known.has(namespace!)) found.add(second ? `${namespace}.${second}` : namespace!);
    }
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(match[1]!, file, sources);
      if (target && !seen.has(target)) pending.push(target);
    }
  }
  // A whole namespace makes its second-level paths redundant.
  return [...found].filter((path) => !path.includes(".") || !found.has(path.split(".")[0]!)).sort();
}

/**
 * The part of `messages` under `paths` (see {@link routeNamespaces}); `ns.key` also keeps the
 * plural forms `ns.key_one`, `ns.key_other`, … that i18next picks by `count`.
 */
export function pickNamespaces<T extends Record<string, unknown>>(
  messages: T,
  paths: readonly string[],
): Partial<T> {
  const picked: Record<string, unknown> = {};
  for (const path of paths) {
    const [namespace, second] = path.split(".") as [string, string | undefined];
    const node = messages[namespace];
    if (node === undefined) continue;
    if (second === undefined || typeof node !== "object" || node === null) {
      picked[namespace] = node;
      continue;
    }
    const target = (picked[namespace] ??= {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(node as Record<string, unknown>))
      if (key === second || key.startsWith(`${second}_`)) target[key] = value;
  }
  return picked as Partial<T>;
}
