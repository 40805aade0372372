/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Issue 14 item 1: the seeds' monitoring tables computed from the system's own records. A small
 * history is made by operating the API — respond, close, offer, accept, direct mediation, publish
 * the result — and every table of `statistics` is checked against what happened: [001] Figure 2
 * (key figures), [001] Figure 3 with the nine statutory categories of [003], the [004] 30/70
 * balance per quarter, special-group lettings vs the yearly quota, rent classes of stock and
 * lettings, spreading with Overvecht flagged, the lottery/binding caps and the 80/10/10 bands.
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
const make = `mutation($id: ID!) { offerMake(input: { listingId: $id }) { __typename ... on OfferMakeSuccess { offer { id } } ${E} } }`;
const accept = `mutation($o: ID!) { offerAccept(input: { offerId: $o }) { __typename ${E} } }`;
const mediate = `mutation($l: ID!, $s: ID!, $b: MediationBasis!, $r: String, $c: UrgencyCategory) { lettingCreateByMediation(input: { listingId: $l, seekerId: $s, basis: $b, referralReference: $r, referralCategory: $c }) { __typename ... on LettingCreateByMediationSuccess { letting { id } } ${E} } }`;
const publish = `mutation($id: ID!) { lettingPublish(input: { lettingId: $id }) { __typename ${E} } }`;

const thisYear = Number(
  new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Europe/Amsterdam" }).format(new Date()),
);
const thisQuarter =
  Math.floor(
    (Number(
      new Intl.DateTimeFormat("en", { month: "numeric", timeZone: "Europe/Amsterdam" }).format(new Date()),
    ) -
      1) /
      3,
  ) + 1;

