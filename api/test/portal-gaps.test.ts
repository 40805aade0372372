/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * What the portal needed next: filtered/ordered eligible listings, lettings by year with a count,
 * responses by state, criteria in Dutch and English, the estimate's measured error on history,
 * the query cost model, the client IP behind the portal, and the seeker declining an offer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse, type OperationDefinitionNode } from "graphql";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { backtest, backtestPointNear, closedEntries, RULE_SET_2019 } from "../src/allocation/index.ts";
import { closeListingTx, SYSTEM_ACTOR } from "../src/lifecycle.ts";
import { prng, syntheticClosedListings } from "../src/allocation/testing/generate.ts";
import { loginAttemptsPerIp, loginFailures } from "../src/auth/rate-limit.ts";
import { generatePersonalAccessToken, hashToken } from "../src/auth/tokens.ts";
import { MAX_QUERY_COST, operationCost } from "../src/cost.ts";
import { schema } from "../src/schema/index.ts";
import {
  backtestInSlices,
  clearHistoryCache,
  closedListingSelect,
  closedEntriesOf,
  closedListingWhere,
  historicalAccuracy,
  historyForTests,
  toClosedListing,
} from "../src/schema/position.ts";
import { clientIp, createApp, isLoopback, proxySecretFromEnv, trustProxyFromEnv } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
const DAY = 86_400_000;

/** A personal access token of `userId` with `scopes`. */
async function createToken(userId: string, name: string, scopes: ("SEEKER_READ" | "RESPONSES_WRITE")[]) {
  const token = generatePersonalAccessToken();
  await t.db.personalAccessToken.create({
    data: { userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 12), scopes },
  });
  return { token };
}
const E = `... on Error { code message }`;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

// ── 1. viewer.eligibleListings with the listings filter and order ──────────────────────────────

describe("viewer.eligibleListings filter and orderBy", () => {
  it("narrows by the public ListingFilter, orders by ListingOrder, and counts the filtered set", async () => {
    const org = await f.organisation();
    const { municipality, district } = await f.municipality();
    const s = await f.seeker({ income: 30000 });
    const place = { municipalityId: municipality.id, districtId: district.id };
    const cheap = await f.listing(org.id, { rent: 420, closesAt: new Date(Date.now() + 3 * DAY), ...place });
    const mid = await f.listing(org.id, { rent: 480, closesAt: new Date(Date.now() + 1 * DAY), ...place });
    const dear = await f.listing(org.id, { rent: 560, closesAt: new Date(Date.now() + 2 * DAY), ...place });
    await f.listing(org.id, { rent: 430 }); // eligible but in another district
    const family = await f.listing(org.id, { rent: 440, ...place }); // same district, not eligible
    await t.db.listing.update({ where: { id: family.id }, data: { householdMin: 3 } });

    const q = `query($f: ListingFilter, $o: ListingOrder) { viewer { eligibleListings(first: 10, filter: $f, orderBy: $o) { totalCount edges { node { id netRent } } } } }`;
    const d = [gid("District", district.id)];
    const byRent = await gql(app, q, { f: { districtIds: d }, o: "RENT_DESC" }, s.token);
    expect(byRent.errors).toBeUndefined();
    expect(byRent.data.viewer.eligibleListings.totalCount).toBe(3);
    expect(byRent.data.viewer.eligibleListings.edges.map((e: any) => e.node.id)).toEqual(
      [dear, mid, cheap].map((l) => gid("Listing", l.id)),
    );
    const byClose = await gql(app, q, { f: { districtIds: d } }, s.token);
    expect(byClose.data.viewer.eligibleListings.edges.map((e: any) => e.node.id)).toEqual(
      [mid, dear, cheap].map((l) => gid("Listing", l.id)),
    );
    const cheapOnly = await gql(app, q, { f: { districtIds: d, rentMax: 450 } }, s.token);
    expect(cheapOnly.data.viewer.eligibleListings).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: gid("Listing", cheap.id), netRent: 420 } }],
    });
    // the same validation as `listings`
    const bad = await gql(app, q, { f: { roomsMin: -1 } }, s.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");

    // The open listings' inputs are kept between requests, but a change counts at the next one:
    // the family listing opened to one person appears, a withdrawn listing disappears.
    await t.db.listing.update({ where: { id: family.id }, data: { householdMin: 1 } });
    await t.db.listing.update({ where: { id: dear.id }, data: { status: "WITHDRAWN" } });
    const after = await gql(app, q, { f: { districtIds: d }, o: "RENT_DESC" }, s.token);
    expect(after.data.viewer.eligibleListings.edges.map((e: any) => e.node.id)).toEqual(
      [mid, family, cheap].map((l) => gid("Listing", l.id)),
    );
    // A listing published meanwhile counts too.
    const fresh = await f.listing(org.id, { rent: 470, ...place });
    const withFresh = await gql(app, q, { f: { districtIds: d }, o: "RENT_DESC" }, s.token);
    expect(withFresh.data.viewer.eligibleListings.edges.map((e: any) => e.node.id)).toEqual(
      [mid, fresh, family, cheap].map((l) => gid("Listing", l.id)),
    );
  });
});

