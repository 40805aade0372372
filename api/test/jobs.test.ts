/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** Scheduled jobs (jobs.ts): closing listings, lapsing offers, expiring urgency, document retention. */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { drawSealedSeed, lotteryKey } from "../src/lottery-key.ts";
import { runJobsOnce } from "../src/jobs.ts";
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
const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;

/** A published listing with responses from seekers registered in the given years. */
async function listingWithResponses(
  orgId: string,
  registrationDates: string[],
  o: { model?: "AANBOD" | "LOTERIJ" } = {},
) {
  const l = await f.listing(orgId, { model: o.model, status: o.model === "LOTERIJ" ? "DRAFT" : "PUBLISHED" });
  if (o.model === "LOTERIJ") {
    await t.db.listing.update({
      where: { id: l.id },
      data: {
        status: "PUBLISHED",
        publishedAt: new Date(Date.now() - DAY),
        ...drawSealedSeed(lotteryKey(), l.id),
      },
    });
  }
  const seekers = [];
  for (const d of registrationDates) {
    const s = await f.seeker({ registrationDate: d });
    expect(
      (await gql(app, respond, { id: gid("Listing", l.id) }, s.token)).data.listingRespond.__typename,
    ).toBe("ListingRespondSuccess");
    seekers.push(s);
  }
  return { listing: l, seekers };
}

