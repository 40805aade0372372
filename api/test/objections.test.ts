/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Objections (bezwaar) against urgency decisions and complaints (klacht) about allocation outcomes
 * (issue 15 item 1): the periods of the Awb (six weeks to object, art. 6:7; late objections
 * marked, art. 6:11; six weeks to decide, art. 7:10), who may file and handle, an upheld objection
 * against a rejection granting the declaration, and a complaint answered with the rule-by-rule
 * explanation of the response's place.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { decisionDueOn, objectionTerms } from "../src/objection-terms.ts";
import { isoDate, parseIsoDate } from "../src/allocation/index.ts";
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
const E = `... on Error { code message } ... on ValidationError { issues { field message } }`;
const OBJ = `id kind status reasons filedLate decisionDate periodEndsOn decisionDueOn extendedAt hearingAt hearingLocation outcome decision documents { fileName }`;
const FILE = `mutation($s: ID!, $r: String!) { objectionFile(input: { subjectId: $s, reasons: $r }) { __typename ... on ObjectionFileSuccess { objection { ${OBJ} } } ... on AlreadyObjectedError { objectionId } ${E} } }`;
const PLAN = `mutation($id: ID!, $at: DateTime!, $loc: String!) { objectionHearingPlan(input: { id: $id, hearingAt: $at, location: $loc }) { __typename ... on ObjectionHearingPlanSuccess { objection { status hearingAt hearingLocation handledByViewer } } ${E} } }`;
const EXTEND = `mutation($id: ID!) { objectionDecisionPeriodExtend(input: { id: $id }) { __typename ... on ObjectionDecisionPeriodExtendSuccess { objection { decisionDueOn extendedAt } } ${E} } }`;
const DECIDE = `mutation($input: ObjectionDecideInput!) { objectionDecide(input: $input) { __typename ... on ObjectionDecideSuccess { objection { status outcome decision urgencyApplication { status grantedCategory validFrom validUntil decisionReason } } } ${E} } }`;
const QUEUE = `{ objectionQueue(first: 20) { totalCount edges { node { id kind filedLate reasons } } } }`;
const REASONS = "Mijn situatie is niet goed beoordeeld: de mantelzorg is dagelijks nodig.";
const DECISION = "Het bezwaar is gegrond: de mantelzorgverklaring toont dagelijkse zorg aan.";

/** An urgency application decided `daysAgo` days ago by `deciderId`. */
async function decided(seekerId: string, deciderId: string, status: "REJECTED" | "GRANTED", daysAgo = 3) {
  const at = new Date(Date.now() - daysAgo * DAY);
  return t.db.urgencyApplication.create({
    data: {
      seekerId,
      category: "MANTELZORG",
      situation: "Ik zorg dagelijks voor mijn moeder die verderop woont.",
      status,
      submittedAt: new Date(at.getTime() - 10 * DAY),
      reviewStartedAt: new Date(at.getTime() - 5 * DAY),
      decidedAt: at,
      decidedById: deciderId,
      decisionReason: "Onvoldoende onderbouwd.",
      ...(status === "GRANTED"
        ? {
            grantedCategory: "MANTELZORG" as const,
            validFrom: at,
            validUntil: new Date(at.getTime() + 180 * DAY),
          }
        : {}),
    },
  });
}

async function people() {
  const assessing = await f.organisation("ASSESSING_BODY");
  const decider = await f.staff("ASSESSOR", assessing.id);
  const other = await f.staff("ASSESSOR", assessing.id);
  const seeker = await f.seeker();
  return { decider, other, seeker };
}

