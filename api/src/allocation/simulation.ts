/**
 * What-if simulation (wat-als-simulatie, issue 14 item 4): replay a year of recorded responses
 * under a changed rule set with this core's own ranking ({@link rankCandidates}), next to a replay
 * under the rules as they were, and report per group who would be housed and with how many
 * registration years.
 *
 * **Method.** The listings of the year that were let through the public list (AANBOD, LOTERIJ)
 * are taken in order of closing. For each, the recorded responses are ranked on the close date
 * with {@link rankCandidates}; the first ranked candidate not yet housed in this replay gets the
 * dwelling (every first offer is assumed accepted). A housed seeker takes no further part in the
 * year (the platform ends their other responses), and keeps `retainedShareOnAcceptance` of their
 * registration years. Both replays — baseline and scenario — use the same method, so their
 * difference is the effect of the rule change alone; "lettings that change hands" are listings
 * whose tenant differs between the two replays.
 *
 * **Changes** ({@link ScenarioChange}): the share of registration years retained on acceptance
 * ([001] §E.3 Voorstel IV: 75%; 0% or 100% to compare) — applied to the years seekers retained
 * from earlier acceptances (recorded retained years are rescaled from the baseline share) and to
 * acceptances within the year; the lottery share (0–20% [001] §E.3): that share of the year's
 * AANBOD listings, spread evenly in close order, is drawn by lottery instead (a simulated seed per
 * listing, derived from the scenario seed, tickets of the response ids); the priority order; a
 * priority rule added to every listing (a new priority group); an urgency category that no longer
 * (or newly) counts.
 *
 * **Limits** (to be stated with every result): it assumes the same responses — seekers' behaviour
 * would adapt to new rules (more responses under a lottery, fewer moves with less retention);
 * declined offers are not replayed (the recorded letting may have gone to a later candidate);
 * direct mediation and woongroep listings are outside the replay; a year is replayed on its own
 * (effects on later years are not carried forward).
 *
 * Pure: no database, no GraphQL.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { ageOn, amsterdamDate, dateOnly } from "./calendar.ts";
import { rankCandidates } from "./ranking.ts";
import { registrationYears, seekerStatus } from "./registration.ts";
import type { RuleSet } from "./ruleset.ts";
import type { CandidateInput, ListingInput, PriorityRule } from "./types.ts";

/** A let listing of the year with its recorded responses (money in EUR). */
export interface ReplayListing {
  listing: ListingInput;
  /** When its response window closed: the ranking date. */
  closedAt: Date;
  /** Every recorded response with its seeker as they were at close. */
  candidates: readonly CandidateInput[];
}

/** A rule-set change to simulate; omitted fields stay as in the base rule set. */
export interface ScenarioChange {
  /** Share of registration years kept on accepting a dwelling, 0..1 (0.75 [001] §E.3 Voorstel IV). */
  retainedShareOnAcceptance?: number;
  /** Share of the year's AANBOD listings to draw by lottery instead, 0..0.2 ([001] §E.3 at most 20%). */
  lotteryShare?: number;
  /** Priority order (rule set `priority.order`), a permutation of the priority rules. */
  priorityOrder?: readonly PriorityRule[];
  /** A priority rule every AANBOD/LOTERIJ listing applies (a new priority group). */
  addPriorityRule?: PriorityRule | null;
  /** Urgency categories whose declarations no longer give urgency priority. */
  dropUrgencyCategories?: readonly string[];
  /** Seed of the simulated lottery draws (any text); the same seed gives the same draws. */
  seed?: string;
}

/** Age bands of the report (completed years at letting). */
export const AGE_BANDS = [
  { band: "18-22", min: 18, max: 22 },
  { band: "23-34", min: 23, max: 34 },
  { band: "35-54", min: 35, max: 54 },
  { band: "55-64", min: 55, max: 64 },
  { band: "65+", min: 65, max: Infinity },
] as const;

/** A group of the report: `STARTER`, `MOVER`, `URGENT`, `AGE:18-22`…, `MUNICIPALITY:<id>`. */
export interface GroupFigures {
  group: string;
  /** Housed in the baseline replay. */
  housedBaseline: number;
  /** Housed in the scenario replay. */
  housedScenario: number;
  /** Mean registration years at letting, baseline (years; 0 when nobody). */
  meanYearsBaseline: number;
  /** Mean registration years at letting, scenario (years; 0 when nobody). */
  meanYearsScenario: number;
}

