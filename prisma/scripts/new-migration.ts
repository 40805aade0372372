/**
 * Create a migration from the change to `schema.prisma` since the last commit (or `--from FILE`),
 * then apply it to the development database.
 *
 * Why not `prisma migrate dev`: with the WebAssembly schema engine (the only one that runs on
 * machines without Prisma's binary downloads) its shadow-database replay panics ("unreachable")
 * once migrations exist. A datamodel-to-datamodel diff needs no shadow database, and the
 * foundation test checks that migrations and schema agree.
 *
 * Usage: `pnpm db:migrate --name add_something [--from old.prisma]`
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { migrateDeploy, resolveDatabase } from "../src/database.ts";

const { values } = parseArgs({ options: { name: { type: "string" }, from: { type: "string" } } });
if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
  console.error("usage: pnpm db:migrate --name snake_case_name [--from old-schema.prisma]");
  process.exit(2);
}
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let from = values.from;
if (!from) {
  from = path.join(os.tmpdir(), `schema-head-${process.pid}.prisma`);
  fs.writeFileSync(from, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: dir }));
}

const db = await resolveDatabase();
try {
  const sql = execFileSync(
    path.join(dir, "node_modules", ".bin", "prisma"),
    [
      "migrate",
      "diff",
      "--from-schema-datamodel",
      from,
      "--to-schema-datamodel",
      path.join(dir, "schema.prisma"),
      "--script",
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
      },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log("schema.prisma has no changes against the base: no migration created");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const folder = path.join(dir, "migrations", `${stamp}_${values.name}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "migration.sql"), sql);
    console.log(`created ${path.relative(dir, folder)}/migration.sql`);
    await migrateDeploy(db.url, false);
    execFileSync("pnpm", ["run", "generate"], { cwd: dir, stdio: "inherit" });
  }
} finally {
  await db.stop();
}