describe("objection periods (Awb art. 6:7, 6:8, 7:10; Algemene termijnenwet)", () => {
  const end = (iso: string) => isoDate(objectionTerms(new Date(iso)).periodEndsOn);
  it("end six weeks after the decision's Amsterdam date", () => {
    expect(end("2026-12-03T10:00:00Z")).toBe("2027-01-14");
    // 23:30 UTC on 3 December is 00:30 on 4 December in Amsterdam
    expect(end("2026-12-03T23:30:00Z")).toBe("2027-01-15");
  });
  it("move to the next working day past weekends and public holidays", () => {
    expect(end("2026-11-13T10:00:00Z")).toBe("2026-12-28"); // Christmas, weekend
    expect(end("2027-02-12T10:00:00Z")).toBe("2027-03-30"); // Good Friday .. Easter Monday
    expect(end("2027-03-16T10:00:00Z")).toBe("2027-04-28"); // Koningsdag 27 April 2027
  });
  it("the decision is due six weeks after the period, twelve when extended, from filing when late", () => {
    const ends = parseIsoDate("2027-01-14");
    expect(isoDate(decisionDueOn(ends, new Date("2027-01-10T10:00:00Z"), false))).toBe("2027-02-25");
    expect(isoDate(decisionDueOn(ends, new Date("2027-01-10T10:00:00Z"), true))).toBe("2027-04-08");
    expect(isoDate(decisionDueOn(ends, new Date("2027-02-01T10:00:00Z"), false))).toBe("2027-03-15");
  });
});

