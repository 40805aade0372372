/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Landlord candidates in a constant, small number of SQL statements (issue 10, item 4): a
 * listing's ranked candidate list, read by its landlord's staff, costs the same number of
 * statements for 10 and for 120 candidates, at most 5 (session and viewer included).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let statements: string[] = [];
let staffToken = "";
let small = "";
let large = "";

beforeAll(async () => {
  t = await createTestDatabase({ logQueries: true });
  (t.db as any).$on("query", (e: { query: string }) => statements.push(e.query));
  app = createApp({ db: t.db, logErrors: false });
  const f = new Fixtures(t.db);
  const org = await f.organisation();
  staffToken = (await f.staff("LANDLORD_STAFF", org.id)).token;
  const smallListing = await f.listing(org.id);
  const largeListing = await f.listing(org.id);
  small = gid("Listing", smallListing.id);
  large = gid("Listing", largeListing.id);
  for (let i = 0; i < 120; i++) {
    const s = await f.seeker({
      session: false,
      registrationDate: `20${String(10 + (i % 12)).padStart(2, "0")}-0${1 + (i % 9)}-15`,
      householdSize: 1 + (i % 3),
      income: i % 10 === 0 ? 90000 : 30000 + i * 50,
    });
    for (const l of i < 10 ? [smallListing, largeListing] : [largeListing])
      await t.db.response.create({ data: { listingId: l.id, seekerId: s.seeker.id } });
  }
});
afterAll(async () => t?.drop());

const QUERY = `query($id: ID!) { node(id: $id) { ... on Listing { reference candidates { final
  ranked { position registrationYears reason applicant { firstName lastName householdSize householdIncome isMover } }
  excluded { excludedReason applicant { firstName lastName householdSize householdIncome isMover } } } } } }`;

async function count(id: string) {
  statements = [];
  const r = await gql(app, QUERY, { id }, staffToken);
  expect(r.errors).toBeUndefined();
  const c = r.data.node.candidates;
  return { n: statements.length, sql: statements, total: c.ranked.length + c.excluded.length };
}

it("a listing's candidates for its landlord's staff take the same few statements for 10 and 120 candidates", async () => {
  await count(small); // warm-up: the rule sets are kept per process
  const ten = await count(small);
  const many = await count(large);
  console.log(ten.sql.join("\n\n"));
  expect(ten.total).toBe(10);
  expect(many.total).toBe(120);
  expect(many.n).toBe(ten.n);
  expect(ten.n).toBeLessThanOrEqual(5);
});
