/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** Urgency review step, monitoring figures (waiting times, income bands), viewer.eligibleListings paging. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const E = `... on Error { code message } ... on InvalidStateError { currentState }`;

describe("urgency review: DRAFT → SUBMITTED → IN_REVIEW → GRANTED | REJECTED", () => {
  const create = `mutation { urgencyApplicationCreate(input: { category: LEAVING_HOMELESS_SHELTER, situation: "Ik verblijf sinds maart in de nachtopvang en moet daar weg." }) { ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`;
  const submit = `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`;
  const start = `mutation($id: ID!) { urgencyApplicationReviewStart(input: { id: $id }) { __typename ... on UrgencyApplicationReviewStartSuccess { urgencyApplication { status reviewStartedAt } } ${E} } }`;
  const decide = `mutation($id: ID!, $d: UrgencyDecision!) { urgencyApplicationDecide(input: { id: $id, decision: $d, reason: "Beoordeeld door de commissie" }) { __typename ... on UrgencyApplicationDecideSuccess { urgencyApplication { status } } ${E} } }`;
  const withdraw = `mutation($id: ID!) { urgencyApplicationWithdraw(input: { id: $id }) { __typename ... on UrgencyApplicationWithdrawSuccess { urgencyApplication { status timeline { status } } } ${E} } }`;
  const timeline = `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { status reviewStartedAt timeline { status at } } } }`;

  async function submitted() {
    const s = await f.seeker();
    const c = await gql(app, create, {}, s.token);
    const id = c.data.urgencyApplicationCreate.urgencyApplication.id;
    await gql(app, submit, { id }, s.token);
    return { s, id };
  }

  it("an assessor takes it into review (audited), decides it, and the seeker's timeline shows each step", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const { s, id } = await submitted();
    expect((await gql(app, start, { id }, s.token)).data.urgencyApplicationReviewStart.__typename).toBe(
      "NotAuthorizedError",
    );
    const r = await gql(app, start, { id }, assessor.token);
    expect(r.data.urgencyApplicationReviewStart.urgencyApplication.status).toBe("IN_REVIEW");
    expect(r.data.urgencyApplicationReviewStart.urgencyApplication.reviewStartedAt).not.toBeNull();
    const again = await gql(app, start, { id }, assessor.token);
    expect(again.data.urgencyApplicationReviewStart).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "IN_REVIEW",
    });
    const appId = Buffer.from(id, "base64").toString().split(":")[1]!;
    expect(
      await t.db.auditLog.count({
        where: {
          entityType: "UrgencyApplication",
          entityId: appId,
          actorUserId: assessor.user.id,
          action: "UPDATE",
        },
      }),
    ).toBe(1);

    const queue = await gql(
      app,
      `{ urgencyApplicationQueue(first: 50, statuses: [IN_REVIEW]) { edges { node { id status } } } }`,
      {},
      assessor.token,
    );
    expect(queue.data.urgencyApplicationQueue.edges.map((e: any) => e.node.id)).toContain(id);

    const granted = await gql(app, decide, { id, d: "GRANT" }, assessor.token);
    expect(granted.data.urgencyApplicationDecide.urgencyApplication.status).toBe("GRANTED");
    const seen = await gql(app, timeline, { id }, s.token);
    expect(seen.data.node.timeline.map((x: any) => x.status)).toEqual([
      "DRAFT",
      "SUBMITTED",
      "IN_REVIEW",
      "GRANTED",
    ]);
    const at = seen.data.node.timeline.map((x: any) => new Date(x.at).getTime());
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(seen.data.node.reviewStartedAt).toBe(seen.data.node.timeline[2].at);

    // no withdrawal after the decision
    expect((await gql(app, withdraw, { id }, s.token)).data.urgencyApplicationWithdraw).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "GRANTED",
    });
  });

  it("a seeker may withdraw while in review; review start and decision then refuse", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const { s, id } = await submitted();
    await gql(app, start, { id }, assessor.token);
    const w = await gql(app, withdraw, { id }, s.token);
    expect(w.data.urgencyApplicationWithdraw.urgencyApplication.timeline.map((x: any) => x.status)).toEqual([
      "DRAFT",
      "SUBMITTED",
      "IN_REVIEW",
      "WITHDRAWN",
    ]);
    expect(
      (await gql(app, decide, { id, d: "REJECT" }, assessor.token)).data.urgencyApplicationDecide,
    ).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "WITHDRAWN",
    });
    const other = await submitted();
    await gql(app, withdraw, { id: other.id }, other.s.token);
    expect(
      (await gql(app, start, { id: other.id }, assessor.token)).data.urgencyApplicationReviewStart,
    ).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "WITHDRAWN",
    });
  });

  it("a SUBMITTED application can still be decided directly (rejected), and review start refuses drafts and unknown ids", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const { s, id } = await submitted();
    expect(
      (await gql(app, decide, { id, d: "REJECT" }, assessor.token)).data.urgencyApplicationDecide
        .urgencyApplication.status,
    ).toBe("REJECTED");
    const seen = await gql(app, timeline, { id }, s.token);
    expect(seen.data.node.timeline.map((x: any) => x.status)).toEqual([
      "DRAFT",
      "SUBMITTED",
      "IN_REVIEW",
      "REJECTED",
    ]);
    const draft = await gql(app, create, {}, s.token);
    const draftId = draft.data.urgencyApplicationCreate.urgencyApplication.id;
    expect(
      (await gql(app, start, { id: draftId }, assessor.token)).data.urgencyApplicationReviewStart.__typename,
    ).toBe("InvalidStateError");
    expect(
      (
        await gql(
          app,
          start,
          { id: gid("UrgencyApplication", "00000000-0000-7000-8000-000000000000") },
          assessor.token,
        )
      ).data.urgencyApplicationReviewStart.__typename,
    ).toBe("NotFoundError");
    expect(
      (await gql(app, start, { id: "x" }, assessor.token)).data.urgencyApplicationReviewStart.__typename,
    ).toBe("ValidationError");
  });
});