describe("filing an objection against an urgency decision", () => {
  it("is received with its periods; a second one, someone else's decision and short reasons are typed errors", async () => {
    const { decider, seeker } = await people();
    const intruder = await f.seeker();
    const app1 = await decided(seeker.seeker.id, decider.user.id, "REJECTED");
    const s = gid("UrgencyApplication", app1.id);

    const short = await gql(app, FILE, { s, r: "te kort" }, seeker.token);
    expect(short.data.objectionFile.__typename).toBe("ValidationError");
    expect(short.data.objectionFile.issues[0].field).toBe("reasons");

    const foreign = await gql(app, FILE, { s, r: REASONS }, intruder.token);
    expect(foreign.data.objectionFile.__typename).toBe("NotObjectableError");

    const r = await gql(app, FILE, { s, r: REASONS }, seeker.token);
    expect(r.errors).toBeUndefined();
    const o = r.data.objectionFile.objection;
    expect(o).toMatchObject({ kind: "OBJECTION", status: "RECEIVED", filedLate: false, reasons: REASONS });
    const terms = objectionTerms(app1.decidedAt!);
    expect(o.decisionDate).toBe(isoDate(terms.decisionDate));
    expect(o.periodEndsOn).toBe(isoDate(terms.periodEndsOn));
    expect(o.decisionDueOn).toBe(isoDate(decisionDueOn(terms.periodEndsOn, new Date(), false)));

    const again = await gql(app, FILE, { s, r: REASONS }, seeker.token);
    expect(again.data.objectionFile.__typename).toBe("AlreadyObjectedError");
    expect(again.data.objectionFile.objectionId).toBe(o.id);

    // the decision letter states the period, and the objection shows on the application
    const letter = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { objectionPeriodEndsOn objection { id } } } }`,
      { id: s },
      seeker.token,
    );
    expect(letter.data.node).toEqual({ objectionPeriodEndsOn: o.periodEndsOn, objection: { id: o.id } });
    const mine = await gql(app, `{ viewer { objections { id status } } }`, {}, seeker.token);
    expect(mine.data.viewer.objections).toEqual([{ id: o.id, status: "RECEIVED" }]);
  });

  it("after the six weeks is still received, marked late, and due six weeks after filing", async () => {
    const { decider, seeker } = await people();
    const late = await decided(seeker.seeker.id, decider.user.id, "GRANTED", 60);
    const r = await gql(app, FILE, { s: gid("UrgencyApplication", late.id), r: REASONS }, seeker.token);
    const o = r.data.objectionFile.objection;
    expect(o.filedLate).toBe(true);
    expect(o.periodEndsOn < isoDate(objectionTerms(new Date()).decisionDate)).toBe(true);
    const today = objectionTerms(new Date()).decisionDate;
    expect(o.decisionDueOn).toBe(isoDate(decisionDueOn(today, new Date(), false)));
  });

  it("needs a decision: a submitted application cannot be objected to", async () => {
    const { seeker } = await people();
    const open = await t.db.urgencyApplication.create({
      data: {
        seekerId: seeker.seeker.id,
        category: "MANTELZORG",
        status: "SUBMITTED",
        submittedAt: new Date(),
      },
    });
    const r = await gql(app, FILE, { s: gid("UrgencyApplication", open.id), r: REASONS }, seeker.token);
    expect(r.data.objectionFile.__typename).toBe("NotObjectableError");
  });

  it("stores documents encrypted: the seeker and an assessor read them, the assessor's read is audited", async () => {
    const { decider, other, seeker } = await people();
    const a = await decided(seeker.seeker.id, decider.user.id, "REJECTED");
    const server = createServer(app);
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
    let id: string;
    try {
      const { port } = server.address() as AddressInfo;
      const form = new FormData();
      const query = `mutation($input: ObjectionFileInput!) { objectionFile(input: $input) { __typename ... on ObjectionFileSuccess { objection { id documents { fileName sizeBytes } } } ${E} } }`;
      form.set(
        "operations",
        JSON.stringify({
          query,
          variables: {
            input: { subjectId: gid("UrgencyApplication", a.id), reasons: REASONS, documents: [null] },
          },
        }),
      );
      form.set("map", JSON.stringify({ 0: ["variables.input.documents.0"] }));
      form.set(
        "0",
        new File([new TextEncoder().encode("%PDF-1.4\nmantelzorgverklaring")], "verklaring.pdf", {
          type: "application/pdf",
        }),
      );
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${seeker.token}`, "graphql-require-preflight": "1" },
        body: form,
      });
      const body = (await res.json()) as any;
      expect(body.data.objectionFile.__typename).toBe("ObjectionFileSuccess");
      expect(body.data.objectionFile.objection.documents).toEqual([
        { fileName: "verklaring.pdf", sizeBytes: 29 },
      ]);
      id = body.data.objectionFile.objection.id;
    } finally {
      await new Promise((res) => server.close(res));
    }
    const stored = await t.db.objectionDocument.findFirstOrThrow({
      where: { objection: { seekerId: seeker.seeker.id } },
    });
    expect(Buffer.from(stored.ciphertext).toString("utf8")).not.toContain("mantelzorgverklaring");
    const read = `query($id: ID!) { node(id: $id) { ... on Objection { documents { contentBase64 } } } }`;
    for (const token of [seeker.token, other.token]) {
      const r = await gql(app, read, { id }, token);
      expect(Buffer.from(r.data.node.documents[0].contentBase64, "base64").toString("utf8")).toContain(
        "mantelzorgverklaring",
      );
    }
    const audits = await t.db.auditLog.findMany({ where: { actorUserId: other.user.id, action: "READ" } });
    expect(audits.map((x) => x.entityType).sort()).toEqual(["Objection", "ObjectionDocument"]);
  });
});

