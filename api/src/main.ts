/**
 * Start the API on API_PORT (default 4000) against DATABASE_URL or the embedded PostgreSQL, with the
 * scheduled jobs (jobs.ts) every JOBS_INTERVAL_MS (default 60000; JOBS=off disables them, e.g. when
 * a separate worker runs them — two runners are safe, just redundant).
 */
import { createServer } from "node:http";
import { createPrismaClient, migrateDeploy, resolveDatabase } from "@woonbeurt/db";
import { startJobs } from "./jobs.ts";
import { sealPlainLotterySeeds } from "./lottery-key.ts";
import { createApp } from "./server.ts";

const port = Number(process.env.API_PORT ?? 4000);
const database = await resolveDatabase();
if (database.embedded) await migrateDeploy(database.url);
const db = createPrismaClient({ url: database.url });
const yoga = createApp({ db });
const sealed = await sealPlainLotterySeeds(db);
if (sealed) console.info(`sealed ${sealed} lottery seed(s) stored in plain text before close`);
const server = createServer(yoga);
const stopJobs =
  process.env.JOBS === "off"
    ? async () => {}
    : startJobs({ db, intervalMs: Number(process.env.JOBS_INTERVAL_MS ?? 60_000) });
server.listen(port, () =>
  console.info(`Woonbeurt API on http://localhost:${port}/graphql (GraphiQL in the browser)`),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  await stopJobs();
  await db.$disconnect();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