describe("statistics: urgent waiting times and income bands", () => {
  it("reports months from grant to letting vs the 3-month target, those still waiting, and the 80% DAEB floor", async () => {
    const year = 2024;
    const org = await f.organisation();
    const { municipality, district } = await f.municipality();
    const letAt = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));
    async function letting(o: { income: number; rent?: number; grantedAt?: Date; at: Date }) {
      const s = await f.seeker({ income: o.income });
      if (o.grantedAt)
        await t.db.urgencyApplication.create({
          data: {
            seekerId: s.seeker.id,
            category: "LEAVING_HOMELESS_SHELTER",
            status: "GRANTED",
            decidedAt: o.grantedAt,
            decisionReason: "ok",
            grantedCategory: "LEAVING_HOMELESS_SHELTER",
            validFrom: o.grantedAt,
            validUntil: new Date(o.grantedAt.getTime() + 180 * DAY),
          },
        });
      const l = await f.listing(org.id, {
        status: "LET",
        rent: o.rent ?? 550,
        municipalityId: municipality.id,
        districtId: district.id,
      });
      await t.db.letting.create({
        data: {
          listingId: l.id,
          dwellingId: l.dwellingId,
          seekerId: s.seeker.id,
          letAt: o.at,
          registrationYearsUsed: 5,
          seekerWasMover: false,
          decidedBy: o.grantedAt ? "PRIORITY" : "REGISTRATION_YEARS",
          priorityRule: o.grantedAt ? "URGENCY" : null,
          urgencyCategory: o.grantedAt ? "LEAVING_HOMELESS_SHELTER" : null,
          allocationModel: "AANBOD",
          responseCount: 10,
          netRentCents: (o.rent ?? 550) * 100,
          householdSize: 1,
          householdIncomeCents: o.income * 100,
        },
      });
    }
    // urgent: 2 months and 5 months after the grant
    await letting({
      income: 20000,
      grantedAt: letAt(1, 1),
      at: new Date(Date.UTC(year, 0, 1) + 2 * 30.4375 * DAY),
    });
    await letting({
      income: 21000,
      grantedAt: letAt(1, 1),
      at: new Date(Date.UTC(year, 0, 1) + 5 * 30.4375 * DAY),
    });
    // regular: incomes up to DAEB (38,035), between DAEB and middle (42,436), and a middle-rent letting
    await letting({ income: 30000, at: letAt(3, 1) });
    await letting({ income: 40000, at: letAt(3, 2) });
    await letting({ income: 50000, rent: 800, at: letAt(3, 3) });
    // still waiting at the end of the year: granted in November (2 months), not housed
    const waiting = await f.seeker();
    await t.db.seeker.update({ where: { id: waiting.seeker.id }, data: { municipalityId: municipality.id } });
    await t.db.urgencyApplication.create({
      data: {
        seekerId: waiting.seeker.id,
        category: "MANTELZORG",
        status: "GRANTED",
        decidedAt: letAt(11, 1),
        decisionReason: "ok",
        grantedCategory: "MANTELZORG",
        validFrom: letAt(11, 1),
        validUntil: new Date(Date.UTC(year + 1, 3, 1)),
      },
    });

    const q = `query($y: Int!, $m: ID, $d: ID) { statistics(year: $y, municipalityId: $m, districtId: $d) {
      lettings
      urgentWaitingTimes { targetMonths housed { count mean median } housedWithinTarget housedWithinTargetShare
        waiting { count mean overTarget } byCategory { category housed { count } withinTargetShare } }
      incomeBands { socialLettings upToDaeb daebToMiddle middleToOrdinance aboveOrdinance shareUpToDaeb
        minimumShareUpToDaeb meetsDaebMinimum daebLimit middleLimit ordinanceLimit liberalisationLimit } } }`;
    const r = await gql(app, q, { y: year, m: gid("Municipality", municipality.id) });
    expect(r.errors).toBeUndefined();
    const s = r.data.statistics;
    expect(s.lettings).toBe(5);
    const w = s.urgentWaitingTimes;
    expect(w.targetMonths).toBe(3);
    expect(w.housed.count).toBe(2);
    expect(w.housed.mean).toBeCloseTo(3.5, 1);
    expect(w.housedWithinTarget).toBe(1);
    expect(w.housedWithinTargetShare).toBe(0.5);
    expect(w.byCategory).toEqual([
      { category: "LEAVING_HOMELESS_SHELTER", housed: { count: 2 }, withinTargetShare: 0.5 },
    ]);
    expect(w.waiting.count).toBe(1);
    expect(w.waiting.mean).toBeGreaterThan(1.9);
    expect(w.waiting.overTarget).toBe(0);
    const b = s.incomeBands;
    expect(b).toMatchObject({
      socialLettings: 4,
      upToDaeb: 3,
      daebToMiddle: 1,
      middleToOrdinance: 0,
      aboveOrdinance: 0,
      shareUpToDaeb: 0.75,
      minimumShareUpToDaeb: 0.8,
      meetsDaebMinimum: false,
      daebLimit: 38035,
      middleLimit: 42436,
      ordinanceLimit: 48655,
      liberalisationLimit: 720.42,
    });
    // under a district filter the still-waiting figure is not defined
    const byDistrict = await gql(app, q, { y: year, d: gid("District", district.id) });
    expect(byDistrict.data.statistics.urgentWaitingTimes.waiting).toBeNull();
    expect(byDistrict.data.statistics.urgentWaitingTimes.housed.count).toBe(2);
  });
});