// ── 2. lettings: totalCount and year ───────────────────────────────────────────────────────────

describe("lettings by year", () => {
  async function letting(
    org: { id: string },
    letAt: string,
    o: { model?: "AANBOD" | "LOTERIJ"; districtId?: string; municipalityId?: string } = {},
  ) {
    const s = await f.seeker({ session: false });
    const listing = await f.listing(org.id, {
      status: "LET",
      districtId: o.districtId,
      municipalityId: o.municipalityId,
    });
    return t.db.letting.create({
      data: {
        listingId: listing.id,
        dwellingId: listing.dwellingId,
        seekerId: s.seeker.id,
        letAt: new Date(letAt),
        publishedAt: new Date(),
        registrationYearsUsed: 6,
        seekerWasMover: false,
        decidedBy: "REGISTRATION_YEARS",
        allocationModel: o.model ?? "AANBOD",
        responseCount: 4,
        netRentCents: 55000,
        householdSize: 1,
        householdIncomeCents: 2500000,
      },
    });
  }

  it("filters on the Europe/Amsterdam calendar year of letAt, combined with district and model, with totalCount", async () => {
    const org = await f.organisation();
    const { municipality, district } = await f.municipality();
    const place = { municipalityId: municipality.id, districtId: district.id };
    // 00:30 on 1 January 2031 in Amsterdam (23:30 UTC the day before) is 2031
    const newYear = await letting(org, "2030-12-31T23:30:00Z", place);
    // 23:30 on 31 December 2030 in Amsterdam is 2030
    const oldYear = await letting(org, "2030-12-31T22:30:00Z", place);
    const lottery = await letting(org, "2031-06-30T22:30:00Z", { ...place, model: "LOTERIJ" });
    const unpublished = await letting(org, "2031-03-01T12:00:00Z", place);
    await t.db.letting.update({ where: { id: unpublished.id }, data: { publishedAt: null } });

    const q = `query($y: Int, $d: ID, $m: AllocationModel) { lettings(first: 10, year: $y, districtId: $d, allocationModel: $m) { totalCount edges { node { id letAt } } } }`;
    const d = gid("District", district.id);
    const y2031 = await gql(app, q, { y: 2031, d });
    expect(y2031.errors).toBeUndefined();
    expect(y2031.data.lettings.totalCount).toBe(2);
    expect(y2031.data.lettings.edges.map((e: any) => e.node.id)).toEqual([
      gid("Letting", lottery.id),
      gid("Letting", newYear.id),
    ]);
    const y2030 = await gql(app, q, { y: 2030, d });
    expect(y2030.data.lettings).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: gid("Letting", oldYear.id) } }],
    });
    const lotteries = await gql(app, q, { y: 2031, d, m: "LOTERIJ" });
    expect(lotteries.data.lettings.totalCount).toBe(1);
    const all = await gql(app, q, { d });
    expect(all.data.lettings.totalCount).toBe(3);
    const bad = await gql(app, q, { y: 1500 });
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });
});

// ── 4. viewer.responses by state and status ────────────────────────────────────────────────────

