/**
 * Resolve the database to use: `DATABASE_URL` when set, otherwise the embedded server in
 * `.data/postgres`. Apply migrations with the Prisma CLI (JS schema engine).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  ensureDatabase,
  repoRoot,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedServer,
} from "./embedded.ts";

export interface ResolvedDatabase {
  /** Connection string of the application database. */
  url: string;
  /** True when the embedded server is in use. */
  embedded: boolean;
  /** The embedded server, when one was started or reused. */
  server?: EmbeddedServer;
  /** Stop what this call started (no-op for an external server). */
  stop(): Promise<void>;
}

/**
 * Use `DATABASE_URL` when set; else start the embedded server (port `EMBEDDED_PG_PORT`, default
 * 5544; data in `.data/postgres`) and create the `woonbeurt` database when missing.
 */
export async function resolveDatabase(
  opts: { dataDir?: string; port?: number; database?: string } = {},
): Promise<ResolvedDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: opts.dataDir,
    port: opts.port ?? (process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined),
  });
  const database = opts.database ?? "woonbeurt";
  await ensureDatabase(server.adminUrl, database);
  return { url: withDatabase(server.adminUrl, database), embedded: true, server, stop: () => server.stop() };
}

/**
 * The database package's folder (`prisma/`: schema, migrations, the Prisma CLI). Next to this
 * file in the source tree; from a bundle (`api/dist/main.js`, see api/scripts/build.ts) this file's
 * URL is the bundle's, so the folder is found as `prisma/` under the repository root instead.
 */
const packageDir = (() => {
  const besideSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  if (fs.existsSync(path.join(besideSource, "schema.prisma"))) return besideSource;
  return path.join(repoRoot(), "prisma");
})();

/**
 * Run the Prisma CLI (`prisma <args>`) against `url`, with the environment that keeps it from
 * downloading engines. Resolves with the exit code; output goes to the parent's stdio unless
 * `quiet`, in which case it is collected and thrown on failure.
 */
export function runPrismaCli(args: string[], url: string, quiet = false): Promise<void> {
  const bin = path.join(packageDir, "node_modules", ".bin", "prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed (exit ${code})\n${out}`)),
    );
  });
}

/** The committed migrations (folder names under `prisma/migrations`), oldest first. */
export function committedMigrations(): string[] {
  const dir = path.join(packageDir, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * Committed migrations not (successfully) applied to the database at `url`, oldest first: all of
 * them when the database has no `_prisma_migrations` table yet. One query, no Prisma CLI (which
 * takes seconds to start).
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(
      `SELECT to_regclass('_prisma_migrations')::text AS t`,
    );
    if (!exists.rows[0]?.t) return committedMigrations();
    const applied = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.rows.map((r) => r.migration_name));
    return committedMigrations().filter((m) => !done.has(m));
  } finally {
    await client.end();
  }
}

/**
 * Apply committed migrations (`prisma migrate deploy`) when any is pending; with nothing to apply
 * it returns after one query instead of starting the Prisma CLI (~10 s on a small machine).
 */
export async function migrateDeploy(url: string, quiet = true): Promise<void> {
  if ((await pendingMigrations(url)).length === 0) return;
  return runPrismaCli(["migrate", "deploy"], url, quiet);
}

export { repoRoot };
