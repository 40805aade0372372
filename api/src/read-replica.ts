/**
 * Read scaling (issue 13 item 3): anonymous public queries read from a PostgreSQL read replica
 * (`DATABASE_READ_URL`) through Prisma's read-replica extension (`@prisma/extension-read-replicas`);
 * everything else — signed-in callers, every mutation, every transaction and raw SQL statement —
 * stays on the primary.
 *
 * How: `createApp({ readReplica })` installs the replica; the {@link replicaReads} plugin runs the
 * execution of an anonymous query operation inside an AsyncLocalStorage scope, and `db()` (db.ts)
 * returns the primary client extended with the replica there, so its model reads (findMany, count,
 * …) go to the replica while writes and `$transaction`s still go to the primary. A replica lags
 * the primary by its replication delay (typically well under a second): a public answer may be
 * that much older, as the response cache's 30 s already allows (cache.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { getOperationAST, type DocumentNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { readReplicas } from "@prisma/extension-read-replicas";
import type { Db } from "@woonbeurt/db";
import type { Context } from "./auth/context.ts";

const scope = new AsyncLocalStorage<true>();
let routed: Db | null = null;

/**
 * Install (or with null remove) the replica for `primary`: model reads inside {@link replicaReads}'
 * scope go to `replica`. Both are clients of {@link createPrismaClient}.
 */
export function setReadReplica(primary: Db, replica: Db | null): void {
  // The extended client has the primary's API; its type differs only in the added $primary/$replica.
  routed = replica ? (primary.$extends(readReplicas({ replicas: [replica] })) as unknown as Db) : null;
}

/** The client for the current request: the replica-routed one inside an anonymous query, else null. */
export function replicaClient(): Db | null {
  return routed && scope.getStore() ? routed : null;
}

/** Whether a read replica is installed (for logs and tests). */
export function hasReadReplica(): boolean {
  return routed !== null;
}

/** Yoga plugin: run anonymous query operations with reads on the replica (when one is installed). */
export function replicaReads(): Plugin<Context> {
  return {
    onExecute: ({ args, executeFn, setExecuteFn }) => {
      if (!routed) return;
      const operation = getOperationAST(args.document as DocumentNode, args.operationName);
      const anonymous = !(args.contextValue as Context).viewer;
      if (!anonymous || operation?.operation !== "query") return;
      setExecuteFn((a) => scope.run(true, () => executeFn(a)));
    },
  };
}
