/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Duplicate registrations (dubbele inschrijvingen, issue 15 item 3): detection (api/src/duplicates.ts),
 * recording at registration and by the job, and the administrators' merge and close
 * (api/src/schema/duplicates.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { registrationsPerIp } from "../src/auth/rate-limit.ts";
import {
  findDuplicates,
  identityKeys,
  matchReasons,
  normaliseEmail,
  normaliseName,
  normalisePhone,
} from "../src/duplicates.ts";
import { runJobsOnce } from "../src/jobs.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, PASSWORD, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let admin: { token: string };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  admin = await f.staff("ADMINISTRATOR", (await f.organisation("PLATFORM")).id);
});
afterAll(async () => t?.drop());
beforeEach(() => registrationsPerIp.clear());

const person = (o: Partial<Parameters<typeof identityKeys>[0]> = {}) =>
  identityKeys({
    firstName: "Anna",
    lastName: "de Vries",
    birthDate: new Date("1990-05-01"),
    phone: null,
    email: `a${Math.random()}@example.org`,
    members: [],
    ...o,
  });

describe("detection rules (unit)", () => {
  it("normalises names: case, diacritics, whitespace and punctuation", () => {
    expect(normaliseName("  José-María   d'Ávila ")).toBe("jose maria d avila");
    expect(normaliseName("ÉLODIE  Müller")).toBe(normaliseName("elodie muller"));
    expect(normaliseName("Ĳsbrand")).toBe("ijsbrand");
    expect(normaliseName("Jan")).not.toBe(normaliseName("Jana"));
  });

  it("normalises e-mail to a mailbox and phone numbers to Dutch digits", () => {
    expect(normaliseEmail(" Jan+Woning@Example.NL ")).toBe("jan@example.nl");
    expect(normaliseEmail("no-at-sign")).toBeNull();
    expect(normalisePhone("+31 6 1234 5678")).toBe("0612345678");
    expect(normalisePhone("0031-6-12345678")).toBe("0612345678");
    expect(normalisePhone("06 12 34 56 78")).toBe("0612345678");
    expect(normalisePhone("112")).toBeNull();
  });

  it("finds each reason, and no pair for the same name with another birth date", () => {
    const anna = person();
    expect(matchReasons(anna, person({ firstName: "ANNA", lastName: "De  Vriës" }))).toEqual([
      "SAME_NAME_AND_BIRTH_DATE",
    ]);
    expect(matchReasons(anna, person({ birthDate: new Date("1990-05-02") }))).toEqual([]);
    expect(
      matchReasons(
        person({ email: "anna+x@example.org" }),
        person({ firstName: "Bert", email: "ANNA@example.org" }),
      ),
    ).toEqual(["SAME_EMAIL"]);
    expect(
      matchReasons(person({ phone: "+31612345678" }), person({ firstName: "Bert", phone: "06-12345678" })),
    ).toEqual(["SAME_PHONE"]);
    const bert = person({
      firstName: "Bert",
      lastName: "Bakker",
      members: [{ firstName: "Anna", birthDate: new Date("1990-05-01") }],
    });
    expect(matchReasons(bert, anna)).toEqual(["MEMBER_IS_APPLICANT_ELSEWHERE"]);
    expect(matchReasons(anna, bert)).toEqual(["MEMBER_IS_APPLICANT_ELSEWHERE"]);
    // two households that each list a child "Anna" born the same day are not a pair by that alone
    const other = person({
      firstName: "Carla",
      lastName: "Smit",
      members: [{ firstName: "Anna", birthDate: new Date("1990-05-01") }],
    });
    expect(matchReasons(bert, other)).toEqual([]);
  });
});

