/**
 * Issue 9, items 4, 8, 9 and 11 (names, birth dates): what the probing found, pinned.
 * - `nodes(ids:)` is counted by its ids and capped (cost limit bypass);
 * - hostile input gets a typed error naming the field, never "Unexpected error.", and writes nothing;
 * - `node`/`nodes` answer null for ids that name no visible object, slot by slot;
 * - `viewer` is null for anonymous and staff callers; a token with URGENCY_READ alone reads its
 *   own urgency applications;
 * - implausible birth dates and bidi controls in names are refused.
 */
import { parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { MAX_NODE_IDS, MAX_QUERY_COST, operationCost } from "../src/cost.ts";
import { schema } from "../src/schema/index.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, PASSWORD, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const UNKNOWN_UUID = "0190a5c4-0000-7000-8000-000000000000";
const E = `... on ValidationError { code issues { field message } } ... on Error { code message }`;
const internal = (r: { errors?: { extensions?: { code?: string } }[] }) =>
  (r.errors ?? []).filter((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR");

describe("nodes(ids:) and the cost limit (item 4)", () => {
  const cost = (q: string, variables?: Record<string, unknown>) => {
    const doc = parse(q);
    const op = doc.definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode;
    return operationCost(schema, op, new Map<string, FragmentDefinitionNode>(), variables);
  };
  const HEAVY = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Listing { viewerPosition { expectedAtClose { expected } } candidates { ranked { position } } } } }`;

  it("counts nodes by the ids it is given, literal or variable", () => {
    const ids = (n: number) => Array.from({ length: n }, () => gid("Listing", UNKNOWN_UUID));
    expect(cost(HEAVY, { ids: ids(50) })).toBe(25 * cost(HEAVY, { ids: ids(2) }));
    const literal = (n: number) =>
      `{ nodes(ids: [${ids(n)
        .map((i) => JSON.stringify(i))
        .join(",")}]) { ... on Listing { viewerPosition { expectedAtClose { expected } } } } }`;
    expect(cost(literal(40))).toBe(20 * cost(literal(2)));
  });

  it("refuses 15,000 anonymous ids at once, before anything runs, with a clear error", async () => {
    const listing = await f.listing((await f.organisation()).id);
    const ids = Array.from({ length: 15_000 }, () => gid("Listing", listing.id));
    const started = Date.now();
    const r = await gql(app, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.data?.nodes).toBeUndefined();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "TOO_MANY_IDS", maxIds: MAX_NODE_IDS });
  });

  it("refuses more than 100 literal ids, and a costly selection over few ids is still refused by cost", async () => {
    const id = JSON.stringify(gid("Listing", UNKNOWN_UUID));
    const many = await gql(
      app,
      `{ nodes(ids: [${Array(MAX_NODE_IDS + 1)
        .fill(id)
        .join(",")}]) { id } }`,
    );
    expect(many.errors?.[0]?.extensions?.code).toBe("TOO_MANY_IDS");
    const ok = await gql(app, `{ nodes(ids: [${Array(MAX_NODE_IDS).fill(id).join(",")}]) { id } }`);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.nodes).toHaveLength(MAX_NODE_IDS);
    const ids = Array(MAX_NODE_IDS).fill(gid("Listing", UNKNOWN_UUID));
    expect(cost(HEAVY, { ids })).toBeGreaterThan(MAX_QUERY_COST);
    const costly = await gql(app, HEAVY, { ids });
    expect(costly.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });
});

describe("node and nodes with ids that name nothing (item 8)", () => {
  it("node: unknown, malformed and wrong-type ids are null without an error", async () => {
    for (const id of [
      gid("Listing", UNKNOWN_UUID),
      gid("Listing", "zzzzzzzz-0000-4000-8000-000000000000"),
      gid("Listing", "------------------------------------"),
      gid("NoSuchType", UNKNOWN_UUID),
      gid("ValidationError", UNKNOWN_UUID),
    ]) {
      const r = await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(r.errors, id).toBeUndefined();
      expect(r.data.node).toBeNull();
    }
  });

  it("nodes: one unknown id nulls its own slot only", async () => {
    const listing = await f.listing((await f.organisation()).id);
    const r = await gql(app, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Listing { reference } } }`, {
      ids: [gid("Listing", listing.id), gid("Listing", UNKNOWN_UUID), gid("Listing", "x".repeat(36))],
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.nodes).toEqual([
      { id: gid("Listing", listing.id), reference: listing.reference },
      null,
      null,
    ]);
  });
});

