/**
 * Eligibility and position of the signed-in seeker on listings, computed by the allocation core
 * on rows loaded in batches (one query per kind per request, whatever the page size).
 */
import {
  backtestAccumulator,
  checkEligibility,
  closedOrder,
  currentPositionAmongKeys,
  indexRankKeys,
  expectedFinalPosition,
  positionEstimator,
  positionIfRespondedNowAmongKeys,
  type BacktestResult,
  type ClosedEntry,
  type ClosedListing,
  type EligibilityResult,
  type PositionEstimate,
  type PositionResult,
  type RankReason,
  type RuleSet,
} from "../allocation/index.ts";
import { fixedOrder, hasFixedOrder, type FixedOrder } from "./fixed-order.ts";
import type { Db, Prisma, Response } from "@woonbeurt/db";
import type { Context } from "../auth/context.ts";
import { db } from "../db.ts";
import { invalidate, onInvalidation } from "../invalidation.ts";
import {
  eur,
  evaluableOn,
  listingCandidates,
  listingInput,
  loadResponsesOfSeeker,
  ruleSetAt,
  seekerFromSnapshot,
  seekerInput,
  viewerSeeker,
  type ListingRow,
} from "./core.ts";
import { memo } from "./loaders.ts";
import { listingRankKeys } from "./rank-keys.ts";

/** The viewer's eligibility on a listing, evaluated now (or at close for a closed listing). */
export async function viewerEligibility(
  ctx: Context,
  listing: ListingRow,
): Promise<EligibilityResult | null> {
  const seeker = await viewerSeeker(ctx);
  if (!seeker) return null;
  const date = evaluationDate(listing);
  const [ruleSet, input] = await Promise.all([ruleSetAt(ctx, date), listingInput(ctx, listing)]);
  const own = await viewerResponseOn(ctx, listing.id);
  // After close the seeker is judged as they were at close (their inputs frozen with the response).
  const frozen = hasFixedOrder(listing) && own ? seekerFromSnapshot(own.seekerAtClose) : null;
  return checkEligibility(
    frozen ?? seekerInput(seeker),
    input,
    ruleSet,
    date,
    own && own.status !== "WITHDRAWN"
      ? { motivation: own.motivation, committeeVerdict: own.committeeVerdict }
      : undefined,
  );
}

/** Before close: now; afterwards the close time (the ranking moment). */
export function evaluationDate(listing: { closesAt: Date; status: string }): Date {
  const now = new Date();
  return now < listing.closesAt ? now : listing.closesAt;
}

/**
 * The viewer's response on one listing (any status), or undefined: from the responses a page
 * statement read with its listings ({@link primeViewerResponses}) when it read this listing, else
 * from all the viewer's responses ({@link viewerResponses}).
 */
export async function viewerResponseOn(ctx: Context, listingId: string): Promise<Response | undefined> {
  const primed = ctx.cache.get(PRIMED_RESPONSES) as Map<string, Response | null> | undefined;
  if (primed?.has(listingId)) return primed.get(listingId) ?? undefined;
  return (await viewerResponses(ctx)).get(listingId);
}

const PRIMED_RESPONSES = "viewerResponsesOnPage";

/**
 * Record the viewer's responses on a page's listings as a page statement read them (null: no
 * response on that listing), so that the page's cards need not read all the viewer's responses.
 * Rows must be complete Response rows of the viewer.
 */
export function primeViewerResponses(ctx: Context, responses: Map<string, Response | null>): void {
  const primed = ctx.cache.get(PRIMED_RESPONSES) as Map<string, Response | null> | undefined;
  if (!primed) ctx.cache.set(PRIMED_RESPONSES, responses);
  else for (const [id, r] of responses) primed.set(id, r);
}

/** The viewer's responses by listing id, every status and listing (one statement per request, memoised). */
export function viewerResponses(ctx: Context) {
  const seekerId = ctx.viewer?.seekerId;
  return memo(ctx, "viewerResponses", async () => {
    if (!seekerId) return new Map<string, Response>();
    const rows = await loadResponsesOfSeeker(db(), seekerId);
    return new Map(rows.map((r) => [r.listingId, r]));
  });
}

