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

describe("household size by dwelling size ([001] §B, DOMAIN.md eligibility 2)", () => {
  const Q = `query($id: ID!) { node(id: $id) { ... on Listing { householdMin householdMax householdSizeFromRuleSet criteria { rule description(language: NL) } } } }`;

  it("a listing without bounds of its own follows the rule set's table: a 4-room dwelling from 2 persons, so a single person cannot respond", async () => {
    const d = await f.dwelling(org.id, { rooms: 4 });
    const l = await f.listing(org.id, { dwellingId: d.id });
    const res = await gql(app, Q, { id: gid("Listing", l.id) });
    expect(res.errors).toBeUndefined();
    const node = res.data.node;
    expect(node).toMatchObject({ householdMin: 2, householdMax: 99, householdSizeFromRuleSet: true });
    expect(node.criteria.find((c: any) => c.rule === "HOUSEHOLD_SIZE").description).toContain(
      "de regel voor woningen met 4 kamers",
    );
    const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename ... on NotEligibleError { failedChecks { code } } } }`;
    const single = await f.seeker({ householdSize: 1 });
    const r = await gql(app, respond, { id: gid("Listing", l.id) }, single.token);
    expect(r.data.listingRespond.__typename).toBe("NotEligibleError");
    expect(r.data.listingRespond.failedChecks.map((c: any) => c.code)).toContain("HOUSEHOLD_TOO_SMALL");
    const couple = await f.seeker({ householdSize: 2 });
    expect(
      (await gql(app, respond, { id: gid("Listing", l.id) }, couple.token)).data.listingRespond.__typename,
    ).toBe("ListingRespondSuccess");
  });

  it("listingPublish refuses own bounds outside what the table allows for the dwelling, naming the field", async () => {
    const d = await f.dwelling(org.id, { rooms: 4 });
    const draft = await f.listing(org.id, { dwellingId: d.id, status: "DRAFT" });
    await t.db.listing.update({ where: { id: draft.id }, data: { householdMin: 1, householdMax: 1 } });
    const r = await gql(app, publish, { i: { id: gid("Listing", draft.id) } }, staff.token);
    expect(r.data.listingPublish.__typename).toBe("ValidationError");
    expect(r.data.listingPublish.issues).toEqual([
      {
        field: "householdMax",
        message: "household size 1–1 does not fit a dwelling of 4 rooms: the rule set allows 2+ persons",
      },
    ]);
    // Widening the table is the landlord's choice (DOMAIN: "unless the listing allows it").
    await t.db.listing.update({ where: { id: draft.id }, data: { householdMax: 4 } });
    expect(
      (await gql(app, publish, { i: { id: gid("Listing", draft.id) } }, staff.token)).data.listingPublish
        .__typename,
    ).toBe("ListingPublishSuccess");
  });
});

describe("caps on a year's listings ([001] §E.3 lottery at most 20%, [003] binding at most 50%)", () => {
  // Its own database (last in this file: createApp makes it the current one): the lottery cap
  // counts every listing of the region published this year.
  let t2: TestDatabase;
  let app2: App;
  let f2: Fixtures;
  let org2: { id: string };
  let staff2: { token: string };
  beforeAll(async () => {
    t2 = await createTestDatabase();
    app2 = createApp({ db: t2.db, logErrors: false });
    f2 = new Fixtures(t2.db);
    org2 = await f2.organisation();
    staff2 = await f2.staff("LANDLORD_STAFF", org2.id);
  });
  afterAll(async () => t2?.drop());

  const Q = `mutation($i: ListingIdInput!) { listingPublish(input: $i) { __typename ... on ListingPublishSuccess { listing { status } } ... on Error { code message } ... on QuotaExceededError { cap share currentShare shareAfter used total year municipalityId } } }`;
  const pub = async (id: string) =>
    (await gql(app2, Q, { i: { id: gid("Listing", id) } }, staff2.token)).data.listingPublish;
  /** A listing published now (this calendar year), or at `at`. */
  const published = async (
    o: {
      model?: "AANBOD" | "LOTERIJ" | "WOONGROEP";
      municipalityId?: string;
      rules?: string[];
      at?: Date;
    } = {},
  ) => {
    const l = await f2.listing(org2.id, { model: o.model, municipalityId: o.municipalityId });
    await t2.db.listing.update({
      where: { id: l.id },
      data: { publishedAt: o.at ?? new Date(), priorityRules: (o.rules ?? ["URGENCY"]) as any },
    });
    return l;
  };
  const draft = async (
    o: { model?: "AANBOD" | "LOTERIJ"; municipalityId?: string; rules?: string[] } = {},
  ) => {
    const l = await f2.listing(org2.id, {
      status: "DRAFT",
      model: o.model,
      municipalityId: o.municipalityId,
    });
    if (o.rules) await t2.db.listing.update({ where: { id: l.id }, data: { priorityRules: o.rules as any } });
    return l;
  };

  it("lottery: the first listing of a year cannot be a lottery; after four others the fifth may (1 of 5 = 20%), a second is refused with the cap and the current share", async () => {
    const year = Number(
      new Intl.DateTimeFormat("en", { timeZone: "Europe/Amsterdam", year: "numeric" }).format(new Date()),
    );
    const first = await draft({ model: "LOTERIJ" });
    expect(await pub(first.id)).toMatchObject({
      __typename: "QuotaExceededError",
      code: "QUOTA_EXCEEDED",
      cap: "LOTTERY",
      share: 0.2,
      currentShare: 0,
      shareAfter: 1,
      used: 0,
      total: 0,
      year,
      municipalityId: null,
    });
    expect((await t2.db.listing.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("DRAFT");
    // Not counted: a listing published last year, a withdrawn one, direct mediation.
    await published({ at: new Date(Date.UTC(year - 1, 5, 1)) });
    const withdrawn = await published();
    await t2.db.listing.update({ where: { id: withdrawn.id }, data: { status: "WITHDRAWN" } });
    await published({ model: "BEMIDDELING" });
    expect(await pub(first.id)).toMatchObject({ __typename: "QuotaExceededError", total: 0 });
    // Four listings of the public offer this year (a woongroep listing is offered too).
    for (let i = 0; i < 3; i++) await published();
    await published({ model: "WOONGROEP" });
    expect(await pub(first.id)).toMatchObject({
      __typename: "ListingPublishSuccess",
      listing: { status: "PUBLISHED" },
    });
    const second = await draft({ model: "LOTERIJ" });
    const refused = await pub(second.id);
    expect(refused).toMatchObject({
      __typename: "QuotaExceededError",
      cap: "LOTTERY",
      share: 0.2,
      currentShare: 0.2,
      used: 1,
      total: 5,
    });
    expect(refused.shareAfter).toBeCloseTo(2 / 6, 10);
    expect(refused.message).toContain("20%");
    // An ordinary listing is never refused by the lottery cap.
    expect((await pub((await draft()).id)).__typename).toBe("ListingPublishSuccess");
  });

  it("lottery: two parallel publications for the last slot cannot both pass", async () => {
    // Now 1 lottery of 6 listings; with 4 more ordinary ones one more lottery fits (2 of 11).
    for (let i = 0; i < 4; i++) await published();
    const a = await draft({ model: "LOTERIJ" });
    const b = await draft({ model: "LOTERIJ" });
    const results = await Promise.all([pub(a.id), pub(b.id)]);
    expect(results.map((r: any) => r.__typename).sort()).toEqual([
      "ListingPublishSuccess",
      "QuotaExceededError",
    ]);
    const year = new Date();
    const lotteries = await t2.db.listing.count({
      where: {
        allocationModel: "LOTERIJ",
        status: "PUBLISHED",
        publishedAt: { gte: new Date(year.getTime() - 3600_000) },
      },
    });
    expect(lotteries).toBe(2);
  });

  it("binding: at most half of a municipality's AANBOD/LOTERIJ listings of the year give LOCAL_BINDING priority, counted per municipality", async () => {
    const { municipality: m } = await f2.municipality();
    const { municipality: other } = await f2.municipality();
    await published({ municipalityId: m.id });
    await published({ municipalityId: other.id, rules: ["URGENCY", "LOCAL_BINDING"] });
    const one = await draft({ municipalityId: m.id, rules: ["URGENCY", "LOCAL_BINDING"] });
    expect(await pub(one.id)).toMatchObject({ __typename: "ListingPublishSuccess" });
    const two = await draft({ municipalityId: m.id, rules: ["URGENCY", "LOCAL_BINDING"] });
    const refused = await pub(two.id);
    expect(refused).toMatchObject({
      __typename: "QuotaExceededError",
      cap: "LOCAL_BINDING",
      share: 0.5,
      currentShare: 0.5,
      used: 1,
      total: 2,
      municipalityId: gid("Municipality", m.id),
    });
    expect((await t2.db.listing.findUniqueOrThrow({ where: { id: two.id } })).status).toBe("DRAFT");

    // Monitored: the statistics show the same figures publication counted.
    const year = Number(
      new Intl.DateTimeFormat("en", { timeZone: "Europe/Amsterdam", year: "numeric" }).format(new Date()),
    );
    const stats = await gql(
      app2,
      `query($y: Int!, $m: ID) { statistics(year: $y, municipalityId: $m) { listingCaps { cap municipalityId used total share maxShare withinCap } } }`,
      { y: year, m: gid("Municipality", m.id) },
    );
    expect(stats.errors).toBeUndefined();
    const [lottery, binding] = stats.data.statistics.listingCaps;
    expect(lottery).toMatchObject({
      cap: "LOTTERY",
      municipalityId: null,
      used: 2,
      maxShare: 0.2,
      withinCap: true,
    });
    expect(lottery.share).toBeLessThanOrEqual(0.2);
    expect(binding).toEqual({
      cap: "LOCAL_BINDING",
      municipalityId: gid("Municipality", m.id),
      used: 1,
      total: 2,
      share: 0.5,
      maxShare: 0.5,
      withinCap: true,
    });
  });
});
