/**
 * Run the Prisma CLI against the resolved database: `DATABASE_URL` when set, else the embedded
 * server (started for the duration of the command). Usage: `tsx scripts/prisma-cli.ts migrate dev`.
 */
import { resolveDatabase, runPrismaCli } from "../src/database.ts";

const db = await resolveDatabase();
let code = 0;
try {
  await runPrismaCli(process.argv.slice(2), db.url);
} catch (e) {
  console.error((e as Error).message);
  code = 1;
} finally {
  await db.stop();
}
process.exit(code);