/**
 * A position as the API shows it: the core's {@link PositionResult}, where a RANKED position of a
 * closed listing may lack its explanation (`reason` null, see fixed-order.ts), plus `CLOSED`: the
 * response window has ended and the seeker has no response, so they have no position.
 */
export type PositionView =
  | Exclude<PositionResult, { kind: "RANKED" }>
  | { kind: "RANKED"; position: number; total: number; reason: RankReason | null }
  | { kind: "CLOSED" };

export interface ViewerPosition {
  /** Exact current position (responded), null when not responded. */
  current: PositionView | null;
  /** Position if the viewer responded now (their actual position when responded; CLOSED after the window). */
  ifRespondedNow: PositionView;
  /** Expected position at close with interval, null when not ranked/eligible. */
  expected: PositionEstimate | null;
  /** Whether the position can still change (window open). */
  canChange: boolean;
  total: number;
}

const HISTORY_TTL_MS = 5 * 60 * 1000;
interface HistoryCacheEntry {
  at: number;
  data: Promise<ClosedListing[]>;
  /** `data` has loaded (the entry may then answer while a successor loads). */
  settled: boolean;
  /** The estimator over `data` (growth models kept per comparable group), per rule set version. */
  estimator?: { ruleSetKey: string; result: Promise<ReturnType<typeof positionEstimator>> };
  /** The back-test of the estimate on `data`, computed on first use (per rule set version). */
  accuracy?: { ruleSetKey: string; result: Promise<HistoricalAccuracy> };
}
let historyCache: HistoryCacheEntry | null = null;