/** The result of {@link simulateYear}. */
export interface SimulationReport {
  /** Listings replayed. */
  listings: number;
  /** Listings let in the baseline / scenario replay (a listing nobody eligible is left is not let). */
  letBaseline: number;
  letScenario: number;
  /** Listings whose tenant differs between the replays. */
  changedHands: number;
  /** Their listing ids, in close order (no seeker ids: the report is publishable). */
  changedListings: string[];
  /** Listings drawn by lottery in the scenario. */
  lotteryListings: number;
  groups: GroupFigures[];
  /** Method and limits, for publication with the figures. */
  method: string;
  limits: string[];
}

interface Outcome {
  tenantByListing: Map<string, string | null>;
  housed: { seekerId: string; years: number; groups: string[] }[];
}

const METHOD =
  "Replay of the year's let AANBOD/LOTERIJ listings in order of closing with the allocation core's ranking on the close date; the first ranked seeker not yet housed gets the dwelling; housed seekers leave the year and keep the retained share of their registration years. Baseline and scenario are replayed the same way.";
const LIMITS = [
  "Assumes the same responses: seekers' behaviour would adapt to new rules.",
  "Declined offers are not replayed: every first offer is taken as accepted.",
  "Direct mediation and woongroep listings are not part of the replay.",
  "One year on its own: effects on later years are not carried forward.",
  "Simulated lottery draws use seeds derived from the scenario seed, not the published ones.",
];

function groupsOf(c: CandidateInput, at: Date, urgent: boolean): string[] {
  const age = ageOn(dateOnly(c.seeker.birthDate, "seeker.birthDate"), amsterdamDate(at));
  const band = AGE_BANDS.find((b) => age >= b.min && age <= b.max);
  return [
    seekerStatus(c.seeker),
    ...(urgent ? ["URGENT"] : []),
    ...(band ? [`AGE:${band.band}`] : []),
    ...(c.seeker.municipalityId ? [`MUNICIPALITY:${c.seeker.municipalityId}`] : []),
  ];
}

/** Which AANBOD listings (by index in close order) become lotteries: evenly spread, share of the AANBOD ones. */
function lotteryPicks(listings: readonly ReplayListing[], share: number): Set<number> {
  const picks = new Set<number>();
  if (share <= 0) return picks;
  let acc = 0;
  listings.forEach((l, i) => {
    if (l.listing.allocationModel !== "AANBOD") return;
    acc += share;
    if (acc >= 1 - 1e-9) {
      acc -= 1;
      picks.add(i);
    }
  });
  return picks;
}

function* replay(
  listings: readonly ReplayListing[],
  ruleSet: RuleSet,
  o: {
    baselineShare: number;
    lotteries: Set<number>;
    addRule: PriorityRule | null;
    dropCategories: readonly string[];
    seed: string;
  },
): Generator<void, Outcome> {
  const housedSeekers = new Set<string>();
  const tenantByListing = new Map<string, string | null>();
  const housed: Outcome["housed"] = [];
  const scale = o.baselineShare > 0 ? ruleSet.registration.retainedShareOnAcceptance / o.baselineShare : 0;
  for (let i = 0; i < listings.length; i++) {
    const l = listings[i]!;
    let listing: ListingInput = l.listing;
    if (o.lotteries.has(i))
      listing = {
        ...listing,
        allocationModel: "LOTERIJ",
        lotterySeed: createHash("sha256").update(`${o.seed}:${listing.id}`).digest("hex"),
      };
    if (o.addRule && !listing.priorityRules.includes(o.addRule))
      listing = { ...listing, priorityRules: [...listing.priorityRules, o.addRule] };
    const candidates = l.candidates
      .filter((c) => !housedSeekers.has(c.seeker.id))
      .map((c) => ({
        ...c,
        lotteryEntry:
          listing.allocationModel === "LOTERIJ" ? (c.lotteryEntry ?? c.responseId) : c.lotteryEntry,
        seeker: {
          ...c.seeker,
          retainedRegistrationYears: c.seeker.retainedRegistrationYears * scale,
          urgency:
            c.seeker.urgency && o.dropCategories.includes(c.seeker.urgency.category)
              ? null
              : c.seeker.urgency,
        },
      }));
    const ranking = rankCandidates(listing, candidates, ruleSet, l.closedAt);
    const first = ranking.ranked[0];
    tenantByListing.set(listing.id, first?.seekerId ?? null);
    if (first) {
      housedSeekers.add(first.seekerId);
      const c = candidates.find((x) => x.seeker.id === first.seekerId)!;
      housed.push({
        seekerId: first.seekerId,
        years: registrationYears(c.seeker.registrationDate, c.seeker.retainedRegistrationYears, l.closedAt),
        groups: groupsOf(c, l.closedAt, first.reason.tier === "URGENCY"),
      });
    }
    yield;
  }
  return { tenantByListing, housed };
}

