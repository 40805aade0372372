/**
 * Position (positie): what a seeker sees on a listing (DOMAIN.md §Position).
 *
 * - {@link currentPosition}: exact position now = 1 + eligible candidates ranked above.
 * - {@link positionIfRespondedNow}: where a seeker would stand if they responded now.
 * - {@link expectedFinalPosition}: the expected position at close, from the response pattern of
 *   comparable closed listings, with an 80% interval; {@link backtest} measures its error on
 *   history.
 *
 * Estimation method ("growth quantiles"). In a closed listing, take its state at the same
 * elapsed fraction φ of the response window as the target listing now. Every candidate who had
 * responded by then (and had not withdrawn yet) had a position `p_φ` — the position a live seeker
 * saw, counting those ahead who withdrew later — and, if they stayed to the close, ended at
 * `p_final` (the order at close adds late candidates and drops those who withdrew; it never
 * reorders the others, see `ranking.ts`). The growth ratio `p_final / p_φ` says how a position
 * moved by the close (above 1 when later responders went ahead, below 1 when people ahead
 * withdrew). Pool the ratios of comparable listings, keep the `nearestPoints` (200) whose `p_φ` is
 * closest to the target position p, and scale p by the ratios' quantiles: expected = p·median,
 * interval = [p·q10, p·q90] (rounded, never below 1).
 * {@link backtest} measures the error of exactly this at several points of the window
 * ({@link BACKTEST_FRACTIONS}), so that a seeker is shown the error measured for the point of the
 * window their listing is at; {@link PositionEstimate.enoughComparables} says when the history
 * holds fewer comparable listings than the method needs.
 * Comparables: closed before "now", same allocation model, district, rent class and rooms;
 * when fewer than `minComparables`, drop rooms, then district, then rent class, then the model.
 * At most the `maxComparables` most recently closed are used.
 *
 * Before close a position "can still change" — the portal should say so; the estimate is a
 * statement about history, not a promise.
 *
 * @module
 */
import { InvalidInputError } from "./errors.ts";
import {
  classifyCandidates,
  compareRankKeys,
  rankKeyOf,
  type ClassifiedCandidate,
  type RankKey,
  type RankReason,
} from "./ranking.ts";
import { failedChecks, type EligibilityCheck } from "./eligibility.ts";
import type { RuleSet } from "./ruleset.ts";
import type { AllocationModel, CandidateInput, ListingInput, SeekerInput } from "./types.ts";
import { atMost } from "./money.ts";

/** Where a seeker stands on a listing. */
export type PositionResult =
  /** Exact: `position` among `total` eligible candidates. */
  | { kind: "RANKED"; position: number; total: number; reason: RankReason }
  /** Lottery before the draw: somewhere from `from` to `to` (inclusive), each equally likely. */
  | { kind: "LOTTERY_PENDING"; from: number; to: number; total: number; reason: RankReason }
  /** Not eligible: the failing checks. */
  | { kind: "NOT_ELIGIBLE"; failed: EligibilityCheck[] }
  /** Direct mediation: there is no public ranking. */
  | { kind: "NOT_RANKED" };

/** Response id used for the hypothetical response in {@link positionIfRespondedNow}; sorts last on ties. */
export const HYPOTHETICAL_RESPONSE_ID = "\uffffhypothetical";

/**
 * The position of `target` among the rank keys of a listing's candidates: 1 + the eligible keys
 * ranked above it, out of all eligible keys plus the target (a key with the target's response id
 * is the target itself and is skipped). O(n), no sort. For a lottery before the draw (the target's
 * ticket unknown) the range of the target's tier.
 */
function positionAmong(target: ClassifiedCandidate, all: readonly RankKey[]): PositionResult {
  if (!target.eligibility.eligible) return { kind: "NOT_ELIGIBLE", failed: failedChecks(target.eligibility) };
  let above = 0;
  let sameTier = 0;
  let total = 1;
  const pending = target.lottery && target.ticket === null;
  for (const c of all) {
    if (!c.eligible || c.responseId === target.responseId) continue;
    total += 1;
    if (pending) {
      if (c.tierIndex < target.tierIndex) above += 1;
      else if (c.tierIndex === target.tierIndex) sameTier += 1;
    } else if (compareRankKeys(c, target) < 0) {
      above += 1;
    }
  }
  if (pending)
    return {
      kind: "LOTTERY_PENDING",
      from: above + 1,
      to: above + sameTier + 1,
      total,
      reason: target.reason,
    };
  return { kind: "RANKED", position: above + 1, total, reason: target.reason };
}