/** What a closed listing needs for the expected-position estimate and its back-test. */
export const closedListingSelect = {
  id: true,
  allocationModel: true,
  netRentCents: true,
  publishedAt: true,
  closesAt: true,
  dwelling: { select: { districtId: true, rooms: true } },
  responses: {
    where: { OR: [{ finalPosition: { not: null } }, { rankedAheadAtClose: { not: null } }] },
    orderBy: [{ finalPosition: "asc" }, { rankedAheadAtClose: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, createdAt: true, withdrawnAt: true, finalPosition: true, rankedAheadAtClose: true },
  },
} satisfies Prisma.ListingSelect;

/** Where-clause of listings whose final order is known (closed, published, ranked publicly). */
export const closedListingWhere = {
  status: { in: ["CLOSED", "OFFERING", "LET"] },
  publishedAt: { not: null },
  allocationModel: { not: "BEMIDDELING" },
} satisfies Prisma.ListingWhereInput;

/**
 * A closed listing row as the core's ClosedListing (money cents → EUR): the ranked responses in
 * their final order, with each response withdrawn before close placed after the
 * `rankedAheadAtClose` ranked ones it would have followed (so that the back-test sees the
 * positions a live seeker saw).
 */
export function toClosedListing(
  r: Prisma.ListingGetPayload<{ select: typeof closedListingSelect }>,
): ClosedListing {
  return {
    listingId: r.id,
    allocationModel: r.allocationModel,
    districtId: r.dwelling.districtId,
    netRent: eur(r.netRentCents),
    rooms: r.dwelling.rooms,
    publishedAt: r.publishedAt!,
    closesAt: r.closesAt,
    finalOrder: closedOrder(mergeWithdrawn(r.responses)),
  };
}

/**
 * A closed listing row's responses in the order at close ({@link toClosedListing}'s order as
 * entries, with their response ids): the ranked ones by final position, each withdrawn one after
 * the `rankedAheadAtClose` ranked ones it would have followed.
 */
export function closedEntriesOf(
  r: Prisma.ListingGetPayload<{ select: typeof closedListingSelect }>,
): ClosedEntry[] {
  return mergeWithdrawn(r.responses);
}

function mergeWithdrawn(
  rows: readonly {
    id: string;
    createdAt: Date;
    withdrawnAt: Date | null;
    finalPosition: number | null;
    rankedAheadAtClose: number | null;
  }[],
): ClosedEntry[] {
  // Rows come ranked first (by finalPosition), then withdrawn (by rankedAheadAtClose).
  const ranked = rows.filter((x) => x.finalPosition !== null);
  const withdrawn = rows.filter((x) => x.finalPosition === null && x.rankedAheadAtClose !== null);
  const out: ClosedEntry[] = [];
  let w = 0;
  for (let i = 0; i <= ranked.length; i++) {
    while (w < withdrawn.length && withdrawn[w]!.rankedAheadAtClose! <= i) {
      const x = withdrawn[w++]!;
      out.push({ responseId: x.id, respondedAt: x.createdAt, withdrawnAt: x.withdrawnAt ?? x.createdAt });
    }
    const x = ranked[i];
    if (x) out.push({ responseId: x.id, respondedAt: x.createdAt, withdrawnAt: null });
  }
  return out;
}

/**
 * The closed history behind the expected-position estimate: the 500 most recently closed
 * listings with their final order, cached in the process for 5 minutes (history changes only when
 * listings close; a close forgets it at once, {@link historyChanged}); the estimator and the
 * back-test are kept with it. When the 5 minutes have passed, requests go on answering from the
 * kept history while its successor loads in the background (~1 s at region scale), so no request
 * waits for the periodic reload; only the first request of a process, and the first after a
 * close, wait for the load.
 */
function historyEntry(): HistoryCacheEntry {
  const kept = historyCache;
  if (kept && Date.now() - kept.at < HISTORY_TTL_MS) return kept;
  if (kept?.settled) {
    if (!historyRefresh) {
      const next = newHistoryEntry();
      historyRefresh = next.data
        .then(
          () => {
            // unless a close forgot the kept history meanwhile (then the next request loads)
            if (historyCache === kept) historyCache = next;
          },
          () => undefined,
        )
        .finally(() => {
          historyRefresh = null;
        });
    }
    return kept;
  }
  const entry = newHistoryEntry();
  historyCache = entry;
  return entry;
}

/** The history refresh in progress (see {@link historyEntry}), if any. */
let historyRefresh: Promise<void> | null = null;

function newHistoryEntry(): HistoryCacheEntry {
  const data = loadClosedHistory();
  const entry: HistoryCacheEntry = { at: Date.now(), data, settled: false };
  data.then(
    () => {
      entry.settled = true;
    },
    () => {
      if (historyCache === entry) historyCache = null;
    },
  );
  return entry;
}

/**
 * Tests: make the kept history older than its 5 minutes, and wait for a background refresh.
 *
 * @returns the refresh in progress after the next request (resolves at once when there is none)
 */
export const historyForTests = {
  expire(): void {
    if (historyCache) historyCache.at = 0;
  },
  refreshed(): Promise<void> {
    return historyRefresh ?? Promise.resolve();
  },
};

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The 500 most recently closed listings of {@link closedListingWhere} (newest first, id breaking
 * ties, so the same data always gives the same history) as the core's ClosedListing — what
 * `findMany({ where: closedListingWhere, select: closedListingSelect })` + {@link toClosedListing}
 * give, in one statement with exact columns (each listing's ranked and withdrawn responses as one
 * JSON array in the order of `closedListingSelect`), without mapping ~80,000 response rows
 * through the ORM at region scale.
 */
export async function loadClosedHistory(
  client: Pick<Db, "$queryRawUnsafe"> = db(),
): Promise<ClosedListing[]> {
  const rows = await client.$queryRawUnsafe<
    {
      id: string;
      model: ClosedListing["allocationModel"];
      rent: number;
      published: string;
      closes: string;
      district: string | null;
      rooms: number;
      rs: string | null;
    }[]
  >(
    `WITH h AS (
       SELECT l.id, l."allocationModel"::text AS model, l."netRentCents" AS rent,
              to_char(l."publishedAt", ${ISO}) AS published, to_char(l."closesAt", ${ISO}) AS closes,
              l."closesAt" AS "closesAtTs", d."districtId"::text AS district, d.rooms
         FROM "Listing" l JOIN "Dwelling" d ON d.id = l."dwellingId"
        WHERE l.status IN ('CLOSED', 'OFFERING', 'LET') AND l."publishedAt" IS NOT NULL
          AND l."allocationModel" <> 'BEMIDDELING'
        ORDER BY l."closesAt" DESC, l.id ASC LIMIT 500)
     SELECT h.id::text AS id, h.model, h.rent, h.published, h.closes, h.district, h.rooms,
            (SELECT json_agg(json_build_array(r.id, to_char(r."createdAt", ${ISO}), to_char(r."withdrawnAt", ${ISO}),
                      r."finalPosition", r."rankedAheadAtClose")
                      ORDER BY r."finalPosition" ASC, r."rankedAheadAtClose" ASC, r."createdAt" ASC, r.id ASC)::text
               FROM "Response" r
              WHERE r."listingId" = h.id AND (r."finalPosition" IS NOT NULL OR r."rankedAheadAtClose" IS NOT NULL)) AS rs
       FROM h ORDER BY h."closesAtTs" DESC, h.id ASC`,
  );
  return rows.map((r) => {
    const responses = (
      r.rs ? (JSON.parse(r.rs) as [string, string, string | null, number | null, number | null][]) : []
    ).map(([id, createdAt, withdrawnAt, finalPosition, rankedAheadAtClose]) => ({
      id,
      createdAt: new Date(createdAt),
      withdrawnAt: withdrawnAt ? new Date(withdrawnAt) : null,
      finalPosition,
      rankedAheadAtClose,
    }));
    return {
      listingId: r.id,
      allocationModel: r.model,
      districtId: r.district,
      netRent: eur(r.rent),
      rooms: r.rooms,
      publishedAt: new Date(r.published),
      closesAt: new Date(r.closes),
      finalOrder: closedOrder(mergeWithdrawn(responses)),
    };
  });
}

/** Clear this process's history cache (tests; a closed listing: {@link historyChanged}). */
export function clearHistoryCache(): void {
  historyCache = null;
}
onInvalidation("history", clearHistoryCache);

/**
 * A listing closed: forget the closed history here and in every other API process
 * (invalidation.ts). Call after the close committed.
 *
 * @param via - the database to notify through (jobs pass theirs; default the installed one)
 */
export function historyChanged(via?: Db): Promise<void> {
  return invalidate({ kind: "history" }, via);
}

/** Listings back-tested: the most recent closed ones (all of the history serves as comparables). */
export const BACKTEST_LISTINGS = 200;
/** Longest stretch the back-test runs before yielding to other requests (milliseconds). */
const BACKTEST_SLICE_MS = 8;

/** The estimate's measured error on history: the core's back-test plus how long it took. */
export interface HistoricalAccuracy extends BacktestResult {
  /** Wall-clock time of the computation (milliseconds), including the yields. */
  computeMs: number;
}

/**
 * Back-test the expected-position estimate on the most recent `targets` listings of `history`
 * (predicting at half the response window from listings closed before then), in slices of at
 * most ~8 ms of CPU with a yield to the event loop between them, so that other requests keep
 * being served while it runs. Measured (api/test/portal-gaps.test.ts, synthetic history of 500
 * closed listings with ~160 responses each, 200 back-tested): ~0.5–0.7 s wall time once per cache
 * period, the longest stall of the event loop ~30–40 ms (one listing's prediction).
 */
export async function backtestInSlices(
  history: readonly ClosedListing[],
  ruleSet: RuleSet,
  targets = BACKTEST_LISTINGS,
): Promise<HistoricalAccuracy> {
  const started = performance.now();
  const acc = backtestAccumulator(history, ruleSet);
  const recent = [...history].sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime()).slice(0, targets);
  let slice = performance.now();
  for (const listing of recent) {
    acc.add(listing);
    if (performance.now() - slice > BACKTEST_SLICE_MS) {
      await new Promise<void>((r) => setImmediate(r));
      slice = performance.now();
    }
  }
  return { ...acc.result(), computeMs: performance.now() - started };
}

