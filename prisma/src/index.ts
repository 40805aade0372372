/** Woonbeurt database package: one PrismaClient factory, database resolution, migrations. */
export { createPrismaClient, poolIfAny, poolOf, type Db, type ClientOptions } from "./client.ts";
export {
  committedMigrations,
  migrateDeploy,
  pendingMigrations,
  resolveDatabase,
  runPrismaCli,
  type ResolvedDatabase,
} from "./database.ts";
export {
  startEmbeddedPostgres,
  ensureDatabase,
  dropDatabase,
  withDatabase,
  repoRoot,
  type EmbeddedServer,
} from "./embedded.ts";
export * from "../generated/prisma/client.ts";
