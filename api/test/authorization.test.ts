/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Authorization matrix: every field holding personal data × anonymous, seeker (self / other),
 * landlord (own / other organisation), woongroep committee, assessor, administrator.
 * "allow" = the value is returned; "deny" = null and/or a NOT_AUTHORIZED error, never the value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
const tokens: Record<string, string | undefined> = {};
const ids: Record<string, string> = {};

const ACTORS = [
  "anonymous",
  "seekerSelf",
  "seekerOther",
  "landlordOwn",
  "landlordOther",
  "committee",
  "assessor",
  "admin",
] as const;
type Actor = (typeof ACTORS)[number];

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  const f = new Fixtures(t.db);
  const org = await f.organisation();
  const otherOrg = await f.organisation();
  const assessing = await f.organisation("ASSESSING_BODY");
  const platform = await f.organisation("PLATFORM");
  const { complex, woongroep } = await f.woongroep(org.id);
  const self = await f.seeker({ income: 23456 });
  const other = await f.seeker();
  tokens.seekerSelf = self.token;
  tokens.seekerOther = other.token;
  const landlordOwn = await f.staff("LANDLORD_STAFF", org.id);
  tokens.landlordOwn = landlordOwn.token;
  ids.staffAccount = gid("StaffAccount", landlordOwn.user.id);
  tokens.landlordOther = (await f.staff("LANDLORD_STAFF", otherOrg.id)).token;
  tokens.committee = (await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id)).token;
  tokens.assessor = (await f.staff("ASSESSOR", assessing.id)).token;
  tokens.admin = (await f.staff("ADMINISTRATOR", platform.id)).token;

  const listing = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
  const response = await t.db.response.create({
    data: {
      listingId: listing.id,
      seekerId: self.seeker.id,
      motivation: "Ik help graag mee in de tuin en bij het koken.",
    },
  });
  const offer = await t.db.offer.create({
    data: {
      listingId: listing.id,
      responseId: response.id,
      seekerId: self.seeker.id,
      position: 1,
      respondBy: new Date(Date.now() + 86400000),
    },
  });
  const application = await t.db.urgencyApplication.create({
    data: {
      seekerId: self.seeker.id,
      category: "CHRONIC_MEDICAL",
      situation: "Medische details",
      status: "SUBMITTED",
      submittedAt: new Date(),
    },
  });
  const pat = await t.db.personalAccessToken.create({
    data: {
      userId: self.user.id,
      name: "app",
      tokenHash: hashToken("wbt_pat_x"),
      prefix: "wbt_pat_x",
      scopes: ["SEEKER_READ"],
    },
  });
  ids.listing = gid("Listing", listing.id);
  ids.seeker = gid("Seeker", self.seeker.id);
  ids.response = gid("Response", response.id);
  ids.offer = gid("Offer", offer.id);
  ids.application = gid("UrgencyApplication", application.id);
  ids.pat = gid("PersonalAccessToken", pat.id);
});
afterAll(async () => t?.drop());

interface Case {
  field: string;
  query: string;
  vars: () => Record<string, unknown>;
  /** Extract the protected value (undefined/null when not returned). */
  pick: (data: any) => unknown;
  allow: Actor[];
}

const node = (fragment: string) => `query($id: ID!) { node(id: $id) { ... on ${fragment} } }`;

