/**
 * Allocation core benchmark: `pnpm exec tsx api/bench/allocation.ts`.
 *
 * Goals (brief): rank 1,000 responses <= 5 ms; eligibility of one seeker against 200 listings
 * <= 5 ms. Prints median and p95 over repeated runs after a warm-up, and median/goal.
 * The 35,000-seekers database-filter benchmark uses `seekerWhereForListing` (exported from
 * `api/src/allocation`) and is wired by the lead.
 */
import { performance } from "node:perf_hooks";
import {
  checkEligibility,
  drawSeed,
  rankCandidates,
  RULE_SET_2019,
  seekerWhereForListing,
} from "../src/allocation/index.ts";
import {
  prng,
  syntheticCandidates,
  syntheticListings,
  syntheticSeekers,
} from "../src/allocation/testing/generate.ts";

const ON = new Date("2019-06-15T10:00:00Z");

function measure(name: string, goalMs: number | null, runs: number, fn: () => unknown): void {
  for (let i = 0; i < Math.max(10, runs / 10); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  const median = q(0.5);
  const p95 = q(0.95);
  const goal =
    goalMs === null
      ? ""
      : `  goal ${goalMs} ms  median/goal ${(median / goalMs).toFixed(2)}${median <= goalMs ? "  OK" : "  OVER"}`;
  console.log(`${name.padEnd(46)} median ${median.toFixed(3)} ms  p95 ${p95.toFixed(3)} ms${goal}`);
}

const rng = prng(2019);
const [aanbod] = syntheticListings(1, rng, "AANBOD");
// A permissive listing so that nearly all responses are eligible (the expensive case).
const listing = {
  ...aanbod!,
  netRent: 420,
  householdMin: 1,
  householdMax: 99,
  incomeBand: "ORDINANCE" as const,
  ageLabel: "NONE" as const,
  accessibility: "NONE" as const,
};
const candidates = syntheticCandidates(syntheticSeekers(1000, rng, ON), rng, ON);
const lottery = { ...listing, allocationModel: "LOTERIJ" as const, lotterySeed: drawSeed() };
const seeker = syntheticSeekers(1, rng, ON)[0]!;
const listings = syntheticListings(200, rng);

const ranked = rankCandidates(listing, candidates, RULE_SET_2019, ON).ranked.length;
console.log(`Node ${process.version}; ${candidates.length} responses (${ranked} eligible), 200 listings\n`);
measure("rankCandidates, 1,000 responses (AANBOD)", 5, 300, () =>
  rankCandidates(listing, candidates, RULE_SET_2019, ON),
);
// First ranking of a draw: a fresh seed every run, so every ticket is an HMAC computed now.
measure("rankCandidates, 1,000 responses (LOTERIJ, new draw)", 5, 300, () =>
  rankCandidates({ ...lottery, lotterySeed: drawSeed() }, candidates, RULE_SET_2019, ON),
);
// Later rankings of the same draw (positions, candidate lists): tickets memoised per seed.
measure("rankCandidates, 1,000 responses (LOTERIJ, same draw)", 5, 300, () =>
  rankCandidates(lottery, candidates, RULE_SET_2019, ON),
);
measure("checkEligibility, 1 seeker x 200 listings", 5, 1000, () => {
  for (const l of listings) checkEligibility(seeker, l, RULE_SET_2019, ON);
});
measure("seekerWhereForListing, 1 listing", null, 1000, () =>
  seekerWhereForListing(listing, RULE_SET_2019, ON),
);
