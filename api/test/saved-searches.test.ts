/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Saved searches (schema/saved-search.ts) and their alerts (saved-search-alerts.ts): CRUD and
 * validation through the API, and the alert run inside `runJobsOnce` — one mail per seeker per run
 * listing every new match (read from a real SMTP server), only-eligible searches by the core's
 * eligibility, never the same listing twice, the daily digest at 08:00 Europe/Amsterdam, and
 * unsubscribing respected.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { startMailCatcher, type MailCatcher } from "../src/mail/catcher.ts";
import { runJobsOnce } from "../src/jobs.ts";
import { latestDigestTime } from "../src/saved-search-alerts.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let smtp: MailCatcher;
let landlord: { id: string };
let staffToken: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  smtp = await startMailCatcher({ web: false });
  // the delivery job in runJobsOnce sends through this server (outbox.ts transportFromEnv)
  process.env.SMTP_URL = smtp.smtpUrl;
  landlord = await f.organisation();
  staffToken = (await f.staff("LANDLORD_STAFF", landlord.id)).token;
});
afterAll(async () => {
  await smtp?.stop();
  await t?.drop();
});
beforeEach(async () => {
  // listings of earlier tests must not match this test's searches
  await t.db.listing.updateMany({ where: { status: "PUBLISHED" }, data: { status: "WITHDRAWN" } });
});

const ERR = `... on Error { __typename message code } ... on ValidationError { issues { field message } }`;
const FIELDS = `id name municipalityIds districtIds rentMin rentMax roomsMin dwellingTypes eligibleOnly frequency lastAlertedAt listingsPath matchingListingCount`;
const CREATE = `mutation($i: SavedSearchCreateInput!) { savedSearchCreate(input: $i) { __typename ... on SavedSearchCreateSuccess { savedSearch { ${FIELDS} } } ${ERR} ... on SavedSearchLimitReachedError { max } } }`;
const UPDATE = `mutation($i: SavedSearchUpdateInput!) { savedSearchUpdate(input: $i) { __typename ... on SavedSearchUpdateSuccess { savedSearch { ${FIELDS} } } ${ERR} } }`;
const DELETE = `mutation($i: SavedSearchDeleteInput!) { savedSearchDelete(input: $i) { __typename ... on SavedSearchDeleteSuccess { deleted { deletedSavedSearchId } } ${ERR} } }`;
const LIST = `{ viewer { savedSearches { ${FIELDS} } } }`;
const PUBLISH = `mutation($i: ListingIdInput!) { listingPublish(input: $i) { __typename ... on Error { message } } }`;

/** A DRAFT listing in `place`, published through the API by landlord staff. */
async function publish(
  place: { municipalityId: string; districtId?: string },
  o: { rent?: number; householdMin?: number } = {},
) {
  const l = await f.listing(landlord.id, { status: "DRAFT", rent: o.rent ?? 600, ...place });
  if (o.householdMin)
    await t.db.listing.update({ where: { id: l.id }, data: { householdMin: o.householdMin } });
  const r = await gql(app, PUBLISH, { i: { id: gid("Listing", l.id) } }, staffToken);
  expect(r.data.listingPublish, JSON.stringify(r.data.listingPublish)).toMatchObject({
    __typename: "ListingPublishSuccess",
  });
  return l;
}

const create = async (token: string, i: Record<string, unknown>) =>
  (await gql(app, CREATE, { i }, token)).data.savedSearchCreate;

