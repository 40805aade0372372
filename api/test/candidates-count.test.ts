/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Landlord candidates in a constant, small number of SQL statements (issue 10, item 4): a
 * listing's ranked candidate list, read by its landlord's staff, costs the same number of
 * statements for 10 and for 120 candidates, at most 5 with the session and viewer included; the
 * answer is the allocation core's on the candidates as Prisma reads them (urgency declarations
 * granted, expired, rejected or granted twice, search profiles, withdrawn responses, movers), and
 * a valid session is one statement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements, createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { explainRankReason, RULE_SET_2019, rankCandidates, ruleSetInForce } from "../src/allocation/index.ts";
import { authenticate } from "../src/auth/context.ts";
import {
  createSession,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_IDLE_TIMEOUT_MS,
  validateSessionToken,
} from "../src/auth/session.ts";
import {
  candidateInclude,
  candidateInput,
  countedListingInput,
  evaluableOn,
  listingCandidates,
  listingInputTx,
  listingRow,
  listingSelect,
  loadResponsesOfSeeker,
  loadRuleSets,
  loadViewerSeeker,
  viewerSeekerFromJson,
  viewerSeekerSql,
  type ViewerSeekerJson,
  responseFromJson,
  responseJsonSql,
  seekerInclude,
  seekerInput,
  type ResponseJson,
} from "../src/schema/core.ts";
import { readRows } from "../src/db.ts";
import { Prisma } from "@woonbeurt/db";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

const DAY = 86_400_000;
/** Which of the 120 fixture seekers withdrew their responses. */
const withdrawn = (i: number) => i % 19 === 5;
const active = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => !withdrawn(i)).length;
let t: TestDatabase;
let app: App;
let f: Fixtures;
let statements: string[] = [];
let onPool: ReturnType<typeof countStatements>;
let orgId = "";
let staffToken = "";
let small = "";
let large = "";

/** A GRANTED (or other) urgency declaration with a GRANTED and a PREFERRED search profile. */
async function urgency(
  seekerId: string,
  o: {
    status: "GRANTED" | "EXPIRED" | "REJECTED";
    decidedDaysAgo: number;
    validDays: number;
    rooms?: number;
  },
) {
  const decidedAt = new Date(Date.now() - o.decidedDaysAgo * DAY);
  const granted = o.status !== "REJECTED";
  const app = await t.db.urgencyApplication.create({
    data: {
      seekerId,
      category: "MANTELZORG",
      status: o.status,
      submittedAt: new Date(decidedAt.getTime() - 10 * DAY),
      decidedAt,
      decisionReason: granted ? null : "Geen urgente situatie",
      grantedCategory: granted ? (o.decidedDaysAgo % 2 ? "MANTELZORG" : "STATUSHOUDER") : null,
      validFrom: granted ? decidedAt : null,
      validUntil: granted ? new Date(decidedAt.getTime() + o.validDays * DAY) : null,
    },
  });
  await t.db.searchProfile.create({
    data: { applicationId: app.id, kind: "PREFERRED", dwellingTypes: ["SINGLE_FAMILY_HOUSE"], minRooms: 4 },
  });
  if (granted)
    await t.db.searchProfile.create({
      data: {
        applicationId: app.id,
        kind: "GRANTED",
        dwellingTypes: ["APARTMENT", "STUDIO"],
        minRooms: o.rooms ?? null,
        maxFloor: 5,
      },
    });
}

