/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Allocation rules the API enforces on listings and seekers, as the seeds write them (issue 8):
 * urgency is not a landlord's option ([001] §E.2c), the lottery and binding caps ([001] §E.3,
 * [003]), household size vs dwelling size ([001] §B), vital professions ([003]).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
const DAY = 86_400_000;
let org: { id: string };
let staff: { token: string };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  org = await f.organisation();
  staff = await f.staff("LANDLORD_STAFF", org.id);
});
afterAll(async () => t?.drop());

const ERR = `... on Error { code message } ... on ValidationError { issues { field message } }`;
const create = `mutation($i: ListingCreateMutationInput!) { listingCreate(input: $i) { __typename ... on ListingCreateSuccess { listing { id priorityRules } } ${ERR} } }`;
const update = `mutation($i: ListingUpdateMutationInput!) { listingUpdate(input: $i) { __typename ... on ListingUpdateSuccess { listing { id priorityRules } } ${ERR} } }`;
const publish = `mutation($i: ListingIdInput!) { listingPublish(input: $i) { __typename ... on ListingPublishSuccess { listing { id status } } ${ERR} } }`;

describe("urgency is not a per-listing option ([001] §E.2c)", () => {
  it("listingCreate refuses an AANBOD or LOTERIJ listing without URGENCY, naming priorityRules; woongroep may omit it", async () => {
    const d = await f.dwelling(org.id);
    const base = {
      dwellingId: gid("Dwelling", d.id),
      title: "Driekamerappartement",
      closesAt: new Date(Date.now() + 7 * DAY).toISOString(),
    };
    for (const allocationModel of ["AANBOD", "LOTERIJ"]) {
      const r = await gql(
        app,
        create,
        { i: { listing: { ...base, allocationModel, priorityRules: ["MOVER"] } } },
        staff.token,
      );
      expect(r.data.listingCreate.__typename).toBe("ValidationError");
      expect(r.data.listingCreate.issues).toEqual([
        { field: "listing.priorityRules", message: expect.stringContaining("must include URGENCY") },
      ]);
    }
    expect(await t.db.listing.count({ where: { dwellingId: d.id } })).toBe(0);
    const ok = await gql(
      app,
      create,
      { i: { listing: { ...base, allocationModel: "AANBOD", priorityRules: ["URGENCY", "MOVER"] } } },
      staff.token,
    );
    expect(ok.data.listingCreate.listing.priorityRules).toEqual(["URGENCY", "MOVER"]);
    const wg = await gql(
      app,
      create,
      { i: { listing: { ...base, allocationModel: "WOONGROEP", priorityRules: [] } } },
      staff.token,
    );
    expect(wg.data.listingCreate.__typename).toBe("ListingCreateSuccess");
  });

  it("listingUpdate refuses dropping URGENCY (or switching a woongroep draft without it to AANBOD); listingPublish refuses a stored listing without it", async () => {
    const draft = await f.listing(org.id, { status: "DRAFT" });
    const id = gid("Listing", draft.id);
    const drop = await gql(app, update, { i: { id, changes: { priorityRules: ["MOVER"] } } }, staff.token);
    expect(drop.data.listingUpdate.issues.map((x: any) => x.field)).toEqual(["changes.priorityRules"]);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: draft.id } })).priorityRules).toEqual([
      "URGENCY",
    ]);

    const wg = await f.listing(org.id, { status: "DRAFT", model: "WOONGROEP" });
    await t.db.listing.update({ where: { id: wg.id }, data: { priorityRules: [] } });
    const toAanbod = await gql(
      app,
      update,
      { i: { id: gid("Listing", wg.id), changes: { allocationModel: "AANBOD" } } },
      staff.token,
    );
    expect(toAanbod.data.listingUpdate.issues.map((x: any) => x.field)).toEqual(["changes.priorityRules"]);

    // A row stored without URGENCY (e.g. written before this rule) is not published as it is.
    await t.db.listing.update({ where: { id: draft.id }, data: { priorityRules: ["MOVER"] } });
    const pub = await gql(app, publish, { i: { id } }, staff.token);
    expect(pub.data.listingPublish.__typename).toBe("ValidationError");
    expect(pub.data.listingPublish.issues.map((x: any) => x.field)).toEqual(["priorityRules"]);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
  });
});