/**
 * A listing's rank keys prepared for many positions ({@link indexRankKeys}): the eligible keys in
 * ranking order, so that a position is a binary search (O(log n)) instead of a pass over every
 * key, and the keys by seeker.
 */
export interface IndexedRankKeys {
  /** Every key, as given. */
  readonly keys: readonly RankKey[];
  /** The eligible keys sorted by {@link compareRankKeys} (tier first). */
  readonly ranked: readonly RankKey[];
  /** The eligible keys by response id. */
  readonly rankedResponses: ReadonlyMap<string, RankKey>;
  /** Seeker ids of every key. */
  readonly seekers: ReadonlySet<string>;
}

/** Prepare a listing's rank keys ({@link candidateRankKeys}) for {@link currentPositionAmongKeys} and {@link positionIfRespondedNowAmongKeys}: O(n log n), once per kept generation. */
export function indexRankKeys(keys: readonly RankKey[]): IndexedRankKeys {
  const ranked = keys.filter((k) => k.eligible).sort(compareRankKeys);
  return {
    keys,
    ranked,
    rankedResponses: new Map(ranked.map((k) => [k.responseId, k])),
    seekers: new Set(keys.map((k) => k.seekerId)),
  };
}

/** The number of entries of the sorted `ranked` before which `before(entry)` stops holding. */
function countWhile(ranked: readonly RankKey[], before: (k: RankKey) => boolean): number {
  let lo = 0;
  let hi = ranked.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(ranked[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** {@link positionAmong} over indexed keys: the same answer by binary search. */
function positionAmongIndexed(target: ClassifiedCandidate, index: IndexedRankKeys): PositionResult {
  if (!target.eligibility.eligible) return { kind: "NOT_ELIGIBLE", failed: failedChecks(target.eligibility) };
  const ranked = index.ranked;
  // the target's own key, when present, is the target itself: never counted
  const own = index.rankedResponses.get(target.responseId);
  const total = ranked.length - (own ? 1 : 0) + 1;
  if (target.lottery && target.ticket === null) {
    const t = target.tierIndex;
    const lower = countWhile(ranked, (k) => k.tierIndex < t) - (own && own.tierIndex < t ? 1 : 0);
    const upTo = countWhile(ranked, (k) => k.tierIndex <= t) - (own && own.tierIndex <= t ? 1 : 0);
    return { kind: "LOTTERY_PENDING", from: lower + 1, to: upTo + 1, total, reason: target.reason };
  }
  const above =
    countWhile(ranked, (k) => compareRankKeys(k, target) < 0) -
    (own && compareRankKeys(own, target) < 0 ? 1 : 0);
  return { kind: "RANKED", position: above + 1, total, reason: target.reason };
}

/**
 * The current position of one response: 1 + eligible candidates ranked above it (O(n), no sort).
 * For a LOTERIJ listing whose seed is still secret the result is the range of the response's tier.
 *
 * @param date - the moment (urgency validity and registration years are taken then)
 * @throws InvalidInputError when `responseId` is not among the candidates
 * @throws DuplicateResponseError / InvalidInputError as `rankCandidates`
 */
export function currentPosition(
  listing: ListingInput,
  candidates: readonly CandidateInput[],
  responseId: string,
  ruleSet: RuleSet,
  date: Date,
): PositionResult {
  if (listing.allocationModel === "BEMIDDELING") return { kind: "NOT_RANKED" };
  const classified = classifyCandidates(listing, candidates, ruleSet, date, { allowPendingLottery: true });
  const target = classified.find((c) => c.candidate.responseId === responseId);
  if (!target)
    throw new InvalidInputError("responseId", `response ${responseId} is not among the candidates`);
  return positionAmong(target, classified);
}

/**
 * Where a seeker would stand if they responded now: a hypothetical response at `now` is added
 * (response id {@link HYPOTHETICAL_RESPONSE_ID}). When the seeker already responded, their actual
 * position is returned. For a WOONGROEP listing the seeker is assumed to write a motivation, not yet
 * reviewed (so they stand after the suitable candidates). For LOTERIJ the result is always the
 * range of their tier (a new response's ticket cannot be known before the draw).
 *
 * @throws InvalidInputError / DuplicateResponseError as `rankCandidates`
 */
export function positionIfRespondedNow(
  listing: ListingInput,
  candidates: readonly CandidateInput[],
  seeker: SeekerInput,
  ruleSet: RuleSet,
  now: Date,
): PositionResult {
  if (listing.allocationModel === "BEMIDDELING") return { kind: "NOT_RANKED" };
  const existing = candidates.find((c) => c.seeker.id === seeker.id);
  if (existing) return currentPosition(listing, candidates, existing.responseId, ruleSet, now);
  const hypothetical: CandidateInput = {
    responseId: HYPOTHETICAL_RESPONSE_ID,
    respondedAt: now,
    seeker,
    motivation: listing.allocationModel === "WOONGROEP" ? "(motivation to be written)" : null,
    committeeVerdict: "PENDING",
  };
  const effective = listing.allocationModel === "LOTERIJ" ? { ...listing, lotterySeed: null } : listing;
  const classified = classifyCandidates(effective, [...candidates, hypothetical], ruleSet, now, {
    allowPendingLottery: true,
  });
  return positionAmong(classified[classified.length - 1]!, classified);
}

// ── Positions against stored rank keys ──────────────────────────────────────────────────────

/**
 * The rank keys of a listing's candidates on `date` ({@link RankKey}: eligibility, tier and the
 * ordering values of each response, without the explanations), for answering many positions
 * without classifying every candidate again: the API keeps them per listing until a response,
 * a candidate's data, the listing, the rule set or the day changes. Before the lottery draw the
 * tickets are `null` (as in {@link currentPosition}).
 *
 * @throws DuplicateResponseError / InvalidInputError as `classifyCandidates`
 */
export function candidateRankKeys(
  listing: ListingInput,
  candidates: readonly CandidateInput[],
  ruleSet: RuleSet,
  date: Date,
): RankKey[] {
  if (listing.allocationModel === "BEMIDDELING") return [];
  return classifyCandidates(listing, candidates, ruleSet, date, { allowPendingLottery: true }).map(rankKeyOf);
}

/**
 * {@link currentPosition} of the response `own` against the stored keys of the listing's
 * candidates (`keys` from {@link candidateRankKeys} on the same listing, rule set and day): only
 * `own` is classified (its eligibility checks and reason are fresh), the others are counted by
 * their keys. Equal to `currentPosition(listing, candidates, own.responseId, …)` when `keys` were
 * made from `candidates` (property test in position.test.ts).
 *
 * @throws InvalidInputError on a malformed `own` (see `checkEligibility`)
 */
export function currentPositionAmongKeys(
  listing: ListingInput,
  keys: readonly RankKey[] | IndexedRankKeys,
  own: CandidateInput,
  ruleSet: RuleSet,
  date: Date,
): PositionResult {
  if (listing.allocationModel === "BEMIDDELING") return { kind: "NOT_RANKED" };
  const [target] = classifyCandidates(listing, [own], ruleSet, date, { allowPendingLottery: true });
  return isIndexed(keys) ? positionAmongIndexed(target!, keys) : positionAmong(target!, keys);
}

function isIndexed(keys: readonly RankKey[] | IndexedRankKeys): keys is IndexedRankKeys {
  return !Array.isArray(keys);
}

/**
 * {@link positionIfRespondedNow} for a seeker who has no response among `keys` (from
 * {@link candidateRankKeys}): a hypothetical response at `now` is classified and counted against
 * the keys. For a seeker who already responded use {@link currentPositionAmongKeys}.
 *
 * @throws InvalidInputError when the seeker already has a response among `keys`, or on malformed
 *   input (see `checkEligibility`)
 */
export function positionIfRespondedNowAmongKeys(
  listing: ListingInput,
  keys: readonly RankKey[] | IndexedRankKeys,
  seeker: SeekerInput,
  ruleSet: RuleSet,
  now: Date,
): PositionResult {
  if (listing.allocationModel === "BEMIDDELING") return { kind: "NOT_RANKED" };
  if (isIndexed(keys) ? keys.seekers.has(seeker.id) : keys.some((k) => k.seekerId === seeker.id))
    throw new InvalidInputError("seeker.id", "the seeker already responded; use currentPositionAmongKeys");
  const hypothetical: CandidateInput = {
    responseId: HYPOTHETICAL_RESPONSE_ID,
    respondedAt: now,
    seeker,
    motivation: listing.allocationModel === "WOONGROEP" ? "(motivation to be written)" : null,
    committeeVerdict: "PENDING",
  };
  const effective = listing.allocationModel === "LOTERIJ" ? { ...listing, lotterySeed: null } : listing;
  const [target] = classifyCandidates(effective, [hypothetical], ruleSet, now, { allowPendingLottery: true });
  return isIndexed(keys) ? positionAmongIndexed(target!, keys) : positionAmong(target!, keys);
}

// ── Expected final position ─────────────────────────────────────────────────────────────────

/** Rent class (huurklasse) used to find comparable listings [004] huurklassen. */
export type RentClass =
  | "UP_TO_QUALITY_DISCOUNT"
  | "UP_TO_CAPPING_LOW"
  | "UP_TO_CAPPING_HIGH"
  | "UP_TO_LIBERALISATION"
  | "MIDDLE"
  | "FREE";

/** Rent class of a rent (EUR/month): the [004] classes by quality-discount limit and capping thresholds, then middle and free. */
export function rentClass(rent: number, ruleSet: RuleSet): RentClass {
  const r = ruleSet.rent;
  if (atMost(rent, r.qualityDiscountLimit)) return "UP_TO_QUALITY_DISCOUNT";
  if (atMost(rent, r.cappingThresholdLow)) return "UP_TO_CAPPING_LOW";
  if (atMost(rent, r.cappingThresholdHigh)) return "UP_TO_CAPPING_HIGH";
  if (atMost(rent, r.liberalisationLimit)) return "UP_TO_LIBERALISATION";
  if (atMost(rent, ruleSet.middleRent.maxRent)) return "MIDDLE";
  return "FREE";
}

/** What comparison needs to know about a listing (rent EUR/month). */
export interface ListingProfile {
  listingId: string;
  allocationModel: AllocationModel;
  districtId: string | null;
  netRent: number;
  rooms: number;
  /** Start of the response window. */
  publishedAt: Date;
  /** End of the response window. */
  closesAt: Date;
}

/** One response in a closed listing's order at close (see {@link ClosedListing} and {@link closedOrder}). */
export interface ClosedEntry {
  /** The response, for the reader (the estimate does not use it). */
  responseId?: string;
  respondedAt: Date;
  /**
   * When the response was withdrawn before close (then it has no final position but stood at this
   * place in the order while it was live); null or absent for a response that stayed to the close.
   */
  withdrawnAt?: Date | null;
}

/**
 * A closed listing's order at close in columns, entry `i` at index `i` (0 first): what the
 * estimate reads, compact because the API keeps the order of hundreds of closed listings (tens of
 * thousands of responses) in memory — two numbers per response instead of objects and dates.
 */
export interface ClosedOrder {
  /** Response time of each entry (milliseconds since the epoch). */
  readonly respondedAtMs: Float64Array;
  /** Withdrawal time of each entry (milliseconds since the epoch); NaN for one that stayed to the close. */
  readonly withdrawnAtMs: Float64Array;
}

/** The {@link ClosedOrder} of `entries` (in the order at close). */
export function closedOrder(entries: readonly ClosedEntry[]): ClosedOrder {
  const respondedAtMs = new Float64Array(entries.length);
  const withdrawnAtMs = new Float64Array(entries.length);
  entries.forEach((e, i) => {
    respondedAtMs[i] = e.respondedAt.getTime();
    withdrawnAtMs[i] = e.withdrawnAt ? e.withdrawnAt.getTime() : NaN;
  });
  return { respondedAtMs, withdrawnAtMs };
}

/** The entries of a {@link ClosedOrder} (without response ids), in the order at close. */
export function closedEntries(order: ClosedOrder): ClosedEntry[] {
  return Array.from(order.respondedAtMs, (t, i) => {
    const w = order.withdrawnAtMs[i]!;
    return { respondedAt: new Date(t), withdrawnAt: Number.isNaN(w) ? null : new Date(w) };
  });
}

/**
 * A closed listing's history: its eligible responses in the order at close (index 0 first) with
 * their response times — Prisma `Response` rows ordered by `rankAtClose` (responses withdrawn before
 * close at the place they would have held, with `withdrawnAt`), or, for listings closed before that
 * was recorded, by `finalPosition` (only those that stayed). The final position of an entry that
 * stayed is 1 + the entries before it that stayed.
 */
export interface ClosedListing extends ListingProfile {
  finalOrder: ClosedOrder;
}

/** Tuning of the estimate; defaults in {@link DEFAULT_ESTIMATE_OPTIONS}. */
export interface EstimateOptions {
  /** Fewest comparable listings before falling back to a broader set. */
  minComparables: number;
  /** Most recent comparable listings used at most. */
  maxComparables: number;
  /** Growth ratios used: those whose early position is closest to the target position. */
  nearestPoints: number;
  /** Lower and upper quantile of the interval (0.1, 0.9 = 80%). */
  interval: readonly [number, number];
}

/**
 * Points of the response window (elapsed share, 0–1) at which {@link backtest} measures the error:
 * a quarter, half and three quarters of the window.
 */
export const BACKTEST_FRACTIONS: readonly number[] = [0.25, 0.5, 0.75];

/** Defaults: 5 comparables minimum, 50 most recent at most, 200 nearest ratios, 80% interval. */
export const DEFAULT_ESTIMATE_OPTIONS: EstimateOptions = {
  minComparables: 5,
  maxComparables: 50,
  nearestPoints: 200,
  interval: [0.1, 0.9],
};

/**
 * An expected final position with an interval; `null` bounds when there is no history.
 * `method` names the comparable level used, e.g. `growth-quantiles:model+district+rentClass+rooms`,
 * `closed` (the window has ended: the position is final) or `no-history`.
 */
export interface PositionEstimate {
  expected: number;
  low: number | null;
  high: number | null;
  method: string;
  comparableCount: number;
  /**
   * Whether the history held at least `minComparables` comparable closed listings even at the
   * broadest level; when false the figures rest on too few listings to be relied on (say so).
   * True after close (the position is final).
   */
  enoughComparables: boolean;
  /**
   * Elapsed share of the target's response window at the moment asked (0–1; 1 after close): the
   * point of the window whose back-test error applies ({@link backtestPointNear}).
   */
  elapsedShare: number;
  /** Growth ratios behind the estimate. */
  pointCount: number;
}

interface GrowthPoint {
  position: number;
  ratio: number;
}

interface GrowthModel {
  /**
   * The growth points sorted by position (stable: ties keep the comparables' order), in columns:
   * `positions[i]` and `ratios[i]` are point `i` (the API keeps a model per comparable group).
   */
  points: { positions: Float64Array; ratios: Float64Array };
  method: string;
  comparableCount: number;
  enoughComparables: boolean;
}

/**
 * For every entry of `c` live at `cut` (responded, not withdrawn) that stayed to the close: the
 * position it had then (counting those ahead who withdrew later) and its final position.
 */
function livePositions(c: ClosedListing, cut: number): { live: number; final: number }[] {
  const out: { live: number; final: number }[] = [];
  const close = c.closesAt.getTime();
  const { respondedAtMs, withdrawnAtMs } = c.finalOrder;
  let live = 0;
  let final = 0;
  for (let i = 0; i < respondedAtMs.length; i++) {
    // NaN (never withdrawn) compares false: the entry stayed
    const withdrawn = withdrawnAtMs[i]!;
    const stayed = !(withdrawn <= close);
    if (stayed) final += 1;
    if (respondedAtMs[i]! > cut || withdrawn <= cut) continue;
    live += 1;
    if (stayed) out.push({ live, final });
  }
  return out;
}

const LEVELS: { name: string; keys: readonly ("model" | "district" | "rentClass" | "rooms")[] }[] = [
  { name: "model+district+rentClass+rooms", keys: ["model", "district", "rentClass", "rooms"] },
  { name: "model+district+rentClass", keys: ["model", "district", "rentClass"] },
  { name: "model+rentClass", keys: ["model", "rentClass"] },
  { name: "model", keys: ["model"] },
  { name: "all", keys: [] },
];

function elapsedFraction(listing: ListingProfile, now: Date): number {
  const span = listing.closesAt.getTime() - listing.publishedAt.getTime();
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - listing.publishedAt.getTime()) / span));
}