beforeAll(async () => {
  t = await createTestDatabase();
  // every statement on the client's connections, through Prisma or plain node-postgres
  onPool = countStatements(t.db, (sql) => statements.push(sql));
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  const org = await f.organisation();
  orgId = org.id;
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
    const id = s.seeker.id;
    if (i % 4 === 0)
      await t.db.seeker.update({
        where: { id },
        data: { currentDwellingKind: "INDEPENDENT_RENTAL", currentDwellingRooms: 3, phone: `06${i}` },
      });
    if (i % 7 === 0) await urgency(id, { status: "GRANTED", decidedDaysAgo: 30, validDays: 365 });
    if (i % 11 === 0) await urgency(id, { status: "EXPIRED", decidedDaysAgo: 400, validDays: 365 });
    if (i % 13 === 0) {
      // granted twice: the later decision counts (with a profile the listing does not fit)
      await urgency(id, { status: "GRANTED", decidedDaysAgo: 90, validDays: 365 });
      await urgency(id, { status: "GRANTED", decidedDaysAgo: 20, validDays: 365, rooms: 5 });
    }
    if (i % 17 === 0) await urgency(id, { status: "REJECTED", decidedDaysAgo: 5, validDays: 1 });
    for (const l of i < 10 ? [smallListing, largeListing] : [largeListing])
      await t.db.response.create({
        data: {
          listingId: l.id,
          seekerId: id,
          status: withdrawn(i) ? "WITHDRAWN" : "ACTIVE",
          motivation: i % 3 === 0 ? `Motivatie ${i}` : null,
          createdAt: new Date(Date.now() - (200 - i) * 60_000),
        },
      });
  }
});
afterAll(async () => t?.drop());

const APPLICANT = "applicant { firstName lastName birthDate phone householdSize householdIncome isMover }";
const QUERY = `query($id: ID!) { node(id: $id) { ... on Listing { reference candidates { final
  ranked { position registrationYears tier reason ${APPLICANT} }
  excluded { excludedReason ${APPLICANT} } } } } }`;

async function candidates(id: string) {
  statements = [];
  const r = await gql(app, QUERY, { id }, staffToken);
  expect(r.errors).toBeUndefined();
  return { n: statements.length, sql: statements, candidates: r.data.node.candidates };
}

