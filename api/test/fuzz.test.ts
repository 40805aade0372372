/**
 * Fuzzing every mutation's input, derived from the schema (issue 9: keep the probing in the suite).
 *
 * For each mutation with arguments, fast-check builds argument values from the argument types
 * themselves — so a new mutation or input field is fuzzed without touching this file — mixing
 * plausible values (real ids of the fixtures, valid enum values and dates) with hostile ones: NUL
 * bytes, lone surrogates, control and bidi characters, 20,000-character strings, negative and
 * 32-bit-extreme numbers, malformed and wrong-type ids, unknown enum values, impossible dates,
 * strings for uploads. Each request runs as one of several actors.
 *
 * Asserted per request: no `INTERNAL_SERVER_ERROR` / "Unexpected error.", no HTTP 5xx, an answer
 * within {@link MAX_REQUEST_MS}; and when the input is refused (a top-level error or an error
 * member of the result union), no table gained or lost a row (the audit log excepted: refused
 * sign-ins are audited on purpose).
 *
 * Deterministic: fixed seed, {@link RUNS_PER_MUTATION} runs per mutation (the whole file well
 * under a minute). A failure prints the seed, the path and the counterexample to replay.
 */
import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isCompositeType,
  type GraphQLInputType,
  type GraphQLField,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { clearRateLimits } from "../src/auth/rate-limit.ts";
import { schema } from "../src/schema/index.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, type App } from "./fixtures.ts";

/** fast-check seed: change it to explore, keep it fixed in the suite. */
const SEED = 20_260_902;
const RUNS_PER_MUTATION = 6;
/** Longest a single fuzzed request may take. */
const MAX_REQUEST_MS = 5_000;

let t: TestDatabase;
let app: App;
const tokens: Record<string, string | undefined> = { anonymous: undefined };
const realIds: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  const f = new Fixtures(t.db);
  const org = await f.organisation();
  const { complex, woongroep } = await f.woongroep(org.id);
  const assessing = await f.organisation("ASSESSING_BODY");
  const platform = await f.organisation("PLATFORM");
  const seeker = await f.seeker();
  const landlord = await f.staff("LANDLORD_STAFF", org.id);
  tokens.seeker = seeker.token;
  tokens.landlord = landlord.token;
  tokens.assessor = (await f.staff("ASSESSOR", assessing.id)).token;
  tokens.admin = (await f.staff("ADMINISTRATOR", platform.id)).token;
  tokens.committee = (await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id)).token;
  const published = await f.listing(org.id);
  const draft = await f.listing(org.id, { status: "DRAFT" });
  const closed = await f.listing(org.id, { status: "CLOSED", closesAt: new Date(Date.now() - 3600_000) });
  const woongroepListing = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
  const response = await t.db.response.create({ data: { listingId: closed.id, seekerId: seeker.seeker.id } });
  const offer = await t.db.offer.create({
    data: {
      listingId: closed.id,
      responseId: response.id,
      seekerId: seeker.seeker.id,
      position: 1,
      respondBy: new Date(Date.now() + 86400000),
    },
  });
  const application = await t.db.urgencyApplication.create({
    data: {
      seekerId: seeker.seeker.id,
      category: "CHRONIC_MEDICAL",
      situation: "Situatie",
      status: "SUBMITTED",
      submittedAt: new Date(),
    },
  });
  const draftApplication = await t.db.urgencyApplication.create({
    data: { seekerId: seeker.seeker.id, category: "HARDSHIP_CLAUSE", situation: "Concept" },
  });
  const membership = await t.db.staffMembership.findFirstOrThrow({ where: { userId: landlord.user.id } });
  const municipality = await t.db.municipality.findFirstOrThrow();
  const district = await t.db.district.findFirstOrThrow();
  realIds.push(
    gid("Listing", published.id),
    gid("Listing", draft.id),
    gid("Listing", closed.id),
    gid("Listing", woongroepListing.id),
    gid("Response", response.id),
    gid("Offer", offer.id),
    gid("UrgencyApplication", application.id),
    gid("UrgencyApplication", draftApplication.id),
    gid("Organisation", org.id),
    gid("StaffAccount", landlord.user.id),
    gid("StaffMembership", membership.id),
    gid("Municipality", municipality.id),
    gid("District", district.id),
    gid("Woongroep", woongroep.id),
    gid("Dwelling", published.dwellingId),
  );
});
afterAll(async () => t?.drop());

// ── Arbitraries from the schema ─────────────────────────────────────────────────────────────

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "a\ud800b",
  "\udc00",
  "\u0007bell",
  "\u202Eevil\u202C",
  "x".repeat(20_000),
  '\'; DROP TABLE "User"; --',
  "<script>alert(1)</script>",
  "😀👍🏽",
  "{{7*7}}",
];
const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const anyString = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);
const uuid = fc.uuid();
const hostileId = fc.oneof(
  fc.constantFrom("", "!!!", "null", "x".repeat(300), Buffer.from("Listing:").toString("base64")),
  uuid.map((u) => gid("Listing", u)),
  uuid.map((u) => gid("NoSuchType", u)),
  fc
    .constantFrom("------------------------------------", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")
    .map((u) => gid("Listing", u)),
  uuid,
);
const anyId = () =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...realIds) }, { weight: 2, arbitrary: hostileId });
const anyInt = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(-2_147_483_648, 2_147_483_647, 0, -1, 1_000_000),
);
const anyFloat = fc.oneof(
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e308, -1e308, 0.001, 123.456, 30_000),
);
const anyDate = fc.constantFrom(
  "0000-01-01",
  "0001-01-01",
  "1900-01-01",
  "1990-05-01",
  "2026-02-30",
  "2999-12-31",
  "not a date",
  new Date().toISOString().slice(0, 10),
);
const anyDateTime = fc.constantFrom(
  "0000-01-01T00:00:00Z",
  "1900-01-01T00:00:00Z",
  new Date(Date.now() + 7 * 86400000).toISOString(),
  new Date(Date.now() - 86400000).toISOString(),
  "9999-12-31T23:59:59Z",
  "yesterday",
);

