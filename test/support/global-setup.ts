/**
 * Vitest global setup: one PostgreSQL cluster for the whole run and a migrated template
 * database that each test file clones (`CREATE DATABASE … TEMPLATE`), so test files never share
 * state and never touch the developer's own database.
 *
 * - `DATABASE_URL` set: that server is used (its maintenance database for admin work).
 * - otherwise: an embedded server in `.data/postgres-test` on port `TEST_PG_PORT` (default 5545).
 */
import type { TestProject } from "vitest/node";
import {
  dropDatabase,
  ensureDatabase,
  migrateDeploy,
  repoRoot,
  startEmbeddedPostgres,
  withDatabase,
} from "../../prisma/src/index.ts";
import path from "node:path";

export const TEMPLATE_DB = "woonbeurt_test_template";

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(repoRoot(), ".data", "postgres-test"),
      port: Number(process.env.TEST_PG_PORT ?? 5545),
    });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  await dropDatabase(adminUrl, TEMPLATE_DB);
  await ensureDatabase(adminUrl, TEMPLATE_DB);
  await migrateDeploy(withDatabase(adminUrl, TEMPLATE_DB));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE_DB);
  return async () => {
    await stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}