/** The answer as the allocation core gives it on the candidates read with Prisma's includes. */
async function expected(listingId: string) {
  const now = new Date();
  const listing = await t.db.listing.findUniqueOrThrow({ where: { id: listingId }, select: listingSelect });
  const rows = await t.db.response.findMany({
    where: { listingId, status: { not: "WITHDRAWN" } },
    include: candidateInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const result = rankCandidates(
    await listingInputTx(t.db as never, listing),
    rows.map(candidateInput).filter((c) => evaluableOn(c.seeker, now)),
    ruleSetInForce(await loadRuleSets(t.db as never), now),
    now,
  );
  const applicant = (responseId: string) => {
    const s = rows.find((r) => r.id === responseId)!.seeker;
    return {
      firstName: s.firstName,
      lastName: s.lastName,
      birthDate: s.birthDate.toISOString().slice(0, 10),
      phone: s.phone,
      householdSize: s.householdSize,
      householdIncome: s.householdIncomeCents / 100,
      isMover: s.currentDwellingKind === "INDEPENDENT_RENTAL",
    };
  };
  return {
    final: false,
    ranked: result.ranked.map((r) => ({
      position: r.position,
      registrationYears: r.registrationYears,
      tier: r.reason.tier,
      reason: explainRankReason(r.reason, "nl"),
      applicant: applicant(r.responseId),
    })),
    excluded: result.excluded.map((e) => ({ excludedReason: e.reason, applicant: applicant(e.responseId) })),
  };
}

describe("a listing's candidates for its landlord's staff", () => {
  it("take the same few statements for 10 and 120 candidates", async () => {
    await candidates(small); // warm-up: the rule sets are kept per process
    const ten = await candidates(small);
    const many = await candidates(large);
    expect(ten.candidates.ranked.length + ten.candidates.excluded.length).toBe(active(10));
    expect(many.candidates.ranked.length + many.candidates.excluded.length).toBe(active(120));
    expect(many.n).toBe(ten.n);
    expect(ten.n, ten.sql.join("\n\n")).toBeLessThanOrEqual(5);
  });

  it("are the allocation core's answer on the candidates as Prisma reads them", async () => {
    for (const id of [small, large]) {
      const listingId = Buffer.from(id, "base64").toString().slice("Listing:".length);
      const { candidates: got } = await candidates(id);
      const want = await expected(listingId);
      expect(got).toEqual(want);
    }
    // the fixture exercises what it should: urgency tiers ranked first, some excluded, movers
    const { candidates: got } = await candidates(large);
    expect(got.ranked.some((r: any) => r.tier === "URGENCY")).toBe(true);
    expect(got.excluded.length).toBeGreaterThan(0);
    expect(got.ranked.some((r: any) => r.applicant.isMover)).toBe(true);
  });

  it("read the same rows and listing inputs as Prisma's includes, student complexes included", async () => {
    const listingId = Buffer.from(large, "base64").toString().slice("Listing:".length);
    const ctx = () => ({ viewer: null, ip: "", userAgent: null, cache: new Map() });
    const raw = await listingCandidates(ctx(), listingId);
    const prisma = await t.db.response.findMany({
      where: { listingId, status: { not: "WITHDRAWN" } },
      include: candidateInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(raw.map(candidateInput)).toEqual(prisma.map(candidateInput));
    for (const [i, r] of raw.entries()) {
      const p = prisma[i]!;
      expect({ ...r, seeker: undefined }).toEqual({
        id: p.id,
        listingId: p.listingId,
        seekerId: p.seekerId,
        motivation: p.motivation,
        status: p.status,
        committeeVerdict: p.committeeVerdict,
        finalPosition: p.finalPosition,
        seekerAtClose: p.seekerAtClose,
        lotteryEntry: p.lotteryEntry,
        createdAt: p.createdAt,
        seeker: undefined,
      });
      for (const k of ["firstName", "lastName", "birthDate", "phone"] as const)
        expect(r.seeker[k]).toEqual(p.seeker[k]);
    }

    // a student complex with a woongroep, three dwellings and one let to a special group
    const { complex } = await f.woongroep(orgId);
    await t.db.complex.update({ where: { id: complex.id }, data: { isStudentComplex: true } });
    const dwellings = [];
    for (let i = 0; i < 3; i++)
      dwellings.push(
        await f.dwelling(orgId, { complexId: complex.id, municipalityId: complex.municipalityId }),
      );
    const let1 = await f.listing(orgId, { dwellingId: dwellings[0]!.id, status: "LET" });
    await t.db.letting.create({
      data: {
        listingId: let1.id,
        dwellingId: dwellings[0]!.id,
        letAt: new Date(),
        registrationYearsUsed: 3,
        seekerWasMover: false,
        decidedBy: "PRIORITY",
        urgencyCategory: "MANTELZORG",
        allocationModel: "AANBOD",
        responseCount: 1,
        netRentCents: 50000,
        householdSize: 1,
        householdIncomeCents: 2000000,
      },
    });
    const student = await f.listing(orgId, { dwellingId: dwellings[1]!.id });
    const plain = await f.listing(orgId);
    for (const l of [student, plain]) {
      const row = (await listingRow(ctx(), l.id))!;
      const viaPrisma = await t.db.listing.findUniqueOrThrow({ where: { id: l.id }, select: listingSelect });
      const { studentComplexCounts, ...fields } = row;
      expect(fields).toEqual(viaPrisma);
      expect(countedListingInput(row)).toEqual(await listingInputTx(t.db as never, viaPrisma));
      if (l === student) expect(studentComplexCounts).toEqual({ units: 3, specialGroupTenants: 1 });
    }
    expect(await listingRow(ctx(), "00000000-0000-7000-8000-000000000000")).toBeUndefined();
  });
});

describe("a session", () => {
  it("is one statement when valid, with the user's memberships and seeker", async () => {
    const s = await f.seeker();
    const staff = await f.staff("LANDLORD_STAFF", orgId);
    await t.db.staffMembership.create({
      data: { userId: staff.user.id, organisationId: (await f.organisation()).id, role: "ASSESSOR" },
    });
    statements = [];
    const seekerViewer = await authenticate(`Bearer ${s.token}`);
    expect(statements).toHaveLength(1);
    expect(seekerViewer).toMatchObject({
      userId: s.user.id,
      kind: "SEEKER",
      email: s.user.email,
      displayName: "Seeker",
      seekerId: s.seeker.id,
      memberships: [],
      via: "SESSION",
      tokenId: null,
      tokenScopes: null,
    });
    statements = [];
    const staffViewer = await authenticate(`Bearer ${staff.token}`);
    expect(statements).toHaveLength(1);
    expect(staffViewer?.seekerId).toBeNull();
    expect(staffViewer?.memberships).toEqual([
      { organisationId: orgId, role: "LANDLORD_STAFF", woongroepId: null },
      { organisationId: expect.any(String), role: "ASSESSOR", woongroepId: null },
    ]);
    expect(await authenticate("Bearer not-a-token")).toBeNull();
  });

  it("slides its idle expiry when less than half remains, never past its absolute end, and ends when either passes", async () => {
    const s = await f.seeker({ session: false });
    const start = new Date();
    const { token, session } = await createSession(s.user.id, null, start);
    // 20 days on: 10 days left of 30, less than half: extended to 30 days from then (one write)
    const later = new Date(start.getTime() + 20 * DAY);
    statements = [];
    const v = await validateSessionToken(token, later);
    expect(statements, statements.join("\n")).toHaveLength(2);
    expect(v?.expiresAt).toEqual(new Date(later.getTime() + SESSION_IDLE_TIMEOUT_MS));
    const row = await t.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.expiresAt).toEqual(new Date(later.getTime() + SESSION_IDLE_TIMEOUT_MS));
    expect(row.lastSeenAt).toEqual(later);
    // a day after that: plenty left, no write
    statements = [];
    expect(await validateSessionToken(token, new Date(later.getTime() + DAY))).not.toBeNull();
    expect(statements).toHaveLength(1);
    // near the absolute end the idle expiry stops there
    const nearEnd = new Date(start.getTime() + SESSION_ABSOLUTE_LIFETIME_MS - 5 * DAY);
    await t.db.session.update({
      where: { id: session.id },
      data: { expiresAt: new Date(nearEnd.getTime() + DAY) },
    });
    expect((await validateSessionToken(token, nearEnd))?.expiresAt).toEqual(row.absoluteExpiresAt);
    // past the absolute end: gone, and the row is deleted
    expect(await validateSessionToken(token, new Date(row.absoluteExpiresAt.getTime() + 1))).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: session.id } })).toBeNull();

    // idle for longer than the timeout: gone too
    const idle = await createSession(s.user.id, null, start);
    expect(
      await validateSessionToken(idle.token, new Date(start.getTime() + SESSION_IDLE_TIMEOUT_MS)),
    ).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: idle.session.id } })).toBeNull();
  });
});

