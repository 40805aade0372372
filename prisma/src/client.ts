/**
 * The one PrismaClient factory. Rust-free runtime through `@prisma/adapter-pg`
 * (see ../shared/recipes/prisma-offline.md).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export interface ClientOptions {
  /** PostgreSQL connection string. */
  url: string;
  /** Pool size; default 10. */
  max?: number;
  /**
   * How long a query or transaction waits for a free pool connection before it fails (ms); default
   * {@link POOL_TIMEOUT_MS}. Without it (node-postgres' default 0) a request waits forever when the
   * pool is exhausted; with it the API can answer "busy, retry" (503) instead.
   */
  poolTimeoutMs?: number;
  /** Emit `query` events (used by tests that count SQL statements). */
  logQueries?: boolean;
}

/** Default wait for a free pool connection (ms). */
export const POOL_TIMEOUT_MS = 10_000;

/** The node-postgres pool under each client made by {@link createPrismaClient}. */
const pools = new WeakMap<object, pg.Pool>();

/** Create a PrismaClient for `url`. Call `$disconnect()` when done (it also ends the pool). */
export function createPrismaClient(options: ClientOptions) {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.poolTimeoutMs ?? POOL_TIMEOUT_MS,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    // Prisma's maxWait (default 2 s) is checked only once a connection was obtained, so it turned a
    // merely slow start into an error; the pool timeout above is the real bound and this matches it.
    transactionOptions: { maxWait: options.poolTimeoutMs ?? POOL_TIMEOUT_MS },
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
  });
  pools.set(client, pool);
  return client;
}

/**
 * The node-postgres pool a client of {@link createPrismaClient} runs on, for the few users that
 * need plain `pg` (rate-limiter-flexible's PostgreSQL store); its `options.connectionString` is the
 * client's URL. Queries on it share the client's connections and limit.
 *
 * @throws Error for a client not made by createPrismaClient
 */
export function poolOf(client: object): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error("not a client of createPrismaClient: no pool known");
  return pool;
}

/** {@link poolOf}, or undefined for a client not made by createPrismaClient (a transaction, an extended client). */
export function poolIfAny(client: object): pg.Pool | undefined {
  return pools.get(client);
}

export type Db = ReturnType<typeof createPrismaClient>;
