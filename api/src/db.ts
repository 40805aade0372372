/**
 * The API's database handle. The Prisma client is deliberately kept OUT of the GraphQL context
 * type (it slows type-checking and invites passing it around); `createApp({ db })` installs the
 * client here once, and resolvers call `db()`.
 *
 * One process serves one database: tests run one test file per process (vitest `pool: forks`),
 * each with its own database.
 */
import type { Db } from "@woonbeurt/db";
import { replicaClient } from "./read-replica.ts";

let current: Db | null = null;

/** Install the client used by every resolver (called by `createApp`). */
export function setDb(client: Db): void {
  current = client;
}

/**
 * The installed client; inside an anonymous public query with a read replica configured, the
 * client whose model reads go to the replica (read-replica.ts). @throws Error when `createApp` has
 * not run yet.
 */
export function db(): Db {
  if (!current) throw new Error("database not set: call createApp({ db }) first");
  return replicaClient() ?? current;
}

/** The transaction client type passed to `db().$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