function growthModel(
  target: ListingProfile,
  now: Date,
  history: readonly ClosedListing[],
  ruleSet: RuleSet,
  o: EstimateOptions,
  phi = elapsedFraction(target, now),
): GrowthModel {
  const targetClass = rentClass(target.netRent, ruleSet);
  const past = history.filter(
    (h) =>
      h.listingId !== target.listingId &&
      h.closesAt.getTime() <= now.getTime() &&
      h.allocationModel !== "BEMIDDELING",
  );
  const classes = new Map(past.map((h) => [h.listingId, rentClass(h.netRent, ruleSet)] as const));
  let chosen: ClosedListing[] = [];
  let method = "no-history";
  let enough = false;
  for (const level of LEVELS) {
    const matches = past.filter(
      (h) =>
        (!level.keys.includes("model") || h.allocationModel === target.allocationModel) &&
        (!level.keys.includes("district") || h.districtId === target.districtId) &&
        (!level.keys.includes("rentClass") || classes.get(h.listingId) === targetClass) &&
        (!level.keys.includes("rooms") || h.rooms === target.rooms),
    );
    if (matches.length >= o.minComparables || (level.keys.length === 0 && matches.length > 0)) {
      enough = matches.length >= o.minComparables;
      chosen = matches;
      method = `growth-quantiles:${level.name}`;
      break;
    }
  }
  chosen = [...chosen].sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime()).slice(0, o.maxComparables);
  const points: GrowthPoint[] = [];
  for (const c of chosen) {
    const cut = c.publishedAt.getTime() + phi * (c.closesAt.getTime() - c.publishedAt.getTime());
    for (const { live, final } of livePositions(c, cut)) points.push({ position: live, ratio: final / live });
  }
  points.sort((a, b) => a.position - b.position);
  return {
    points: {
      positions: Float64Array.from(points, (p) => p.position),
      ratios: Float64Array.from(points, (p) => p.ratio),
    },
    method: points.length > 0 ? method : "no-history",
    comparableCount: chosen.length,
    enoughComparables: enough && points.length > 0,
  };
}

