/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * listingRespond reads seeker and listing in its own statement (response.ts), not through the
 * Prisma rows the rest of the API maps for the allocation core (core.ts). Its verdict must be the
 * one `viewerEligibility` shows the seeker beforehand: for a grid of seekers (income, household,
 * age, student, accessibility need, current dwelling, a granted urgency with its search profile)
 * and listings (income band, household range, age label, student complex, accessibility, rent),
 * every refusal names exactly the failing checks (with their numbers) and every success was shown
 * as eligible.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
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

const CHECK = `rule code passed affects params`;
const ELIGIBILITY = `query($id: ID!) { node(id: $id) { ... on Listing { viewerEligibility { eligible checks { ${CHECK} } } } } }`;
const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename
  ... on NotEligibleError { failedChecks { ${CHECK} } } } }`;

it("refuses with exactly the failing checks viewerEligibility shows, and accepts whom it shows eligible", async () => {
  const org = await f.organisation();
  const { municipality, district } = await f.municipality();
  const place = { municipalityId: municipality.id, districtId: district.id };
  const student = await t.db.complex.create({
    data: { landlordId: org.id, name: "Campus", municipalityId: municipality.id, isStudentComplex: true },
  });

  const listings: { id: string; label: string }[] = [];
  const addListing = async (
    label: string,
    data: Record<string, unknown>,
    o: Record<string, unknown> = {},
  ) => {
    const l = await f.listing(org.id, { ...place, ...o });
    await t.db.listing.update({ where: { id: l.id }, data });
    listings.push({ id: l.id, label });
  };
  await addListing("plain DAEB", {});
  await addListing("household 2-4, 55+", { householdMin: 2, householdMax: 4, ageLabel: "AGE_55_PLUS" });
  await addListing("youth, middle income", { ageLabel: "YOUTH_18_23", incomeBand: "MIDDLE" });
  await addListing("expensive ordinance", { incomeBand: "ORDINANCE", netRentCents: 95000 });
  await addListing("student complex", {}, { complexId: student.id });
  const wheelchair = await f.listing(org.id, place);
  await t.db.dwelling.update({
    where: { id: wheelchair.dwellingId },
    data: { accessibility: "WHEELCHAIR", type: "GROUND_FLOOR_APARTMENT", floor: 0, rooms: 4 },
  });
  listings.push({ id: wheelchair.id, label: "wheelchair ground floor" });

  const seekers: { token: string; label: string }[] = [];
  const addSeeker = async (
    label: string,
    o: Parameters<Fixtures["seeker"]>[0],
    data: Record<string, unknown> = {},
  ) => {
    const s = await f.seeker(o);
    if (Object.keys(data).length) await t.db.seeker.update({ where: { id: s.seeker.id }, data });
    seekers.push({ token: s.token, label });
    return s;
  };
  await addSeeker("single, low income", { income: 22000 });
  await addSeeker("couple, high income", { income: 90000, householdSize: 2 });
  await addSeeker("family of 3, 60 years", { income: 35000, householdSize: 3, birthDate: "1965-02-01" });
  await addSeeker("20-year-old student", { income: 9000, birthDate: "2006-01-10" }, { isStudent: true });
  await addSeeker(
    "wheelchair user, mover",
    { income: 30000, householdSize: 2 },
    {
      accessibilityNeed: "WHEELCHAIR",
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: 3,
      municipalityId: municipality.id,
    },
  );
  const urgent = await addSeeker("urgency, apartments only", { income: 25000 });
  const application = await t.db.urgencyApplication.create({
    data: {
      seekerId: urgent.seeker.id,
      category: "CHRONIC_MEDICAL",
      status: "GRANTED",
      decidedAt: new Date(),
      grantedCategory: "CHRONIC_MEDICAL",
      validFrom: new Date(Date.now() - 30 * 86_400_000),
      validUntil: new Date(Date.now() + 300 * 86_400_000),
    },
  });
  await t.db.searchProfile.create({
    data: {
      applicationId: application.id,
      kind: "GRANTED",
      dwellingTypes: ["APARTMENT"],
      minRooms: 2,
      municipalityIds: [municipality.id],
      districtIds: [],
    },
  });

  let accepted = 0;
  let refused = 0;
  for (const s of seekers)
    for (const l of listings) {
      const shown = (await gql(app, ELIGIBILITY, { id: gid("Listing", l.id) }, s.token)).data.node
        .viewerEligibility;
      const answer = (await gql(app, RESPOND, { id: gid("Listing", l.id) }, s.token)).data.listingRespond;
      const failing = shown.checks.filter((c: any) => c.affects === "ELIGIBILITY" && !c.passed);
      const what = `${s.label} on ${l.label}`;
      if (shown.eligible) {
        expect(answer.__typename, what).toBe("ListingRespondSuccess");
        accepted++;
      } else {
        expect(answer, what).toEqual({ __typename: "NotEligibleError", failedChecks: failing });
        refused++;
      }
    }
  // the grid has both outcomes
  expect(accepted).toBeGreaterThan(3);
  expect(refused).toBeGreaterThan(3);
});
