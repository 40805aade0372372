/**
 * The API's database handle. The Prisma client is deliberately kept OUT of the GraphQL context
 * type (it slows type-checking and invites passing it around); `createApp({ db })` installs the
 * client here once, and resolvers call `db()`.
 *
 * One process serves one database: tests run one test file per process (vitest `pool: forks`),
 * each with its own database.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { poolIfAny, type Db, type Prisma } from "@woonbeurt/db";
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

/**
 * Timestamps as Prisma stores them: `timestamp(3)` columns hold UTC wall-clock time and `date`
 * columns a day, both read as UTC (node-postgres would read them in the process's time zone).
 * Other types as node-postgres reads them (json parsed, arrays as arrays, int4/float8 as numbers).
 */
export const UTC_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.TIMESTAMP) return (v: string) => new Date(`${v.replace(" ", "T")}Z`);
    if (oid === pg.types.builtins.DATE) return (v: string) => new Date(`${v}T00:00:00.000Z`);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Rows of one read statement written with `Prisma.sql`, run on the client's own node-postgres
 * pool (`poolOf`) rather than through Prisma's raw query engine: for the reads every signed-in
 * request makes (session, the viewer's ranking inputs and responses, a page of eligible listings),
 * where Prisma's per-statement work cost more CPU than the statement. Same rows as `$queryRaw`
 * for the columns these statements select (timestamps and dates as UTC `Date`s, enums cast to
 * text, json parsed); a `Date` value is sent as its ISO string (UTC). On a client without a known
 * pool (a transaction, the read-replica client) it runs through `$queryRaw`.
 *
 * Each statement text runs as a named prepared statement (the name is a hash of the text, so one
 * name never stands for two texts): PostgreSQL parses it once per connection and, after its first
 * executions, keeps a generic plan instead of planning every call (planning cost more than
 * executing the page of eligible listings). The texts are the fixed shapes of these statements
 * (values are parameters), so each connection holds a bounded number of them.
 *
 * @param client - default the installed client ({@link db})
 */
export async function readRows<T>(sql: Prisma.Sql, client: Pick<Db, "$queryRaw"> = db()): Promise<T[]> {
  const pool = poolIfAny(client);
  if (!pool) return client.$queryRaw<T[]>(sql);
  const values = sql.values.map((v) => (v instanceof Date ? v.toISOString() : v));
  const r = await pool.query({ name: statementName(sql.text), text: sql.text, values, types: UTC_TYPES });
  return r.rows as T[];
}

const statementNames = new Map<string, string>();
/** The prepared statement's name of a statement text (kept: hashing is per text, not per call). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `wb_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    if (statementNames.size >= 10_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}