describe("hostile text and dates get a typed error and write nothing (items 8, 11)", () => {
  const HOUSEHOLD = `mutation($m: [HouseholdMemberInput!]!) { householdUpdate(input: { members: $m }) { __typename ${E} } }`;

  it.each([
    ["a NUL byte", { firstName: "Ada\u0000", birthDate: "1990-01-01" }, "members.0.firstName", /NUL/],
    [
      "a lone surrogate",
      { firstName: "Ada\ud800", birthDate: "1990-01-01" },
      "members.0.firstName",
      /surrogate/,
    ],
    [
      "a control character",
      { firstName: "Ada\u0007", birthDate: "1990-01-01" },
      "members.0.firstName",
      /control/,
    ],
    [
      "U+202E (right-to-left override)",
      { firstName: "Ada\u202Egpj.exe", birthDate: "1990-01-01" },
      "members.0.firstName",
      /bidirectional/,
    ],
    ["birth date 0000-01-01", { firstName: "Ada", birthDate: "0000-01-01" }, "members.0.birthDate", /year/],
    [
      "birth date in year 1",
      { firstName: "Ada", birthDate: "0001-01-01" },
      "members.0.birthDate",
      /120 years/,
    ],
    [
      "birth date 1900-01-01",
      { firstName: "Ada", birthDate: "1900-01-01" },
      "members.0.birthDate",
      /120 years/,
    ],
  ])("householdUpdate with %s", async (_what, member, field, message) => {
    const s = await f.seeker();
    const before = await t.db.householdMember.count({ where: { seekerId: s.seeker.id } });
    const r = await gql(app, HOUSEHOLD, { m: [{ role: "PARTNER", ...member }] }, s.token);
    expect(internal(r)).toEqual([]);
    expect(r.data.householdUpdate.__typename).toBe("ValidationError");
    expect(r.data.householdUpdate.issues).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await t.db.householdMember.count({ where: { seekerId: s.seeker.id } })).toBe(before);
    expect((await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } })).householdSize).toBe(1);
  });

  it("a plausible old birth date and an ordinary accented name are still accepted", async () => {
    const s = await f.seeker();
    const old = new Date();
    old.setUTCFullYear(old.getUTCFullYear() - 100);
    const r = await gql(
      app,
      HOUSEHOLD,
      { m: [{ role: "OTHER", firstName: "Zoë‍ Ünal", birthDate: old.toISOString().slice(0, 10) }] },
      s.token,
    );
    expect(r.data.householdUpdate.__typename).toBe("HouseholdUpdateSuccess");
  });

  it("seekerRegister refuses U+202E in a name and a birth date in 1900, and creates no account", async () => {
    const register = `mutation($i: SeekerRegisterInput!) { seekerRegister(input: $i) { __typename ${E} } }`;
    const base = {
      email: `bidi-${Date.now()}@example.org`,
      password: PASSWORD,
      firstName: "Ada",
      lastName: "Lovelace",
      birthDate: "1990-01-01",
      income: { amount: 30000 },
    };
    const users = await t.db.user.count();
    const bidi = await gql(app, register, { i: { ...base, lastName: "\u202Eecalevol" } });
    expect(bidi.data.seekerRegister.issues).toEqual([
      { field: "lastName", message: expect.stringMatching(/bidirectional/) },
    ]);
    const old = await gql(app, register, { i: { ...base, birthDate: "1900-01-01" } });
    expect(old.data.seekerRegister.issues).toEqual([
      { field: "birthDate", message: expect.stringMatching(/120 years/) },
    ]);
    const nul = await gql(app, register, { i: { ...base, email: "a\u0000@example.org" } });
    expect(nul.data.seekerRegister.issues[0].field).toBe("email");
    expect(await t.db.user.count()).toBe(users);
  });

  it("a NUL byte in a motivation: ValidationError, no response stored", async () => {
    const s = await f.seeker();
    const listing = await f.listing((await f.organisation()).id);
    const r = await gql(
      app,
      `mutation($id: ID!, $m: String) { listingRespond(input: { listingId: $id, motivation: $m }) { __typename ${E} } }`,
      { id: gid("Listing", listing.id), m: "Graag\u0000" },
      s.token,
    );
    expect(r.data.listingRespond.issues).toEqual([
      { field: "motivation", message: expect.stringMatching(/NUL/) },
    ]);
    expect(await t.db.response.count({ where: { seekerId: s.seeker.id } })).toBe(0);
  });

  it("UUID-shaped ids that are no UUID, and ids of the wrong type, are ValidationErrors", async () => {
    const s = await f.seeker();
    for (const id of [
      gid("Listing", "------------------------------------"),
      gid("Listing", "0190a5c4-0000-7000-8000-00000000000g"),
      gid("Offer", UNKNOWN_UUID),
    ]) {
      const r = await gql(
        app,
        `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ${E} } }`,
        { id },
        s.token,
      );
      expect(internal(r)).toEqual([]);
      expect(r.data.listingRespond.issues).toEqual([{ field: "listingId", message: expect.any(String) }]);
    }
  });

  it('removeDocumentIds: ["x"] is a ValidationError naming the entry', async () => {
    const s = await f.seeker();
    const app1 = await t.db.urgencyApplication.create({
      data: { seekerId: s.seeker.id, category: "CHRONIC_MEDICAL", situation: "Tekst" },
    });
    const r = await gql(
      app,
      `mutation($i: UrgencyApplicationUpdateInput!) { urgencyApplicationUpdate(input: $i) { __typename ${E} } }`,
      { i: { id: gid("UrgencyApplication", app1.id), situation: "Nieuw", removeDocumentIds: ["x"] } },
      s.token,
    );
    expect(r.data.urgencyApplicationUpdate.issues).toEqual([
      { field: "removeDocumentIds.0", message: expect.any(String) },
    ]);
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: app1.id } })).situation).toBe(
      "Tekst",
    );
  });

  it("an Upload variable given a string is refused as an invalid variable, not an internal error", async () => {
    const s = await f.seeker();
    const r = await gql(
      app,
      `mutation($d: [Upload!]) { urgencyApplicationCreate(input: { category: CHRONIC_MEDICAL, situation: "x", documents: $d }) { __typename } }`,
      { d: ["not a file"] },
      s.token,
    );
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.message).toMatch(/Upload: expected a file/);
    expect(await t.db.urgencyApplication.count({ where: { seekerId: s.seeker.id } })).toBe(0);
  });

  it("statistics for a year before the first rule set is a VALIDATION_FAILED error naming the year", async () => {
    const r = await gql(app, `{ statistics(year: 2000) { year } }`);
    expect(r.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/year: no rule set was in force/),
        extensions: { code: "VALIDATION_FAILED" },
      }),
    ]);
  });
});