describe("closing listings whose window ended", () => {
  it("closes like listingClose: CLOSED, final positions, seed revealed, audited as SYSTEM; idempotent", async () => {
    const org = await f.organisation();
    const { listing, seekers } = await listingWithResponses(org.id, [
      "2010-01-01",
      "2016-01-01",
      "2012-01-01",
    ]);
    const lottery = await listingWithResponses(org.id, ["2011-01-01", "2013-01-01"], { model: "LOTERIJ" });
    const open = await f.listing(org.id);
    const closesAt = new Date(Date.now() + DAY);
    await t.db.listing.updateMany({
      where: { id: { in: [listing.id, lottery.listing.id] } },
      data: { closesAt },
    });

    // before the window ends nothing happens
    expect((await runJobsOnce(t.db, new Date(closesAt.getTime() - 1))).listingsClosed).toBe(0);
    const report = await runJobsOnce(t.db, new Date(closesAt.getTime() + 1000));
    expect(report.listingsClosed).toBeGreaterThanOrEqual(2);

    const closed = await t.db.listing.findUniqueOrThrow({ where: { id: listing.id } });
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt).not.toBeNull();
    const responses = await t.db.response.findMany({ where: { listingId: listing.id } });
    const position = (seekerId: string) => responses.find((r) => r.seekerId === seekerId)!.finalPosition;
    expect([seekers[0]!, seekers[2]!, seekers[1]!].map((s) => position(s.seeker.id))).toEqual([1, 2, 3]);

    const drawn = await t.db.listing.findUniqueOrThrow({ where: { id: lottery.listing.id } });
    expect(drawn.status).toBe("CLOSED");
    expect(drawn.lotterySeedRevealedAt).not.toBeNull();
    expect(createHash("sha256").update(Buffer.from(drawn.lotterySeed!, "hex")).digest("hex")).toBe(
      drawn.lotteryCommitment,
    );
    const pub = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { lottery { seed entries { order } } } } }`,
      { id: gid("Listing", drawn.id) },
    );
    expect(pub.data.node.lottery.seed).toBe(drawn.lotterySeed);
    expect(pub.data.node.lottery.entries).toHaveLength(2);

    expect((await t.db.listing.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("PUBLISHED");
    const audits = await t.db.auditLog.findMany({ where: { entityType: "Listing", entityId: listing.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorRole: "SYSTEM", actorUserId: null, action: "UPDATE" });
    expect(audits[0]!.detail).toMatchObject({ action: "close", ranked: 3 });

    // a second run changes nothing
    const again = await runJobsOnce(t.db, new Date(closesAt.getTime() + 2000));
    expect(again.listingsClosed).toBe(0);
    expect(await t.db.auditLog.count({ where: { entityType: "Listing", entityId: listing.id } })).toBe(1);
  });

  it("two processes running at once close each listing exactly once", async () => {
    const org = await f.organisation();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await listingWithResponses(org.id, ["2014-01-01"])).listing.id);
    const closesAt = new Date(Date.now() + 2 * DAY);
    await t.db.listing.updateMany({ where: { id: { in: ids } }, data: { closesAt } });
    const later = new Date(closesAt.getTime() + 1000);
    const [a, b] = await Promise.all([runJobsOnce(t.db, later), runJobsOnce(t.db, later)]);
    expect(a.failures + b.failures).toBe(0);
    const closedHere = await t.db.listing.count({ where: { id: { in: ids }, status: "CLOSED" } });
    expect(closedHere).toBe(4);
    expect(await t.db.auditLog.count({ where: { entityType: "Listing", entityId: { in: ids } } })).toBe(4);
  });

  it("the staff listingClose after the job reports InvalidStateError", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const { listing } = await listingWithResponses(org.id, ["2014-01-01"]);
    const closesAt = new Date(Date.now() + 3 * DAY);
    await t.db.listing.update({ where: { id: listing.id }, data: { closesAt } });
    await runJobsOnce(t.db, new Date(closesAt.getTime() + 1));
    const r = await gql(
      app,
      `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename ... on InvalidStateError { currentState } } }`,
      { id: gid("Listing", listing.id) },
      staff.token,
    );
    expect(r.data.listingClose).toEqual({ __typename: "InvalidStateError", currentState: "CLOSED" });
  });
});

describe("offers past their deadline", () => {
  it("become NO_RESPONSE; the landlord then offers to the next candidate", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const { listing, seekers } = await listingWithResponses(org.id, ["2010-01-01", "2012-01-01"]);
    const closesAt = new Date(Date.now() + 4 * DAY);
    await t.db.listing.update({ where: { id: listing.id }, data: { closesAt } });
    await runJobsOnce(t.db, new Date(closesAt.getTime() + 1));
    // Real time has not reached closesAt, so move the whole listing into the past for offerMake.
    await t.db.listing.update({
      where: { id: listing.id },
      data: { publishedAt: new Date(Date.now() - 10 * DAY), closesAt: new Date(Date.now() - DAY) },
    });
    const make = `mutation($id: ID!, $by: DateTime) { offerMake(input: { listingId: $id, respondBy: $by }) { __typename ... on OfferMakeSuccess { offer { id position seekerName: applicant { lastName } } } } }`;
    const respondBy = new Date(Date.now() + 60_000);
    const first = await gql(
      app,
      make,
      { id: gid("Listing", listing.id), by: respondBy.toISOString() },
      staff.token,
    );
    expect(first.data.offerMake.offer.position).toBe(1);

    expect((await runJobsOnce(t.db, new Date(respondBy.getTime() - 1))).offersLapsed).toBe(0);
    const [a, b] = await Promise.all([
      runJobsOnce(t.db, new Date(respondBy.getTime() + 1)),
      runJobsOnce(t.db, new Date(respondBy.getTime() + 1)),
    ]);
    expect(a.offersLapsed + b.offersLapsed).toBe(1);
    const offer = await t.db.offer.findFirstOrThrow({ where: { listingId: listing.id } });
    expect(offer).toMatchObject({ outcome: "NO_RESPONSE", outcomeReason: "No answer by the deadline" });
    expect((await t.db.response.findUniqueOrThrow({ where: { id: offer.responseId } })).status).toBe(
      "DECLINED",
    );
    expect(
      await t.db.auditLog.count({ where: { entityType: "Offer", entityId: offer.id, actorRole: "SYSTEM" } }),
    ).toBe(1);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: listing.id } })).status).toBe("OFFERING");

    const next = await gql(app, make, { id: gid("Listing", listing.id) }, staff.token);
    expect(next.data.offerMake.offer).toMatchObject({
      position: 2,
      seekerName: { lastName: seekers[1]!.seeker.lastName },
    });
  });
});

describe("urgency declarations and their documents", () => {
  async function application(
    seekerId: string,
    data: {
      status: "GRANTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED";
      decidedAt?: Date;
      validUntil?: Date;
      withdrawnAt?: Date;
    },
  ) {
    const granted = data.status === "GRANTED" || data.status === "EXPIRED";
    const app = await t.db.urgencyApplication.create({
      data: {
        seekerId,
        category: "MANTELZORG",
        situation: "Ik zorg voor mijn moeder.",
        status: data.status,
        submittedAt: new Date("2020-01-01"),
        decidedAt: data.decidedAt ?? null,
        decisionReason: data.status === "WITHDRAWN" ? null : "Besluit",
        grantedCategory: granted ? "MANTELZORG" : null,
        validFrom: granted ? data.decidedAt : null,
        validUntil: granted ? data.validUntil : null,
        withdrawnAt: data.withdrawnAt ?? null,
      },
    });
    await t.db.urgencyDocument.create({
      data: {
        applicationId: app.id,
        fileName: "verklaring.pdf",
        mimeType: "application/pdf",
        sizeBytes: 3,
        sha256: "00".repeat(32),
        ciphertext: Buffer.from("abc"),
        iv: Buffer.alloc(12),
        authTag: Buffer.alloc(16),
        keyId: "test",
      },
    });
    return app;
  }

  it("keeps a declaration GRANTED through the last day of its validity (Amsterdam calendar day)", async () => {
    const s = await f.seeker();
    // valid until 15 July 2030 inclusive, stored as that day's UTC midnight
    const app15 = await application(s.seeker.id, {
      status: "GRANTED",
      decidedAt: new Date("2030-01-15T10:00:00Z"),
      validUntil: new Date("2030-07-15T00:00:00Z"),
    });
    // 15 July 23:30 in Amsterdam (21:30 UTC): still the last valid day
    await runJobsOnce(t.db, new Date("2030-07-15T21:30:00Z"));
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: app15.id } })).status).toBe(
      "GRANTED",
    );
    // 16 July 00:30 in Amsterdam (22:30 UTC on the 15th): expired
    await runJobsOnce(t.db, new Date("2030-07-15T22:30:00Z"));
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: app15.id } })).status).toBe(
      "EXPIRED",
    );
  });

  it("expires declarations whose validity passed, once, and the seeker's timeline shows it", async () => {
    const s = await f.seeker();
    const now = new Date();
    const lapsed = await application(s.seeker.id, {
      status: "GRANTED",
      decidedAt: new Date(now.getTime() - 200 * DAY),
      validUntil: new Date(now.getTime() - DAY),
    });
    const other = await f.seeker();
    const valid = await application(other.seeker.id, {
      status: "GRANTED",
      decidedAt: new Date(now.getTime() - 10 * DAY),
      validUntil: new Date(now.getTime() + 100 * DAY),
    });
    const [a, b] = await Promise.all([runJobsOnce(t.db, now), runJobsOnce(t.db, now)]);
    expect(a.urgencyExpired + b.urgencyExpired).toBe(1);
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: lapsed.id } })).status).toBe(
      "EXPIRED",
    );
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: valid.id } })).status).toBe(
      "GRANTED",
    );
    expect(
      await t.db.auditLog.count({
        where: { entityType: "UrgencyApplication", entityId: lapsed.id, actorRole: "SYSTEM" },
      }),
    ).toBe(1);
    const timeline = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { status timeline { status } } } }`,
      { id: gid("UrgencyApplication", lapsed.id) },
      s.token,
    );
    expect(timeline.data.node.status).toBe("EXPIRED");
    expect(timeline.data.node.timeline.map((x: any) => x.status)).toEqual([
      "DRAFT",
      "SUBMITTED",
      "GRANTED",
      "EXPIRED",
    ]);
  });

  it("deletes documents 12 months after the application ended and audits each deletion", async () => {
    await t.db.urgencyDocument.deleteMany({}); // documents of earlier tests would qualify in 2030 too
    const s = await f.seeker();
    const now = new Date("2030-06-15T10:00:00Z");
    const old = (months: number) => new Date(Date.UTC(2030, 5 - months, 10));
    const rejectedOld = await application(s.seeker.id, { status: "REJECTED", decidedAt: old(13) });
    const rejectedRecent = await application(s.seeker.id, { status: "REJECTED", decidedAt: old(11) });
    const withdrawnOld = await application(s.seeker.id, { status: "WITHDRAWN", withdrawnAt: old(14) });
    // decided long ago but in force until recently: kept until 12 months after validUntil
    const expiredRecently = await application(s.seeker.id, {
      status: "EXPIRED",
      decidedAt: old(30),
      validUntil: old(6),
    });
    const expiredOld = await application(s.seeker.id, {
      status: "EXPIRED",
      decidedAt: old(30),
      validUntil: old(18),
    });
    const [a, b] = await Promise.all([runJobsOnce(t.db, now), runJobsOnce(t.db, now)]);
    expect(a.documentsDeleted + b.documentsDeleted).toBe(3);
    const left = async (id: string) => t.db.urgencyDocument.count({ where: { applicationId: id } });
    expect(await left(rejectedOld.id)).toBe(0);
    expect(await left(withdrawnOld.id)).toBe(0);
    expect(await left(expiredOld.id)).toBe(0);
    expect(await left(rejectedRecent.id)).toBe(1);
    expect(await left(expiredRecently.id)).toBe(1);
    const audits = await t.db.auditLog.findMany({
      where: { entityType: "UrgencyDocument", action: "DELETE", actorRole: "SYSTEM" },
    });
    expect(audits).toHaveLength(3);
    expect(audits.map((x) => (x.detail as any).applicationId).sort()).toEqual(
      [rejectedOld.id, withdrawnOld.id, expiredOld.id].sort(),
    );
    expect(audits[0]!.detail).toMatchObject({ reason: "retention", retentionMonths: 12 });
    // the applications themselves (and their decisions) stay
    expect(await t.db.urgencyApplication.count({ where: { id: rejectedOld.id } })).toBe(1);
    // a shorter retention can be configured
    expect((await runJobsOnce(t.db, now, { documentRetentionMonths: 9 })).documentsDeleted).toBe(1);
    expect(await left(rejectedRecent.id)).toBe(0);
  });
});
