/**
 * Positions on open listings are counted against rank keys kept between requests
 * (api/src/schema/rank-keys.ts). A kept order must never outlive a change that moves a candidate:
 * every such write raises `Listing.rankVersion` in its own transaction (database triggers), and
 * the next position a seeker sees is the new one. Each step below changes one kind of input and
 * checks the position a seeker sees against the hand-worked order ([001] §E.2: registration time
 * decides within a tier; urgency with a matching search profile first).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { clearRankKeys, rankKeyStats } from "../src/schema/rank-keys.ts";
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
beforeEach(() => clearRankKeys());

const DAY = 86_400_000;
const E = `... on Error { code message }`;
const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ${E} } }`;
const withdraw = `mutation($id: ID!) { responseWithdraw(input: { responseId: $id }) { __typename ${E} } }`;
const position = `query($id: ID!) { node(id: $id) { ... on Listing { viewerPosition { current { kind position total } ifRespondedNow { kind position total } } } } }`;

async function ifNow(listingId: string, token: string): Promise<[string, number | null, number | null]> {
  const r = await gql(app, position, { id: gid("Listing", listingId) }, token);
  expect(r.errors).toBeUndefined();
  const p = r.data.node.viewerPosition.ifRespondedNow;
  return [p.kind, p.position ?? null, p.total ?? null];
}

const version = async (id: string) =>
  (await t.db.listing.findUniqueOrThrow({ where: { id }, select: { rankVersion: true } })).rankVersion;

describe("kept rank keys follow every change that moves a candidate", () => {
  it("respond, withdraw, a seeker's registration and income, urgency granted and its search profile", async () => {
    const org = await f.organisation();
    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const c = await f.seeker({ registrationDate: "2014-01-01" });
    const v = await f.seeker({ registrationDate: "2011-01-01" }); // the viewer, never responds
    const l = await f.listing(org.id);
    const id = gid("Listing", l.id);
    for (const s of [a, c])
      expect((await gql(app, respond, { id }, s.token)).data.listingRespond.__typename).toBe(
        "ListingRespondSuccess",
      );
    // A (2010) is ahead of the viewer (2011), C (2014) behind.
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 2, 3]);
    // Asked again without a change: answered from the kept keys.
    const hits = rankKeyStats.hits;
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 2, 3]);
    expect(rankKeyStats.hits).toBeGreaterThan(hits);

    // A new response (B, 2012) counts at once; it is behind the viewer.
    let before = await version(l.id);
    await gql(app, respond, { id }, b.token);
    expect(await version(l.id)).toBeGreaterThan(before);
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 2, 4]);

    // A withdraws: the viewer moves up.
    const aResponse = await t.db.response.findFirstOrThrow({
      where: { listingId: l.id, seekerId: a.seeker.id },
    });
    before = await version(l.id);
    expect(
      (await gql(app, withdraw, { id: gid("Response", aResponse.id) }, a.token)).data.responseWithdraw
        .__typename,
    ).toBe("ResponseWithdrawSuccess");
    expect(await version(l.id)).toBeGreaterThan(before);
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 1, 3]);

    // C's registration date is corrected to 2005: C is now ahead of the viewer.
    before = await version(l.id);
    await t.db.seeker.update({
      where: { id: c.seeker.id },
      data: { registrationDate: new Date("2005-01-01") },
    });
    expect(await version(l.id)).toBeGreaterThan(before);
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 2, 3]);

    // C's income rises far above the limit: C is no longer eligible and takes no place.
    await t.db.seeker.update({ where: { id: c.seeker.id }, data: { householdIncomeCents: 20_000_000 } });
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 1, 2]);

    // A change that cannot move anyone (the update time only) keeps the kept keys.
    before = await version(l.id);
    await t.db.$executeRaw`UPDATE "Seeker" SET "updatedAt" = now() WHERE id = ${b.seeker.id}::uuid`;
    expect(await version(l.id)).toBe(before);

    // B (2012, behind the viewer) is granted urgency with a search profile that matches: B first
    // (C, ineligible, still takes no place).
    const granted = await t.db.urgencyApplication.create({
      data: {
        seekerId: b.seeker.id,
        category: "CHRONIC_MEDICAL",
        situation: "Medische urgentie",
        status: "GRANTED",
        grantedCategory: "CHRONIC_MEDICAL",
        submittedAt: new Date(Date.now() - 40 * DAY),
        decidedAt: new Date(Date.now() - 30 * DAY),
        validFrom: new Date(Date.now() - 30 * DAY),
        validUntil: new Date(Date.now() + 150 * DAY),
      },
    });
    before = await version(l.id);
    await t.db.searchProfile.create({ data: { applicationId: granted.id, kind: "GRANTED" } });
    expect(await version(l.id)).toBeGreaterThan(before);
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 2, 2]);

    // The declaration expires early (validity ended yesterday): B is back behind the viewer.
    before = await version(l.id);
    await t.db.urgencyApplication.update({
      where: { id: granted.id },
      data: { status: "EXPIRED", validUntil: new Date(Date.now() - DAY) },
    });
    expect(await version(l.id)).toBeGreaterThan(before);
    expect(await ifNow(l.id, v.token)).toEqual(["RANKED", 1, 2]);

    // A draft application of someone else does not touch the listing.
    before = await version(l.id);
    await t.db.urgencyApplication.create({
      data: { seekerId: b.seeker.id, category: "CHRONIC_MEDICAL", situation: "Concept", status: "DRAFT" },
    });
    expect(await version(l.id)).toBe(before);
  });

  it("the viewer's own response is classified fresh: current and if-responded-now agree with the full ranking", async () => {
    const org = await f.organisation();
    const seekers = await Promise.all(
      ["2009-05-01", "2013-02-01", "2011-07-01", "2016-01-01", "2010-03-01"].map((d) =>
        f.seeker({ registrationDate: d }),
      ),
    );
    const l = await f.listing(org.id);
    const id = gid("Listing", l.id);
    for (const s of seekers) await gql(app, respond, { id }, s.token);
    // By registration date: 2009, 2010, 2011, 2013, 2016.
    const expected = [1, 4, 3, 5, 2];
    for (const [i, s] of seekers.entries()) {
      const r = await gql(app, position, { id }, s.token);
      expect(r.data.node.viewerPosition.current).toEqual({ kind: "RANKED", position: expected[i], total: 5 });
      expect(r.data.node.viewerPosition.ifRespondedNow).toEqual(r.data.node.viewerPosition.current);
    }
  });
});