describe("viewer.responses state and statuses", () => {
  it("separates active from past responses, with totalCount", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const make = async (status: string, listingStatus: "PUBLISHED" | "WITHDRAWN" | "LET" = "PUBLISHED") => {
      const l = await f.listing(org.id, { status: listingStatus });
      return t.db.response.create({
        data: { listingId: l.id, seekerId: s.seeker.id, status: status as never },
      });
    };
    const active = await make("ACTIVE");
    const offered = await make("OFFERED");
    const onWithdrawnListing = await make("ACTIVE", "WITHDRAWN");
    const withdrawn = await make("WITHDRAWN");
    const notSelected = await make("NOT_SELECTED", "LET");
    const declined = await make("DECLINED");

    const q = `query($st: ResponseState, $ss: [ResponseStatus!]) { viewer { responses(first: 50, state: $st, statuses: $ss) { totalCount edges { node { id status } } } } }`;
    const ids = (r: any) => r.data.viewer.responses.edges.map((e: any) => e.node.id).sort();
    const g = (x: { id: string }) => gid("Response", x.id);

    const act = await gql(app, q, { st: "ACTIVE" }, s.token);
    expect(act.errors).toBeUndefined();
    expect(act.data.viewer.responses.totalCount).toBe(2);
    expect(ids(act)).toEqual([g(active), g(offered)].sort());

    const past = await gql(app, q, { st: "PAST" }, s.token);
    expect(past.data.viewer.responses.totalCount).toBe(4);
    expect(ids(past)).toEqual([onWithdrawnListing, withdrawn, notSelected, declined].map(g).sort());

    const byStatus = await gql(app, q, { ss: ["WITHDRAWN", "DECLINED"] }, s.token);
    expect(byStatus.data.viewer.responses.totalCount).toBe(2);
    const both = await gql(app, q, { st: "PAST", ss: ["ACTIVE"] }, s.token);
    expect(ids(both)).toEqual([g(onWithdrawnListing)]);
    const none = await gql(app, q, {}, s.token);
    expect(none.data.viewer.responses.totalCount).toBe(6);
  });
});

// ── 5. Listing.criteria in Dutch and English ───────────────────────────────────────────────────

describe("Listing.criteria language", () => {
  it("describes the criteria in Dutch by default and in English on request", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id, { rent: 550 });
    const q = `query($r: String!) { listing(reference: $r) { criteria { rule source nl: description en: description(language: EN) } } }`;
    const r = await gql(app, q, { r: l.reference });
    expect(r.errors).toBeUndefined();
    const income = r.data.listing.criteria.find((c: any) => c.rule === "INCOME");
    expect(income.nl).toMatch(/^Uw huishoudinkomen is niet hoger dan € \d/);
    expect(income.en).toMatch(/^Your household income is at most €\d/);
    expect(income.source).toBe("[001] §E.1");
    expect(r.data.listing.criteria.map((c: any) => c.rule)).toEqual([
      "AGE_MINIMUM",
      "HOUSEHOLD_SIZE",
      "INCOME",
      "RENT_BENEFIT_CAP",
    ]);
  });
});

// ── 6. PositionEstimate: the method's error on history ─────────────────────────────────────────

/**
 * A listing published `daysAgo` days ago for a week and closed, with a response of each seeker of
 * `pool` (in pool order: final positions 1, 2, …) made `respondedAfterDays(i)` days into the window.
 */
async function closedWeek(
  orgId: string,
  place: { municipalityId: string; districtId: string },
  pool: { seeker: { id: string } }[],
  daysAgo: number,
  respondedAfterDays: (i: number) => number,
) {
  const publishedAt = new Date(Date.now() - daysAgo * DAY);
  const closesAt = new Date(publishedAt.getTime() + 7 * DAY);
  const l = await f.listing(orgId, { status: "DRAFT", closesAt, ...place });
  await t.db.listing.update({ where: { id: l.id }, data: { status: "CLOSED", publishedAt } });
  for (let i = 0; i < pool.length; i++)
    await t.db.response.create({
      data: {
        listingId: l.id,
        seekerId: pool[i]!.seeker.id,
        createdAt: new Date(publishedAt.getTime() + respondedAfterDays(i) * DAY),
        finalPosition: i + 1,
      },
    });
}