describe("viewer (item 9)", () => {
  const VIEWER = `{ viewer { id firstName offers { id } urgencyApplications(first: 5) { edges { node { id situation } } } } }`;

  it("is null for anonymous and staff callers, without an error", async () => {
    const staff = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    for (const token of [undefined, staff.token]) {
      const r = await gql(app, VIEWER, {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data.viewer).toBeNull();
    }
  });

  it("a token with URGENCY_READ alone reads its own urgency applications (viewer and node), nothing else", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const own = await t.db.urgencyApplication.create({
      data: { seekerId: s.seeker.id, category: "CHRONIC_MEDICAL", situation: "Eigen situatie" },
    });
    await t.db.urgencyApplication.create({
      data: { seekerId: other.seeker.id, category: "CHRONIC_MEDICAL", situation: "Andermans situatie" },
    });
    const raw = `wbt_pat_urgency_${Date.now()}`;
    await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "app",
        tokenHash: hashToken(raw),
        prefix: raw.slice(0, 12),
        scopes: ["URGENCY_READ"],
      },
    });
    const r = await gql(
      app,
      `{ viewer { id urgencyApplications(first: 5) { edges { node { id situation } } } } }`,
      {},
      raw,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer.urgencyApplications).toEqual({
      edges: [{ node: { id: gid("UrgencyApplication", own.id), situation: "Eigen situatie" } }],
    });
    const byNode = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation } } }`,
      { id: gid("UrgencyApplication", own.id) },
      raw,
    );
    expect(byNode.data.node).toEqual({ situation: "Eigen situatie" });
    // the profile stays behind SEEKER_READ
    const profile = await gql(app, `{ viewer { firstName birthDate } }`, {}, raw);
    expect(profile.data?.viewer ?? null).toBeNull();
    expect(profile.errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");
    // and another seeker's applications stay closed through node(Seeker)
    const others = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Seeker { urgencyApplications(first: 5) { edges { node { id } } } } } }`,
      { id: gid("Seeker", other.seeker.id) },
      raw,
    );
    expect(JSON.stringify(others.data ?? null)).not.toContain("edges");
  });
});

describe("page cursors that this API did not give out", () => {
  it("are a client error (BAD_USER_INPUT) saying what to fix, never an internal error", async () => {
    const org = await f.organisation();
    await f.listing(org.id);
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    // not base64 of a cursor; a cursor of a non-uuid id; a numeric cursor; a cursor of a valid but unknown id is fine
    for (const cursor of ["garbage", b64("GPC:S:x"), b64("GPC:N:abc")]) {
      for (const q of [
        `query($c: String) { listings(first: 5, after: $c) { edges { node { id } } } }`,
        `query($c: String) { listings(last: 5, before: $c) { edges { node { id } } } }`,
      ]) {
        const r = await gql(app, q, { c: cursor });
        expect(internal(r), `${cursor} ${q.slice(18, 45)}`).toEqual([]);
        expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(r.errors?.[0]?.message).toMatch(/cursor/);
      }
    }
    const ok = await gql(
      app,
      `query($c: String) { listings(first: 5, after: $c) { edges { node { id } } } }`,
      {
        c: b64(`GPC:S:${UNKNOWN_UUID}`),
      },
    );
    expect(ok.errors).toBeUndefined();
  });
});