const CASES: Case[] = [
  {
    field: "Seeker.householdIncome",
    query: node("Seeker { householdIncome }"),
    vars: () => ({ id: ids.seeker }),
    pick: (d) => d?.node?.householdIncome,
    allow: ["seekerSelf"],
  },
  {
    field: "Seeker.birthDate",
    query: node("Seeker { birthDate lastName }"),
    vars: () => ({ id: ids.seeker }),
    pick: (d) => d?.node?.birthDate,
    allow: ["seekerSelf"],
  },
  {
    field: "viewer.householdIncome",
    query: `{ viewer { householdIncome } }`,
    vars: () => ({}),
    pick: (d) => (d?.viewer?.householdIncome === 23456 ? 23456 : null),
    allow: ["seekerSelf"],
  },
  {
    field: "Response.motivation",
    query: node("Response { motivation }"),
    vars: () => ({ id: ids.response }),
    pick: (d) => d?.node?.motivation,
    allow: ["seekerSelf", "landlordOwn", "committee"],
  },
  {
    field: "Listing.candidates.applicant.householdIncome",
    query: `query($id: ID!) { node(id: $id) { ... on Listing { candidates { ranked { applicant { householdIncome } } excluded { applicant { householdIncome } } } } } }`,
    vars: () => ({ id: ids.listing }),
    pick: (d) => {
      const c = d?.node?.candidates;
      return c ? [...c.ranked, ...c.excluded][0]?.applicant.householdIncome : null;
    },
    allow: ["landlordOwn"],
  },
  {
    field: "Offer.position",
    query: node("Offer { position }"),
    vars: () => ({ id: ids.offer }),
    pick: (d) => d?.node?.position,
    allow: ["seekerSelf", "landlordOwn"],
  },
  {
    field: "Offer.applicant.lastName",
    query: node("Offer { applicant { lastName } }"),
    vars: () => ({ id: ids.offer }),
    pick: (d) => d?.node?.applicant?.lastName,
    allow: ["landlordOwn"],
  },
  {
    field: "UrgencyApplication.situation",
    query: node("UrgencyApplication { situation }"),
    vars: () => ({ id: ids.application }),
    pick: (d) => d?.node?.situation,
    allow: ["seekerSelf", "assessor"],
  },
  {
    field: "urgencyApplicationQueue.situation",
    query: `{ urgencyApplicationQueue(first: 5) { edges { node { situation } } } }`,
    vars: () => ({}),
    pick: (d) => d?.urgencyApplicationQueue?.edges?.[0]?.node?.situation,
    allow: ["assessor"],
  },
  {
    field: "Woongroep.candidates.motivation",
    query: `query($id: ID!) { node(id: $id) { ... on Listing { dwelling { woongroep { candidates { motivation } } } } } }`,
    vars: () => ({ id: ids.listing }),
    pick: (d) => d?.node?.dwelling?.woongroep?.candidates?.[0]?.motivation,
    allow: ["committee"],
  },
  {
    field: "StaffAccount.email",
    query: node("StaffAccount { email memberships { role } }"),
    vars: () => ({ id: ids.staffAccount }),
    pick: (d) => d?.node?.email,
    allow: ["admin"],
  },
  {
    field: "staffAccounts.email",
    query: `{ staffAccounts(first: 5) { edges { node { email } } } }`,
    vars: () => ({}),
    pick: (d) => d?.staffAccounts?.edges?.[0]?.node?.email,
    allow: ["admin"],
  },
  {
    field: "PersonalAccessToken.name",
    query: node("PersonalAccessToken { name }"),
    vars: () => ({ id: ids.pat }),
    pick: (d) => d?.node?.name,
    allow: ["seekerSelf"],
  },
];

describe.each(CASES)("$field", (c) => {
  it.each(ACTORS.map((a) => [a]))("%s", async (actor) => {
    const r = await gql(app, c.query, c.vars(), tokens[actor]);
    const value = c.pick(r.data);
    if (c.allow.includes(actor as Actor)) {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(value).toBeTruthy();
    } else {
      expect(value ?? null).toBeNull();
    }
  });
});

it("committee members never see income or urgency data through any candidate type", async () => {
  const r = await gql(
    app,
    `query($id: ID!) { node(id: $id) { ... on Listing { dwelling { woongroep { candidates { name motivation registrationYears } } } } } }`,
    { id: ids.listing },
    tokens.committee,
  );
  expect(JSON.stringify(r.data)).not.toMatch(/23456|CHRONIC|Medische/);
});

it("reads of an urgency application by an assessor are written to the audit log", async () => {
  const before = await t.db.auditLog.count({ where: { entityType: "UrgencyApplication", action: "READ" } });
  await gql(app, node("UrgencyApplication { situation }"), { id: ids.application }, tokens.assessor);
  expect(await t.db.auditLog.count({ where: { entityType: "UrgencyApplication", action: "READ" } })).toBe(
    before + 1,
  );
});
