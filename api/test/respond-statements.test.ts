/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * listingRespond runs a fixed, small number of SQL statements (issue 10, operation D of
 * `pnpm bench:api`): BEGIN, the locks, one read, one write, COMMIT — whatever the listing (student
 * complex or not), the seeker (with or without urgency), a response limit in the rule set, or a
 * withdrawn response being re-activated. Counted as in n-plus-one.test.ts, minus what the same
 * request's authentication costs (measured with an authenticated `{ __typename }`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { poolOf } from "@woonbeurt/db";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { RULE_SET_2019 } from "../src/allocation/index.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let statements = 0;
const seen: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // every statement sent on the client's connections, BEGIN and COMMIT included (as the
  // benchmark's counting proxy sees them; Prisma's query events leave out BEGIN)
  poolOf(t.db).on("connect", (client: any) => {
    const query = client.query.bind(client);
    client.query = (...args: any[]) => {
      statements += 1;
      seen.push(typeof args[0] === "string" ? args[0] : String(args[0]?.text ?? ""));
      return query(...args);
    };
  });
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename
  ... on ListingRespondSuccess { response { id status } } ... on Error { code } } }`;
const WITHDRAW = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename } }`;

/** Statements of one request. */
async function counted(query: string, variables: Record<string, unknown>, token: string) {
  const before = statements;
  seen.length = 0;
  const r = await gql(app, query, variables, token);
  expect(r.errors).toBeUndefined();
  return { r, n: statements - before, sql: [...seen] };
}

/** listingRespond's own statements: the request's, minus its authentication's. */
async function respondStatements(listingId: string, token: string, expected = "ListingRespondSuccess") {
  const auth = (await counted(`{ __typename }`, {}, token)).n;
  const { r, n, sql } = await counted(RESPOND, { id: gid("Listing", listingId) }, token);
  expect(r.data.listingRespond.__typename, JSON.stringify(r.data)).toBe(expected);
  return { n: n - auth, sql, r };
}

it("listingRespond: BEGIN, locks, one read, one write, COMMIT — the same for every kind of listing, seeker and rule set", async () => {
  const org = await f.organisation();
  // warm-up: the rule sets are read once per process (and again when a RuleSet row changes)
  const warm = await f.seeker();
  await respondStatements((await f.listing(org.id)).id, warm.token);

  const plain = await respondStatements((await f.listing(org.id)).id, (await f.seeker()).token);
  expect(plain.n, plain.sql.join("\n")).toBeLessThanOrEqual(5);

  // a student complex's listing (its units and special-group tenants are counted in the read)
  const complex = await t.db.complex.create({
    data: {
      landlordId: org.id,
      name: "Studentencomplex",
      municipalityId: (await f.municipality()).municipality.id,
      isStudentComplex: true,
    },
  });
  const studentSeeker = await f.seeker({ birthDate: "2004-05-01" });
  await t.db.seeker.update({ where: { id: studentSeeker.seeker.id }, data: { isStudent: true } });
  const student = await respondStatements(
    (await f.listing(org.id, { complexId: complex.id })).id,
    studentSeeker.token,
  );
  expect(student.n, student.sql.join("\n")).toBe(plain.n);

  // a seeker with a granted urgency declaration and its search profile
  const urgent = await f.seeker();
  const app1 = await t.db.urgencyApplication.create({
    data: {
      seekerId: urgent.seeker.id,
      category: "CHRONIC_MEDICAL",
      status: "GRANTED",
      decidedAt: new Date(),
      grantedCategory: "CHRONIC_MEDICAL",
      validFrom: new Date(Date.now() - 86_400_000),
      validUntil: new Date(Date.now() + 100 * 86_400_000),
    },
  });
  await t.db.searchProfile.create({
    data: {
      applicationId: app1.id,
      kind: "GRANTED",
      dwellingTypes: ["APARTMENT"],
      municipalityIds: [],
      districtIds: [],
    },
  });
  const listing = await f.listing(org.id);
  const withUrgency = await respondStatements(listing.id, urgent.token);
  expect(withUrgency.n).toBe(plain.n);

  // withdrawn, then responding again re-activates the same response
  const responseId = withUrgency.r.data.listingRespond.response.id;
  expect((await gql(app, WITHDRAW, { id: responseId }, urgent.token)).data.responseWithdraw.__typename).toBe(
    "ResponseWithdrawSuccess",
  );
  const again = await respondStatements(listing.id, urgent.token);
  expect(again.r.data.listingRespond.response).toEqual({ id: responseId, status: "ACTIVE" });
  expect(again.n).toBe(plain.n);

  // refusals take no more
  expect((await respondStatements(listing.id, urgent.token, "AlreadyRespondedError")).n).toBeLessThanOrEqual(
    plain.n,
  );
  const closed = await f.listing(org.id);
  await t.db.listing.update({
    where: { id: closed.id },
    data: {
      publishedAt: new Date(Date.now() - 10 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    },
  });
  expect((await respondStatements(closed.id, urgent.token, "WindowClosedError")).n).toBeLessThanOrEqual(
    plain.n,
  );

  // a rule set with response limits: the counts are part of the same read
  const {
    id: _i,
    version: _v,
    name: _n,
    effectiveFrom: _f,
    effectiveUntil: _u,
    ...parameters
  } = RULE_SET_2019;
  await t.db.ruleSet.create({
    data: {
      version: 1,
      name: "Met reactielimiet",
      effectiveFrom: new Date("2019-01-01T00:00:00Z"),
      parameters: { ...parameters, responses: { maxActive: 5, maxPerWeek: 10 } } as never,
    },
  });
  const limitedSeeker = await f.seeker();
  await respondStatements((await f.listing(org.id)).id, limitedSeeker.token); // reads the new rule set
  const limited = await respondStatements((await f.listing(org.id)).id, limitedSeeker.token);
  expect(limited.n, limited.sql.join("\n")).toBe(plain.n);
});
