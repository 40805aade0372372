/**
 * The benchmark's own database: the `region` scale seeded once into `woonbeurt_bench_api` on the
 * embedded server (or `BENCH_DATABASE_URL`) and kept between runs.
 *
 * The seed's reference date is today at 12:00 UTC, so its open listings are open while the
 * benchmark runs; a database whose open listings have all closed since (seeded on an earlier day)
 * is seeded again.
 */
import { performance } from "node:perf_hooks";
import { createPrismaClient, migrateDeploy, resolveDatabase, type ResolvedDatabase } from "@woonbeurt/db";
import { seed } from "../../../prisma/seed/index.ts";

/** Name of the benchmark database on the embedded server. */
export const BENCH_DATABASE = "woonbeurt_bench_api";

/**
 * Resolve, migrate and (when empty or stale) seed the benchmark database.
 *
 * @param log - progress lines
 * @returns the resolved database (call `stop()` when done) and whether it was seeded now
 * @throws any database or seed error (the seed runs in one transaction: nothing half-written)
 */
export async function ensureRegionDatabase(
  log: (line: string) => void = console.log,
): Promise<{ database: ResolvedDatabase; seeded: boolean }> {
  const external = process.env.BENCH_DATABASE_URL;
  const database: ResolvedDatabase = external
    ? { url: external, embedded: false, stop: async () => {} }
    : await (async () => {
        // resolveDatabase prefers DATABASE_URL; the benchmark never writes into the app's database.
        const saved = process.env.DATABASE_URL;
        delete process.env.DATABASE_URL;
        try {
          return await resolveDatabase({ database: BENCH_DATABASE });
        } finally {
          if (saved !== undefined) process.env.DATABASE_URL = saved;
        }
      })();
  await migrateDeploy(database.url);
  const db = createPrismaClient({ url: database.url });
  try {
    const ruleSets = await db.ruleSet.count();
    const open = await db.listing.count({
      where: { status: "PUBLISHED", closesAt: { gt: new Date(Date.now() + 2 * 3600_000) } },
    });
    if (ruleSets > 0 && open >= 20) return { database, seeded: false };
    const today = new Date();
    const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
    log(
      ruleSets === 0
        ? `seeding the region scale into ${BENCH_DATABASE} (once, a few minutes) …`
        : `the open listings of ${BENCH_DATABASE} have closed since it was seeded: seeding it again …`,
    );
    const t = performance.now();
    await seed(db, { scale: "region", now, reset: ruleSets > 0, log: (l) => log(`  ${l}`) });
    await db.$executeRawUnsafe(`VACUUM ANALYZE`);
    log(`seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    return { database, seeded: true };
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { database } = await ensureRegionDatabase();
  console.log(database.url.replace(/:[^:@/]+@/, ":***@"));
  await database.stop();
}
