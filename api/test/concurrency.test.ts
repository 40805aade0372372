/** Concurrent double submits create one response; many seekers at once get consistent positions. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createSession } from "../src/auth/session.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ... on ListingRespondSuccess { response { id } } ... on AlreadyRespondedError { responseId } } }`;

it("100 parallel listingRespond calls for the same seeker and listing create one response", async () => {
  const org = await f.organisation();
  const l = await f.listing(org.id, { rent: 500 });
  const s = await f.seeker({ income: 20000 });
  const results = await Promise.all(
    Array.from({ length: 100 }, () => gql(app, respond, { id: gid("Listing", l.id) }, s.token)),
  );
  const kinds = results.map((r) => (r.errors ? "ERROR" : r.data.listingRespond.__typename));
  expect(kinds.filter((k) => k === "ListingRespondSuccess")).toHaveLength(1);
  expect(kinds.filter((k) => k === "AlreadyRespondedError")).toHaveLength(99);
  expect(await t.db.response.count({ where: { listingId: l.id } })).toBe(1);
});

it("200 seekers responding at once all get consistent positions", async () => {
  const org = await f.organisation();
  const l = await f.listing(org.id, { rent: 500 });
  const seekers = [];
  for (let i = 0; i < 200; i++) {
    const day = new Date(Date.UTC(2005 + (i % 15), i % 12, 1 + (i % 27)));
    seekers.push(
      await f.seeker({ income: 20000, registrationDate: day.toISOString().slice(0, 10), session: false }),
    );
  }
  const tokens = await Promise.all(seekers.map(async (s) => (await createSession(s.user.id)).token));
  const results = await Promise.all(
    tokens.map((tok) => gql(app, respond, { id: gid("Listing", l.id) }, tok)),
  );
  expect(results.every((r) => r.data?.listingRespond.__typename === "ListingRespondSuccess")).toBe(true);
  expect(await t.db.response.count({ where: { listingId: l.id } })).toBe(200);
  const q = `query($id: ID!) { node(id: $id) { ... on Listing { viewerPosition { current { position total } } } } }`;
  const positions = await Promise.all(tokens.map((tok) => gql(app, q, { id: gid("Listing", l.id) }, tok)));
  const ps = positions.map((p) => p.data.node.viewerPosition.current.position as number);
  expect(positions.every((p) => p.data.node.viewerPosition.current.total === 200)).toBe(true);
  expect([...ps].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  // longest registration ranks first
  const byPos = new Map(ps.map((p, i) => [p, seekers[i]!.seeker]));
  for (let p = 1; p < 200; p++)
    expect(byPos.get(p)!.registrationDate.getTime()).toBeLessThanOrEqual(
      byPos.get(p + 1)!.registrationDate.getTime(),
    );
});