describe("saved searches: create, list, update, delete", () => {
  it("saves the filters, lists them with a link to /aanbod and the matching count, renames, deletes", async () => {
    const s = await f.seeker();
    const { municipality, district } = await f.municipality();
    await f.listing(landlord.id, { rent: 700, municipalityId: municipality.id, districtId: district.id });
    await f.listing(landlord.id, { rent: 950, municipalityId: municipality.id, districtId: district.id });
    const made = await create(s.token, {
      name: "  Utrecht, tot 800  ",
      filter: {
        municipalityIds: [gid("Municipality", municipality.id)],
        districtIds: [gid("District", district.id)],
        rentMax: 800,
        roomsMin: 2,
        dwellingTypes: ["APARTMENT"],
      },
      frequency: "IMMEDIATE",
    });
    expect(made.__typename).toBe("SavedSearchCreateSuccess");
    expect(made.savedSearch).toMatchObject({
      name: "Utrecht, tot 800",
      rentMax: 800,
      rentMin: null,
      roomsMin: 2,
      dwellingTypes: ["APARTMENT"],
      eligibleOnly: false,
      frequency: "IMMEDIATE",
      lastAlertedAt: null,
      matchingListingCount: 1,
    });
    const path = new URL(made.savedSearch.listingsPath, "http://x");
    expect(path.pathname).toBe("/aanbod");
    expect(Object.fromEntries(path.searchParams)).toEqual({
      gemeente: gid("Municipality", municipality.id),
      wijk: gid("District", district.id),
      kamers: "2",
      maxhuur: "800",
      type: "APARTMENT",
    });
    const listed = await gql(app, LIST, {}, s.token);
    expect(listed.data.viewer.savedSearches.map((x: any) => x.id)).toEqual([made.savedSearch.id]);

    const renamed = await gql(
      app,
      UPDATE,
      { i: { id: made.savedSearch.id, name: "Dichtbij werk", frequency: "OFF" } },
      s.token,
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.savedSearchUpdate.savedSearch).toMatchObject({
      name: "Dichtbij werk",
      frequency: "OFF",
      rentMax: 800,
    });
    const refiltered = await gql(
      app,
      UPDATE,
      { i: { id: made.savedSearch.id, filter: { rentMax: 1000 } } },
      s.token,
    );
    expect(refiltered.data.savedSearchUpdate.savedSearch).toMatchObject({
      rentMax: 1000,
      roomsMin: null,
      municipalityIds: [],
      listingsPath: "/aanbod?maxhuur=1000",
    });

    // another seeker can neither change nor delete it, nor see it
    const other = await f.seeker();
    expect(
      (await gql(app, UPDATE, { i: { id: made.savedSearch.id, name: "x" } }, other.token)).data
        .savedSearchUpdate.__typename,
    ).toBe("NotFoundError");
    expect(
      (await gql(app, DELETE, { i: { id: made.savedSearch.id } }, other.token)).data.savedSearchDelete
        .__typename,
    ).toBe("NotFoundError");
    expect((await gql(app, LIST, {}, other.token)).data.viewer.savedSearches).toEqual([]);
    const node = await gql(
      app,
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: made.savedSearch.id },
      other.token,
    );
    expect(node.data?.node ?? null).toBeNull();
    // anonymous: not authorised
    expect((await gql(app, CREATE, { i: { name: "x", filter: {} } })).data.savedSearchCreate.__typename).toBe(
      "NotAuthorizedError",
    );

    const del = await gql(app, DELETE, { i: { id: made.savedSearch.id } }, s.token);
    expect(del.data.savedSearchDelete.deleted.deletedSavedSearchId).toBe(made.savedSearch.id);
    expect((await gql(app, LIST, {}, s.token)).data.viewer.savedSearches).toEqual([]);
  });

  it("refuses bad input with a typed error naming the field, and an 11th search with SavedSearchLimitReachedError", async () => {
    const s = await f.seeker();
    const a = await f.municipality();
    const b = await f.municipality();
    const issues = async (i: Record<string, unknown>) => {
      const r = await create(s.token, i);
      expect(r.__typename).toBe("ValidationError");
      return r.issues.map((x: any) => x.field);
    };
    expect(await issues({ name: "   ", filter: {} })).toEqual(["name"]);
    expect(await issues({ name: "x".repeat(81), filter: {} })).toEqual(["name"]);
    expect(await issues({ name: "a", filter: { rentMin: 900, rentMax: 500 } })).toEqual(["filter.rentMax"]);
    expect(await issues({ name: "a", filter: { roomsMin: 0 } })).toEqual(["filter.roomsMin"]);
    expect(await issues({ name: "a", filter: { rentMax: -1 } })).toEqual(["filter.rentMax"]);
    expect(await issues({ name: "a", filter: { municipalityIds: ["nonsense"] } })).toEqual([
      "filter.municipalityIds.0",
    ]);
    expect(
      await issues({
        name: "a",
        filter: {
          municipalityIds: [gid("Municipality", a.municipality.id)],
          districtIds: [gid("District", b.district.id)],
        },
      }),
    ).toEqual(["filter.districtIds"]);
    expect(
      await issues({ name: "a", filter: { municipalityIds: [gid("Municipality", crypto.randomUUID())] } }),
    ).toEqual(["filter.municipalityIds"]);
    expect(await t.db.savedSearch.count({ where: { seekerId: s.seeker.id } })).toBe(0);

    for (let i = 1; i <= 10; i++)
      expect((await create(s.token, { name: `Zoek ${i}`, filter: {} })).__typename).toBe(
        "SavedSearchCreateSuccess",
      );
    const eleventh = await create(s.token, { name: "Nog een", filter: {} });
    expect(eleventh).toMatchObject({
      __typename: "SavedSearchLimitReachedError",
      max: 10,
      code: "SAVED_SEARCH_LIMIT_REACHED",
    });
    expect(await t.db.savedSearch.count({ where: { seekerId: s.seeker.id } })).toBe(10);
  });
});

