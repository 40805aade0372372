/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** Core API behaviour: public listings, viewer, auth flows, and the main mutations. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gql, gid, PASSWORD, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

describe("public listings", () => {
  it("lists published listings with dwelling, organisation and response count", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id, { rent: 500 });
    await f.listing(org.id, { status: "DRAFT" });
    const r = await gql(
      app,
      `{ listings(first: 50) { totalCount edges { node { id reference netRent totalRent responseCount status dwelling { rooms areaM2 } landlord { name } viewerEligibility { eligible } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const refs = r.data.listings.edges.map((e: any) => e.node.reference);
    expect(refs).toContain(l.reference);
    const node = r.data.listings.edges.find((e: any) => e.node.reference === l.reference).node;
    expect(node.netRent).toBe(500);
    expect(node.viewerEligibility).toBeNull();
    expect(r.data.listings.edges.every((e: any) => e.node.status === "PUBLISHED")).toBe(true);
  });

  it("filters by rent range and rejects a bad filter with a validation error", async () => {
    const org = await f.organisation();
    const cheap = await f.listing(org.id, { rent: 401.5 });
    const r = await gql(
      app,
      `query($f: ListingFilter) { listings(first: 100, filter: $f) { edges { node { reference netRent } } } }`,
      { f: { rentMin: 400, rentMax: 402 } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.listings.edges.map((e: any) => e.node.reference)).toEqual([cheap.reference]);
    const bad = await gql(
      app,
      `query($f: ListingFilter) { listings(first: 1, filter: $f) { edges { node { id } } } }`,
      { f: { roomsMin: -1 } },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });

  it("hides drafts from node() for anonymous callers but shows them to the landlord", async () => {
    const org = await f.organisation();
    const draft = await f.listing(org.id, { status: "DRAFT" });
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const q = `query($id: ID!) { node(id: $id) { ... on Listing { reference } } }`;
    const anon = await gql(app, q, { id: gid("Listing", draft.id) });
    expect(anon.data?.node ?? null).toBeNull();
    const own = await gql(app, q, { id: gid("Listing", draft.id) }, staff.token);
    expect(own.data.node.reference).toBe(draft.reference);
  });
});

describe("seeker registration and sessions", () => {
  const register = `mutation($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename ... on SeekerRegisterSuccess { registration { email } } ... on ValidationError { issues { field message } } ... on Error { code message } } }`;
  const input = (email: string) => ({
    email,
    password: PASSWORD,
    firstName: "Ada",
    lastName: "Jansen",
    birthDate: "1995-02-03",
    income: { amount: 28000 },
    householdMembers: [{ role: "PARTNER", firstName: "Bo", birthDate: "1994-01-01" }],
  });

  it("registers; after signing in the viewer shows household and income", async () => {
    const r = await gql(app, register, { input: input("ada@example.org") });
    expect(r.data.seekerRegister.__typename).toBe("SeekerRegisterSuccess");
    expect(r.data.seekerRegister.registration).toEqual({ email: "ada@example.org" });
    const signIn = await gql(
      app,
      `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } } }`,
      { e: "ada@example.org", p: PASSWORD },
    );
    const token = signIn.data.sessionCreate.session.token;
    const v = await gql(
      app,
      `{ viewer { firstName householdSize householdIncome registration { total explanation } email } }`,
      {},
      token,
    );
    expect(v.errors).toBeUndefined();
    expect(v.data.viewer).toMatchObject({
      firstName: "Ada",
      householdSize: 2,
      householdIncome: 28000,
      email: "ada@example.org",
    });
  });

  it("answers a duplicate email like a new one, and rejects invalid fields with typed errors", async () => {
    const first = await gql(app, register, { input: input("dup@example.org") });
    const again = await gql(app, register, { input: input("DUP@example.org") });
    expect(again.data).toEqual(first.data);
    const bad = await gql(app, register, {
      input: { ...input("x@example.org"), password: "short", birthDate: "2015-01-01" },
    });
    expect(bad.data.seekerRegister.__typename).toBe("ValidationError");
    const fields = bad.data.seekerRegister.issues.map((i: any) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["password", "birthDate"]));
  });

  it("signs in, signs out, and rate limits repeated failures", async () => {
    const s = await f.seeker({ email: "login@example.org" });
    const signIn = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename ... on SessionCreateSuccess { session { token } } ... on RateLimitedError { retryAfterSeconds } } }`;
    const ok = await gql(app, signIn, { e: "login@example.org", p: PASSWORD });
    expect(ok.data.sessionCreate.__typename).toBe("SessionCreateSuccess");
    const token = ok.data.sessionCreate.session.token;
    expect(token).not.toBe(s.token);
    const out = await gql(app, `mutation { sessionDelete { __typename } }`, {}, token);
    expect(out.data.sessionDelete.__typename).toBe("SessionDeleteSuccess");
    const after = await gql(app, `{ viewer { id } }`, {}, token);
    expect(after.data.viewer).toBeNull();
    for (let i = 0; i < 10; i++) {
      const r = await gql(app, signIn, { e: "login@example.org", p: "wrong password!!" });
      expect(r.data.sessionCreate.__typename).toBe("InvalidCredentialsError");
    }
    const limited = await gql(app, signIn, { e: "login@example.org", p: PASSWORD });
    expect(limited.data.sessionCreate.__typename).toBe("RateLimitedError");
  });
});

