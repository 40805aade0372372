/**
 * Backtest of the expected-final-position estimate (`api/src/allocation/position.ts`):
 * `pnpm exec tsx api/bench/backtest.ts` — against the seeded history in the database
 * (`DATABASE_URL`, or the embedded server's `woonbeurt_bench` database that bench/db-filter.ts
 * seeds at region scale; pass `--database woonbeurt` for the `pnpm start` database), or with
 * `--synthetic` against deterministic synthetic history.
 *
 * For every closed listing it predicts, at half the response window, the final position of each
 * response present then, from listings closed before that moment, and prints the errors next to
 * those of the naive prediction "final = position at half-time".
 */
import { backtest, RULE_SET_2019, type ClosedListing } from "../src/allocation/index.ts";
import { prng, syntheticClosedListings } from "../src/allocation/testing/generate.ts";

// ── Loading (the only database-specific part) ─────────────────────────────────────────────────

/**
 * Closed listings with their responses in final order, from the database: the same selection
 * and mapping the API's expected-position estimate uses (api/src/schema/position.ts).
 */
async function loadClosedListings(databaseUrl: string): Promise<ClosedListing[]> {
  const { createPrismaClient } = await import("@woonbeurt/db");
  const { closedListingSelect, closedListingWhere, toClosedListing } =
    await import("../src/schema/position.ts");
  const db = createPrismaClient({ url: databaseUrl });
  try {
    const rows = await db.listing.findMany({ where: closedListingWhere, select: closedListingSelect });
    return rows.map(toClosedListing);
  } finally {
    await db.$disconnect();
  }
}

// ── Run ─────────────────────────────────────────────────────────────────────────────────────

const synthetic = process.argv.includes("--synthetic");
let closed: ClosedListing[];
if (synthetic) {
  closed = syntheticClosedListings(1500, prng(7));
} else {
  const { resolveDatabase } = await import("@woonbeurt/db");
  const i = process.argv.indexOf("--database");
  const database = await resolveDatabase({ database: i > 0 ? process.argv[i + 1] : "woonbeurt_bench" });
  try {
    closed = await loadClosedListings(database.url);
  } finally {
    await database.stop();
  }
  if (closed.length === 0) {
    console.error(
      "no closed listings in that database: run bench/db-filter.ts first (it seeds the region), or pass --synthetic",
    );
    process.exit(1);
  }
}
const started = performance.now();
const r = backtest(closed, RULE_SET_2019);
const ms = performance.now() - started;

console.log(
  `${synthetic ? "synthetic history" : "database"}: ${closed.length} closed listings; backtest took ${ms.toFixed(0)} ms`,
);
console.log(
  `listings with responses at half-time: ${r.listings}; predictions: ${r.predictions} (${r.withoutHistory} without history)`,
);
console.log(
  `estimate: median |error| ${r.medianAbsoluteError.toFixed(1)}, mean ${r.meanAbsoluteError.toFixed(1)}, p90 ${r.p90AbsoluteError.toFixed(1)} positions; 80% interval covers ${(r.intervalCoverage * 100).toFixed(1)}%`,
);
console.log(
  `naive "final = half-time position": median |error| ${r.naiveMedianAbsoluteError.toFixed(1)}, mean ${r.naiveMeanAbsoluteError.toFixed(1)}`,
);