/**
 * The expected-position estimator over the cached closed history (allocation core
 * `positionEstimator`): each comparable group's growth model is computed once per cache period and
 * rule set version and then serves every listing and seeker of that group, so a page of listings
 * costs no per-request pass over the history (issue 10 item 2).
 */
export function historyEstimator(ruleSet: RuleSet): Promise<ReturnType<typeof positionEstimator>> {
  const entry = historyEntry();
  const ruleSetKey = `${ruleSet.id}@${ruleSet.version}`;
  if (entry.estimator?.ruleSetKey !== ruleSetKey) {
    const result = entry.data.then((history) => positionEstimator(history, ruleSet));
    entry.estimator = { ruleSetKey, result };
    result.catch(() => {
      if (entry.estimator?.result === result) entry.estimator = undefined;
    });
  }
  return entry.estimator!.result;
}

/**
 * The estimate's error on the cached closed history, computed lazily on first use and then kept
 * with the history (recomputed when the history cache expires or is cleared, or the rule set in
 * force changes).
 */
export function historicalAccuracy(ruleSet: RuleSet): Promise<HistoricalAccuracy> {
  const entry = historyEntry();
  const ruleSetKey = `${ruleSet.id}@${ruleSet.version}`;
  if (entry.accuracy?.ruleSetKey !== ruleSetKey) {
    const result = entry.data.then((history) => backtestInSlices(history, ruleSet));
    entry.accuracy = { ruleSetKey, result };
    result.catch(() => {
      if (entry.accuracy?.result === result) entry.accuracy = undefined;
    });
  }
  return entry.accuracy!.result;
}

