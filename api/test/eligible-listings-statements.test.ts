/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Operation B of the API benchmark (a signed-in seeker's `viewer.eligibleListings` with
 * eligibility, positions and own response per card) runs the same number of SQL statements for
 * 10 and for 100 listings — with nothing kept in the process (cold: the published listings'
 * inputs, their card rows and every listing's rank keys still to be read) and with everything
 * kept from the request before (warm) — and pages backwards like forwards. What the process keeps
 * follows the database: a listing published or a response written shows at the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements, createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { clearRankKeys } from "../src/schema/rank-keys.ts";
import { clearOpenListingInputs } from "../src/schema/seeker.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let statements: ReturnType<typeof countStatements>;
let token = "";

beforeAll(async () => {
  t = await createTestDatabase();
  // every statement on the client's connections, through Prisma or plain node-postgres
  statements = countStatements(t.db);
  app = createApp({ db: t.db, logErrors: false });
  const f = new Fixtures(t.db);
  const org = await f.organisation();
  const { municipality, district } = await f.municipality();
  const others = await Promise.all([0, 1, 2].map(() => f.seeker({ registrationDate: "2012-01-01" })));
  const viewer = await f.seeker({ registrationDate: "2015-01-01" });
  token = viewer.token;
  const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
  for (let i = 0; i < 120; i++) {
    const l = await f.listing(org.id, {
      rent: 400 + i,
      municipalityId: municipality.id,
      districtId: district.id,
      closesAt: new Date(Date.now() + (2 + i) * 3_600_000),
    });
    // a few candidates on some listings, and the viewer's own response on one
    const id = Buffer.from(`Listing:${l.id}`).toString("base64");
    if (i % 10 === 0) for (const s of others) await gql(app, respond, { id }, s.token);
    if (i === 3) await gql(app, respond, { id }, viewer.token);
  }
});
afterAll(async () => t?.drop());

const POS = `kind position from to total tier explanation(language: NL)`;
const B = `query($n: Int, $last: Int, $before: String) { viewer { eligibleListings(first: $n, last: $last, before: $before, orderBy: CLOSES_AT_ASC) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { id reference title netRent closesAt responseCount dwelling { type rooms district { id name } }
    viewerEligibility { eligible }
    viewerPosition { current { ${POS} } ifRespondedNow { ${POS} } expectedAtClose { expected low high method } }
    viewerResponse { id status } } } } } }`;

async function count(vars: Record<string, unknown>, cold: boolean) {
  if (cold) {
    clearRankKeys();
    clearOpenListingInputs();
  }
  const before = statements.count();
  const r = await gql(app, B, vars, token);
  expect(r.errors).toBeUndefined();
  return { n: statements.count() - before, page: r.data.viewer.eligibleListings };
}

describe("viewer.eligibleListings (benchmark operation B)", () => {
  it("runs the same number of SQL statements for first: 10 and first: 100, cold and warm", async () => {
    await count({ n: 10 }, true); // warm-up: the published listings' inputs are kept in the process
    const cold10 = await count({ n: 10 }, true);
    const cold100 = await count({ n: 100 }, true);
    expect(cold100.n).toBe(cold10.n);
    expect(cold100.page.edges).toHaveLength(100);
    expect(cold100.page.totalCount).toBe(120);
    const warm100 = await count({ n: 100 }, false);
    const warm10 = await count({ n: 10 }, false);
    expect(warm10.n).toBe(warm100.n);
    // warm: the session (with the viewer's row and ranking inputs) and the page (with the viewer's
    // own response on each of its listings)
    expect(warm100.n).toBe(2);
    expect(cold100.n).toBeGreaterThan(warm100.n);
    // the seeker's own response and the others' count in the positions
    const mine = cold100.page.edges[3].node;
    expect(mine.viewerResponse.status).toBe("ACTIVE");
    expect(mine.viewerPosition.current).toMatchObject({ kind: "RANKED", position: 1, total: 1 });
    const crowded = cold100.page.edges[10].node;
    expect(crowded.viewerPosition.ifRespondedNow).toMatchObject({ kind: "RANKED", position: 4, total: 4 });
  });

  it("shows a listing published and a response written since the last request", async () => {
    const first = (await count({ n: 200 }, false)).page;
    expect(first.totalCount).toBe(120);
    // published by a write the process is not told of (another program on the database)
    const f = new Fixtures(t.db);
    const org = await t.db.organisation.findFirstOrThrow();
    const district = await t.db.district.findFirstOrThrow();
    const l = await f.listing(org.id, {
      rent: 399,
      municipalityId: district.municipalityId,
      districtId: district.id,
      closesAt: new Date(Date.now() + 3_600_000),
    });
    const after = (await count({ n: 200 }, false)).page;
    expect(after.totalCount).toBe(121);
    expect(after.edges[0].node.id).toBe(Buffer.from(`Listing:${l.id}`).toString("base64"));
    expect(after.edges[0].node.responseCount).toBe(0);
    // another seeker responds through the API: the kept card shows the new count
    const other = await f.seeker({ registrationDate: "2010-01-01" });
    const r = await gql(
      app,
      `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`,
      { id: after.edges[0].node.id },
      other.token,
    );
    expect(r.data.listingRespond.__typename).toBe("ListingRespondSuccess");
    const counted = (await count({ n: 10 }, false)).page;
    expect(counted.edges[0].node.responseCount).toBe(1);
    expect(counted.edges[0].node.viewerPosition.ifRespondedNow).toMatchObject({
      kind: "RANKED",
      position: 2,
      total: 2,
    });
    // the responder's data changes outside the API (registered after the viewer now): the
    // listing's rank version moves in the database, and the viewer's position with it
    await t.db.seeker.update({
      where: { id: other.seeker.id },
      data: { registrationDate: new Date("2020-01-01") },
    });
    const moved = (await count({ n: 10 }, false)).page;
    expect(moved.edges[0].node.viewerPosition.ifRespondedNow).toMatchObject({
      kind: "RANKED",
      position: 1,
      total: 2,
    });
  });

  it("answers a mutation's payload with the seeker as the mutation left them, not as the session read them", async () => {
    const income = (await gql(app, `{ viewer { householdIncome } }`, {}, token)).data.viewer.householdIncome;
    const eligible = (await count({ n: 1 }, false)).page.totalCount;
    expect(eligible).toBeGreaterThan(100);
    const payload = (amount: number) =>
      gql(
        app,
        `mutation($amount: Float!) { incomeUpdate(input: { income: { amount: $amount } }) {
          __typename ... on IncomeUpdateSuccess { seeker { householdIncome eligibleListings(first: 1) { totalCount } } } } }`,
        { amount },
        token,
      );
    // above every social income limit: no listing left (the session statement read the old income)
    const rich = await payload(500_000);
    expect(rich.errors).toBeUndefined();
    expect(rich.data.incomeUpdate.seeker).toMatchObject({
      householdIncome: 500_000,
      eligibleListings: { totalCount: 0 },
    });
    expect((await count({ n: 1 }, false)).page.totalCount).toBe(0);
    const back = await payload(income);
    expect(back.data.incomeUpdate.seeker.eligibleListings.totalCount).toBe(eligible);
    expect((await count({ n: 1 }, false)).page.totalCount).toBe(eligible);
  });

  it("pages backwards from a cursor like forwards", async () => {
    const forward = (await count({ n: 10 }, false)).page;
    const ids = forward.edges.map((e: any) => e.node.id);
    const back = (await count({ last: 4, before: forward.edges[9].cursor }, false)).page;
    expect(back.edges.map((e: any) => e.node.id)).toEqual(ids.slice(5, 9));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(back.totalCount).toBe(121);
  });
});