describe("the rule set versions kept per process", () => {
  it("are forgotten when a version is added: the candidates are ranked with it at once", async () => {
    const before = (await candidates(large)).candidates;
    expect(before.ranked.length).toBeGreaterThan(20);
    const admin = await f.staff("ADMINISTRATOR", (await f.organisation("PLATFORM")).id);
    const {
      id: _id,
      version: _v,
      name: _n,
      effectiveFrom: _f,
      effectiveUntil: _u,
      ...parameters
    } = RULE_SET_2019;
    // in force from today, with a DAEB income limit (EUR/year) below most candidates' incomes
    const created = await gql(
      app,
      `mutation($i: RuleSetCreateInput!) { ruleSetCreate(input: $i) { __typename } }`,
      {
        i: {
          name: "Streng",
          effectiveFrom: new Date().toISOString().slice(0, 10),
          parameters: { ...parameters, incomeLimits: { ...parameters.incomeLimits, daeb: 30500 } },
        },
      },
      admin.token,
    );
    expect(created.data.ruleSetCreate.__typename).toBe("RuleSetCreateSuccess");
    const after = (await candidates(large)).candidates;
    const listingId = Buffer.from(large, "base64").toString().slice("Listing:".length);
    expect(after).toEqual(await expected(listingId));
    expect(after.ranked.length).toBeLessThan(before.ranked.length);
    expect(after.ranked.every((r: any) => r.applicant.householdIncome <= 30500)).toBe(true);
  });
});

