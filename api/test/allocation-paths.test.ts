/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Every allocation path the seeds name: a seeker accepting an offer themselves, direct mediation
 * (model B, [001] §E.2c / Figuur 3), and the woongroep order ([000] "inschrijftijd leidend",
 * [002] objectivering): no offer before every motivation is judged, and a verdict after close
 * changes the order fixed at close.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
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

const DAY = 86_400_000;
const E = `... on Error { code message }`;
const respond = `mutation($id: ID!, $m: String) { listingRespond(input: { listingId: $id, motivation: $m }) { __typename ... on ListingRespondSuccess { response { id } } ${E} } }`;
const close = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename ${E} } }`;
const make = `mutation($id: ID!, $by: DateTime) { offerMake(input: { listingId: $id, respondBy: $by }) { __typename ... on OfferMakeSuccess { offer { id position } } ${E} } }`;
const accept = `mutation($o: ID!) { offerAccept(input: { offerId: $o }) { __typename ... on OfferAcceptSuccess { offer { outcome } } ${E} } }`;
const mediate = `mutation($l: ID!, $s: ID!, $b: MediationBasis!, $r: String) { lettingCreateByMediation(input: { listingId: $l, seekerId: $s, basis: $b, referralReference: $r }) { __typename ... on LettingCreateByMediationSuccess { letting { id allocationModel decidedBy } } ... on NotEligibleError { failedChecks { code } } ... on ValidationError { issues { field } } ${E} } }`;

async function endWindow(listingId: string) {
  await t.db.listing.update({
    where: { id: listingId },
    data: { publishedAt: new Date(Date.now() - 12 * DAY), closesAt: new Date(Date.now() - 2 * DAY) },
  });
}

describe("a seeker accepts an offer themselves", () => {
  it("creates the letting as the landlord's ACCEPTED does, only for the offer's own seeker, before its deadline, once", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const l = await f.listing(org.id);
    const other = await f.listing(org.id);
    const id = gid("Listing", l.id);
    for (const s of [a, b]) await gql(app, respond, { id }, s.token);
    await gql(app, respond, { id: gid("Listing", other.id) }, a.token);
    await endWindow(l.id);
    await gql(app, close, { id }, staff.token);
    const offer = await gql(app, make, { id }, staff.token);
    const offerId = offer.data.offerMake.offer.id;

    // Not for someone else, not for staff, not without the write scope.
    expect((await gql(app, accept, { o: offerId }, b.token)).data.offerAccept.__typename).toBe(
      "NotAuthorizedError",
    );
    expect((await gql(app, accept, { o: offerId }, staff.token)).data.offerAccept.__typename).toBe(
      "NotAuthorizedError",
    );
    expect(await t.db.letting.count({ where: { listingId: l.id } })).toBe(0);

    const before = await t.db.seeker.findUniqueOrThrow({ where: { id: a.seeker.id } });
    const ok = await gql(app, accept, { o: offerId }, a.token);
    expect(ok.data.offerAccept).toEqual({ __typename: "OfferAcceptSuccess", offer: { outcome: "ACCEPTED" } });
    const letting = await t.db.letting.findUniqueOrThrow({ where: { listingId: l.id } });
    expect(letting).toMatchObject({
      seekerId: a.seeker.id,
      decidedBy: "REGISTRATION_YEARS",
      responseCount: 2,
    });
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: l.id } })).status).toBe("LET");
    const after = await t.db.seeker.findUniqueOrThrow({ where: { id: a.seeker.id } });
    expect(after.status).toBe("HOUSED");
    // 75% of the registration years were kept ([001] §E.3 Voorstel IV).
    expect(after.retainedRegistrationYears).toBeCloseTo(letting.registrationYearsUsed * 0.75, 1);
    expect(after.registrationDate.getTime()).toBeGreaterThan(before.registrationDate.getTime());
    // Their other open response ended; b was not selected.
    expect((await t.db.response.findFirstOrThrow({ where: { listingId: other.id } })).status).toBe(
      "WITHDRAWN",
    );
    expect(
      (await t.db.response.findFirstOrThrow({ where: { listingId: l.id, seekerId: b.seeker.id } })).status,
    ).toBe("NOT_SELECTED");
    // Audited as the seeker's own act.
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "Letting", entityId: letting.id },
    });
    expect(entry.actorUserId).toBe(a.user.id);
    // Once only.
    expect((await gql(app, accept, { o: offerId }, a.token)).data.offerAccept.__typename).toBe(
      "InvalidStateError",
    );
  });

  it("is refused after the offer's deadline", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const a = await f.seeker();
    const l = await f.listing(org.id);
    const id = gid("Listing", l.id);
    await gql(app, respond, { id }, a.token);
    await endWindow(l.id);
    await gql(app, close, { id }, staff.token);
    const offer = await gql(app, make, { id }, staff.token);
    const offerId = offer.data.offerMake.offer.id;
    await t.db.offer.updateMany({
      where: { listingId: l.id },
      data: { respondBy: new Date(Date.now() - 1000) },
    });
    const late = await gql(app, accept, { o: offerId }, a.token);
    expect(late.data.offerAccept.__typename).toBe("InvalidStateError");
    expect(late.data.offerAccept.message).toMatch(/deadline/);
    expect(await t.db.letting.count({ where: { listingId: l.id } })).toBe(0);
  });
});

describe("direct mediation (model B)", () => {
  async function urgent(category = "CHRONIC_MEDICAL") {
    const s = await f.seeker({ registrationDate: "2016-06-01", income: 25000 });
    await t.db.urgencyApplication.create({
      data: {
        seekerId: s.seeker.id,
        category: category as never,
        situation: "Medische urgentie",
        status: "GRANTED",
        grantedCategory: category as never,
        submittedAt: new Date(Date.now() - 40 * DAY),
        decidedAt: new Date(Date.now() - 30 * DAY),
        validFrom: new Date(Date.now() - 30 * DAY),
        validUntil: new Date(Date.now() + 150 * DAY),
      },
    });
    return s;
  }

  it("finds the household by registration number and birth date for the listing's staff only, audited, with its declaration and checks", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const otherStaff = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    const s = await urgent("MANTELZORG");
    const row = await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } });
    const l = await f.listing(org.id, { model: "BEMIDDELING", status: "DRAFT" });
    const regular = await f.listing(org.id);
    const find = `query($l: ID!, $n: Int!, $b: Date!) { mediationCandidate(listingId: $l, registrationNumber: $n, birthDate: $b) { seekerId lastName registrationNumber householdSize householdIncome active urgency { category validUntil } eligibility { eligible failedChecks { code } } } }`;
    const vars = {
      l: gid("Listing", l.id),
      n: row.registrationNumber,
      b: row.birthDate.toISOString().slice(0, 10),
    };
    const found = await gql(app, find, vars, staff.token);
    expect(found.errors).toBeUndefined();
    expect(found.data.mediationCandidate).toMatchObject({
      seekerId: gid("Seeker", s.seeker.id),
      lastName: row.lastName,
      registrationNumber: row.registrationNumber,
      householdIncome: 25000,
      active: true,
      urgency: { category: "MANTELZORG" },
      eligibility: { eligible: true, failedChecks: [] },
    });
    const reads = await t.db.auditLog.count({
      where: { entityType: "Seeker", entityId: s.seeker.id, action: "READ", actorUserId: staff.user.id },
    });
    expect(reads).toBe(1);
    // The number alone finds nobody: a wrong birth date answers null, and nothing is audited.
    const wrong = await gql(app, find, { ...vars, b: "1901-01-01" }, staff.token);
    expect(wrong.errors).toBeUndefined();
    expect(wrong.data.mediationCandidate).toBeNull();
    // Not for another organisation's staff, a seeker or the public; not on a regular listing.
    for (const token of [otherStaff.token, s.token, undefined]) {
      const refused = await gql(app, find, vars, token);
      expect(refused.data?.mediationCandidate ?? null).toBeNull();
      expect(["NOT_AUTHORIZED", "UNAUTHENTICATED"]).toContain(refused.errors?.[0]?.extensions?.code);
    }
    const notB = await gql(app, find, { ...vars, l: gid("Listing", regular.id) }, staff.token);
    expect(notB.errors?.[0]?.extensions?.code).toBe("INVALID_STATE");
    const bad = await gql(app, find, { ...vars, n: 0 }, staff.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });

  it("lets a BEMIDDELING listing to a household with a valid urgency declaration: model B, its category, 75% retained, audited, counted by monitoring", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const s = await urgent();
    const l = await f.listing(org.id, { model: "BEMIDDELING", status: "DRAFT" });
    const r = await gql(
      app,
      mediate,
      { l: gid("Listing", l.id), s: gid("Seeker", s.seeker.id), b: "URGENCY" },
      staff.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.lettingCreateByMediation.__typename).toBe("LettingCreateByMediationSuccess");
    expect(r.data.lettingCreateByMediation.letting).toMatchObject({
      allocationModel: "BEMIDDELING",
      decidedBy: "MEDIATION",
    });
    const letting = await t.db.letting.findUniqueOrThrow({ where: { listingId: l.id } });
    expect(letting).toMatchObject({
      urgencyCategory: "CHRONIC_MEDICAL",
      priorityRule: "URGENCY",
      seekerId: s.seeker.id,
    });
    const housed = await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } });
    expect(housed.status).toBe("HOUSED");
    expect(housed.retainedRegistrationYears).toBeCloseTo(letting.registrationYearsUsed * 0.75, 3);
    expect(
      (await t.db.urgencyApplication.findFirstOrThrow({ where: { seekerId: s.seeker.id } })).status,
    ).toBe("EXPIRED");
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: l.id } })).status).toBe("LET");
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "Letting", entityId: letting.id },
    });
    expect(audit.detail).toMatchObject({ model: "B", basis: "URGENCY", urgencyCategory: "CHRONIC_MEDICAL" });

    // Monitoring counts it as model B ([001] Figuur 3) once the result is published.
    await gql(
      app,
      `mutation($id: ID!) { lettingPublish(input: { lettingId: $id }) { __typename } }`,
      { id: r.data.lettingCreateByMediation.letting.id },
      staff.token,
    );
    const stats = await gql(
      app,
      `query($y: Int!) { statistics(year: $y) { urgencyByCategory { category viaListings viaMediation } } }`,
      {
        y: Number(
          new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Europe/Amsterdam" }).format(new Date()),
        ),
      },
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data.statistics.urgencyByCategory).toContainEqual({
      category: "CHRONIC_MEDICAL",
      viaListings: 0,
      viaMediation: 1,
    });

    // Once only.
    const again = await gql(
      app,
      mediate,
      { l: gid("Listing", l.id), s: gid("Seeker", (await urgent()).seeker.id), b: "URGENCY" },
      staff.token,
    );
    expect(again.data.lettingCreateByMediation.__typename).toBe("InvalidStateError");
  });

  it("refuses what the seeds do not allow, with typed errors, and writes nothing", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const otherStaff = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    const s = await urgent();
    const plain = await f.seeker({ income: 25000 });
    const rich = await f.seeker({ income: 90000 });
    const mediation = await f.listing(org.id, { model: "BEMIDDELING", status: "DRAFT" });
    const aanbod = await f.listing(org.id);
    const L = gid("Listing", mediation.id);
    const call = (v: Record<string, unknown>, token = staff.token) =>
      gql(app, mediate, { l: L, b: "URGENCY", ...v }, token).then((r) => r.data.lettingCreateByMediation);

    expect((await call({ s: gid("Seeker", s.seeker.id) }, otherStaff.token)).__typename).toBe(
      "NotAuthorizedError",
    );
    expect((await call({ l: gid("Listing", aanbod.id), s: gid("Seeker", s.seeker.id) })).__typename).toBe(
      "InvalidStateError",
    );
    const noUrgency = await call({ s: gid("Seeker", plain.seeker.id) });
    expect(noUrgency.__typename).toBe("InvalidStateError");
    expect(noUrgency.message).toMatch(/referral/);
    const noReference = await call({ s: gid("Seeker", plain.seeker.id), b: "REFERRAL" });
    expect(noReference.issues.map((i: any) => i.field)).toContain("referralReference");
    const tooRich = await call({ s: gid("Seeker", rich.seeker.id), b: "REFERRAL", r: "GEM-UTR-2026-0042" });
    expect(tooRich.__typename).toBe("NotEligibleError");
    expect(tooRich.failedChecks.map((c: any) => c.code)).toContain("INCOME_ABOVE_LIMIT");
    expect(await t.db.letting.count({ where: { listingId: mediation.id } })).toBe(0);

    // A referral without urgency: model B without an urgency category.
    const ok = await call({ s: gid("Seeker", plain.seeker.id), b: "REFERRAL", r: "GEM-UTR-2026-0042" });
    expect(ok.__typename).toBe("LettingCreateByMediationSuccess");
    expect(await t.db.letting.findUniqueOrThrow({ where: { listingId: mediation.id } })).toMatchObject({
      decidedBy: "MEDIATION",
      urgencyCategory: null,
      priorityRule: null,
    });
  });
});

describe("woongroep order", () => {
  it("makes no offer while a motivation awaits its verdict; a verdict after close re-ranks on the close inputs; the UNSUITABLE reason reaches the seeker", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const { complex, woongroep } = await f.woongroep(org.id);
    const committee = await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id);
    const l = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
    const id = gid("Listing", l.id);
    const old = await f.seeker({ registrationDate: "2009-01-01" });
    const mid = await f.seeker({ registrationDate: "2013-01-01" });
    const young = await f.seeker({ registrationDate: "2019-01-01" });
    const ids: Record<string, string> = {};
    for (const [k, s] of Object.entries({ old, mid, young })) {
      const r = await gql(
        app,
        respond,
        { id, m: "Ik help graag mee in de tuin en bij de gezamenlijke maaltijden." },
        s.token,
      );
      ids[k] = r.data.listingRespond.response.id;
    }
    const review = `mutation($id: ID!, $v: CommitteeVerdict!, $r: String!) { responseReview(input: { responseId: $id, verdict: $v, reason: $r }) { __typename ${E} } }`;
    // Before close only `young` is judged suitable.
    expect(
      (await gql(app, review, { id: ids.young, v: "SUITABLE", r: "Past goed bij de groep" }, committee.token))
        .data.responseReview.__typename,
    ).toBe("ResponseReviewSuccess");
    await endWindow(l.id);
    await gql(app, close, { id }, staff.token);
    const order = async () =>
      (await t.db.response.findMany({ where: { listingId: l.id }, orderBy: { createdAt: "asc" } })).map(
        (r) => [r.seekerId, r.finalPosition],
      );
    // Suitable first, then those awaiting review by registration years.
    expect(await order()).toEqual([
      [old.seeker.id, 2],
      [mid.seeker.id, 3],
      [young.seeker.id, 1],
    ]);
    const refused = await gql(app, make, { id }, staff.token);
    expect(refused.data.offerMake.__typename).toBe("InvalidStateError");
    expect(refused.data.offerMake.code).toBe("INVALID_STATE");
    expect(refused.data.offerMake.message).toMatch(/2 candidate/);

    // Verdicts after close: old suitable (registration time leads among the suitable), mid not.
    await gql(app, review, { id: ids.old, v: "SUITABLE", r: "Sterke motivatie" }, committee.token);
    await gql(
      app,
      review,
      { id: ids.mid, v: "UNSUITABLE", r: "Motivatie sluit niet aan bij het groepsprofiel" },
      committee.token,
    );
    expect(await order()).toEqual([
      [old.seeker.id, 1],
      [mid.seeker.id, null],
      [young.seeker.id, 2],
    ]);
    const offer = await gql(app, make, { id }, staff.token);
    expect(offer.data.offerMake.offer.position).toBe(1);
    expect((await t.db.offer.findFirstOrThrow({ where: { listingId: l.id } })).seekerId).toBe(old.seeker.id);

    // mid sees the verdict and its reason, and no position.
    const seen = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { viewerResponse { status committeeVerdict committeeReason } viewerPosition { current { kind } } } } }`,
      { id },
      mid.token,
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data.node.viewerResponse).toEqual({
      status: "NOT_SELECTED",
      committeeVerdict: "UNSUITABLE",
      committeeReason: "Motivatie sluit niet aan bij het groepsprofiel",
    });
    expect(seen.data.node.viewerPosition.current.kind).toBe("NOT_ELIGIBLE");
  });
});
