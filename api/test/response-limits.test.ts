/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Response limits (reactielimiet, issue 15 item 5): a rule-set parameter, enforced in the response's
 * own transaction with a typed error that says what to do, and shown to the seeker as what is left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { RULE_SET_2019 } from "../src/allocation/index.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  // The region's rule set with a limit of 2 open responses at once and 3 a week.
  const {
    id: _id,
    version: _v,
    name: _n,
    effectiveFrom: _f,
    effectiveUntil: _u,
    ...parameters
  } = RULE_SET_2019;
  await t.db.ruleSet.create({
    data: {
      version: 1,
      name: "Regio met reactielimiet",
      effectiveFrom: new Date("2019-01-01T00:00:00Z"),
      parameters: { ...parameters, responses: { maxActive: 2, maxPerWeek: 3 } } as never,
    },
  });
});
afterAll(async () => t?.drop());

const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename
  ... on ResponseLimitReachedError { code message limit max current } } }`;
const WITHDRAW = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename } }`;
const ALLOWANCE = `{ viewer { responseAllowance { allowed maxActive activeLeft maxPerWeek weekLeft } } }`;

describe("response limits", () => {
  it("refuses a third open response with the limit and the count, says what is left, and frees a place on withdrawal", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const listings = [];
    for (let i = 0; i < 4; i++) listings.push(await f.listing(org.id));
    expect((await gql(app, ALLOWANCE, {}, s.token)).data.viewer.responseAllowance).toEqual({
      allowed: true,
      maxActive: 2,
      activeLeft: 2,
      maxPerWeek: 3,
      weekLeft: 3,
    });
    for (const l of listings.slice(0, 2))
      expect(
        (await gql(app, RESPOND, { id: gid("Listing", l.id) }, s.token)).data.listingRespond.__typename,
      ).toBe("ListingRespondSuccess");
    const third = (await gql(app, RESPOND, { id: gid("Listing", listings[2]!.id) }, s.token)).data
      .listingRespond;
    expect(third).toMatchObject({
      __typename: "ResponseLimitReachedError",
      code: "RESPONSE_LIMIT_REACHED",
      limit: "ACTIVE",
      max: 2,
      current: 2,
    });
    expect(third.message).toMatch(/Withdraw one/);
    expect(await t.db.response.count({ where: { seekerId: s.seeker.id } })).toBe(2);
    expect((await gql(app, ALLOWANCE, {}, s.token)).data.viewer.responseAllowance).toMatchObject({
      allowed: false,
      activeLeft: 0,
      weekLeft: 1,
    });

    // Withdrawing one frees a place; the week still counts it (3 a week: the withdrawn one, the
    // kept one and this new one).
    const first = await t.db.response.findFirstOrThrow({
      where: { seekerId: s.seeker.id, listingId: listings[0]!.id },
    });
    await gql(app, WITHDRAW, { id: gid("Response", first.id) }, s.token);
    expect(
      (await gql(app, RESPOND, { id: gid("Listing", listings[2]!.id) }, s.token)).data.listingRespond
        .__typename,
    ).toBe("ListingRespondSuccess");
    // Withdrawing another frees an open place, but 3 responses were made this week: the week limit.
    const second = await t.db.response.findFirstOrThrow({
      where: { seekerId: s.seeker.id, listingId: listings[1]!.id },
    });
    await gql(app, WITHDRAW, { id: gid("Response", second.id) }, s.token);
    const weekly = (await gql(app, RESPOND, { id: gid("Listing", listings[3]!.id) }, s.token)).data
      .listingRespond;
    expect(weekly).toMatchObject({
      __typename: "ResponseLimitReachedError",
      limit: "WEEK",
      max: 3,
      current: 3,
    });
  });

  it("two responses of one seeker at once cannot both take the last free place", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const a = await f.listing(org.id);
    const [b, c] = [await f.listing(org.id), await f.listing(org.id)];
    await gql(app, RESPOND, { id: gid("Listing", a.id) }, s.token);
    const results = await Promise.all(
      [b, c].map((l) => gql(app, RESPOND, { id: gid("Listing", l.id) }, s.token)),
    );
    expect(results.map((r: any) => r.data.listingRespond.__typename).sort()).toEqual([
      "ListingRespondSuccess",
      "ResponseLimitReachedError",
    ]);
    expect(await t.db.response.count({ where: { seekerId: s.seeker.id, status: "ACTIVE" } })).toBe(2);
  });
});