function scalarArb(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case "String":
      return anyString;
    case "ID":
      return anyId();
    case "Int":
      return anyInt;
    case "Float":
      return anyFloat;
    case "Boolean":
      return fc.boolean();
    case "Date":
      return anyDate;
    case "DateTime":
      return anyDateTime;
    case "JSON":
      return fc.jsonValue({ maxDepth: 2 });
    case "Upload":
      return fc.constantFrom("a string, not a file", 42, { name: "x.pdf" });
    default:
      return anyString;
  }
}

/** An arbitrary for a GraphQL input type; `undefined` stands for an omitted optional field. */
function inputArb(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return requiredArb(type.ofType, depth);
  return fc.oneof(
    { weight: 3, arbitrary: requiredArb(type, depth) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  );
}

function requiredArb(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) return fc.array(inputArb(t.ofType as GraphQLInputType, depth + 1), { maxLength: 3 });
  if (isEnumType(t))
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...t.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: fc.constant("NOT_A_VALUE") },
    );
  if (isInputObjectType(t)) {
    if (depth > 4) return fc.constant({});
    const fields = t.getFields();
    return fc.record(
      Object.fromEntries(Object.values(fields).map((fd) => [fd.name, inputArb(fd.type, depth + 1)])),
    );
  }
  if (isScalarType(t)) return scalarArb(t.name);
  return fc.constant(null);
}

/** Drop `undefined` (omitted optional fields), so the JSON is what a client would send. */
const clean = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (x === undefined ? undefined : x)));

function operationFor(field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const uses = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = isCompositeType(named) ? "{ __typename ... on Error { code message } }" : "";
  return `mutation Fuzz(${defs}) { ${field.name}(${uses}) ${selection} }`;
}

// ── Row counts ──────────────────────────────────────────────────────────────────────────────

/**
 * Tables whose rows a refused request may legitimately add (refused sign-ins are audited, and
 * counted by the rate limits).
 */
const MAY_GROW_ON_REFUSAL = new Set(["AuditLog", "RateLimit", "_prisma_migrations"]);
let countSql: string | null = null;

async function rowCounts(): Promise<Record<string, number>> {
  if (!countSql) {
    const tables = await t.db.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    const watched = tables.map((r) => r.tablename).filter((n) => !MAY_GROW_ON_REFUSAL.has(n));
    countSql = `SELECT json_build_object(${watched.map((n) => `'${n}', (SELECT count(*) FROM "${n}")`).join(", ")})::text AS counts`;
  }
  const [row] = await t.db.$queryRawUnsafe<{ counts: string }[]>(countSql);
  return JSON.parse(row!.counts) as Record<string, number>;
}

// ── The property ────────────────────────────────────────────────────────────────────────────

const mutations = Object.values(schema.getMutationType()!.getFields()).filter((m) => m.args.length > 0);

describe("fuzzing every mutation's input (derived from the schema)", () => {
  it("finds mutations to fuzz", () => {
    expect(mutations.length).toBeGreaterThan(20);
  });

  it.each(mutations.map((m) => [m.name, m] as const))(
    "%s: no internal error, no 5xx, bounded time, nothing written when refused",
    async (_name, field) => {
      const query = operationFor(field);
      const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, inputArb(a.type)])));
      const actor = fc.constantFrom("anonymous", "seeker", "landlord", "assessor", "admin", "committee");
      await fc.assert(
        fc.asyncProperty(variables, actor, async (vars, who) => {
          // The limits under test elsewhere would soon refuse everything here.
          await clearRateLimits();
          const before = await rowCounts();
          const started = Date.now();
          const res = await app.fetch("http://test/graphql", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}),
            },
            body: JSON.stringify({ query, variables: clean(vars) }),
          });
          const text = await res.text();
          const elapsed = Date.now() - started;
          const context = `${field.name} as ${who}: HTTP ${res.status} in ${elapsed} ms: ${text.slice(0, 500)}`;
          expect(res.status, context).toBeLessThan(500);
          expect(elapsed, context).toBeLessThan(MAX_REQUEST_MS);
          const body = JSON.parse(text) as {
            data?: Record<string, { __typename?: string } | null> | null;
            errors?: { message: string; extensions?: { code?: string } }[];
          };
          for (const e of body.errors ?? []) {
            expect(e.extensions?.code, context).not.toBe("INTERNAL_SERVER_ERROR");
            expect(e.message, context).not.toBe("Unexpected error.");
          }
          const result = body.data?.[field.name];
          const refused = !!body.errors?.length || /Error$/.test(result?.__typename ?? "");
          if (refused) expect(await rowCounts(), `nothing written: ${context}`).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS_PER_MUTATION, endOnFailure: true },
      );
    },
  );
});
