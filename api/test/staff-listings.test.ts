/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** The landlord workspace's listing overview: `staffListings` filters (status, model, municipality, text). */
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

const LIST = `query($s: [ListingStatus!], $m: [AllocationModel!], $mu: [ID!], $q: String) {
  staffListings(first: 50, statuses: $s, allocationModels: $m, municipalityIds: $mu, search: $q) {
    totalCount edges { node { reference status allocationModel } }
  }
}`;

describe("staffListings: the landlord's own listings with filters", () => {
  it("filters by status, model, municipality and text, counts the matches, never shows another landlord's", async () => {
    const org = await f.organisation();
    const other = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const { municipality } = await f.municipality();
    const draft = await f.listing(org.id, { status: "DRAFT" });
    const mediation = await f.listing(org.id, { model: "BEMIDDELING", municipalityId: municipality.id });
    const closed = await f.listing(org.id, { status: "CLOSED" });
    const foreign = await f.listing(other.id, { model: "BEMIDDELING", municipalityId: municipality.id });
    await t.db.listing.update({ where: { id: closed.id }, data: { title: "Benedenwoning Kanaalstraat" } });

    const refs = (d: any) => d.data.staffListings.edges.map((e: any) => e.node.reference).sort();
    const all = await gql(app, LIST, {}, staff.token);
    expect(refs(all)).toEqual([draft.reference, mediation.reference, closed.reference].sort());
    expect(all.data.staffListings.totalCount).toBe(3);

    const drafts = await gql(app, LIST, { s: ["DRAFT"] }, staff.token);
    expect(refs(drafts)).toEqual([draft.reference]);
    expect(drafts.data.staffListings.totalCount).toBe(1);

    expect(refs(await gql(app, LIST, { m: ["BEMIDDELING"] }, staff.token))).toEqual([mediation.reference]);
    const inPlace = await gql(app, LIST, { mu: [gid("Municipality", municipality.id)] }, staff.token);
    expect(refs(inPlace)).toEqual([mediation.reference]);
    expect(refs(await gql(app, LIST, { q: "kanaalSTRAAT" }, staff.token))).toEqual([closed.reference]);
    expect(refs(await gql(app, LIST, { q: mediation.reference.toLowerCase() }, staff.token))).toEqual([
      mediation.reference,
    ]);
    expect(refs(await gql(app, LIST, { q: foreign.reference }, staff.token))).toEqual([]);
    // Filters combine: a draft mediation listing does not exist.
    expect(
      (await gql(app, LIST, { s: ["DRAFT"], m: ["BEMIDDELING"] }, staff.token)).data.staffListings.totalCount,
    ).toBe(0);
  });

  it("answers VALIDATION_FAILED for a search text over 100 characters and a malformed municipality ID", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const long = await gql(app, LIST, { q: "x".repeat(101) }, staff.token);
    expect(long.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
    const bad = await gql(app, LIST, { mu: ["not-an-id"] }, staff.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });
});
