/**
 * Start the API on API_HOST:API_PORT (default 127.0.0.1:4000) against DATABASE_URL or the embedded PostgreSQL, with the
 * scheduled jobs on the PostgreSQL job queue (queue.ts: every minute, one runner per job across all
 * processes; JOBS=off runs none in this process, e.g. when a separate worker runs them), and the
 * listener that receives the other API processes' cache invalidations (invalidation.ts).
 */
import { createServer } from "node:http";
import { createPrismaClient, migrateDeploy, resolveDatabase } from "@woonbeurt/db";
import { startInvalidationListener } from "./invalidation.ts";
import { startJobQueue } from "./queue.ts";
import { sealPlainLotterySeeds } from "./lottery-key.ts";
import { createApp } from "./server.ts";
import { withCompression } from "./http.ts";
import { logger } from "./log.ts";

const port = Number(process.env.API_PORT ?? 4000);
const database = await resolveDatabase();
if (database.embedded) await migrateDeploy(database.url);
const db = createPrismaClient({ url: database.url });
// other API processes' writes forget what this one keeps (invalidation.ts)
const listener = startInvalidationListener(database.url);
// DATABASE_READ_URL: anonymous public queries read from this replica (read-replica.ts)
const readReplica = process.env.DATABASE_READ_URL
  ? createPrismaClient({ url: process.env.DATABASE_READ_URL })
  : null;
const yoga = createApp({ db, readReplica });
const sealed = await sealPlainLotterySeeds(db);
if (sealed) logger.info(`sealed ${sealed} lottery seed(s) stored in plain text before close`);
const server = createServer(withCompression(yoga));
/** Interface to listen on: loopback unless API_HOST says otherwise (e.g. 0.0.0.0 behind a proxy). */
const host = process.env.API_HOST ?? "127.0.0.1";
server.listen(port, host, () =>
  logger.info(`Woonbeurt API on http://${host}:${port}/graphql (GraphiQL in the browser)`),
);
// The job queue starts beside serving (its schema check must not hold up the first answer).
const jobQueue = startJobQueue({ db, url: database.url, work: process.env.JOBS !== "off" }).catch((e) => {
  logger.error({ err: e }, "[jobs] the job queue did not start; no scheduled jobs run in this process");
  return null;
});

/** Longest wait for in-flight requests at shutdown (ms); then remaining connections are cut. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // the database may be going away at the same time (Ctrl-C reaches an embedded server too): a
  // library's rejection while stopping is logged, not a crash
  process.on("unhandledRejection", (e) => logger.warn({ err: e }, "[shutdown] while stopping"));
  // never hang on a stuck step: after the requests' grace and the job queue's wait, exit anyway
  setTimeout(
    () => {
      logger.error("[shutdown] a stop step did not end in time; exiting anyway");
      process.exit(1);
    },
    2 * SHUTDOWN_GRACE_MS + 15_000,
  ).unref();
  // Stop accepting, let in-flight requests finish (idle keep-alive connections close at once).
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(grace);
  await listener.stop();
  await (await jobQueue)?.stop(SHUTDOWN_GRACE_MS);
  await db.$disconnect();
  await readReplica?.$disconnect();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