/** Linear-interpolation quantile (type 7) of sorted values. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

function lowerBound(positions: Float64Array, position: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function estimateWith(
  model: GrowthModel,
  position: number,
  o: EstimateOptions,
  elapsedShare: number,
): PositionEstimate {
  if (model.points.positions.length === 0) {
    return {
      expected: Math.round(position),
      low: null,
      high: null,
      method: "no-history",
      comparableCount: model.comparableCount,
      enoughComparables: false,
      elapsedShare,
      pointCount: 0,
    };
  }
  // The `nearestPoints` points closest in position: expand both ways from the target position.
  const { positions, ratios: pointRatios } = model.points;
  let lo = lowerBound(positions, position);
  let hi = lo;
  const buffer = new Float64Array(Math.min(o.nearestPoints, positions.length));
  for (let n = 0; n < buffer.length; n++) {
    const left = lo > 0 ? position - positions[lo - 1]! : Infinity;
    const right = hi < positions.length ? positions[hi]! - position : Infinity;
    buffer[n] = left <= right ? pointRatios[--lo]! : pointRatios[hi++]!;
  }
  const ratios = buffer.sort(); // typed arrays sort numerically
  const scale = (r: number) => Math.max(1, Math.round(position * r));
  return {
    expected: scale(quantile(ratios, 0.5)),
    low: scale(quantile(ratios, o.interval[0])),
    high: scale(quantile(ratios, o.interval[1])),
    method: model.method,
    comparableCount: model.comparableCount,
    enoughComparables: model.enoughComparables,
    elapsedShare,
    pointCount: ratios.length,
  };
}

/**
 * Expected position at close, with an interval (see the module notes for the method).
 *
 * @param target - the listing asked about (its window decides the elapsed fraction)
 * @param position - the position now (from {@link currentPosition} or {@link positionIfRespondedNow};
 *   for a pending lottery pass the middle of the range), >= 1
 * @param now - the moment; only listings closed by then are used
 * @param history - closed listings (any order)
 * @returns `{ expected, low, high, method, comparableCount, pointCount }`; after close
 *   `expected = low = high = position` with method `closed`
 * @throws InvalidInputError when `position < 1`
 */