describe("responding", () => {
  const respond = `mutation($id: ID!, $m: String) { listingRespond(input: { listingId: $id, motivation: $m }) { __typename ... on ListingRespondSuccess { response { id status } } ... on NotEligibleError { failedChecks { code params } } ... on Error { code } } }`;

  it("responds, sees the position, rejects a second response, and withdraws", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id, { rent: 500 });
    const s = await f.seeker({ income: 20000 });
    const r = await gql(app, respond, { id: gid("Listing", l.id) }, s.token);
    expect(r.data.listingRespond.__typename).toBe("ListingRespondSuccess");
    const again = await gql(app, respond, { id: gid("Listing", l.id) }, s.token);
    expect(again.data.listingRespond.__typename).toBe("AlreadyRespondedError");
    const p = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { responseCount viewerPosition { current { kind position } ifRespondedNow { position } canChange } viewerEligibility { eligible } } } }`,
      { id: gid("Listing", l.id) },
      s.token,
    );
    expect(p.errors).toBeUndefined();
    expect(p.data.node.viewerPosition.current).toMatchObject({ kind: "RANKED", position: 1 });
    expect(p.data.node.responseCount).toBe(1);
    const w = await gql(
      app,
      `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename ... on ResponseWithdrawSuccess { response { status } } } }`,
      { id: r.data.listingRespond.response.id },
      s.token,
    );
    expect(w.data.responseWithdraw.response.status).toBe("WITHDRAWN");
  });

  it("returns NotEligibleError with the failing income check", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id, { rent: 500 });
    const s = await f.seeker({ income: 52000 });
    const r = await gql(app, respond, { id: gid("Listing", l.id) }, s.token);
    expect(r.data.listingRespond.__typename).toBe("NotEligibleError");
    expect(r.data.listingRespond.failedChecks[0]).toMatchObject({
      code: "INCOME_ABOVE_LIMIT",
      params: { income: 52000 },
    });
  });

  it("returns WindowClosedError, NotAuthorizedError and a motivation ValidationError", async () => {
    const org = await f.organisation();
    const closed = await f.listing(org.id, { status: "CLOSED", closesAt: new Date(Date.now() - 1000) });
    const s = await f.seeker();
    expect(
      (await gql(app, respond, { id: gid("Listing", closed.id) }, s.token)).data.listingRespond.__typename,
    ).toBe("WindowClosedError");
    expect((await gql(app, respond, { id: gid("Listing", closed.id) })).data.listingRespond.__typename).toBe(
      "NotAuthorizedError",
    );
    const { complex } = await f.woongroep(org.id);
    const wg = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
    const noMotivation = await gql(app, respond, { id: gid("Listing", wg.id) }, s.token);
    expect(noMotivation.data.listingRespond.__typename).toBe("ValidationError");
    const ok = await gql(
      app,
      respond,
      { id: gid("Listing", wg.id), m: "Ik wil graag koken voor de groep en help bij de tuin, elke week." },
      s.token,
    );
    expect(ok.data.listingRespond.__typename).toBe("ListingRespondSuccess");
  });
});
