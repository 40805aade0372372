/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * A lottery nobody at the platform can steer (issue 8 item 11, [001] §E.3, LOTTERY.md): the seed is
 * sealed until close, tickets hash entry codes fixed before the commitment (listing reference +
 * registration number), and the published draw lists every eligible entry.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { lotteryOrder, lotteryTicket } from "../src/allocation/index.ts";
import { entryCode, sealPlainLotterySeeds } from "../src/lottery-key.ts";
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
const sha256 = (hex: string) => createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");
const PUBLISH = `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename ... on ListingPublishSuccess { listing { id } } } }`;
const CLOSE = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename } }`;
const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
const DRAW = `query($id: ID!) { node(id: $id) { ... on Listing { reference lottery {
  commitment committedAt seed seedRevealedAt entries { entryCode ticket order } } } } }`;

/** Every 64-hex-character run in a text whose SHA-256 is the commitment: a readable seed. */
function seedsIn(text: string, commitment: string): string[] {
  return (text.match(/[0-9a-fA-F]{64}/g) ?? []).filter((h) => sha256(h.toLowerCase()) === commitment);
}

async function publishedLottery() {
  const org = await f.organisation();
  const staff = await f.staff("LANDLORD_STAFF", org.id);
  // At most 20% of a year's listings by lottery [001] §E.3 (region-wide, so earlier tests' lotteries
  // count too): add regular listings until this lottery fits within the cap.
  const lotteries = await t.db.listing.count({
    where: { allocationModel: "LOTERIJ", publishedAt: { not: null } },
  });
  const published = await t.db.listing.count({ where: { publishedAt: { not: null } } });
  for (let i = published; i < 5 * (lotteries + 1) - 1; i++) await f.listing(org.id);
  const l = await f.listing(org.id, {
    model: "LOTERIJ",
    status: "DRAFT",
    closesAt: new Date(Date.now() + DAY),
  });
  const r = await gql(app, PUBLISH, { id: gid("Listing", l.id) }, staff.token);
  expect(r.data.listingPublish.__typename).toBe("ListingPublishSuccess");
  return { org, staff, listing: l };
}

describe("lottery seed before close", () => {
  it("is not readable from the Listing row nor through the API, only its commitment", async () => {
    const { staff, listing } = await publishedLottery();
    const row = await t.db.listing.findUniqueOrThrow({ where: { id: listing.id } });
    expect(row.lotteryCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(row.lotterySeed).toBeNull();
    expect(row.lotterySeedSealed).toMatch(/^v1\./);
    // Nothing in the whole row (as anyone with database read access sees it) hashes to the commitment.
    expect(seedsIn(JSON.stringify(row), row.lotteryCommitment!)).toEqual([]);

    for (const token of [undefined, staff.token]) {
      const r = await gql(app, DRAW, { id: gid("Listing", listing.id) }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data.node.lottery).toMatchObject({
        commitment: row.lotteryCommitment,
        seed: null,
        seedRevealedAt: null,
        entries: [],
      });
      expect(new Date(r.data.node.lottery.committedAt).getTime()).toBe(row.publishedAt!.getTime());
      expect(seedsIn(JSON.stringify(r.data), row.lotteryCommitment!)).toEqual([]);
    }
  });

  it("a seed stored in plain text by an older version is sealed at start and still opens at close", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const l = await f.listing(org.id, { model: "LOTERIJ", status: "DRAFT" });
    const seed = "c3".repeat(32);
    await t.db.listing.update({
      where: { id: l.id },
      data: {
        status: "PUBLISHED",
        publishedAt: new Date(Date.now() - DAY),
        lotterySeed: seed,
        lotteryCommitment: sha256(seed),
      },
    });
    expect(await sealPlainLotterySeeds(t.db)).toBeGreaterThanOrEqual(1);
    const sealed = await t.db.listing.findUniqueOrThrow({ where: { id: l.id } });
    expect(sealed.lotterySeed).toBeNull();
    expect(seedsIn(JSON.stringify(sealed), sha256(seed))).toEqual([]);
    await t.db.listing.update({ where: { id: l.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    expect(
      (await gql(app, CLOSE, { id: gid("Listing", l.id) }, staff.token)).data.listingClose.__typename,
    ).toBe("ListingCloseSuccess");
    const closed = await t.db.listing.findUniqueOrThrow({ where: { id: l.id } });
    expect(closed.lotterySeed).toBe(seed);
    expect(closed.lotterySeedSealed).toBeNull();
  });
});

describe("the published draw after close", () => {
  it("lists every eligible entry (not the ineligible one) with entry codes from registration numbers, in the stored order", async () => {
    const { staff, listing } = await publishedLottery();
    const id = gid("Listing", listing.id);
    const seekers = [];
    for (let i = 0; i < 6; i++) {
      const s = await f.seeker({ registrationDate: `201${i}-02-01` });
      expect((await gql(app, RESPOND, { id }, s.token)).data.listingRespond.__typename).toBe(
        "ListingRespondSuccess",
      );
      seekers.push(s);
    }
    // One household's income rises above the limit before close: ineligible, not in the draw.
    const ineligible = seekers[5]!;
    await t.db.seeker.update({
      where: { id: ineligible.seeker.id },
      data: { householdIncomeCents: 20_000_000 },
    });
    // Registration numbers are distinct, assigned at registration.
    const numbers = seekers.map((s) => s.seeker.registrationNumber);
    expect(new Set(numbers).size).toBe(6);
    const me = await gql(app, `{ viewer { registrationNumber } }`, {}, seekers[0]!.token);
    expect(me.data.viewer.registrationNumber).toBe(numbers[0]);
    // A seeker sees their own entry code before close (fixed before the seed is revealed).
    const mine = `query($id: ID!) { node(id: $id) { ... on Listing { viewerResponse { lotteryEntryCode } } } }`;
    const before = await gql(app, mine, { id }, seekers[0]!.token);
    expect(before.data.node.viewerResponse.lotteryEntryCode).toBe(entryCode(listing.reference, numbers[0]!));

    await t.db.listing.update({
      where: { id: listing.id },
      data: { publishedAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() - 1000) },
    });
    expect((await gql(app, CLOSE, { id }, staff.token)).data.listingClose.__typename).toBe(
      "ListingCloseSuccess",
    );

    const r = await gql(app, DRAW, { id });
    const draw = r.data.node.lottery;
    expect(draw.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256(draw.seed)).toBe(draw.commitment);
    expect(draw.seedRevealedAt).not.toBeNull();
    const eligibleCodes = seekers
      .slice(0, 5)
      .map((s) => entryCode(listing.reference, s.seeker.registrationNumber));
    // Every eligible entry once, the ineligible one not at all, in lottery order with its ticket.
    expect(draw.entries.map((e: any) => e.entryCode).sort()).toEqual([...eligibleCodes].sort());
    expect(draw.entries.map((e: any) => e.entryCode)).not.toContain(
      entryCode(listing.reference, ineligible.seeker.registrationNumber),
    );
    expect(draw.entries.map((e: any) => e.entryCode)).toEqual(lotteryOrder(draw.seed, eligibleCodes));
    expect(draw.entries.map((e: any) => e.order)).toEqual([1, 2, 3, 4, 5]);
    for (const e of draw.entries) expect(e.ticket).toBe(lotteryTicket(draw.seed, e.entryCode));

    // The stored final positions follow the draw (one lottery tier: nobody has priority here).
    const responses = await t.db.response.findMany({
      where: { listingId: listing.id },
      include: { seeker: { select: { registrationNumber: true } } },
    });
    const byCode = new Map(
      responses.map((x) => [entryCode(listing.reference, x.seeker.registrationNumber), x] as const),
    );
    expect(draw.entries.map((e: any) => byCode.get(e.entryCode)!.finalPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(responses.find((x) => x.seekerId === ineligible.seeker.id)!.status).toBe("NOT_SELECTED");
    // No response id is part of the published draw.
    for (const x of responses) expect(JSON.stringify(draw)).not.toContain(x.id);
  });
});