export function expectedFinalPosition(
  target: ListingProfile,
  position: number,
  now: Date,
  history: readonly ClosedListing[],
  ruleSet: RuleSet,
  options: Partial<EstimateOptions> = {},
): PositionEstimate {
  if (!(position >= 1)) throw new InvalidInputError("position", "must be at least 1");
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...options };
  if (now.getTime() >= target.closesAt.getTime()) {
    const p = Math.round(position);
    return {
      expected: p,
      low: p,
      high: p,
      method: "closed",
      comparableCount: 0,
      enoughComparables: true,
      elapsedShare: 1,
      pointCount: 0,
    };
  }
  return estimateWith(
    growthModel(target, now, history, ruleSet, o),
    position,
    o,
    elapsedFraction(target, now),
  );
}

/**
 * Expected final positions for many listings and seekers over one closed history, with the work
 * done once (verwachte eindpositie uit vooraf berekende groeicijfers): the growth model of a
 * comparable group (allocation model, district, rent class, rooms) at an elapsed share of the
 * window is computed on first use and kept, so that a page of listings asks only for the nearest
 * ratios of a kept model. Answers exactly as {@link expectedFinalPosition} with the elapsed share
 * taken in steps of `step` (default 1% of the window; the estimate is a statement about history,
 * and a step of 1% moves it by at most a rounding). Falls back to the uncached computation for a
 * target listed in `history` or a moment before a history listing closed.
 *
 * Memory: one model per group and step asked, each at most `maxComparables` listings' ratios, and
 * the figures of at most 4,096 positions asked of it (the same position gives the same figures).
 *
 * @param history - closed listings (any order); not changed afterwards
 * @param step - the elapsed-share step, in (0, 1]
 * @throws InvalidInputError when `step` is outside (0, 1]; `estimate` as {@link expectedFinalPosition}
 */