describe("PositionEstimate historical error", () => {
  beforeEach(() => clearHistoryCache());

  it("reports the backtest of the cached closed history, computed once per cache period", async () => {
    const org = await f.organisation();
    const { municipality, district } = await f.municipality();
    const place = { municipalityId: municipality.id, districtId: district.id };
    const pool = [];
    for (let i = 0; i < 8; i++) pool.push(await f.seeker({ session: false }));
    // 6 closed listings, each a week long, responses spread over the window
    for (let k = 0; k < 6; k++)
      await closedWeek(org.id, place, pool, 60 - k * 8, (i) => ((i * 7 + k) % 8) * 0.85);
    const open = await f.listing(org.id, { ...place });
    const s = await f.seeker();
    const q = `query($r: String!) { listing(reference: $r) { viewerPosition { expectedAtClose { method expected enoughComparables historicalWindowShare historicalMedianAbsoluteError historicalIntervalCoverage historicalNaiveMedianAbsoluteError historicalListings historicalPredictions } } } }`;
    const r = await gql(app, q, { r: open.reference }, s.token);
    expect(r.errors).toBeUndefined();
    const e = r.data.listing.viewerPosition.expectedAtClose;
    expect(e.method).toMatch(/^growth-quantiles:/);

    expect(e.enoughComparables).toBe(true); // 6 comparables, 5 needed
    // The open listing is 1 day into its 8-day window (1/8): the error shown is the one measured at
    // a quarter of the window, not at half-time.
    expect(e.historicalWindowShare).toBe(0.25);
    // the same figures as the core's backtest over the same history, at that point
    const rows = await t.db.listing.findMany({ where: closedListingWhere, select: closedListingSelect });
    const expected = backtestPointNear(backtest(rows.map(toClosedListing), RULE_SET_2019), 0.125);
    expect(expected.fraction).toBe(0.25);
    expect(expected.predictions).toBeGreaterThan(0);
    expect(e).toMatchObject({
      historicalMedianAbsoluteError: expected.medianAbsoluteError,
      historicalIntervalCoverage: expected.intervalCoverage,
      historicalNaiveMedianAbsoluteError: expected.naiveMedianAbsoluteError,
      historicalListings: expected.listings,
      historicalPredictions: expected.predictions,
    });

    // cached: the same promise until the history cache is cleared
    const first = historicalAccuracy(RULE_SET_2019);
    expect(historicalAccuracy(RULE_SET_2019)).toBe(first);
    clearHistoryCache();
    expect(historicalAccuracy(RULE_SET_2019)).not.toBe(first);
  });

  it("the close records where a response withdrawn before it would have stood, so the back-test sees live positions", async () => {
    const org = await f.organisation();
    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const c = await f.seeker({ registrationDate: "2014-01-01" });
    const l = await f.listing(org.id);
    const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
    for (const s of [a, b, c]) await gql(app, respond, { id: gid("Listing", l.id) }, s.token);
    const rb = await t.db.response.findFirstOrThrow({ where: { listingId: l.id, seekerId: b.seeker.id } });
    const withdraw = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename } }`;
    await gql(app, withdraw, { id: gid("Response", rb.id) }, b.token);
    await t.db.listing.update({ where: { id: l.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    await t.db.$transaction((tx) => closeListingTx(tx, l.id, new Date(), SYSTEM_ACTOR));
    const rows = await t.db.response.findMany({
      where: { listingId: l.id },
      select: { seekerId: true, finalPosition: true, rankedAheadAtClose: true },
    });
    const of = (s: { seeker: { id: string } }) => rows.find((r) => r.seekerId === s.seeker.id);
    // B (2012) withdrew: no final position, but one ranked response (A, 2010) stood ahead of B.
    expect(of(a)).toMatchObject({ finalPosition: 1, rankedAheadAtClose: null });
    expect(of(b)).toMatchObject({ finalPosition: null, rankedAheadAtClose: 1 });
    expect(of(c)).toMatchObject({ finalPosition: 2, rankedAheadAtClose: null });
    // The history the estimate and its back-test use has B between A and C, withdrawn.
    const row = await t.db.listing.findUniqueOrThrow({ where: { id: l.id }, select: closedListingSelect });
    const order = closedEntriesOf(row);
    expect(order.map((e) => e.withdrawnAt != null)).toEqual([false, true, false]);
    // the compact order the estimate keeps is the same
    expect(closedEntries(toClosedListing(row).finalOrder)).toEqual(
      order.map((e) => ({ respondedAt: e.respondedAt, withdrawnAt: e.withdrawnAt ?? null })),
    );
    expect(order[1]!.responseId).toBe(rb.id);
  });

  it("after its 5 minutes answers from the kept history while the next one loads, then from the new one", async () => {
    const org = await f.organisation();
    const { municipality, district } = await f.municipality();
    const place = { municipalityId: municipality.id, districtId: district.id };
    const pool = [];
    for (let i = 0; i < 4; i++) pool.push(await f.seeker({ session: false }));
    const closeOne = (daysAgo: number) => closedWeek(org.id, place, pool, daysAgo, (i) => i + 1);
    await closeOne(30);
    const open = await f.listing(org.id, { ...place });
    const s = await f.seeker();
    const q = `query($r: String!) { listing(reference: $r) { viewerPosition { expectedAtClose { method expected historicalListings } } } }`;
    const ask = async () => {
      const r = await gql(app, q, { r: open.reference }, s.token);
      expect(r.errors).toBeUndefined();
      return r.data.listing.viewerPosition.expectedAtClose;
    };
    const first = await ask();
    // closed by a write this process is not told of, then the kept history grows old
    await closeOne(20);
    historyForTests.expire();
    expect(await ask()).toEqual(first);
    await historyForTests.refreshed();
    const after = await ask();
    expect(after.historicalListings).toBe(first.historicalListings + 1);
  });

  it("is null without history and after close", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const q = `query($r: String!) { listing(reference: $r) { viewerPosition { expectedAtClose { method historicalMedianAbsoluteError historicalIntervalCoverage } } } }`;
    const past = await f.listing(org.id, { status: "CLOSED", closesAt: new Date(Date.now() - 1000) });
    await t.db.response.create({ data: { listingId: past.id, seekerId: s.seeker.id, finalPosition: 1 } });
    const closed = await gql(app, q, { r: past.reference }, s.token);
    expect(closed.data.listing.viewerPosition.expectedAtClose).toMatchObject({
      method: "closed",
      historicalMedianAbsoluteError: null,
      historicalIntervalCoverage: null,
    });
  });

  it("lets other work run in between while it back-tests 500 closed listings", async () => {
    const history = syntheticClosedListings(500, prng(7));
    // Other work, queued behind whatever the event loop is doing: a synchronous back-test would
    // let it run 0 times before finishing; a sliced one lets it run between the slices.
    let otherWork = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      otherWork += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const r = await backtestInSlices(history, RULE_SET_2019);
    running = false;
    console.log(
      `backtest of 200 of 500 synthetic closed listings: ${r.computeMs.toFixed(0)} ms wall, other work ran ${otherWork} times in between, median |error| ${r.medianAbsoluteError}, 80% interval coverage ${(r.intervalCoverage * 100).toFixed(1)}%`,
    );
    expect(r.listings).toBe(200);
    expect(r.intervalCoverage).toBeGreaterThan(0.6);
    expect(otherWork).toBeGreaterThan(5);
  });
});

// ── 3. Query cost ──────────────────────────────────────────────────────────────────────────────

const POSITION = `kind position from to total tier explanation(language: $language)`;
const CARD = `id reference title allocationModel status isOpen netRent serviceCosts totalRent closesAt responseCount dwelling { type rooms areaM2 floor accessibility city district { id name } }`;
const DASHBOARD = `query Dashboard($language: Language) {
  viewer {
    id email firstName lastName registration { total explanation } householdMembers { role firstName } incomes { year amount }
    responses(first: 100, state: ACTIVE) {
      totalCount
      edges { node {
        id status createdAt withdrawnAt finalPosition committeeVerdict committeeReason
        position { current { ${POSITION} } ifRespondedNow { ${POSITION} } expectedAtClose { expected low high method historicalMedianAbsoluteError historicalIntervalCoverage } canChange }
        listing { ${CARD} result { responseCount registrationYears decidedBy priorityRule letAt } }
      } }
    }
    offers { id position offeredAt respondBy outcome listing { id title reference landlord { name } } }
    urgencyApplications(first: 20) { edges { node {
      id category situation status createdAt submittedAt decidedAt decisionReason grantedCategory validFrom validUntil
      timeline { status at }
      documents { id fileName mimeType sizeBytes uploadedAt }
      preferredSearchProfile { kind dwellingTypes minFloor maxFloor minRooms maxRooms requiresAccessibility }
    } } }
  }
}`;
const cost = (q: string) =>
  operationCost(schema, parse(q).definitions[0] as OperationDefinitionNode, new Map());

describe("query cost limit", () => {
  it("lets realistic portal queries of 100 items through", async () => {
    const s = await f.seeker();
    const dash = await gql(app, DASHBOARD, { language: "NL" }, s.token);
    expect(dash.errors).toBeUndefined();
    expect(dash.data.viewer.responses.totalCount).toBe(0);
    const cards = `query($language: Language, $first: Int) { listings(first: $first) { totalCount edges { node { ${CARD} viewerEligibility { eligible checks { code passed explanation(language: $language) } } viewerPosition { current { ${POSITION} } ifRespondedNow { ${POSITION} } } viewerResponse { id status } } } } municipalities { id name districts { id name } } }`;
    const listed = await gql(app, cards, { language: "EN", first: 100 }, s.token);
    expect(listed.errors).toBeUndefined();
    const eligible = `query($f: ListingFilter) { viewer { eligibleListings(first: 100, filter: $f) { totalCount edges { node { ${CARD} criteria { rule description } viewerPosition { ifRespondedNow { kind position } expectedAtClose { expected low high } } } } } } }`;
    expect((await gql(app, eligible, { f: {} }, s.token)).errors).toBeUndefined();
    const lettings = `{ lettings(first: 100, year: 2026) { totalCount edges { node { id letAt allocationModel decidedBy responseCount registrationYears listing { reference title dwelling { type rooms city district { id name } } } } } } }`;
    expect((await gql(app, lettings)).errors).toBeUndefined();
    expect(cost(DASHBOARD)).toBeLessThan(MAX_QUERY_COST / 2);
  });

  it("rejects abusive queries: many aliased pages, nested lists, heavy lists per item", async () => {
    const s = await f.seeker();
    const page = `listings(first: 100) { edges { node { id viewerPosition { current { position } } viewerEligibility { eligible } } } }`;
    const aliased = `{ ${Array.from({ length: 15 }, (_, i) => `p${i}: ${page}`).join(" ")} }`;
    const nested = `{ viewer { responses(first: 100) { edges { node { listing { lottery { entries { ticket position } } } } } } } }`;
    const candidates = `{ listings(first: 100) { edges { node { candidates { ranked { position applicant { lastName } } } } } } }`;
    for (const q of [aliased, nested, candidates]) {
      const r = await gql(app, q, {}, s.token);
      expect(r.errors?.[0]?.message).toMatch(/Query cost \d+ exceeds the limit of 10000/);
      expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
      expect(r.data ?? null).toBeNull();
    }
  });

  it("counts a variable page size as the largest page (no bypass via $first)", () => {
    const literal = `{ listings(first: 100) { edges { node { id viewerPosition { current { position } } } } } }`;
    const variable = `query($n: Int) { listings(first: $n) { edges { node { id viewerPosition { current { position } } } } } }`;
    const small = `{ listings(first: 5) { edges { node { id viewerPosition { current { position } } } } } }`;
    expect(cost(variable)).toBe(cost(literal));
    expect(cost(small)).toBeLessThan(cost(literal) / 10);
    // fragments count where they are spread, like the inline selection
    const viaFragment = `query { listings(first: 100) { edges { node { ...F } } } } fragment F on Listing { id viewerPosition { current { position } } }`;
    const doc = parse(viaFragment);
    const fragments = new Map(
      doc.definitions.flatMap((d) => (d.kind === "FragmentDefinition" ? [[d.name.value, d] as const] : [])),
    );
    expect(operationCost(schema, doc.definitions[0] as OperationDefinitionNode, fragments)).toBe(
      cost(literal),
    );
  });
});

// ── 8. Client IP behind the portal ─────────────────────────────────────────────────────────────

describe("client IP behind the portal (shared proxy secret)", () => {
  const SECRET = "s".repeat(40);
  const req = (h: Record<string, string> = {}) => new Request("http://test/graphql", { headers: h });
  const peer = (remoteAddress: string) => ({ req: { socket: { remoteAddress } } });
  const portal = (ip: string, secret = SECRET) => ({
    "x-woonbeurt-proxy-secret": secret,
    "x-woonbeurt-client-ip": ip,
  });

  it("takes the forwarded address only with the portal's secret, from any peer", () => {
    const opts = { proxySecret: SECRET };
    expect(clientIp(req(portal("198.51.100.7")), peer("127.0.0.1"), opts)).toBe("198.51.100.7");
    expect(clientIp(req(portal("2001:db8::7")), peer("::1"), opts)).toBe("2001:db8::7");
    // a wrong secret, or none, leaves the peer
    expect(clientIp(req(portal("198.51.100.7", "x".repeat(40))), peer("127.0.0.1"), opts)).toBe("127.0.0.1");
    expect(clientIp(req({ "x-woonbeurt-client-ip": "198.51.100.7" }), peer("127.0.0.1"), opts)).toBe(
      "127.0.0.1",
    );
    // X-Forwarded-For from a loopback peer is not believed any more
    expect(clientIp(req({ "x-forwarded-for": "198.51.100.7" }), peer("127.0.0.1"), opts)).toBe("127.0.0.1");
    // a value that is not an IP address is ignored
    expect(clientIp(req(portal("not-an-ip")), peer("127.0.0.1"), opts)).toBe("127.0.0.1");
    // no secret configured: nobody can name an address
    expect(clientIp(req(portal("198.51.100.7")), peer("127.0.0.1"), { proxySecret: null })).toBe("127.0.0.1");
  });

  it("parses TRUST_PROXY and PORTAL_PROXY_SECRET and recognises loopback addresses", () => {
    expect(trustProxyFromEnv("loopback")).toBe(false);
    expect(trustProxyFromEnv("1")).toBe(true);
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv("yes")).toBe(false);
    expect(proxySecretFromEnv(undefined)).toBeNull();
    expect(proxySecretFromEnv("")).toBeNull();
    expect(proxySecretFromEnv(SECRET)).toBe(SECRET);
    expect(() => proxySecretFromEnv("short")).toThrow(/at least 32/);
    expect(isLoopback("127.8.9.10")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:10.0.0.1")).toBe(false);
    expect(isLoopback("1270.0.0.1")).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });

  describe("over real HTTP on 127.0.0.1", () => {
    beforeEach(async () => {
      await loginFailures.clear();
      await loginAttemptsPerIp.clear();
    });
    const SIGN_IN = `mutation($e: String!) { sessionCreate(input: { email: $e, password: "wrong password!!" }) { __typename } }`;

    async function attempts(target: App, email: string, headers: Record<string, string>[]) {
      const { createServer } = await import("node:http");
      const server = createServer(target);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      try {
        const port = (server.address() as { port: number }).port;
        for (const h of headers)
          await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...h },
            body: JSON.stringify({ query: SIGN_IN, variables: { e: email } }),
          });
      } finally {
        await new Promise((r) => server.close(r));
      }
      return t.db.auditLog.findMany({
        where: { action: "SIGN_IN_FAILED", entityId: email },
        select: { ip: true },
      });
    }

    it("records the browser address the portal forwards with its secret", async () => {
      const portalFacing = createApp({ db: t.db, logErrors: false, proxySecret: SECRET });
      const email = `portal-${Date.now()}@example.org`;
      const rows = await attempts(portalFacing, email, [portal("198.51.100.1"), portal("198.51.100.2")]);
      expect(rows.map((r) => r.ip).sort()).toEqual(["198.51.100.1", "198.51.100.2"]);
    });

    it("ignores a spoofed X-Forwarded-For or a guessed secret", async () => {
      const portalFacing = createApp({ db: t.db, logErrors: false, proxySecret: SECRET });
      const email = `spoof-${Date.now()}@example.org`;
      const rows = await attempts(portalFacing, email, [
        { "x-forwarded-for": "6.6.6.6" },
        portal("6.6.6.7", "guess".repeat(8)),
      ]);
      expect(rows.map((r) => r.ip)).toEqual([
        expect.stringMatching(/127\.0\.0\.1/),
        expect.stringMatching(/127\.0\.0\.1/),
      ]);
    });
  });
});

// ── 9. offerDecline by the seeker ──────────────────────────────────────────────────────────────

describe("offerDecline", () => {
  const decline = `mutation($id: ID!, $reason: String) { offerDecline(input: { offerId: $id, reason: $reason }) { __typename ... on OfferDeclineSuccess { offer { id outcome outcomeReason } } ... on InvalidStateError { currentState } ... on NotFoundError { entity } ${E} } }`;

  async function offeredListing() {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const listing = await f.listing(org.id, { rent: 500 });
    const id = gid("Listing", listing.id);
    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
    for (const s of [a, b])
      expect((await gql(app, respond, { id }, s.token)).data.listingRespond.__typename).toBe(
        "ListingRespondSuccess",
      );
    await t.db.listing.update({
      where: { id: listing.id },
      data: { publishedAt: new Date(Date.now() - 5 * DAY), closesAt: new Date(Date.now() - 1000) },
    });
    const close = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename } }`;
    expect((await gql(app, close, { id }, staff.token)).data.listingClose.__typename).toBe(
      "ListingCloseSuccess",
    );
    const make = `mutation($id: ID!) { offerMake(input: { listingId: $id }) { __typename ... on OfferMakeSuccess { offer { id position } } ${E} } }`;
    const offer = (await gql(app, make, { id }, staff.token)).data.offerMake.offer;
    expect(offer.position).toBe(1);
    return { listing, id, staff, a, b, offer, make };
  }

  it("the seeker declines: offer and response DECLINED, audited; the landlord offers to the next candidate", async () => {
    const { listing, id, staff, a, b, offer, make } = await offeredListing();
    const r = await gql(app, decline, { id: offer.id, reason: "  Te ver van mijn werk  " }, a.token);
    expect(r.data.offerDecline).toMatchObject({
      __typename: "OfferDeclineSuccess",
      offer: { id: offer.id, outcome: "DECLINED", outcomeReason: "Te ver van mijn werk" },
    });
    const response = await t.db.response.findFirstOrThrow({
      where: { listingId: listing.id, seekerId: a.seeker.id },
    });
    expect(response.status).toBe("DECLINED");
    const offerId = Buffer.from(offer.id, "base64").toString().split(":")[1]!;
    const log = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "Offer", entityId: offerId, action: "UPDATE" },
    });
    expect(log).toMatchObject({ actorUserId: a.user.id, actorRole: "SEEKER", action: "UPDATE" });
    expect(log.detail).toMatchObject({ outcome: "DECLINED" });
    // the dashboard shows it as a past response
    const past = await gql(
      app,
      `{ viewer { responses(first: 5, state: PAST) { totalCount } offers { outcome } } }`,
      {},
      a.token,
    );
    expect(past.data.viewer).toMatchObject({
      responses: { totalCount: 1 },
      offers: [{ outcome: "DECLINED" }],
    });

    const next = (await gql(app, make, { id }, staff.token)).data.offerMake.offer;
    expect(next.position).toBe(2);
    const nextRow = await t.db.offer.findFirstOrThrow({
      where: { listingId: listing.id, outcome: "PENDING" },
    });
    expect(nextRow.seekerId).toBe(b.seeker.id);
  });

  it("typed errors: not pending, not yours, not found, not a seeker, token without RESPONSES_WRITE", async () => {
    const { a, b, offer, staff } = await offeredListing();
    const notYours = await gql(app, decline, { id: offer.id }, b.token);
    expect(notYours.data.offerDecline.__typename).toBe("NotAuthorizedError");
    const staffTry = await gql(app, decline, { id: offer.id }, staff.token);
    expect(staffTry.data.offerDecline.__typename).toBe("NotAuthorizedError");
    const anon = await gql(app, decline, { id: offer.id });
    expect(anon.data.offerDecline.__typename).toBe("NotAuthorizedError");
    const { token: readOnly } = await createToken(a.user.id, "read only", ["SEEKER_READ"]);
    expect((await gql(app, decline, { id: offer.id }, readOnly)).data.offerDecline.__typename).toBe(
      "NotAuthorizedError",
    );
    const missing = await gql(
      app,
      decline,
      { id: gid("Offer", "00000000-0000-7000-8000-000000000000") },
      a.token,
    );
    expect(missing.data.offerDecline).toMatchObject({ __typename: "NotFoundError", entity: "Offer" });
    const tooLong = await gql(app, decline, { id: offer.id, reason: "x".repeat(1001) }, a.token);
    expect(tooLong.data.offerDecline.__typename).toBe("ValidationError");

    const { token: writer } = await createToken(a.user.id, "app", ["SEEKER_READ", "RESPONSES_WRITE"]);
    expect((await gql(app, decline, { id: offer.id }, writer)).data.offerDecline.__typename).toBe(
      "OfferDeclineSuccess",
    );
    const again = await gql(app, decline, { id: offer.id }, a.token);
    expect(again.data.offerDecline).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "DECLINED",
    });
  });
});
