/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * A closed listing's order is the one fixed at close (the stored final positions); nothing about it
 * is re-ranked with today's data. Before this, a tenant's registration date that restarted at
 * letting ([001] §E.2 Voorstel IV) made every position on their earlier listings an internal error
 * ("seeker.registrationDate: lies after the evaluation date"), for them, for every other seeker
 * on those listings, for the landlord's candidate list and for the next offer.
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
const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ${E} } }`;
const close = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename ${E} } }`;
const make = `mutation($id: ID!) { offerMake(input: { listingId: $id }) { __typename ... on OfferMakeSuccess { offer { id position } } ${E} } }`;
const outcome = `mutation($o: ID!, $x: OfferOutcomeInput!) { offerRecordOutcome(input: { offerId: $o, outcome: $x }) { __typename ... on OfferRecordOutcomeSuccess { result { letting { id } nextOffer { id position } } } ${E} } }`;
const POS = `kind position total tier explanation(language: EN)`;
const viewerPos = `query($id: ID!) { node(id: $id) { ... on Listing { status viewerPosition { current { ${POS} } ifRespondedNow { ${POS} } expectedAtClose { expected method } canChange totalCandidates } viewerEligibility { eligible } } } }`;
const candidates = `query($id: ID!) { node(id: $id) { ... on Listing { candidates { final ranked { position tier registrationYears applicant { lastName } } excluded { excludedReason applicant { lastName } } } } } }`;
const dashboard = `{ viewer { responses(first: 20) { edges { node { status finalPosition position { current { ${POS} } } } } } } }`;

/** Let the response window of a listing end `daysAgo` days ago (so a later registration date lies after it). */
async function endWindow(listingId: string, daysAgo: number) {
  await t.db.listing.update({
    where: { id: listingId },
    data: {
      publishedAt: new Date(Date.now() - (daysAgo + 10) * DAY),
      closesAt: new Date(Date.now() - daysAgo * DAY),
    },
  });
}