export function positionEstimator(
  history: readonly ClosedListing[],
  ruleSet: RuleSet,
  options: Partial<EstimateOptions> = {},
  step = 0.01,
): {
  estimate(target: ListingProfile, position: number, now: Date): PositionEstimate;
  /** Growth models kept so far. */
  readonly modelCount: number;
} {
  if (!(step > 0 && step <= 1)) throw new InvalidInputError("step", "must be in (0, 1]");
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...options };
  const ids = new Set(history.map((h) => h.listingId));
  const lastClose = history.reduce((m, h) => Math.max(m, h.closesAt.getTime()), Number.NEGATIVE_INFINITY);
  const models = new Map<string, { model: GrowthModel; byPosition: Map<number, PositionEstimate> }>();
  return {
    estimate(target, position, now) {
      if (
        now.getTime() >= target.closesAt.getTime() ||
        ids.has(target.listingId) ||
        now.getTime() < lastClose
      )
        return expectedFinalPosition(target, position, now, history, ruleSet, o);
      if (!(position >= 1)) throw new InvalidInputError("position", "must be at least 1");
      const phi = elapsedFraction(target, now);
      const steps = Math.round(phi / step);
      const key = [
        target.allocationModel,
        target.districtId,
        rentClass(target.netRent, ruleSet),
        target.rooms,
        steps,
      ].join("|");
      let kept = models.get(key);
      if (!kept) {
        kept = {
          model: growthModel(target, now, history, ruleSet, o, Math.min(1, steps * step)),
          byPosition: new Map(),
        };
        models.set(key, kept);
      }
      // The figures depend only on the model and the position: kept per position (seekers on a
      // page share positions), bounded per model.
      let figures = kept.byPosition.get(position);
      if (!figures) {
        figures = estimateWith(kept.model, position, o, phi);
        if (kept.byPosition.size >= ESTIMATES_KEPT_PER_MODEL) kept.byPosition.clear();
        kept.byPosition.set(position, figures);
      }
      return { ...figures, elapsedShare: phi };
    },
    get modelCount() {
      return models.size;
    },
  };
}