describe("viewer.eligibleListings", () => {
  it("pages through the eligible open listings by cursor, closing soonest first, with totalCount", async () => {
    const org = await f.organisation();
    const s = await f.seeker({ income: 30000 });
    const eligible = [];
    for (let i = 1; i <= 5; i++)
      eligible.push(
        await f.listing(org.id, { closesAt: new Date(Date.now() + i * DAY + 3600_000), rent: 500 }),
      );
    // not eligible: household of 3+ only, and closed
    const family = await f.listing(org.id, { closesAt: new Date(Date.now() + 2 * DAY) });
    await t.db.listing.update({ where: { id: family.id }, data: { householdMin: 3 } });
    await f.listing(org.id, { status: "CLOSED", closesAt: new Date(Date.now() - 1000) });
    const q = `query($after: String) { viewer { eligibleListings(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const r: any = await gql(app, q, { after }, s.token);
      expect(r.errors).toBeUndefined();
      const c = r.data.viewer.eligibleListings;
      total = c.totalCount;
      seen.push(...c.edges.map((e: any) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const mine = eligible.map((l) => gid("Listing", l.id));
    // listings of other tests in this file are let/closed, so exactly these remain, in closing order
    expect(seen).toEqual(mine);
    expect(total).toBe(5);
  });
});
