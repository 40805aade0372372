/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Eligibility and positions as the API serves them (issue 10: eligible listings in one SQL
 * statement, positions counted against kept rank keys) are identical to the allocation core's
 * own answers computed from scratch, for every demo seeker of the `small` seed: which published
 * listings `viewer.eligibleListings` returns (and its `totalCount`), and on every published
 * listing `viewerEligibility` and `viewerPosition { current ifRespondedNow }` — the core's
 * `checkEligibility`, `currentPosition` and `positionIfRespondedNow` on every candidate loaded
 * fresh from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { DEMO_ACCOUNTS, seed } from "../../prisma/seed/index.ts";
import {
  checkEligibility,
  currentPosition,
  positionIfRespondedNow,
  ruleSetInForce,
  type PositionResult,
} from "../src/allocation/index.ts";
import { createSession } from "../src/auth/session.ts";
import { createApp } from "../src/server.ts";
import {
  candidateInclude,
  candidateInput,
  evaluableOn,
  listingInputTx,
  listingSelect,
  loadRuleSets,
  seekerInclude,
  seekerInput,
} from "../src/schema/core.ts";
import { clearRankKeys } from "../src/schema/rank-keys.ts";
import { gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, { scale: "small" });
  app = createApp({ db: t.db, logErrors: false });
}, 300_000);
afterAll(async () => t?.drop());

const POS = `kind position from to total`;
const ELIGIBLE = `query($after: String) { viewer { eligibleListings(first: 100, after: $after, orderBy: CLOSES_AT_ASC) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id viewerEligibility { eligible }
  viewerPosition { current { ${POS} } ifRespondedNow { ${POS} } } } } } } }`;
const ALL = `query($after: String) { listings(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id viewerEligibility { eligible checks { code passed } }
  viewerPosition { current { ${POS} } ifRespondedNow { ${POS} } } } } } }`;

/** The API's PositionView fields for a core PositionResult (what `POS` selects). */
function view(p: PositionResult | { kind: "CLOSED" } | null) {
  if (!p) return null;
  return {
    kind: p.kind,
    position: p.kind === "RANKED" ? p.position : null,
    from: p.kind === "RANKED" ? p.position : p.kind === "LOTTERY_PENDING" ? p.from : null,
    to: p.kind === "RANKED" ? p.position : p.kind === "LOTTERY_PENDING" ? p.to : null,
    total: p.kind === "RANKED" || p.kind === "LOTTERY_PENDING" ? p.total : null,
  };
}

/** Every page of a connection. */
async function all(query: string, token: string, pick: (d: any) => any) {
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount: number | null = null;
  for (;;) {
    const r = await gql(app, query, { after }, token);
    expect(r.errors).toBeUndefined();
    const c = pick(r.data);
    totalCount = c.totalCount ?? null;
    nodes.push(...c.edges.map((e: any) => e.node));
    if (!c.pageInfo.hasNextPage) return { nodes, totalCount };
    after = c.pageInfo.endCursor;
  }
}

describe("eligibility and positions of every demo seeker equal the allocation core's", () => {
  const seekers = DEMO_ACCOUNTS.filter((a) => a.role === "SEEKER");

  it.each(seekers.map((s) => [s.email]))("%s", { timeout: 300_000 }, async (email) => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email }, include: { seeker: true } });
    const { token } = await createSession(user.id);
    const seeker = await t.db.seeker.findUniqueOrThrow({
      where: { id: user.seeker!.id },
      include: seekerInclude,
    });
    const now = new Date();
    const ruleSet = ruleSetInForce(await loadRuleSets(t.db as never), now);
    const me = seekerInput(seeker);
    const published = await t.db.listing.findMany({ where: { status: "PUBLISHED" }, select: listingSelect });
    expect(published.length).toBeGreaterThan(10);

    // The core on fresh rows: eligibility and positions per published listing.
    const expected = new Map<
      string,
      { eligible: boolean; checks: unknown; current: unknown; ifNow: unknown }
    >();
    for (const l of published) {
      const input = await listingInputTx(t.db as never, l);
      const responses = await t.db.response.findMany({
        where: { listingId: l.id, status: { not: "WITHDRAWN" } },
        include: candidateInclude,
      });
      const own = responses.find((r) => r.seekerId === seeker.id);
      const result = checkEligibility(
        me,
        input,
        ruleSet,
        now,
        own ? { motivation: own.motivation, committeeVerdict: own.committeeVerdict } : undefined,
      );
      let current: unknown = null;
      let ifNow: unknown = null;
      if (l.allocationModel === "BEMIDDELING") {
        current = own ? view({ kind: "NOT_RANKED" }) : null;
        ifNow = view({ kind: "NOT_RANKED" });
      } else {
        const candidates = responses.map(candidateInput).filter((c) => evaluableOn(c.seeker, now));
        const ownCandidate =
          own && evaluableOn(me, now) ? candidates.find((c) => c.responseId === own.id) : null;
        current = ownCandidate
          ? view(currentPosition(input, candidates, ownCandidate.responseId, ruleSet, now))
          : null;
        ifNow =
          current ??
          (l.closesAt <= now || !evaluableOn(me, now)
            ? view({ kind: "CLOSED" })
            : view(
                positionIfRespondedNow(
                  input,
                  candidates.filter((c) => c.seeker.id !== seeker.id),
                  me,
                  ruleSet,
                  now,
                ),
              ));
      }
      expected.set(l.id, {
        eligible: result.eligible,
        checks: result.checks.map((c) => ({ code: c.code, passed: c.passed })),
        current,
        ifNow,
      });
    }
    const eligibleIds = published
      .filter((l) => l.closesAt > now && expected.get(l.id)!.eligible)
      .map((l) => gid("Listing", l.id))
      .sort();

    for (const cold of [true, false]) {
      // cold: no rank keys kept; then again with the keys the first pass kept
      if (cold) clearRankKeys();
      const mine = await all(ELIGIBLE, token, (d) => d.viewer.eligibleListings);
      expect(mine.nodes.map((n) => n.id).sort()).toEqual(eligibleIds);
      expect(mine.totalCount).toBe(eligibleIds.length);
      const every = await all(ALL, token, (d) => d.listings);
      expect(every.nodes).toHaveLength(published.length);
      for (const n of [...mine.nodes, ...every.nodes]) {
        const id = Buffer.from(n.id, "base64").toString().split(":")[1]!;
        const e = expected.get(id)!;
        expect({ id, eligible: n.viewerEligibility.eligible }).toEqual({ id, eligible: e.eligible });
        if (n.viewerEligibility.checks) expect(n.viewerEligibility.checks).toEqual(e.checks);
        expect({ id, current: n.viewerPosition.current }).toEqual({ id, current: e.current });
        expect({ id, ifNow: n.viewerPosition.ifRespondedNow }).toEqual({ id, ifNow: e.ifNow });
      }
    }
    // some answers worth comparing: the seeker is eligible somewhere and ranked somewhere
    expect(eligibleIds.length).toBeGreaterThan(0);
    expect([...expected.values()].some((e) => (e.ifNow as any)?.kind === "RANKED")).toBe(true);
  });
});
