/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Anonymous public reads are cached (issue 10, item 3): the same anonymous query is answered
 * from the response cache with an ETag (304 on If-None-Match) and public Cache-Control, a respond
 * or withdraw makes the next answer fresh, and authenticated reads are never cached.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let uncached: App;
let f: Fixtures;
let org: { id: string };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false, responseCache: true });
  uncached = createApp({ db: t.db, logErrors: false, responseCache: false });
  f = new Fixtures(t.db);
  org = await f.organisation();
});
afterAll(async () => t?.drop());

async function post(a: App, query: string, variables: object, headers: Record<string, string> = {}) {
  const res = await a.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: res.status === 200 ? ((await res.json()) as any) : null,
  };
}

const LISTING = `query($ref: String!) { listing(reference: $ref) { title responseCount } }`;
const PAGE = `query { listings(first: 50) { totalCount edges { node { id title responseCount } } } }`;
const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) {
  __typename ... on ListingRespondSuccess { response { id } } } }`;
const WITHDRAW = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename } }`;

it("serves an anonymous listing from the cache with an ETag until a respond or withdraw changes it", async () => {
  const listing = await f.listing(org.id);
  const seeker = await f.seeker();
  const first = await post(app, LISTING, { ref: listing.reference });
  expect(first.body.data.listing).toEqual({ title: "Tweekamerappartement", responseCount: 0 });
  expect(first.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
  const etag = first.headers.get("etag");
  expect(etag).toBeTruthy();

  // changed behind the API's back: the cached answer is still served, and revalidates as unchanged
  await t.db.listing.update({ where: { id: listing.id }, data: { title: "Ruim appartement" } });
  expect((await post(app, LISTING, { ref: listing.reference })).body.data.listing.title).toBe(
    "Tweekamerappartement",
  );
  const revalidated = await post(app, LISTING, { ref: listing.reference }, { "if-none-match": etag! });
  expect(revalidated.status).toBe(304);
  // (the uncached app sees the change at once: the difference is the cache)
  expect((await post(uncached, LISTING, { ref: listing.reference })).body.data.listing.title).toBe(
    "Ruim appartement",
  );

  const responded = await gql(app, RESPOND, { id: gid("Listing", listing.id) }, seeker.token);
  expect(responded.data.listingRespond.__typename).toBe("ListingRespondSuccess");
  const after = await post(app, LISTING, { ref: listing.reference });
  expect(after.body.data.listing).toEqual({ title: "Ruim appartement", responseCount: 1 });
  expect((await post(app, LISTING, { ref: listing.reference }, { "if-none-match": etag! })).status).toBe(200);

  const withdrawn = await gql(app, WITHDRAW, { id: responded.data.listingRespond.response.id }, seeker.token);
  expect(withdrawn.data.responseWithdraw.__typename).toBe("ResponseWithdrawSuccess");
  expect((await post(app, LISTING, { ref: listing.reference })).body.data.listing.responseCount).toBe(0);
});

it("refreshes a cached listings page after a respond on one of its listings, and never caches signed-in reads", async () => {
  const listing = await f.listing(org.id);
  const seeker = await f.seeker();
  const count = (r: any) =>
    r.body.data.listings.edges.find((e: any) => e.node.id === gid("Listing", listing.id)).node.responseCount;
  const before = await post(app, PAGE, {});
  expect(count(before)).toBe(0);
  // the cached page and the uncached one are the same JSON (the cache adds nothing to answers)
  expect(before.body).toEqual((await post(uncached, PAGE, {})).body);
  await gql(app, RESPOND, { id: gid("Listing", listing.id) }, seeker.token);
  expect(count(await post(app, PAGE, {}))).toBe(1);

  const signedIn = { authorization: `Bearer ${seeker.token}` };
  const mine = await post(app, LISTING, { ref: listing.reference }, signedIn);
  expect(mine.headers.get("cache-control")).toBe("private, no-store");
  expect(mine.headers.get("etag")).toBeNull();
  await t.db.listing.update({ where: { id: listing.id }, data: { title: "Benedenwoning" } });
  expect((await post(app, LISTING, { ref: listing.reference }, signedIn)).body.data.listing.title).toBe(
    "Benedenwoning",
  );
});
