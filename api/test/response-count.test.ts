/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * `Listing.responseCount` is a stored counter (issue 10, item 3): exact after every respond,
 * withdraw and re-respond, and the public listings page reads it without touching a single
 * response row, with the same number of statements for 10 and 100 listings.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let org: { id: string };
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ logQueries: true });
  (t.db as any).$on("query", (e: { query: string }) => statements.push(e.query));
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  org = await f.organisation();
});
afterAll(async () => t?.drop());

const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) {
  __typename ... on ListingRespondSuccess { response { id } } } }`;
const WITHDRAW = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename } }`;

async function shownCount(reference: string): Promise<number> {
  const r = await gql(app, `query($ref: String!) { listing(reference: $ref) { responseCount } }`, {
    ref: reference,
  });
  expect(r.errors).toBeUndefined();
  return r.data.listing.responseCount;
}
async function actualCount(listingId: string): Promise<number> {
  return t.db.response.count({ where: { listingId, status: { not: "WITHDRAWN" } } });
}

it("responseCount stays exact after respond, withdraw and responding again", async () => {
  const listing = await f.listing(org.id);
  const other = await f.listing(org.id);
  const [a, b] = [await f.seeker(), await f.seeker()];
  expect(await shownCount(listing.reference)).toBe(0);

  const ra = await gql(app, RESPOND, { id: gid("Listing", listing.id) }, a.token);
  expect(ra.data.listingRespond.__typename).toBe("ListingRespondSuccess");
  const rb = await gql(app, RESPOND, { id: gid("Listing", listing.id) }, b.token);
  expect(rb.data.listingRespond.__typename).toBe("ListingRespondSuccess");
  await gql(app, RESPOND, { id: gid("Listing", other.id) }, b.token);
  expect(await shownCount(listing.reference)).toBe(2);

  // a second respond by the same seeker is refused and counts nothing
  const again = await gql(app, RESPOND, { id: gid("Listing", listing.id) }, a.token);
  expect(again.data.listingRespond.__typename).toBe("AlreadyRespondedError");
  expect(await shownCount(listing.reference)).toBe(2);

  const w = await gql(app, WITHDRAW, { id: ra.data.listingRespond.response.id }, a.token);
  expect(w.data.responseWithdraw.__typename).toBe("ResponseWithdrawSuccess");
  expect(await shownCount(listing.reference)).toBe(1);
  expect(await shownCount(other.reference)).toBe(1);

  // withdrawing twice fails and changes nothing; responding again re-activates the response
  const w2 = await gql(app, WITHDRAW, { id: ra.data.listingRespond.response.id }, a.token);
  expect(w2.data.responseWithdraw.__typename).toBe("InvalidStateError");
  expect(await shownCount(listing.reference)).toBe(1);
  const back = await gql(app, RESPOND, { id: gid("Listing", listing.id) }, a.token);
  expect(back.data.listingRespond.__typename).toBe("ListingRespondSuccess");
  expect(await shownCount(listing.reference)).toBe(2);

  // a deleted seeker's responses disappear with them (cascade)
  await t.db.user.delete({ where: { id: b.user.id } });
  expect(await shownCount(listing.reference)).toBe(1);
  expect(await shownCount(other.reference)).toBe(0);
  for (const l of [listing, other]) expect(await shownCount(l.reference)).toBe(await actualCount(l.id));
});

it("the listings page reads no responses and runs as many statements for 100 listings as for 10", async () => {
  for (let i = 0; i < 100; i++) await f.listing(org.id, { rent: 400 + i });
  const query = `query($n: Int!) { listings(first: $n) { totalCount edges { node { id reference responseCount } } } }`;
  const run = async (n: number) => {
    const from = statements.length;
    const r = await gql(app, query, { n });
    expect(r.errors).toBeUndefined();
    expect(r.data.listings.edges).toHaveLength(n);
    return statements.slice(from);
  };
  await run(10); // warm-up
  const ten = await run(10);
  const hundred = await run(100);
  expect(hundred.length).toBe(ten.length);
  expect([...ten, ...hundred].filter((sql) => sql.includes('"Response"'))).toEqual([]);
});