/**
 * Where the signed-in seeker stands on a listing: before close computed by the allocation core on
 * the current candidates; once closed (CLOSED, OFFERING, LET) the order fixed at close — the
 * stored final positions — never re-ranked with today's data (fixed-order.ts). A seeker without a
 * response on a listing whose window has ended gets `CLOSED`. Null for callers without a seeker.
 */
export async function viewerPosition(
  ctx: Context,
  listing: ListingRow & { publishedAt?: Date | null },
): Promise<ViewerPosition | null> {
  const seeker = await viewerSeeker(ctx);
  if (!seeker) return null;
  if (listing.allocationModel === "BEMIDDELING") {
    const own = await viewerResponseOn(ctx, listing.id);
    const notRanked = { kind: "NOT_RANKED" } as const;
    return {
      current: own && own.status !== "WITHDRAWN" ? notRanked : null,
      ifRespondedNow: notRanked,
      expected: null,
      canChange: false,
      total: 0,
    };
  }
  if (hasFixedOrder(listing)) return closedViewerPosition(ctx, listing, seeker.id);
  const date = evaluationDate(listing);
  const [ruleSet, input, response] = await Promise.all([
    ruleSetAt(ctx, date),
    listingInput(ctx, listing),
    viewerResponseOn(ctx, listing.id),
  ]);
  // The other candidates are counted by their rank keys, kept between requests while the listing's
  // candidate data is unchanged (rank-keys.ts); only the viewer's own response is classified here.
  // A candidate whose data cannot be evaluated on `date` was housed after it (their registration
  // restarted) and has no active response any more; they take no place.
  const keys = await listingRankKeys(ctx, listing, input, ruleSet, date);
  const viewerInput = seekerInput(seeker);
  const own =
    response && response.status !== "WITHDRAWN" && evaluableOn(viewerInput, date)
      ? {
          responseId: response.id,
          respondedAt: response.createdAt,
          motivation: response.motivation,
          committeeVerdict: response.committeeVerdict,
          lotteryEntry: response.lotteryEntry ?? null,
          seeker: viewerInput,
        }
      : null;
  const windowEnded = listing.closesAt <= new Date();
  const current = own ? currentPositionAmongKeys(input, keys, own, ruleSet, date) : null;
  const ifNow: PositionView =
    current ??
    (windowEnded || !evaluableOn(viewerInput, date)
      ? { kind: "CLOSED" }
      : positionIfRespondedNowAmongKeys(
          input,
          // without the viewer's own key (a response not evaluable now), prepared anew only then:
          // every card asks, and the listing may have thousands of keys
          keys.seekers.has(seeker.id)
            ? indexRankKeys(keys.keys.filter((k) => k.seekerId !== seeker.id))
            : keys,
          viewerInput,
          ruleSet,
          date,
        ));
  const base = current ?? ifNow;
  let expected: PositionEstimate | null = null;
  const mid =
    base.kind === "RANKED"
      ? base.position
      : base.kind === "LOTTERY_PENDING"
        ? (base.from + base.to) / 2
        : null;
  const canChange = listing.status === "PUBLISHED" && !windowEnded;
  if (mid !== null) {
    expected = canChange
      ? (await historyEstimator(ruleSet)).estimate(profileOf(listing), Math.max(1, mid), new Date())
      : expectedFinalPosition(profileOf(listing), Math.max(1, mid), listing.closesAt, [], ruleSet);
  }
  const total = base.kind === "RANKED" || base.kind === "LOTTERY_PENDING" ? base.total : 0;
  return { current, ifRespondedNow: ifNow, expected, canChange, total };
}