function byGroup(outcome: Outcome): Map<string, { n: number; years: number }> {
  const m = new Map<string, { n: number; years: number }>();
  for (const h of outcome.housed)
    for (const g of h.groups) {
      const r = m.get(g) ?? { n: 0, years: 0 };
      r.n += 1;
      r.years += h.years;
      m.set(g, r);
    }
  return m;
}

/**
 * Replays a year of recorded responses under `base` and under `base` with `change` (see the
 * module notes for the method and its limits).
 *
 * @param listings - the year's let AANBOD/LOTERIJ listings with their responses; other models are skipped
 * @param base - the rule set in force in the year
 * @param change - the rule-set change
 * @param onProgress - called with (done, total) listings after each replay step, for a job's progress
 * @returns per group (STARTER, MOVER, URGENT, AGE:…, MUNICIPALITY:…) the number housed and mean
 *   registration years at letting in both replays, and the lettings that change hands
 * @throws InvalidInputError from the ranking on malformed input
 */
export function simulateYear(
  listings: readonly ReplayListing[],
  base: RuleSet,
  change: ScenarioChange,
  onProgress?: (done: number, total: number) => void,
): SimulationReport {
  const steps = simulateYearSteps(listings, base, change);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const { done, total } = r.value;
    // after the baseline and at the end
    if (done === total / 2 || done === total) onProgress?.(done, total);
  }
}

/** How far {@link simulateYearSteps} is: listings replayed of both replays (`total` = 2 × listings). */
export interface SimulationProgress {
  done: number;
  total: number;
}

/**
 * {@link simulateYear} one listing at a time: yields the progress after each listing of each
 * replay and returns the same report. Lets a job yield to other work between listings, show fine
 * progress and renew its claim, without changing the result (draining it is `simulateYear`).
 *
 * @throws InvalidInputError from the ranking on malformed input
 */
export function* simulateYearSteps(
  listings: readonly ReplayListing[],
  base: RuleSet,
  change: ScenarioChange,
): Generator<SimulationProgress, SimulationReport> {
  const replayed = [...listings]
    .filter((l) => l.listing.allocationModel === "AANBOD" || l.listing.allocationModel === "LOTERIJ")
    .sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime() || (a.listing.id < b.listing.id ? -1 : 1));
  const scenarioRules: RuleSet = {
    ...base,
    registration: {
      retainedShareOnAcceptance:
        change.retainedShareOnAcceptance ?? base.registration.retainedShareOnAcceptance,
    },
    priority: { ...base.priority, order: change.priorityOrder ?? base.priority.order },
  };
  const baselineShare = base.registration.retainedShareOnAcceptance;
  const seed = change.seed ?? "woonbeurt-simulation";
  const total = replayed.length * 2;
  let done = 0;
  const first = replay(replayed, base, {
    baselineShare,
    lotteries: new Set(),
    addRule: null,
    dropCategories: [],
    seed,
  });
  let step = first.next();
  for (; !step.done; step = first.next()) yield { done: ++done, total };
  const baseline = step.value;
  const lotteries = lotteryPicks(replayed, change.lotteryShare ?? 0);
  const second = replay(replayed, scenarioRules, {
    baselineShare,
    lotteries,
    addRule: change.addPriorityRule ?? null,
    dropCategories: change.dropUrgencyCategories ?? [],
    seed,
  });
  step = second.next();
  for (; !step.done; step = second.next()) yield { done: ++done, total };
  const scenario = step.value;
  const changedListings = [...baseline.tenantByListing]
    .filter(([id, tenant]) => scenario.tenantByListing.get(id) !== tenant)
    .map(([id]) => id);
  const b = byGroup(baseline);
  const s = byGroup(scenario);
  const names = [...new Set([...b.keys(), ...s.keys()])].sort();
  const mean = (r: { n: number; years: number } | undefined) => (r && r.n ? r.years / r.n : 0);
  return {
    listings: replayed.length,
    letBaseline: baseline.housed.length,
    letScenario: scenario.housed.length,
    changedHands: changedListings.length,
    changedListings,
    lotteryListings: lotteries.size,
    groups: names.map((group) => ({
      group,
      housedBaseline: b.get(group)?.n ?? 0,
      housedScenario: s.get(group)?.n ?? 0,
      meanYearsBaseline: mean(b.get(group)),
      meanYearsScenario: mean(s.get(group)),
    })),
    method: METHOD,
    limits: LIMITS,
  };
}
