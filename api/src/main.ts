/** Start the API on API_PORT (default 4000) against DATABASE_URL or the embedded PostgreSQL. */
import { createServer } from "node:http";
import { createPrismaClient, migrateDeploy, resolveDatabase } from "@woonbeurt/db";
import { createApp } from "./server.ts";

const port = Number(process.env.API_PORT ?? 4000);
const database = await resolveDatabase();
if (database.embedded) await migrateDeploy(database.url);
const db = createPrismaClient({ url: database.url });
const yoga = createApp({ db });
const server = createServer(yoga);
server.listen(port, () =>
  console.info(`Woonbeurt API on http://localhost:${port}/graphql (GraphiQL in the browser)`),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  await db.$disconnect();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