describe("saved-search alerts", () => {
  it("mails each seeker once per run with all new matches, only eligible ones where asked, never twice", async () => {
    const { municipality, district } = await f.municipality();
    const elsewhere = await f.municipality();
    const place = { municipalityId: municipality.id, districtId: district.id };
    const anna = await f.seeker({ householdSize: 1 });
    await t.db.user.update({ where: { id: anna.user.id }, data: { locale: "en" } });
    const inTown = await create(anna.token, {
      name: "In town",
      filter: { municipalityIds: [gid("Municipality", municipality.id)], rentMax: 650 },
      frequency: "IMMEDIATE",
    });
    const fitting = await create(anna.token, {
      name: "Fits me",
      filter: { eligibleOnly: true, rentMax: 650 },
      frequency: "IMMEDIATE",
    });
    expect(inTown.__typename).toBe("SavedSearchCreateSuccess");
    expect(fitting.__typename).toBe("SavedSearchCreateSuccess");
    // an OFF search of another seeker that matches everything: never mailed
    const quiet = await f.seeker();
    await create(quiet.token, { name: "Alles", filter: {}, frequency: "OFF" });

    const cheap = await publish(place, { rent: 500 });
    const forFamilies = await publish(place, { rent: 520, householdMin: 3 }); // Anna (1 person) is not eligible
    const farAway = await publish({ municipalityId: elsewhere.municipality.id }, { rent: 540 });
    await publish(place, { rent: 700 }); // too dear for both searches

    const before = smtp.messages.length;
    const report = await runJobsOnce(t.db, new Date());
    expect(report.searchAlertsWritten).toBe(1);
    const outbox = await t.db.outboxMessage.findMany({ where: { kind: "SEARCH_ALERT" } });
    expect(outbox.map((m) => [m.userId, m.inbox])).toEqual([[anna.user.id, true]]);
    const mail = await smtp.waitFor((m) => m.to.includes(anna.user.email));
    expect(mail.subject).toBe('4 new homes for your saved searches "In town", "Fits me"');
    // In town: cheap and forFamilies; Fits me: cheap (eligible) and farAway, not forFamilies
    expect(mail.text).toContain(`In town: Tweekamerappartement (${cheap.reference})`);
    expect(mail.text).toContain(`In town: Tweekamerappartement (${forFamilies.reference})`);
    expect(mail.text).toContain(`Fits me: Tweekamerappartement (${cheap.reference})`);
    expect(mail.text).toContain(`Fits me: Tweekamerappartement (${farAway.reference})`);
    expect(mail.text).not.toContain(`Fits me: Tweekamerappartement (${forFamilies.reference})`);
    expect(mail.text).toMatch(/\/afmelden\?token=/);
    expect(mail.headers["list-unsubscribe-post"] ?? mail.headers["List-Unsubscribe-Post"]).toBe(
      "List-Unsubscribe=One-Click",
    );
    expect(smtp.messages.slice(before).filter((m) => m.to.includes(quiet.user.email))).toEqual([]);
    // in the portal inbox too
    const inbox = await gql(
      app,
      `{ account { messages { edges { node { kind subject } } } } }`,
      {},
      anna.token,
    );
    expect(inbox.data.account.messages.edges.map((e: any) => e.node.kind)).toEqual(["SEARCH_ALERT"]);

    // a second run: nothing new, nothing sent
    const again = await runJobsOnce(t.db, new Date());
    expect(again.searchAlertsWritten).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { kind: "SEARCH_ALERT" } })).toBe(1);
    const listed = await gql(app, LIST, {}, anna.token);
    expect(listed.data.viewer.savedSearches.map((x: any) => x.lastAlertedAt !== null)).toEqual([true, true]);

    // one more matching listing: a new mail with that listing only
    const next = await publish(place, { rent: 530 });
    await runJobsOnce(t.db, new Date());
    const rows = await t.db.outboxMessage.findMany({
      where: { kind: "SEARCH_ALERT" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows).toHaveLength(2);
    expect(rows[1]!.subject).toBe('2 new homes for your saved searches "In town", "Fits me"');
    expect(rows[1]!.textBody).toContain(next.reference);
    expect(rows[1]!.textBody).not.toContain(cheap.reference);
  });

  it("sends DAILY searches one digest at 08:00 Amsterdam time, in Dutch by default", async () => {
    // the digest time in winter (UTC+1) and summer (UTC+2)
    expect(latestDigestTime(new Date("2026-12-03T09:30:00Z")).toISOString()).toBe("2026-12-03T07:00:00.000Z");
    expect(latestDigestTime(new Date("2026-12-03T06:59:00Z")).toISOString()).toBe("2026-12-02T07:00:00.000Z");
    expect(latestDigestTime(new Date("2026-07-01T06:30:00Z")).toISOString()).toBe("2026-07-01T06:00:00.000Z");
    const { municipality } = await f.municipality();
    const bram = await f.seeker();
    const r = await create(bram.token, {
      name: "Dagelijks",
      filter: { municipalityIds: [gid("Municipality", municipality.id)] },
    });
    expect(r.savedSearch.frequency).toBe("DAILY");
    const l = await publish({ municipalityId: municipality.id });
    // saved after the latest digest time: nothing until the next one
    await runJobsOnce(t.db, new Date());
    expect(await t.db.outboxMessage.count({ where: { kind: "SEARCH_ALERT", userId: bram.user.id } })).toBe(0);
    const nextDigest = new Date(latestDigestTime(new Date()).getTime() + 24 * 3600_000 + 60_000);
    await runJobsOnce(t.db, nextDigest);
    const mail = await smtp.waitFor((m) => m.to.includes(bram.user.email));
    expect(mail.subject).toBe('1 nieuwe woning voor uw zoekopdracht "Dagelijks"');
    expect(mail.text).toContain(`/woning/${l.reference}`);
    // later the same day: no second digest even with a new listing
    await publish({ municipalityId: municipality.id });
    await runJobsOnce(t.db, new Date(nextDigest.getTime() + 3600_000));
    expect(await t.db.outboxMessage.count({ where: { kind: "SEARCH_ALERT", userId: bram.user.id } })).toBe(1);
  });

  it("writes nothing for a seeker who unsubscribed from search alerts, and does not flood them later", async () => {
    const { municipality } = await f.municipality();
    const cor = await f.seeker();
    await t.db.user.update({ where: { id: cor.user.id }, data: { mailOptOut: ["SEARCH_ALERT"] } });
    await create(cor.token, {
      name: "Stil",
      filter: { municipalityIds: [gid("Municipality", municipality.id)] },
      frequency: "IMMEDIATE",
    });
    await publish({ municipalityId: municipality.id });
    await runJobsOnce(t.db, new Date());
    expect(await t.db.outboxMessage.count({ where: { userId: cor.user.id } })).toBe(0);
    // subscribing again: only listings published from then on
    await t.db.user.update({ where: { id: cor.user.id }, data: { mailOptOut: [] } });
    await runJobsOnce(t.db, new Date());
    expect(await t.db.outboxMessage.count({ where: { userId: cor.user.id } })).toBe(0);
    const fresh = await publish({ municipalityId: municipality.id });
    await runJobsOnce(t.db, new Date());
    const rows = await t.db.outboxMessage.findMany({ where: { userId: cor.user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.subject).toContain("1 nieuwe woning");
    expect(rows[0]!.textBody).toContain(fresh.reference);
  });
});
