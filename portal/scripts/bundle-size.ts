/**
 * Prints the JavaScript each route loads on first visit (gzip), from the built client manifest:
 * the SvelteKit entry (start + app), the root layout, and the route's own node with all of their
 * static imports, each file counted once. Fails (exit 1) when the listing page (/woning/[reference])
 * exceeds its budget of 60 KB gzip (issue 4).
 *
 * Run after `pnpm --filter @woonbeurt/portal run build`:  pnpm --filter @woonbeurt/portal run bundle-size
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const clientDir = path.join(root, ".svelte-kit", "output", "client");
const manifestPath = path.join(clientDir, ".vite", "manifest.json");
const BUDGET_ROUTE = "/woning/[reference]";
const BUDGET_BYTES = 60 * 1024;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

if (!fs.existsSync(manifestPath)) {
  console.error("No build found: run `pnpm --filter @woonbeurt/portal run build` first.");
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Record<string, Chunk>;

const gz = new Map<string, number>();
function gzipSize(file: string): number {
  let n = gz.get(file);
  if (n === undefined) {
    n = gzipSync(fs.readFileSync(path.join(clientDir, file)), { level: 9 }).length;
    gz.set(file, n);
  }
  return n;
}

function closure(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...keys];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k) || !manifest[k]) continue;
    seen.add(k);
    stack.push(...(manifest[k].imports ?? []));
  }
  return seen;
}

const entryKeys = Object.keys(manifest).filter(
  (k) => manifest[k]!.isEntry && (k.endsWith("/client/entry.js") || k.endsWith("client-optimized/app.js")),
);
const nodeKey = (n: number) =>
  Object.keys(manifest).find((k) => k.endsWith(`client-optimized/nodes/${n}.js`));
const layoutKey = nodeKey(0);

/** Route of a node, read from the generated node module ("src/routes/aanbod/+page.svelte" → "/aanbod"). */
function routeOf(key: string): string | null {
  const generated = path.join(root, key);
  if (!fs.existsSync(generated)) return null;
  const m = /src\/routes(.*)\/\+(page|layout|error)\.svelte/.exec(fs.readFileSync(generated, "utf8"));
  if (!m) return null;
  if (m[2] !== "page") return null;
  return m[1] || "/";
}

const rows: Array<{ route: string; files: number; raw: number; gzip: number }> = [];
for (const key of Object.keys(manifest)) {
  if (!/client-optimized\/nodes\/\d+\.js$/.test(key)) continue;
  const route = routeOf(key);
  if (!route) continue;
  const files = [...closure([...entryKeys, ...(layoutKey ? [layoutKey] : []), key])]
    .map((k) => manifest[k]!.file)
    .filter((f) => f.endsWith(".js"));
  const unique = [...new Set(files)];
  rows.push({
    route,
    files: unique.length,
    raw: unique.reduce((s, f) => s + fs.statSync(path.join(clientDir, f)).size, 0),
    gzip: unique.reduce((s, f) => s + gzipSize(f), 0),
  });
}
rows.sort((a, b) => a.route.localeCompare(b.route));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log("JavaScript loaded on first visit, per route (entry + root layout + page, static imports):\n");
console.log(`${"route".padEnd(34)} ${"files".padStart(5)} ${"raw".padStart(10)} ${"gzip".padStart(10)}`);
for (const r of rows)
  console.log(
    `${r.route.padEnd(34)} ${String(r.files).padStart(5)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)}`,
  );
const budget = rows.find((r) => r.route === BUDGET_ROUTE);
if (!budget) {
  console.error(`\n${BUDGET_ROUTE} not found in the build`);
  process.exit(1);
}
const ok = budget.gzip <= BUDGET_BYTES;
console.log(
  `\nBudget ${BUDGET_ROUTE}: ${kb(budget.gzip)} of ${kb(BUDGET_BYTES)} gzip — ${ok ? "OK" : "OVER BUDGET"}`,
);
process.exit(ok ? 0 : 1);