describe("handling an objection", () => {
  it("an upheld objection against a rejection grants the declaration; the deciding assessor may not handle it", async () => {
    const { decider, other, seeker } = await people();
    const a = await decided(seeker.seeker.id, decider.user.id, "REJECTED");
    const filed = await gql(app, FILE, { s: gid("UrgencyApplication", a.id), r: REASONS }, seeker.token);
    const id = filed.data.objectionFile.objection.id;

    const queue = await gql(app, QUEUE, {}, other.token);
    expect(queue.data.objectionQueue.edges.map((e: any) => e.node.id)).toContain(id);
    const landlord = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    const notTheirs = await gql(app, QUEUE, {}, landlord.token);
    expect(notTheirs.data.objectionQueue.edges.map((e: any) => e.node.id)).not.toContain(id);

    const hearingAt = new Date(Date.now() + 7 * DAY).toISOString();
    const own = await gql(app, PLAN, { id, at: hearingAt, loc: "Stadhuis, kamer 2" }, decider.token);
    expect(own.data.objectionHearingPlan.__typename).toBe("NotAuthorizedError");
    const past = await gql(
      app,
      PLAN,
      { id, at: new Date(Date.now() - DAY).toISOString(), loc: "Stadhuis" },
      other.token,
    );
    expect(past.data.objectionHearingPlan.__typename).toBe("ValidationError");
    const plan = await gql(app, PLAN, { id, at: hearingAt, loc: "Stadhuis, kamer 2" }, other.token);
    expect(plan.data.objectionHearingPlan.objection).toEqual({
      status: "HEARING_PLANNED",
      hearingAt,
      hearingLocation: "Stadhuis, kamer 2",
      handledByViewer: true,
    });

    const before = filed.data.objectionFile.objection.decisionDueOn;
    const ext = await gql(app, EXTEND, { id }, other.token);
    expect(ext.data.objectionDecisionPeriodExtend.objection.extendedAt).toBeTruthy();
    const due = ext.data.objectionDecisionPeriodExtend.objection.decisionDueOn;
    expect(Date.parse(due) - Date.parse(before)).toBeGreaterThanOrEqual(42 * DAY);
    expect((await gql(app, EXTEND, { id }, other.token)).data.objectionDecisionPeriodExtend.__typename).toBe(
      "InvalidStateError",
    );

    const upheld = await gql(
      app,
      DECIDE,
      {
        input: {
          id,
          outcome: "UPHELD",
          decision: DECISION,
          grant: { grantedCategory: "MANTELZORG", validMonths: 12 },
        },
      },
      other.token,
    );
    expect(upheld.errors).toBeUndefined();
    const o = upheld.data.objectionDecide.objection;
    expect(o).toMatchObject({ status: "DECIDED", outcome: "UPHELD", decision: DECISION });
    expect(o.urgencyApplication).toMatchObject({
      status: "GRANTED",
      grantedCategory: "MANTELZORG",
      decisionReason: DECISION,
    });
    const months =
      (new Date(o.urgencyApplication.validUntil).getUTCFullYear() -
        new Date(o.urgencyApplication.validFrom).getUTCFullYear()) *
        12 +
      new Date(o.urgencyApplication.validUntil).getUTCMonth() -
      new Date(o.urgencyApplication.validFrom).getUTCMonth();
    expect(months).toBe(12);
    const profile = await t.db.searchProfile.findFirst({ where: { applicationId: a.id, kind: "GRANTED" } });
    expect(profile).not.toBeNull();
    expect(
      (await gql(app, DECIDE, { input: { id, outcome: "REJECTED", decision: DECISION } }, other.token)).data
        .objectionDecide.__typename,
    ).toBe("InvalidStateError");

    const seen = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Objection { status outcome decision urgencyApplication { status } } } }`,
      { id },
      seeker.token,
    );
    expect(seen.data.node).toEqual({
      status: "DECIDED",
      outcome: "UPHELD",
      decision: DECISION,
      urgencyApplication: { status: "GRANTED" },
    });
    const mail = await t.db.outboxMessage.findFirst({
      where: { userId: seeker.user.id, kind: "URGENCY_DECISION" },
    });
    expect(mail).not.toBeNull();
  });

  it("a rejected objection leaves the rejection standing", async () => {
    const { decider, other, seeker } = await people();
    const a = await decided(seeker.seeker.id, decider.user.id, "REJECTED");
    const filed = await gql(app, FILE, { s: gid("UrgencyApplication", a.id), r: REASONS }, seeker.token);
    const r = await gql(
      app,
      DECIDE,
      { input: { id: filed.data.objectionFile.objection.id, outcome: "REJECTED", decision: DECISION } },
      other.token,
    );
    expect(r.data.objectionDecide.objection).toMatchObject({
      outcome: "REJECTED",
      urgencyApplication: { status: "REJECTED" },
    });
  });
});

describe("a complaint about an allocation", () => {
  it("is handled by the listing's landlord and answered with the rule-by-rule explanation of the place", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const otherLandlord = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    const assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
    const first = await f.seeker({ registrationDate: "2010-01-01" });
    const second = await f.seeker({ registrationDate: "2014-01-01" });
    const l = await f.listing(org.id);
    const lid = gid("Listing", l.id);
    for (const s of [first, second])
      expect(
        (
          await gql(
            app,
            `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`,
            { id: lid },
            s.token,
          )
        ).data.listingRespond.__typename,
      ).toBe("ListingRespondSuccess");
    await t.db.listing.update({
      where: { id: l.id },
      data: { publishedAt: new Date(Date.now() - 12 * DAY), closesAt: new Date(Date.now() - 2 * DAY) },
    });
    const close = await gql(
      app,
      `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename } }`,
      { id: lid },
      staff.token,
    );
    expect(close.data.listingClose.__typename).toBe("ListingCloseSuccess");
    const offer = await gql(
      app,
      `mutation($id: ID!) { offerMake(input: { listingId: $id }) { ... on OfferMakeSuccess { offer { id } } } }`,
      { id: lid },
      staff.token,
    );
    const accepted = await gql(
      app,
      `mutation($o: ID!) { offerRecordOutcome(input: { offerId: $o, outcome: ACCEPTED }) { __typename } }`,
      { o: offer.data.offerMake.offer.id },
      staff.token,
    );
    expect(accepted.data.offerRecordOutcome.__typename).toBe("OfferRecordOutcomeSuccess");

    const own = await t.db.response.findFirstOrThrow({
      where: { listingId: l.id, seekerId: second.seeker.id },
    });
    expect(own.status).toBe("NOT_SELECTED");
    const rid = gid("Response", own.id);
    const deadline = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Response { complaintPeriodEndsOn } } }`,
      { id: rid },
      second.token,
    );
    expect(deadline.data.node.complaintPeriodEndsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const winner = await t.db.response.findFirstOrThrow({
      where: { listingId: l.id, seekerId: first.seeker.id },
    });
    expect(
      (await gql(app, FILE, { s: gid("Response", winner.id), r: REASONS }, first.token)).data.objectionFile
        .__typename,
    ).toBe("NotObjectableError");

    const filed = await gql(
      app,
      FILE,
      { s: rid, r: "Ik sta al langer ingeschreven dan de nieuwe huurder, denk ik." },
      second.token,
    );
    expect(filed.data.objectionFile.objection.kind).toBe("COMPLAINT");
    const id = filed.data.objectionFile.objection.id;

    const inQueue = async (token: string) =>
      (await gql(app, QUEUE, {}, token)).data.objectionQueue?.edges.map((e: any) => e.node.id) ?? [];
    expect(await inQueue(staff.token)).toContain(id);
    expect(await inQueue(otherLandlord.token)).not.toContain(id);
    expect(await inQueue(assessor.token)).not.toContain(id);

    const decided2 = await gql(
      app,
      DECIDE,
      {
        input: {
          id,
          outcome: "REJECTED",
          decision: "De woning ging naar de kandidaat met de langste inschrijfduur.",
        },
      },
      staff.token,
    );
    expect(decided2.data.objectionDecide.objection.outcome).toBe("REJECTED");
    const answer = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Objection { decision allocationExplanation { position total tier explanation(language: EN) checks { rule passed explanation(language: EN) } } } } }`,
      { id },
      second.token,
    );
    const x = answer.data.node.allocationExplanation;
    expect(x).toMatchObject({ position: 2, total: 2, tier: "REGISTRATION_YEARS" });
    expect(x.explanation).toMatch(/year/i);
    expect(x.checks.length).toBeGreaterThan(0);
    expect(x.checks.every((c: any) => c.passed && c.explanation)).toBe(true);
  });
});