describe("monitoring tables from operation", () => {
  it("reproduces every table of the seeds from lettings, responses and seekers as they happened", async () => {
    // Utrecht (its CBS code carries the [004] quotas) with Overvecht and Zuid.
    const utrecht = await t.db.municipality.create({ data: { code: "GM0344", name: "Utrecht" } });
    const overvecht = await t.db.district.create({ data: { municipalityId: utrecht.id, name: "Overvecht" } });
    const zuid = await t.db.district.create({ data: { municipalityId: utrecht.id, name: "Zuid" } });
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const at = (district: string) => ({ municipalityId: utrecht.id, districtId: district });

    async function granted(category: string) {
      const s = await f.seeker({ registrationDate: "2016-06-01", income: 25000 });
      await t.db.urgencyApplication.create({
        data: {
          seekerId: s.seeker.id,
          category: category as never,
          situation: "Urgent",
          status: "GRANTED",
          grantedCategory: category as never,
          submittedAt: new Date(Date.now() - 40 * DAY),
          decidedAt: new Date(Date.now() - 30 * DAY),
          validFrom: new Date(Date.now() - 30 * DAY),
          validUntil: new Date(Date.now() + 150 * DAY),
        },
      });
      return s;
    }
    const starter = await f.seeker({ registrationDate: "2012-01-01", income: 30000 });
    const mover = await f.seeker({ registrationDate: "2010-01-01", income: 36000 });
    await t.db.seeker.update({
      where: { id: mover.seeker.id },
      data: { currentDwellingKind: "INDEPENDENT_RENTAL" },
    });
    const urgent = await granted("CHRONIC_MEDICAL");
    const statushouder = await f.seeker({ registrationDate: "2024-01-01", income: 20000 });
    const shelter = await granted("LEAVING_HOMELESS_SHELTER");
    // Registered later than anything counted, responds to nothing.
    await f.seeker({ registrationDate: "2020-01-01", income: 20000 });

    /** Respond, close, offer to the first, accept: the letting through the public list. */
    async function letViaList(listing: { id: string }, responders: { token: string }[]) {
      const id = gid("Listing", listing.id);
      for (const s of responders)
        expect((await gql(app, respond, { id }, s.token)).data.listingRespond.__typename).toBe(
          "ListingRespondSuccess",
        );
      await t.db.listing.update({
        where: { id: listing.id },
        data: { publishedAt: new Date(Date.now() - 12 * DAY), closesAt: new Date(Date.now() - 2 * DAY) },
      });
      expect((await gql(app, close, { id }, staff.token)).data.listingClose.__typename).toBe(
        "ListingCloseSuccess",
      );
      const offer = await gql(app, make, { id }, staff.token);
      expect(offer.data.offerMake.__typename).toBe("OfferMakeSuccess");
      return offer.data.offerMake.offer.id as string;
    }

    // 1. Overvecht, €400 (goedkoop): the urgent seeker beats the starter's longer registration.
    const l1 = await f.listing(org.id, { rent: 400, ...at(overvecht.id) });
    const o1 = await letViaList(l1, [starter, urgent]);
    expect((await gql(app, accept, { o: o1 }, urgent.token)).data.offerAccept.__typename).toBe(
      "OfferAcceptSuccess",
    );
    // 2. Zuid, €600 (betaalbaar hoog): the mover's 2010 registration beats the starter's 2012.
    const l2 = await f.listing(org.id, { rent: 600, ...at(zuid.id) });
    const o2 = await letViaList(l2, [starter, mover]);
    expect((await gql(app, accept, { o: o2 }, mover.token)).data.offerAccept.__typename).toBe(
      "OfferAcceptSuccess",
    );
    // 3. Overvecht, €500, direct mediation of a statushouder on a referral (model B), its target
    // group recorded with the letting.
    const l3 = await f.listing(org.id, {
      model: "BEMIDDELING",
      status: "DRAFT",
      rent: 500,
      ...at(overvecht.id),
    });
    const m3 = await gql(
      app,
      mediate,
      {
        l: gid("Listing", l3.id),
        s: gid("Seeker", statushouder.seeker.id),
        b: "REFERRAL",
        r: "VH-2026-17",
        c: "STATUSHOUDER",
      },
      staff.token,
    );
    expect(m3.data.lettingCreateByMediation.__typename).toBe("LettingCreateByMediationSuccess");
    // 4. Zuid, €620, direct mediation of someone leaving the homeless shelter, on their urgency.
    const l4 = await f.listing(org.id, { model: "BEMIDDELING", status: "DRAFT", rent: 620, ...at(zuid.id) });
    const m4 = await gql(
      app,
      mediate,
      { l: gid("Listing", l4.id), s: gid("Seeker", shelter.seeker.id), b: "URGENCY" },
      staff.token,
    );
    expect(m4.data.lettingCreateByMediation.__typename).toBe("LettingCreateByMediationSuccess");
    for (const l of [l1, l2, l3, l4]) {
      const letting = await t.db.letting.findUniqueOrThrow({ where: { listingId: l.id } });
      expect(
        (await gql(app, publish, { id: gid("Letting", letting.id) }, staff.token)).data.lettingPublish
          .__typename,
      ).toBe("LettingPublishSuccess");
    }
    // An unlet free-sector dwelling in the stock.
    await f.dwelling(org.id, { rent: 1100, ...at(zuid.id) });
    // The mover's letting happened in the first quarter (the other three this quarter).
    const q1 = new Date(Date.UTC(thisYear, 1, 15, 12));
    await t.db.letting.update({ where: { listingId: l2.id }, data: { letAt: q1 } });

    const q = `query($y: Int!, $m: ID, $d: ID) { statistics(year: $y, municipalityId: $m, districtId: $d) {
      lettings
      keyFigures { registeredSeekers activeSeekers lettings meanRegistrationYearsStarters meanRegistrationYearsMovers }
      urgencyByCategory { category viaListings viaMediation share }
      urgentLettings { viaListings viaMediation total shareOfAllLettings }
      statutoryUrgencyCategories { category viaListings viaMediation }
      priorityShare { total withPriority share targetShare }
      priorityShareByQuarter { quarter total withPriority share targetShare }
      specialGroupQuotas { group lettings dwellingsPerYear realisedShare source }
      rentClasses { rentClass upTo stock stockShare lettings lettingsShare }
      spreading { districtName lettings withPriority priorityShare municipalityPriorityShare exceedsMunicipality watched flagged }
      listingCaps { cap used total maxShare withinCap }
      incomeBands { socialLettings upToDaeb daebToMiddle shareUpToDaeb meetsDaebMinimum }
    } }`;
    const r = await gql(app, q, { y: thisYear });
    expect(r.errors).toBeUndefined();
    const s = r.data.statistics;
    expect(s.lettings).toBe(4);

    // [001] Figure 2: six seekers registered; three responded this year; registration years at
    // letting of the movers' and starters' lettings through the list (mediation left out).
    expect(s.keyFigures).toMatchObject({ registeredSeekers: 6, activeSeekers: 3, lettings: 4 });
    const moverLetting = await t.db.letting.findUniqueOrThrow({ where: { listingId: l2.id } });
    const urgentLetting = await t.db.letting.findUniqueOrThrow({ where: { listingId: l1.id } });
    expect(s.keyFigures.meanRegistrationYearsMovers).toBeCloseTo(moverLetting.registrationYearsUsed, 6);
    expect(s.keyFigures.meanRegistrationYearsStarters).toBeCloseTo(urgentLetting.registrationYearsUsed, 6);
    expect(moverLetting.registrationYearsUsed).toBeGreaterThan(16);

    // [001] Figure 3: one urgent letting via a listing (A), two by mediation (B); 3 of 4 lettings.
    expect(s.urgencyByCategory).toEqual([
      { category: "CHRONIC_MEDICAL", viaListings: 1, viaMediation: 0, share: 1 / 3 },
      { category: "LEAVING_HOMELESS_SHELTER", viaListings: 0, viaMediation: 1, share: 1 / 3 },
      { category: "STATUSHOUDER", viaListings: 0, viaMediation: 1, share: 1 / 3 },
    ]);
    expect(s.urgentLettings).toEqual({ viaListings: 1, viaMediation: 2, total: 3, shareOfAllLettings: 0.75 });
    // The nine statutory categories of [003], in order, zeros included; statushouder is not one.
    expect(s.statutoryUrgencyCategories.map((c: any) => c.category)).toEqual([
      "MANTELZORG",
      "CHRONIC_MEDICAL",
      "LEAVING_MENTAL_HEALTH_CARE",
      "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
      "LEAVING_HOMELESS_SHELTER",
      "LEAVING_PROTECTED_LIVING",
      "LEAVING_YOUTH_CARE",
      "LEAVING_DETENTION",
      "DUUP_EXIT_PROGRAMME",
    ]);
    expect(s.statutoryUrgencyCategories[1]).toEqual({
      category: "CHRONIC_MEDICAL",
      viaListings: 1,
      viaMediation: 0,
    });
    expect(s.statutoryUrgencyCategories[4]).toEqual({
      category: "LEAVING_HOMELESS_SHELTER",
      viaListings: 0,
      viaMediation: 1,
    });
    expect(s.statutoryUrgencyCategories[0]).toEqual({
      category: "MANTELZORG",
      viaListings: 0,
      viaMediation: 0,
    });

    // [004] 30/70: three of four with priority in the year; per quarter the mover's letting in Q1.
    expect(s.priorityShare).toEqual({ total: 4, withPriority: 3, share: 0.75, targetShare: 0.3 });
    expect(s.priorityShareByQuarter).toHaveLength(4);
    expect(s.priorityShareByQuarter[0]).toEqual({
      quarter: 1,
      total: 1,
      withPriority: 0,
      share: 0,
      targetShare: 0.3,
    });
    if (thisQuarter !== 1)
      expect(s.priorityShareByQuarter[thisQuarter - 1]).toEqual({
        quarter: thisQuarter,
        total: 3,
        withPriority: 3,
        share: 1,
        targetShare: 0.3,
      });

    // [004] quotas of Utrecht: one statushouder of 150 a year, one MO/BW of 385 (2019–2023 only).
    const quotas = Object.fromEntries(s.specialGroupQuotas.map((g: any) => [g.group, g]));
    expect(quotas.STATUSHOUDERS).toMatchObject({ lettings: 1, dwellingsPerYear: null, realisedShare: null });
    expect(quotas.UITSTROOM_MO_BW.lettings).toBe(1);
    const in2019 = await gql(
      app,
      `query { statistics(year: 2019) { specialGroupQuotas { group dwellingsPerYear } } }`,
    );
    if (!in2019.errors)
      expect(in2019.data.statistics.specialGroupQuotas).toEqual([
        { group: "STATUSHOUDERS", dwellingsPerYear: 150 },
        { group: "UITSTROOM_MO_BW", dwellingsPerYear: 385 },
      ]);

    // [004] rent classes: stock of five dwellings (400, 600, 500, 620, 1100), four lettings.
    const rc = Object.fromEntries(s.rentClasses.map((c: any) => [c.rentClass, c]));
    expect(s.rentClasses.map((c: any) => c.rentClass)).toEqual([
      "UP_TO_QUALITY_DISCOUNT",
      "UP_TO_CAPPING_LOW",
      "UP_TO_CAPPING_HIGH",
      "UP_TO_LIBERALISATION",
      "MIDDLE",
      "FREE",
    ]);
    expect(rc.UP_TO_QUALITY_DISCOUNT).toMatchObject({
      stock: 1,
      stockShare: 0.2,
      lettings: 1,
      lettingsShare: 0.25,
    });
    expect(rc.UP_TO_CAPPING_LOW).toMatchObject({ stock: 1, lettings: 1 });
    expect(rc.UP_TO_CAPPING_HIGH).toMatchObject({
      stock: 2,
      stockShare: 0.4,
      lettings: 2,
      lettingsShare: 0.5,
    });
    expect(rc.UP_TO_LIBERALISATION).toMatchObject({ stock: 0, lettings: 0 });
    expect(rc.FREE).toMatchObject({ upTo: null, stock: 1, lettings: 0 });

    // [004] spreading: Overvecht 2/2 with priority against Utrecht's 3/4, flagged; Zuid 1/2 not.
    const sp = Object.fromEntries(s.spreading.map((d: any) => [d.districtName, d]));
    expect(sp.Overvecht).toEqual({
      districtName: "Overvecht",
      lettings: 2,
      withPriority: 2,
      priorityShare: 1,
      municipalityPriorityShare: 0.75,
      exceedsMunicipality: true,
      watched: true,
      flagged: true,
    });
    expect(sp.Zuid).toMatchObject({
      priorityShare: 0.5,
      exceedsMunicipality: false,
      watched: false,
      flagged: false,
    });

    // [001]/[003] caps: no lottery among the year's offered listings (the two AANBOD ones).
    const lottery = s.listingCaps.find((c: any) => c.cap === "LOTTERY");
    expect(lottery).toEqual({ cap: "LOTTERY", used: 0, total: 2, maxShare: 0.2, withinCap: true });

    // [001] §E.1 80/10/10: incomes 25,000, 36,000, 20,000, 25,000 — all up to DAEB (38,035).
    expect(s.incomeBands).toEqual({
      socialLettings: 4,
      upToDaeb: 4,
      daebToMiddle: 0,
      shareUpToDaeb: 1,
      meetsDaebMinimum: true,
    });

    // Per municipality and district: Overvecht alone; another municipality has no Utrecht quotas.
    const od = await gql(app, q, { y: thisYear, d: gid("District", overvecht.id) });
    expect(od.errors).toBeUndefined();
    expect(od.data.statistics.lettings).toBe(2);
    expect(od.data.statistics.keyFigures.activeSeekers).toBeNull();
    expect(od.data.statistics.specialGroupQuotas).toEqual([]);
    expect(od.data.statistics.rentClasses.reduce((n: number, c: any) => n + c.stock, 0)).toBe(2);
    const other = await f.municipality();
    const om = await gql(app, q, { y: thisYear, m: gid("Municipality", other.municipality.id) });
    expect(om.errors).toBeUndefined();
    expect(om.data.statistics).toMatchObject({ lettings: 0, specialGroupQuotas: [] });
    const um = await gql(app, q, { y: thisYear, m: gid("Municipality", utrecht.id) });
    expect(um.data.statistics.specialGroupQuotas).toHaveLength(2);
  });
});
