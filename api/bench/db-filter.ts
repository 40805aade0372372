/**
 * Eligibility as a database filter over the region: `pnpm --filter @woonbeurt/api exec tsx bench/db-filter.ts`.
 *
 * Goal (issue 3): eligibility of 35,000 seekers against one listing as the database filter in
 * <= 100 ms on the region-scale seed. Uses the database `woonbeurt_bench` on the embedded server
 * (or `DATABASE_URL`), seeding the `region` scale into it when it is empty (about 2 minutes, once).
 * For a sample of open listings it builds `seekerWhereForListing` and times
 * `seeker.findMany({ where, select: { id } })` (the ids of every eligible seeker); prints median and
 * p95 per listing and overall, with the ratio to the goal.
 */
import { performance } from "node:perf_hooks";
import { createPrismaClient, resolveDatabase } from "@woonbeurt/db";
import { seed } from "../../prisma/seed/index.ts";
import { seekerWhereForListing } from "../src/allocation/index.ts";
import { listingInputTx, listingSelect, loadRuleSets } from "../src/schema/core.ts";
import { ruleSetInForce } from "../src/allocation/index.ts";

const GOAL_MS = 100;
const database = await resolveDatabase({ database: "woonbeurt_bench" });
const { migrateDeploy } = await import("@woonbeurt/db");
await migrateDeploy(database.url);
const db = createPrismaClient({ url: database.url });
try {
  if ((await db.ruleSet.count()) === 0) {
    console.log("seeding the region scale into woonbeurt_bench (once) …");
    const t = performance.now();
    await seed(db, { scale: "region" });
    console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const seekers = await db.seeker.count({ where: { status: "ACTIVE" } });
  const listings = await db.listing.findMany({
    where: { status: "PUBLISHED" },
    select: { ...listingSelect, reference: true },
    orderBy: { reference: "asc" },
    take: 10,
  });
  const now = new Date();
  const ruleSet = ruleSetInForce(await loadRuleSets(db), now);
  console.log(`Node ${process.version}; ${seekers} active seekers; ${listings.length} listings sampled\n`);
  const all: number[] = [];
  for (const row of listings) {
    const listing = await listingInputTx(db, row);
    const filter = seekerWhereForListing(listing, ruleSet, now);
    const where = { AND: [filter.where, { status: "ACTIVE" as const }] };
    for (let i = 0; i < 3; i++) await db.seeker.findMany({ where, select: { id: true } }); // warm-up
    const times: number[] = [];
    let eligible = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      eligible = (await db.seeker.findMany({ where, select: { id: true } })).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(
      `${row.reference.padEnd(16)} ${listing.allocationModel.padEnd(11)} eligible ${String(eligible).padStart(6)} of ${seekers}` +
        `  median ${times[10]!.toFixed(1)} ms  p95 ${times[19]!.toFixed(1)} ms`,
    );
  }
  all.sort((a, b) => a - b);
  const median = all[Math.floor(all.length / 2)]!;
  const p95 = all[Math.floor(all.length * 0.95)]!;
  console.log(
    `\nseeker filter, all listings: median ${median.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  goal ${GOAL_MS} ms  median/goal ${(median / GOAL_MS).toFixed(2)}${median <= GOAL_MS ? "  OK" : "  OVER"}`,
  );
} finally {
  await db.$disconnect();
  await database.stop();
}