/** At most this many positions' figures are kept per growth model of {@link positionEstimator}. */
const ESTIMATES_KEPT_PER_MODEL = 4096;

/** Error figures of {@link backtest} at one point of the window; errors in positions. */
export interface BacktestFigures {
  /** Listings that had at least one live response (responded, not withdrawn) at that point. */
  listings: number;
  /** Predictions made (one per live response at that point that stayed to the close). */
  predictions: number;
  /** Predictions without any history (estimate = position at half-time). */
  withoutHistory: number;
  medianAbsoluteError: number;
  meanAbsoluteError: number;
  p90AbsoluteError: number;
  /** Share of actual final positions inside [low, high] (target 0.8). */
  intervalCoverage: number;
  /** The same errors for the naive prediction "final = position at that point", for comparison. */
  naiveMedianAbsoluteError: number;
  naiveMeanAbsoluteError: number;
}

/** The figures measured at `fraction` of the response window. */
export interface BacktestPoint extends BacktestFigures {
  /** Elapsed share of the response window at which the predictions were made (0–1). */
  fraction: number;
}

/**
 * Error figures of {@link backtest}: at each of the fractions asked ({@link BACKTEST_FRACTIONS} by
 * default) in `byFraction`, and at top level the point nearest half the window.
 */
export interface BacktestResult extends BacktestFigures {
  byFraction: BacktestPoint[];
}

/**
 * The point of `result` measured nearest to `fraction` of the window (the earlier one on a tie):
 * the error to show a seeker whose listing is at that point of its window.
 */
