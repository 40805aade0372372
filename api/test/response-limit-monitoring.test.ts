/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Monitoring of the response limit (issue 15 item 5): every response the limit refuses is counted
 * (which limit, when; no seeker), and `responseLimitRefusals` shows the counts per week to anyone.
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
      parameters: { ...parameters, responses: { maxActive: 1, maxPerWeek: null } } as never,
    },
  });
});
afterAll(async () => t?.drop());

const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
const REFUSALS = `query($weeks: Int) { responseLimitRefusals(weeks: $weeks) { weekStart active week total } }`;

describe("response limit monitoring", () => {
  it("counts each refused response in this week's row, publicly, without naming the seeker", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const [a, b, c] = [await f.listing(org.id), await f.listing(org.id), await f.listing(org.id)];
    const before = (await gql(app, REFUSALS, { weeks: 4 })).data.responseLimitRefusals;
    expect(before).toHaveLength(4);
    expect(before.every((w: any) => w.total === 0)).toBe(true);

    expect(
      (await gql(app, RESPOND, { id: gid("Listing", a.id) }, s.token)).data.listingRespond.__typename,
    ).toBe("ListingRespondSuccess");
    for (const l of [b, c])
      expect(
        (await gql(app, RESPOND, { id: gid("Listing", l.id) }, s.token)).data.listingRespond.__typename,
      ).toBe("ResponseLimitReachedError");

    // anonymous caller: the current week (last row) holds the two refusals
    const after = (await gql(app, REFUSALS, { weeks: 4 })).data.responseLimitRefusals;
    expect(after.at(-1)).toMatchObject({ active: 2, week: 0, total: 2 });
    expect(after.slice(0, 3).every((w: any) => w.total === 0)).toBe(true);
    // weeks are consecutive Mondays
    const days = after.map((w: any) => new Date(`${w.weekStart}T00:00:00Z`));
    expect(days.every((d: Date) => d.getUTCDay() === 1)).toBe(true);
    expect((days[3].getTime() - days[0].getTime()) / 86_400_000).toBe(21);
    const rows = await t.db.responseLimitRefusal.findMany();
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!).sort()).toEqual(["id", "limit", "refusedAt"]);
  });

  it("refuses a number of weeks out of range with a typed error", async () => {
    const r = await gql(app, REFUSALS, { weeks: 500 });
    expect(r.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });
});
