/**
 * Start the API on API_HOST:API_PORT (default 127.0.0.1:4000) against DATABASE_URL or the embedded PostgreSQL, with the
 * scheduled jobs (jobs.ts) every JOBS_INTERVAL_MS (default 60000; JOBS=off disables them, e.g. when
 * a separate worker runs them — two runners are safe, just redundant), and the listener that
 * receives the other API processes' cache invalidations (invalidation.ts).
 */
import { createServer } from "node:http";
import { createPrismaClient, migrateDeploy, resolveDatabase } from "@woonbeurt/db";
import { startInvalidationListener } from "./invalidation.ts";
import { startJobs } from "./jobs.ts";
import { sealPlainLotterySeeds } from "./lottery-key.ts";
import { createApp } from "./server.ts";
import { withCompression } from "./http.ts";
import { logger } from "./log.ts";

const port = Number(process.env.API_PORT ?? 4000);
const database = await resolveDatabase();
if (database.embedded) await migrateDeploy(database.url);
const db = createPrismaClient({ url: database.url });
const yoga = createApp({ db });
// other API processes' writes forget what this one keeps (invalidation.ts)
const listener = startInvalidationListener(database.url);
const sealed = await sealPlainLotterySeeds(db);
if (sealed) logger.info(`sealed ${sealed} lottery seed(s) stored in plain text before close`);
const server = createServer(withCompression(yoga));
const stopJobs =
  process.env.JOBS === "off"
    ? async () => {}
    : startJobs({ db, intervalMs: Number(process.env.JOBS_INTERVAL_MS ?? 60_000) });
/** Interface to listen on: loopback unless API_HOST says otherwise (e.g. 0.0.0.0 behind a proxy). */
const host = process.env.API_HOST ?? "127.0.0.1";
server.listen(port, host, () =>
  logger.info(`Woonbeurt API on http://${host}:${port}/graphql (GraphiQL in the browser)`),
);

/** Longest wait for in-flight requests at shutdown (ms); then remaining connections are cut. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Stop accepting, let in-flight requests finish (idle keep-alive connections close at once).
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(grace);
  await stopJobs();
  await listener.stop();
  await db.$disconnect();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