export function backtestPointNear(result: BacktestResult, fraction: number): BacktestPoint {
  let best = result.byFraction[0];
  if (!best) return { ...result, fraction: 0.5 };
  for (const p of result.byFraction)
    if (Math.abs(p.fraction - fraction) < Math.abs(best.fraction - fraction)) best = p;
  return best;
}

/**
 * An incremental {@link backtest}: `add` predicts one target listing (any subset of `closed`, in any
 * order), `result` summarises what was added so far. Lets a caller spread the work over several
 * event-loop turns, or back-test only the most recent listings while using all of `closed` as
 * history. Adding every listing of `closed` gives exactly `backtest(closed, …)`.
 *
 * @param closed - closed listings with their final order: the history predictions may use
 */
export function backtestAccumulator(
  closed: readonly ClosedListing[],
  ruleSet: RuleSet,
  options: Partial<EstimateOptions> = {},
  fractions: readonly number[] = BACKTEST_FRACTIONS,
): { add(listing: ClosedListing): void; result(): BacktestResult } {
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...options };
  if (fractions.length === 0 || fractions.some((f) => !(f > 0 && f < 1)))
    throw new InvalidInputError("fractions", "must be one or more shares of the window between 0 and 1");
  const points = fractions.map((fraction) => ({
    fraction,
    errors: [] as number[],
    naive: [] as number[],
    inside: 0,
    withoutHistory: 0,
    listings: 0,
  }));
  return {
    add(listing) {
      if (listing.allocationModel === "BEMIDDELING") return;
      const start = listing.publishedAt.getTime();
      const span = listing.closesAt.getTime() - start;
      for (const pt of points) {
        const at = start + span * pt.fraction;
        const live = livePositions(listing, at);
        if (live.length === 0) continue;
        pt.listings += 1;
        const model = growthModel(listing, new Date(at), closed, ruleSet, o);
        for (const { live: early, final: actual } of live) {
          const estimate = estimateWith(model, early, o, pt.fraction);
          if (estimate.low === null) pt.withoutHistory += 1;
          pt.errors.push(Math.abs(estimate.expected - actual));
          pt.naive.push(Math.abs(early - actual));
          if (
            estimate.low !== null &&
            estimate.high !== null &&
            estimate.low <= actual &&
            actual <= estimate.high
          )
            pt.inside += 1;
        }
      }
    },
    result() {
      const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
      const q = (xs: Float64Array, p: number) => (xs.length ? quantile(xs, p) : 0);
      const byFraction: BacktestPoint[] = points.map((pt) => {
        const sortedErrors = Float64Array.from(pt.errors).sort(); // typed arrays sort numerically
        const sortedNaive = Float64Array.from(pt.naive).sort();
        const withHistory = pt.errors.length - pt.withoutHistory;
        return {
          fraction: pt.fraction,
          listings: pt.listings,
          predictions: pt.errors.length,
          withoutHistory: pt.withoutHistory,
          medianAbsoluteError: q(sortedErrors, 0.5),
          meanAbsoluteError: mean(pt.errors),
          p90AbsoluteError: q(sortedErrors, 0.9),
          intervalCoverage: withHistory > 0 ? pt.inside / withHistory : 0,
          naiveMedianAbsoluteError: q(sortedNaive, 0.5),
          naiveMeanAbsoluteError: mean(pt.naive),
        };
      });
      const { fraction: _half, ...half } = backtestPointNear({ byFraction } as BacktestResult, 0.5);
      return { ...half, byFraction };
    },
  };
}

/**
 * Backtest of {@link expectedFinalPosition}: for every closed listing and each of `fractions` of its
 * response window, take its state at that moment, predict — from the position each live response
 * had then, counting those ahead who withdrew later, as the seeker saw it — the final position of
 * every live response that stayed to the close, from listings closed before that moment (no
 * look-ahead), and compare with the actual final position.
 *
 * @param closed - closed listings with their order at close (withdrawn entries included where known)
 * @param fractions - points of the window, each strictly between 0 and 1 (default 0.25, 0.5, 0.75)
 * @returns error figures per point in `byFraction`, the point nearest half-time at top level
 *   (all zero when there are no predictions)
 * @throws InvalidInputError when `fractions` is empty or holds a value outside (0, 1)
 */
export function backtest(
  closed: readonly ClosedListing[],
  ruleSet: RuleSet,
  options: Partial<EstimateOptions> = {},
  fractions: readonly number[] = BACKTEST_FRACTIONS,
): BacktestResult {
  const acc = backtestAccumulator(closed, ruleSet, options, fractions);
  for (const listing of closed) acc.add(listing);
  return acc.result();
}