const register = `mutation($i: SeekerRegisterInput!) { seekerRegister(input: $i) { __typename } }`;
const queue = `query($status: DuplicateStatus) { duplicateCandidates(first: 50, status: $status) { totalCount edges { node {
  id status version reasons kept decisionNote decidedByName
  a { registrationNumber firstName lastName registrationDate registrationYears status responsesCount activeResponsesCount householdSize pendingOffer }
  b { registrationNumber firstName lastName registrationDate registrationYears status responsesCount activeResponsesCount householdSize pendingOffer }
} } } }`;
const merge = `mutation($i: DuplicateCandidateMergeInput!) { duplicateCandidateMerge(input: $i) { __typename
  ... on DuplicateCandidateMergeSuccess { duplicateCandidate { status kept version } }
  ... on DuplicateCandidateStaleError { currentVersion }
  ... on DuplicateCandidateDecidedError { status }
  ... on Error { code message } } }`;
const close = `mutation($i: DuplicateCandidateCloseInput!) { duplicateCandidateClose(input: $i) { __typename
  ... on DuplicateCandidateCloseSuccess { duplicateCandidate { status decisionNote } }
  ... on ValidationError { issues { field message } }
  ... on Error { code } } }`;

async function candidatesOf(seekerId: string) {
  return t.db.duplicateCandidate.findMany({
    where: { OR: [{ seekerAId: seekerId }, { seekerBId: seekerId }] },
  });
}

describe("recording candidates", () => {
  it("registration is accepted and records an OPEN candidate with its reason; the seeker keeps working", async () => {
    const first = await f.seeker({ birthDate: "1988-11-30" });
    await t.db.seeker.update({
      where: { id: first.seeker.id },
      data: { firstName: "Fleur", lastName: "van Dijk" },
    });
    await runJobsOnce(t.db); // builds the first seeker's keys
    const email = `fleur-${Date.now()}@example.org`;
    const r = await gql(app, register, {
      i: {
        email,
        password: PASSWORD,
        firstName: "FLEUR",
        lastName: "Van  Dijk",
        birthDate: "1988-11-30",
        income: { amount: 25000 },
      },
    });
    expect(r.data.seekerRegister.__typename).toBe("SeekerRegisterSuccess");
    const user = await t.db.user.findUniqueOrThrow({ where: { email }, include: { seeker: true } });
    const found = await candidatesOf(user.seeker!.id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: "OPEN", reasons: ["SAME_NAME_AND_BIRTH_DATE"] });
    expect([found[0]!.seekerAId, found[0]!.seekerBId].sort()).toEqual(
      [first.seeker.id, user.seeker!.id].sort(),
    );
    expect(user.seeker!.status).toBe("ACTIVE");
  });

  it("the job finds pairs among existing seekers (phone, household member), is idempotent and adds new reasons", async () => {
    const a = await f.seeker({ birthDate: "1975-01-09" });
    const b = await f.seeker({ birthDate: "1979-03-03" });
    await t.db.seeker.update({
      where: { id: a.seeker.id },
      data: { firstName: "Henk", phone: "+31 6 5555 1234" },
    });
    await t.db.seeker.update({
      where: { id: b.seeker.id },
      data: { firstName: "Ingrid", phone: "0655551234" },
    });
    const first = await runJobsOnce(t.db);
    expect(first.duplicatesFound).toBeGreaterThanOrEqual(1);
    let pair = await candidatesOf(a.seeker.id);
    expect(pair).toHaveLength(1);
    expect(pair[0]!.reasons).toEqual(["SAME_PHONE"]);
    expect((await runJobsOnce(t.db)).duplicatesFound).toBe(0);
    expect(await candidatesOf(a.seeker.id)).toHaveLength(1);
    // Ingrid adds Henk as her partner: the same pair gains a reason and a new version
    await t.db.householdMember.create({
      data: { seekerId: b.seeker.id, role: "PARTNER", firstName: "henk", birthDate: new Date("1975-01-09") },
    });
    await t.db.seeker.update({ where: { id: b.seeker.id }, data: { householdSize: 2 } });
    await runJobsOnce(t.db);
    pair = await candidatesOf(a.seeker.id);
    expect(pair).toHaveLength(1);
    expect(pair[0]!.reasons).toEqual(["SAME_PHONE", "MEMBER_IS_APPLICANT_ELSEWHERE"]);
    expect(pair[0]!.version).toBe(2);
  });

  it("no candidate for the same name with a different birth date", async () => {
    const a = await f.seeker({ birthDate: "1960-06-06" });
    const b = await f.seeker({ birthDate: "1960-06-07" });
    await t.db.seeker.updateMany({
      where: { id: { in: [a.seeker.id, b.seeker.id] } },
      data: { firstName: "Zeno", lastName: "Onbekend" },
    });
    await runJobsOnce(t.db);
    expect(await candidatesOf(a.seeker.id)).toHaveLength(0);
    expect(await t.db.$transaction((tx) => findDuplicates(tx, b.seeker.id))).toEqual([]);
  });
});