describe("the signed-in seeker's reads (viewer.eligibleListings, positions)", () => {
  it("reads the viewer's row, ranking inputs and responses in one statement each, equal to Prisma's rows", async () => {
    // a response closed with its frozen inputs, a final position and a committee verdict
    const some = await t.db.response.findFirstOrThrow({ where: { status: "ACTIVE" } });
    await t.db.response.update({
      where: { id: some.id },
      data: {
        finalPosition: 3,
        rankedAheadAtClose: 2,
        seekerAtClose: { id: some.seekerId, householdSize: 2, urgency: null },
        committeeVerdict: "SUITABLE",
        committeeReason: "Past in de groep",
        reviewedAt: new Date(),
        lotteryEntry: "ab12",
      },
    });
    const seekers = await t.db.seeker.findMany({ select: { id: true } });
    expect(seekers.length).toBeGreaterThanOrEqual(120);
    let withUrgency = 0;
    for (const { id } of seekers) {
      const before = onPool.count();
      const read = await loadViewerSeeker(t.db, id);
      const responses = await loadResponsesOfSeeker(t.db, id);
      expect(onPool.count() - before).toBe(2);
      expect(read!.row).toStrictEqual(await t.db.seeker.findUnique({ where: { id } }));
      // the same row and inputs as the session statement reads them for a seeker, as JSON
      const [json] = await readRows<{ v: ViewerSeekerJson | null }>(
        Prisma.sql`SELECT (SELECT row_to_json(v) FROM (${viewerSeekerSql(Prisma.sql`s.id = ${id}::uuid`)}) v) AS v`,
        t.db,
      );
      expect(viewerSeekerFromJson(json!.v!)).toStrictEqual(read);
      const prismaRow = await t.db.seeker.findUniqueOrThrow({ where: { id }, include: seekerInclude });
      expect(seekerInput(read!.input)).toStrictEqual(seekerInput(prismaRow));
      if (seekerInput(prismaRow).urgency) withUrgency += 1;
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      const prismaResponses = (await t.db.response.findMany({ where: { seekerId: id } })).sort(byId);
      expect(responses.sort(byId)).toStrictEqual(prismaResponses);
      // the same rows as the eligible page's statement reads them per listing, as JSON
      const asJson = await readRows<{ own: ResponseJson | null }>(
        Prisma.sql`SELECT ${responseJsonSql(Prisma.sql`x."listingId"`, id)} AS own
                     FROM "Response" x WHERE x."seekerId" = ${id}::uuid`,
        t.db,
      );
      expect(asJson.map((r) => responseFromJson(r.own!)).sort(byId)).toStrictEqual(prismaResponses);
    }
    expect(withUrgency).toBeGreaterThan(10);
    // through a real session: the viewer carries the row and inputs loadViewerSeeker reads
    const granted = await t.db.urgencyApplication.findFirstOrThrow({
      where: { status: "GRANTED" },
      select: { seeker: { select: { id: true, userId: true } } },
    });
    const { token } = await createSession(granted.seeker.userId, null, new Date());
    const viewer = await authenticate(`Bearer ${token}`);
    expect(viewer?.seekerRow).toStrictEqual(await loadViewerSeeker(t.db, granted.seeker.id));
    expect(viewer?.seekerRow?.input.urgencyApplications).toHaveLength(1);
    expect(await loadViewerSeeker(t.db, "00000000-0000-7000-8000-000000000000")).toBeNull();
  });
});
