/**
 * The one PrismaClient factory. Rust-free runtime through `@prisma/adapter-pg`
 * (see ../shared/recipes/prisma-offline.md).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export interface ClientOptions {
  /** PostgreSQL connection string. */
  url: string;
  /** Pool size; default 10. */
  max?: number;
  /** Emit `query` events (used by tests that count SQL statements). */
  logQueries?: boolean;
}

/** Create a PrismaClient for `url`. Call `$disconnect()` when done. */
export function createPrismaClient(options: ClientOptions) {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.max ?? 10 });
  return new PrismaClient({
    adapter,
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