/** Two seekers with the same name and birth date, the second registered later, paired by the job. */
async function pair(o: { earlier: string; later: string; retainedEarlier?: number; retainedLater?: number }) {
  const name = { firstName: "Paar", lastName: `Test${Math.random().toString(36).slice(2, 8)}` };
  const early = await f.seeker({ birthDate: "1970-07-07", registrationDate: o.earlier });
  const late = await f.seeker({ birthDate: "1970-07-07", registrationDate: o.later });
  await t.db.seeker.update({
    where: { id: early.seeker.id },
    data: { ...name, retainedRegistrationYears: o.retainedEarlier ?? 0 },
  });
  await t.db.seeker.update({
    where: { id: late.seeker.id },
    data: { ...name, retainedRegistrationYears: o.retainedLater ?? 0 },
  });
  await runJobsOnce(t.db);
  const [c] = await candidatesOf(early.seeker.id);
  expect(c).toBeDefined();
  return { early, late, candidate: c!, id: gid("DuplicateCandidate", c!.id) };
}

describe("review by administrators", () => {
  it("the queue shows both registrations side by side, administrators only", async () => {
    const { early, id } = await pair({ earlier: "2012-01-01", later: "2024-01-01" });
    const q = await gql(app, queue, {}, admin.token);
    const node = q.data.duplicateCandidates.edges.find((e: any) => e.node.id === id)?.node;
    expect(node.status).toBe("OPEN");
    expect(node.reasons).toEqual(["SAME_NAME_AND_BIRTH_DATE"]);
    const sides = [node.a, node.b];
    expect(sides.map((s: any) => s.registrationDate).sort()).toEqual(["2012-01-01", "2024-01-01"]);
    expect(
      sides.find((s: any) => s.registrationNumber === early.seeker.registrationNumber).registrationYears,
    ).toBeGreaterThan(14);
    for (const token of [
      early.token,
      (await f.staff("LANDLORD_STAFF", (await f.organisation()).id)).token,
      undefined,
    ]) {
      const denied = await gql(app, queue, {}, token);
      expect(denied.data?.duplicateCandidates ?? null).toBeNull();
      expect(denied.errors?.length).toBeGreaterThan(0);
    }
  });

  it("merge keeps the earliest registration date and the larger retained years, closes the other, withdraws its responses, mails both, audits", async () => {
    const org = await f.organisation();
    const { early, late, candidate, id } = await pair({
      earlier: "2010-03-01",
      later: "2023-09-01",
      retainedEarlier: 0,
      retainedLater: 2.5,
    });
    const listing = await f.listing(org.id);
    const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ... on Error { code } } }`;
    expect(
      (await gql(app, respond, { id: gid("Listing", listing.id) }, early.token)).data.listingRespond
        .__typename,
    ).toBe("ListingRespondSuccess");
    const yearsBefore = Math.max(
      ...(await t.db.seeker.findMany({ where: { id: { in: [early.seeker.id, late.seeker.id] } } })).map(
        (s) =>
          (Date.now() - s.registrationDate.getTime()) / (365.25 * 86400000) + s.retainedRegistrationYears,
      ),
    );
    // keep the LATER registration (e.g. the household's current account): it must get 2010-03-01
    const keep = candidate.seekerAId === late.seeker.id ? "A" : "B";
    const stale = await gql(app, merge, { i: { id, keep, version: candidate.version + 1 } }, admin.token);
    expect(stale.data.duplicateCandidateMerge).toMatchObject({
      __typename: "DuplicateCandidateStaleError",
      currentVersion: 1,
    });
    const r = await gql(
      app,
      merge,
      { i: { id, keep, version: candidate.version, note: "Zelfde persoon, twee accounts" } },
      admin.token,
    );
    expect(r.data.duplicateCandidateMerge.__typename).toBe("DuplicateCandidateMergeSuccess");
    expect(r.data.duplicateCandidateMerge.duplicateCandidate).toEqual({
      status: "MERGED",
      kept: keep,
      version: 2,
    });

    const kept = await t.db.seeker.findUniqueOrThrow({ where: { id: late.seeker.id } });
    const closed = await t.db.seeker.findUniqueOrThrow({ where: { id: early.seeker.id } });
    expect(kept.registrationDate.toISOString().slice(0, 10)).toBe("2010-03-01");
    expect(kept.retainedRegistrationYears).toBe(2.5);
    expect(kept.status).toBe("ACTIVE");
    expect(closed.status).toBe("MERGED");
    const v = await gql(app, `{ viewer { registrationYears } }`, {}, late.token);
    expect(v.data.viewer.registrationYears).toBeGreaterThanOrEqual(yearsBefore - 0.01);
    // the closed registration's response is withdrawn, and it can no longer respond
    const resp = await t.db.response.findFirstOrThrow({ where: { seekerId: early.seeker.id } });
    expect(resp.status).toBe("WITHDRAWN");
    // the closed account is told where its registration went; the kept one is not "merged into" anything
    const where = `{ viewer { status mergedInto { registrationNumber registrationDate } } }`;
    expect((await gql(app, where, {}, early.token)).data.viewer).toEqual({
      status: "MERGED",
      mergedInto: { registrationNumber: kept.registrationNumber, registrationDate: "2010-03-01" },
    });
    expect((await gql(app, where, {}, late.token)).data.viewer.mergedInto).toBeNull();
    const again = await gql(app, respond, { id: gid("Listing", (await f.listing(org.id)).id) }, early.token);
    expect(again.data.listingRespond).toMatchObject({
      __typename: "InvalidStateError",
      code: "INVALID_STATE",
    });
    // mails to both accounts, in the outbox
    const mails = await t.db.outboxMessage.findMany({
      where: { kind: "REGISTRATION_MERGED", userId: { in: [early.user.id, late.user.id] } },
    });
    expect(mails).toHaveLength(2);
    const closedMail = mails.find((m) => m.userId === early.user.id)!;
    expect(closedMail.textBody).toContain(String(kept.registrationNumber));
    expect(closedMail.textBody).toMatch(/ingetrokken/);
    const auditRow = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "DuplicateCandidate", entityId: candidate.id, action: "DECIDE" },
    });
    expect(auditRow.detail).toMatchObject({ registrationDateAfter: "2010-03-01", responsesWithdrawn: 1 });
    // the GDPR export lists the pair (reasons and status), not the other registration's identity
    const exported = await gql(
      app,
      `mutation { viewerDataExport { ... on ViewerDataExportSuccess { data } } }`,
      {},
      early.token,
    );
    const seekerData = exported.data.viewerDataExport.data.seeker;
    expect([...seekerData.duplicatesAsA, ...seekerData.duplicatesAsB]).toEqual([
      expect.objectContaining({ reasons: ["SAME_NAME_AND_BIRTH_DATE"], status: "MERGED" }),
    ]);
    expect(JSON.stringify(seekerData.duplicatesAsA)).not.toContain(late.seeker.id);
    // deciding again: already decided
    const twice = await gql(app, merge, { i: { id, keep, version: 2 } }, admin.token);
    expect(twice.data.duplicateCandidateMerge).toMatchObject({
      __typename: "DuplicateCandidateDecidedError",
      status: "MERGED",
    });
    // the closed registration is not matched again
    await t.db.seeker.update({ where: { id: late.seeker.id }, data: { phone: "0611112222" } });
    await runJobsOnce(t.db);
    expect(await candidatesOf(early.seeker.id)).toHaveLength(1);
  });

  it("close: not a duplicate with a note (required); nothing changes for the seekers; not for other roles", async () => {
    const { early, late, candidate, id } = await pair({ earlier: "2015-01-01", later: "2020-01-01" });
    const empty = await gql(
      app,
      close,
      { i: { id, outcome: "NOT_DUPLICATE", version: 1, note: "  " } },
      admin.token,
    );
    expect(empty.data.duplicateCandidateClose.__typename).toBe("ValidationError");
    const assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
    const denied = await gql(
      app,
      close,
      { i: { id, outcome: "NOT_DUPLICATE", version: 1, note: "x" } },
      assessor.token,
    );
    expect(denied.data?.duplicateCandidateClose?.duplicateCandidate ?? null).toBeNull();
    const r = await gql(
      app,
      close,
      { i: { id, outcome: "NOT_DUPLICATE", version: candidate.version, note: "Vader en zoon, zelfde naam" } },
      admin.token,
    );
    expect(r.data.duplicateCandidateClose.duplicateCandidate).toEqual({
      status: "CLOSED_NOT_DUPLICATE",
      decisionNote: "Vader en zoon, zelfde naam",
    });
    const both = await t.db.seeker.findMany({ where: { id: { in: [early.seeker.id, late.seeker.id] } } });
    expect(both.map((s) => s.status)).toEqual(["ACTIVE", "ACTIVE"]);
    expect(both.map((s) => s.registrationDate.toISOString().slice(0, 10)).sort()).toEqual([
      "2015-01-01",
      "2020-01-01",
    ]);
    // a decided pair stays decided when the job runs again
    await t.db.seeker.update({ where: { id: early.seeker.id }, data: { phone: "0698765432" } });
    await t.db.seeker.update({ where: { id: late.seeker.id }, data: { phone: "0698765432" } });
    await runJobsOnce(t.db);
    const [c] = await candidatesOf(early.seeker.id);
    expect(c).toMatchObject({ status: "CLOSED_NOT_DUPLICATE", reasons: ["SAME_NAME_AND_BIRTH_DATE"] });
  });

  it("a registration with a pending offer cannot be the one closed", async () => {
    const org = await f.organisation();
    const { early, candidate, id } = await pair({ earlier: "2011-01-01", later: "2021-01-01" });
    const listing = await f.listing(org.id, { status: "OFFERING" });
    const response = await t.db.response.create({
      data: { listingId: listing.id, seekerId: early.seeker.id, status: "OFFERED" },
    });
    await t.db.offer.create({
      data: {
        listingId: listing.id,
        responseId: response.id,
        seekerId: early.seeker.id,
        position: 1,
        respondBy: new Date(Date.now() + 3 * 86400000),
      },
    });
    const keep = candidate.seekerAId === early.seeker.id ? "B" : "A";
    const r = await gql(app, merge, { i: { id, keep, version: candidate.version } }, admin.token);
    expect(r.data.duplicateCandidateMerge).toMatchObject({
      __typename: "InvalidStateError",
      code: "INVALID_STATE",
    });
    expect((await t.db.seeker.findUniqueOrThrow({ where: { id: early.seeker.id } })).status).toBe("ACTIVE");
  });
});
