/**
 * Vitest global setup: one PostgreSQL cluster for the whole run and a migrated template
 * database that each test file clones (`CREATE DATABASE … TEMPLATE`), so test files never share
 * state and never touch the developer's own database.
 *
 * - `DATABASE_URL` set: that server is used (its maintenance database for admin work).
 * - otherwise: an embedded server of this run's own, in a temporary folder on a free port (or
 *   `TEST_PG_PORT`), removed at the end — so two runs at once never stop each other's server and
 *   a developer's `pnpm start` database is never touched.
 */
import type { TestProject } from "vitest/node";
import {
  dropDatabase,
  ensureDatabase,
  migrateDeploy,
  startEmbeddedPostgres,
  withDatabase,
} from "../../prisma/src/index.ts";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export const TEMPLATE_DB = "woonbeurt_test_template";

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "woonbeurt-test-pg-"));
    // The embedded server runs as the `postgres` system user when we are root: let it in.
    fs.chmodSync(dataDir, 0o777);
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "data"),
      port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort(),
    });
    adminUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
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