describe("positions on closed and let listings", () => {
  it("stay the order fixed at close after a candidate is housed elsewhere (registration restarted) and others' data changed", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const c = await f.seeker({ registrationDate: "2014-01-01" });
    const d = await f.seeker({ registrationDate: "2008-01-01" }); // never responds
    const l1 = await f.listing(org.id);
    const l2 = await f.listing(org.id);
    const id1 = gid("Listing", l1.id);
    const id2 = gid("Listing", l2.id);
    for (const s of [a, b, c])
      expect((await gql(app, respond, { id: id1 }, s.token)).data.listingRespond.__typename).toBe(
        "ListingRespondSuccess",
      );
    expect((await gql(app, respond, { id: id2 }, a.token)).data.listingRespond.__typename).toBe(
      "ListingRespondSuccess",
    );

    // L1 closes (two days ago): a 1st, b 2nd, c 3rd; the inputs of the close are kept.
    await endWindow(l1.id, 2);
    expect((await gql(app, close, { id: id1 }, staff.token)).data.listingClose.__typename).toBe(
      "ListingCloseSuccess",
    );
    const stored = await t.db.response.findMany({
      where: { listingId: l1.id },
      orderBy: { finalPosition: "asc" },
    });
    expect(stored.map((r) => [r.seekerId, r.finalPosition])).toEqual([
      [a.seeker.id, 1],
      [b.seeker.id, 2],
      [c.seeker.id, 3],
    ]);
    expect(stored.every((r) => r.seekerAtClose !== null)).toBe(true);

    // a gets the offer on L1 and declines; b gets the next one.
    const o1 = await gql(app, make, { id: id1 }, staff.token);
    expect(o1.data.offerMake.offer.position).toBe(1);
    const declined = await gql(app, outcome, { o: o1.data.offerMake.offer.id, x: "DECLINED" }, staff.token);
    expect(declined.data.offerRecordOutcome.result.nextOffer.position).toBe(2);

    // a is then housed through L2 (closed yesterday): their registration restarts today.
    await endWindow(l2.id, 1);
    expect((await gql(app, close, { id: id2 }, staff.token)).data.listingClose.__typename).toBe(
      "ListingCloseSuccess",
    );
    const o2 = await gql(app, make, { id: id2 }, staff.token);
    const accepted = await gql(app, outcome, { o: o2.data.offerMake.offer.id, x: "ACCEPTED" }, staff.token);
    expect(accepted.data.offerRecordOutcome.result.letting.id).toBeTruthy();
    const housed = await t.db.seeker.findUniqueOrThrow({ where: { id: a.seeker.id } });
    expect(housed.registrationDate.getTime()).toBeGreaterThan(l1.closesAt.getTime() - 30 * DAY);
    expect(housed.registrationDate.getTime()).toBeGreaterThan(Date.now() - 2 * DAY);
    // … and c's household grows past the listing's maximum after close (today ineligible).
    await t.db.listing.update({ where: { id: l1.id }, data: { householdMax: 2 } });
    await t.db.seeker.update({ where: { id: c.seeker.id }, data: { householdSize: 6 } });

    // Every seeker on L1 sees the stored position, with its explanation from the close.
    for (const [s, position] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const) {
      const r = await gql(app, viewerPos, { id: id1 }, s.token);
      expect(r.errors).toBeUndefined();
      expect(r.data.node.viewerPosition.current).toMatchObject({ kind: "RANKED", position, total: 3 });
      expect(r.data.node.viewerPosition.current.tier).toBe("REGISTRATION_YEARS");
      expect(r.data.node.viewerPosition.canChange).toBe(false);
      expect(r.data.node.viewerPosition.expectedAtClose).toMatchObject({
        expected: position,
        method: "closed",
      });
    }
    // c is judged as at close, not with today's household.
    expect((await gql(app, viewerPos, { id: id1 }, c.token)).data.node.viewerEligibility.eligible).toBe(true);
    // Someone who never responded has no position: the window is over.
    const none = await gql(app, viewerPos, { id: id1 }, d.token);
    expect(none.errors).toBeUndefined();
    expect(none.data.node.viewerPosition.current).toBeNull();
    expect(none.data.node.viewerPosition.ifRespondedNow.kind).toBe("CLOSED");
    // a's dashboard lists both listings without an error.
    const dash = await gql(app, dashboard, {}, a.token);
    expect(dash.errors).toBeUndefined();
    expect(
      dash.data.viewer.responses.edges.map((e: any) => [e.node.status, e.node.position?.current?.position]),
    ).toEqual(expect.arrayContaining([["DECLINED", 1]]));

    // The landlord's list is the stored order, explained.
    const list = await gql(app, candidates, { id: id1 }, staff.token);
    expect(list.errors).toBeUndefined();
    expect(list.data.node.candidates.final).toBe(true);
    expect(
      list.data.node.candidates.ranked.map((r: any) => [r.position, r.applicant.lastName, r.tier]),
    ).toEqual([
      [1, a.seeker.lastName, "REGISTRATION_YEARS"],
      [2, b.seeker.lastName, "REGISTRATION_YEARS"],
      [3, c.seeker.lastName, "REGISTRATION_YEARS"],
    ]);

    // b declines too: the next offer goes to c at position 3, whatever a's and c's data say today.
    const b2 = await gql(
      app,
      outcome,
      { o: declined.data.offerRecordOutcome.result.nextOffer.id, x: "DECLINED" },
      staff.token,
    );
    expect(b2.errors).toBeUndefined();
    expect(b2.data.offerRecordOutcome.result.nextOffer.position).toBe(3);
    const offerToC = await t.db.offer.findFirstOrThrow({ where: { listingId: l1.id, position: 3 } });
    expect(offerToC.seekerId).toBe(c.seeker.id);
  });

  it("for listings closed before the inputs were kept: the stored position stands, the explanation is left out when it cannot be known", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const a = await f.seeker({ registrationDate: "2011-01-01" });
    const b = await f.seeker({ registrationDate: "2013-01-01" });
    const l = await f.listing(org.id, { status: "LET" });
    await endWindow(l.id, 40);
    const today = new Date(new Date().toISOString().slice(0, 10));
    // As the seed and older closes left them: final positions, no inputs from the close; a (the
    // tenant) has since restarted their registration.
    await t.db.response.create({
      data: { listingId: l.id, seekerId: a.seeker.id, status: "ACCEPTED", finalPosition: 1 },
    });
    await t.db.response.create({
      data: { listingId: l.id, seekerId: b.seeker.id, status: "NOT_SELECTED", finalPosition: 2 },
    });
    await t.db.seeker.update({
      where: { id: a.seeker.id },
      data: { registrationDate: today, status: "HOUSED" },
    });
    const id = gid("Listing", l.id);

    const ra = await gql(app, viewerPos, { id }, a.token);
    expect(ra.errors).toBeUndefined();
    expect(ra.data.node.viewerPosition.current).toMatchObject({
      kind: "RANKED",
      position: 1,
      total: 2,
      tier: null,
    });
    const rb = await gql(app, viewerPos, { id }, b.token);
    expect(rb.errors).toBeUndefined();
    expect(rb.data.node.viewerPosition.current).toMatchObject({
      kind: "RANKED",
      position: 2,
      total: 2,
      tier: "REGISTRATION_YEARS",
    });
    const list = await gql(app, candidates, { id }, staff.token);
    expect(list.errors).toBeUndefined();
    expect(
      list.data.node.candidates.ranked.map((r: any) => [r.position, r.applicant.lastName, r.tier]),
    ).toEqual([
      [1, a.seeker.lastName, null],
      [2, b.seeker.lastName, "REGISTRATION_YEARS"],
    ]);
    const dash = await gql(app, dashboard, {}, a.token);
    expect(dash.errors).toBeUndefined();
  });
});