/** What the expected-position estimate needs to know about a listing. */
function profileOf(listing: ListingRow & { publishedAt?: Date | null }) {
  return {
    listingId: listing.id,
    allocationModel: listing.allocationModel,
    districtId: listing.dwelling.districtId,
    netRent: eur(listing.netRentCents),
    rooms: listing.dwelling.rooms,
    publishedAt: listing.publishedAt ?? listing.closesAt,
    closesAt: listing.closesAt,
  };
}

/** The fixed order of a closed listing, computed once per request. */
export function fixedOrderOf(ctx: Context, listing: ListingRow): Promise<FixedOrder> {
  return memo(ctx, `fixedOrder:${listing.id}`, async () => {
    const [ruleSet, input, rows] = await Promise.all([
      ruleSetAt(ctx, listing.closesAt),
      listingInput(ctx, listing),
      listingCandidates(ctx, listing.id),
    ]);
    return fixedOrder(input, rows, ruleSet, listing.closesAt);
  });
}

/** {@link viewerPosition} of a closed listing: the stored final position of the viewer's response. */
async function closedViewerPosition(
  ctx: Context,
  listing: ListingRow & { publishedAt?: Date | null },
  seekerId: string,
): Promise<ViewerPosition> {
  const [order, own, ruleSet] = await Promise.all([
    fixedOrderOf(ctx, listing),
    viewerResponseOn(ctx, listing.id),
    ruleSetAt(ctx, listing.closesAt),
  ]);
  const total = order.ranked.length;
  let current: PositionView | null = null;
  if (own && own.status !== "WITHDRAWN" && own.seekerId === seekerId) {
    const ranked = order.ranked.find((r) => r.responseId === own.id);
    const excluded = order.excluded.find((e) => e.responseId === own.id);
    current = ranked
      ? { kind: "RANKED", position: ranked.position, total, reason: ranked.reason }
      : { kind: "NOT_ELIGIBLE", failed: excluded?.failed ?? [] };
  }
  const expected =
    current?.kind === "RANKED"
      ? expectedFinalPosition(profileOf(listing), current.position, listing.closesAt, [], ruleSet)
      : null;
  return { current, ifRespondedNow: current ?? { kind: "CLOSED" }, expected, canChange: false, total };
}
