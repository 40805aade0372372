/** Hardening: CSRF prevention, armor limits, suggestions hidden from anonymous callers, body size. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let token = "";
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  token = (await new Fixtures(t.db).seeker()).token;
});
afterAll(async () => t?.drop());

it("refuses a simple cross-site form POST (CSRF prevention)", async () => {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "query={__typename}",
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
});

it("hides field suggestions from anonymous callers only", async () => {
  const anon = await gql(app, `{ listingz { id } }`);
  expect(anon.errors?.[0]?.message).not.toMatch(/Did you mean/);
  const signed = await gql(app, `{ listingz { id } }`, {}, token);
  expect(signed.errors?.[0]?.message).toMatch(/Did you mean/);
});

it("limits depth and aliases", async () => {
  const deep = `{ listings(first: 1) { edges { node { landlord { municipality { districts { municipality { districts { municipality { districts { municipality { districts { name } } } } } } } } } } } } }`;
  expect((await gql(app, deep)).errors?.[0]?.message).toMatch(/depth/i);
  const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: account { email }`).join(" ")} }`;
  expect((await gql(app, aliases)).errors?.[0]?.message).toMatch(/alias/i);
});

it("rejects oversized bodies with 413", async () => {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(1_100_000) } }),
  });
  expect(res.status).toBe(413);
});

it("introspection is on for everyone", async () => {
  const r = await gql(app, `{ __schema { queryType { name } } }`);
  expect(r.data.__schema.queryType.name).toBe("Query");
});

it("serves GraphiQL from the installed package: the page loads nothing from another host (works offline)", async () => {
  const res = await app.fetch("http://test/graphql", { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("Woonbeurt API");
  // Every script and stylesheet is inline or same-origin; no CDN (unpkg, jsDelivr, esm.sh …).
  const external = [
    ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']((?:https?:)?\/\/[^"']+)/gi),
  ].map((m) => m[1]);
  expect(external).toEqual([]);
  expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net|esm\.sh/);
});

it("answers liveness at /healthz and readiness at /readyz (database reachable, migrations applied)", async () => {
  const live = await app.fetch("http://test/healthz");
  expect(live.status).toBe(200);
  const ready = await app.fetch("http://test/readyz");
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  // A migration the database does not have yet: not ready, and the reason says why.
  await t.db.$executeRawUnsafe(
    `DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
  );
  const pending = await app.fetch("http://test/readyz");
  expect(pending.status).toBe(503);
  expect(await pending.json()).toEqual({ status: "not ready", reason: "1 migration(s) pending" });
});
