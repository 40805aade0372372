/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** Staff and remaining seeker flows: listing lifecycle, lottery, offers, letting, committee, urgency, rule sets, tokens. */
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { RULE_SET_2019 } from "../src/allocation/index.ts";
import { Fixtures, gid, gql, PASSWORD, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const respond = `mutation($id: ID!, $m: String) { listingRespond(input: { listingId: $id, motivation: $m }) { __typename ... on ListingRespondSuccess { response { id } } ... on Error { code message } } }`;
const E = `... on Error { code message }`;

describe("landlord: listing lifecycle, offers and letting", () => {
  it("creates, updates, publishes, closes, offers, declines → next, accepts → letting with 75% retained, publishes result", async () => {
    const org = await f.organisation();
    const other = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const otherStaff = await f.staff("LANDLORD_STAFF", other.id);
    const dwelling = await f.dwelling(org.id, { rent: 520 });
    const closesAt = new Date(Date.now() + 3 * 86400000).toISOString();
    const create = `mutation($i: ListingCreateMutationInput!) { listingCreate(input: $i) { __typename ... on ListingCreateSuccess { listing { id status netRent } } ${E} ... on ValidationError { issues { field } } } }`;
    const input = {
      listing: {
        dwellingId: gid("Dwelling", dwelling.id),
        title: "Mooi appartement",
        allocationModel: "AANBOD",
        closesAt,
      },
    };
    expect((await gql(app, create, { i: input }, otherStaff.token)).data.listingCreate.__typename).toBe(
      "NotAuthorizedError",
    );
    const bad = await gql(app, create, { i: { listing: { ...input.listing, title: "x" } } }, staff.token);
    expect(bad.data.listingCreate.issues.map((i: any) => i.field)).toContain("listing.title");
    const created = await gql(app, create, { i: input }, staff.token);
    expect(created.data.listingCreate.listing).toMatchObject({ status: "DRAFT", netRent: 520 });
    const id = created.data.listingCreate.listing.id;

    const upd = await gql(
      app,
      `mutation($id: ID!) { listingUpdate(input: { id: $id, changes: { householdMax: 3 } }) { __typename ... on ListingUpdateSuccess { listing { householdMax } } ${E} } }`,
      { id },
      staff.token,
    );
    expect(upd.data.listingUpdate.listing.householdMax).toBe(3);
    const pub = `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename ... on ListingPublishSuccess { listing { status publishedAt } } ${E} } }`;
    expect((await gql(app, pub, { id }, staff.token)).data.listingPublish.listing.status).toBe("PUBLISHED");
    expect((await gql(app, pub, { id }, staff.token)).data.listingPublish.__typename).toBe(
      "InvalidStateError",
    );
    expect(
      (
        await gql(
          app,
          `mutation($id: ID!) { listingUpdate(input: { id: $id, changes: { title: "Nieuw" } }) { __typename } }`,
          { id },
          staff.token,
        )
      ).data.listingUpdate.__typename,
    ).toBe("InvalidStateError");

    const a = await f.seeker({ registrationDate: "2010-01-01" });
    const b = await f.seeker({ registrationDate: "2012-01-01" });
    const c = await f.seeker({ registrationDate: "2014-01-01" });
    for (const s of [a, b, c])
      expect((await gql(app, respond, { id }, s.token)).data.listingRespond.__typename).toBe(
        "ListingRespondSuccess",
      );

    const close = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename ... on ListingCloseSuccess { listing { status } } ${E} } }`;
    expect((await gql(app, close, { id }, staff.token)).data.listingClose.__typename).toBe(
      "InvalidStateError",
    ); // window open
    await t.db.listing.update({
      where: { id: dwellingListingId(id) },
      data: { publishedAt: new Date(Date.now() - 5 * 86400000), closesAt: new Date(Date.now() - 1000) },
    });
    expect((await gql(app, close, { id }, staff.token)).data.listingClose.listing.status).toBe("CLOSED");

    const cands = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { candidates { final ranked { position registrationYears tier reason(language: EN) applicant { lastName householdIncome } } } } } }`,
      { id },
      staff.token,
    );
    expect(cands.errors).toBeUndefined();
    expect(cands.data.node.candidates.ranked.map((r: any) => r.applicant.lastName)).toEqual([
      a.seeker.lastName,
      b.seeker.lastName,
      c.seeker.lastName,
    ]);
    const otherView = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { candidates { final } } } }`,
      { id },
      otherStaff.token,
    );
    expect(otherView.errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");

    const make = `mutation($id: ID!) { offerMake(input: { listingId: $id }) { __typename ... on OfferMakeSuccess { offer { id position } } ${E} } }`;
    const o1 = await gql(app, make, { id }, staff.token);
    expect(o1.data.offerMake.offer.position).toBe(1);
    expect((await gql(app, make, { id }, staff.token)).data.offerMake.__typename).toBe("InvalidStateError");
    const outcome = `mutation($o: ID!, $x: OfferOutcomeInput!) { offerRecordOutcome(input: { offerId: $o, outcome: $x, reason: "te duur" }) { __typename ... on OfferRecordOutcomeSuccess { result { offer { outcome } letting { id registrationYears decidedBy responseCount } nextOffer { id position } } } ${E} } }`;
    const declined = await gql(app, outcome, { o: o1.data.offerMake.offer.id, x: "DECLINED" }, staff.token);
    expect(declined.data.offerRecordOutcome.result.nextOffer.position).toBe(2);
    // b also responded elsewhere and holds a granted urgency declaration
    const elsewhere = await f.listing(other.id);
    await t.db.response.create({ data: { listingId: elsewhere.id, seekerId: b.seeker.id } });
    const urgency = await t.db.urgencyApplication.create({
      data: {
        seekerId: b.seeker.id,
        category: "MANTELZORG",
        status: "GRANTED",
        grantedCategory: "MANTELZORG",
        decidedAt: new Date(Date.now() - 86400000),
        validFrom: new Date(Date.now() - 86400000),
        validUntil: new Date(Date.now() + 180 * 86400000),
        // a profile this apartment is outside of: the letting is still decided by registration years
        searchProfiles: { create: { kind: "GRANTED", dwellingTypes: ["SINGLE_FAMILY_HOUSE"] } },
      },
    });
    const before = await t.db.seeker.findUniqueOrThrow({ where: { id: b.seeker.id } });
    const accepted = await gql(
      app,
      outcome,
      { o: declined.data.offerRecordOutcome.result.nextOffer.id, x: "ACCEPTED" },
      staff.token,
    );
    const letting = accepted.data.offerRecordOutcome.result.letting;
    expect(letting).toMatchObject({ decidedBy: "REGISTRATION_YEARS", responseCount: 3 });
    const after = await t.db.seeker.findUniqueOrThrow({ where: { id: b.seeker.id } });
    expect(after.status).toBe("HOUSED");
    expect(before.retainedRegistrationYears).toBe(0);
    expect(after.retainedRegistrationYears).toBeGreaterThan(0.74 * letting.registrationYears);
    expect(after.retainedRegistrationYears).toBeLessThan(0.76 * (letting.registrationYears + 1));
    // housed: the new dwelling is the one they would leave behind, other responses end
    expect(after).toMatchObject({
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: dwelling.rooms,
    });
    expect(
      await t.db.response.findFirstOrThrow({ where: { seekerId: b.seeker.id, listingId: elsewhere.id } }),
    ).toMatchObject({
      status: "WITHDRAWN",
    });
    expect(await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: urgency.id } })).toMatchObject({
      status: "EXPIRED",
    });

    const resultQ = `query($id: ID!) { node(id: $id) { ... on Listing { status result { registrationYears decidedBy responseCount } } } }`;
    expect((await gql(app, resultQ, { id })).data.node.result).toBeNull();
    // Before publication the listing's own staff find the letting (the workspace publishes it from
    // there); other organisations' staff and the public do not.
    const lettingQ = `query($id: ID!) { node(id: $id) { ... on Listing { letting { id publishedAt } } } }`;
    expect((await gql(app, lettingQ, { id }, staff.token)).data.node.letting).toEqual({
      id: letting.id,
      publishedAt: null,
    });
    for (const token of [otherStaff.token, undefined]) {
      const refused = await gql(app, lettingQ, { id }, token);
      expect(refused.data?.node?.letting ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");
    }
    const publish = await gql(
      app,
      `mutation($id: ID!) { lettingPublish(input: { lettingId: $id }) { __typename ${E} } }`,
      { id: letting.id },
      staff.token,
    );
    expect(publish.data.lettingPublish.__typename).toBe("LettingPublishSuccess");
    const pubResult = await gql(app, resultQ, { id });
    expect(pubResult.data.node).toMatchObject({
      status: "LET",
      result: { decidedBy: "REGISTRATION_YEARS", responseCount: 3 },
    });
    const lettings = await gql(
      app,
      `{ lettings(first: 10) { edges { node { decidedBy registrationYears } } } }`,
    );
    expect(lettings.data.lettings.edges.length).toBeGreaterThan(0);
    const stats = await gql(
      app,
      `query($y: Int!) { statistics(year: $y) { lettings priorityShare { total share targetShare } registrationYearsStarters { count mean } responsesPerListing { mean } } }`,
      { y: new Date().getUTCFullYear() },
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data.statistics.priorityShare.targetShare).toBe(0.3);
    expect(stats.data.statistics.lettings).toBeGreaterThan(0);
  });

  it("counts a letting in the year and quarter of its Dutch calendar date", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id, { status: "LET" });
    // 2030-12-31 23:30 UTC is 1 January 2031, 00:30 in Utrecht
    await t.db.letting.create({
      data: {
        listingId: l.id,
        dwellingId: l.dwellingId,
        letAt: new Date("2030-12-31T23:30:00Z"),
        registrationYearsUsed: 7,
        seekerWasMover: false,
        decidedBy: "REGISTRATION_YEARS",
        allocationModel: "AANBOD",
        responseCount: 10,
        netRentCents: 55000,
        householdSize: 1,
        householdIncomeCents: 2500000,
        publishedAt: new Date("2031-01-02T10:00:00Z"),
      },
    });
    const q = `query($y: Int!, $q: Int) { statistics(year: $y, quarter: $q) { lettings } }`;
    const count = async (y: number, quarter?: number) =>
      (await gql(app, q, { y, q: quarter ?? null })).data.statistics.lettings;
    expect(await count(2030)).toBe(0);
    expect(await count(2031)).toBe(1);
    expect(await count(2031, 1)).toBe(1);
    expect(await count(2030, 4)).toBe(0);
  });

  it("withdraws a listing with a reason", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const l = await f.listing(org.id);
    const r = await gql(
      app,
      `mutation($id: ID!, $r: String!) { listingWithdraw(input: { id: $id, reason: $r }) { __typename ... on ListingWithdrawSuccess { listing { status } } ${E} } }`,
      { id: gid("Listing", l.id), r: "Renovatie" },
      staff.token,
    );
    expect(r.data.listingWithdraw.listing.status).toBe("WITHDRAWN");
    const empty = await gql(
      app,
      `mutation($id: ID!) { listingWithdraw(input: { id: $id, reason: " " }) { __typename } }`,
      { id: gid("Listing", l.id) },
      staff.token,
    );
    expect(empty.data.listingWithdraw.__typename).toBe("ValidationError");
  });
});

function dwellingListingId(globalId: string) {
  return Buffer.from(globalId, "base64").toString().split(":")[1]!;
}

describe("lottery", () => {
  it("publishes a commitment, reveals the seed on close, and the published draw verifies", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    // At most 20% of a year's listings by lottery [001] §E.3: four others make room for this one.
    for (let i = 0; i < 4; i++) await f.listing(org.id);
    const l = await f.listing(org.id, { status: "DRAFT", model: "LOTERIJ" });
    const id = gid("Listing", l.id);
    await gql(
      app,
      `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename } }`,
      { id },
      staff.token,
    );
    const q = `query($id: ID!) { node(id: $id) { ... on Listing { lottery { commitment seed entries { entryCode ticket order } } } } }`;
    const open = await gql(app, q, { id });
    expect(open.data.node.lottery.seed).toBeNull();
    const commitmentHex = open.data.node.lottery.commitment;
    for (let i = 0; i < 3; i++) await gql(app, respond, { id }, (await f.seeker()).token);
    await t.db.listing.update({
      where: { id: l.id },
      data: { publishedAt: new Date(Date.now() - 5 * 86400000), closesAt: new Date(Date.now() - 1000) },
    });
    await gql(
      app,
      `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename } }`,
      { id },
      staff.token,
    );
    const closed = await gql(app, q, { id });
    const { seed, entries } = closed.data.node.lottery;
    expect(createHash("sha256").update(Buffer.from(seed, "hex")).digest("hex")).toBe(commitmentHex);
    // Tickets hash the pseudonymous entry codes (LOTTERY.md), one per eligible response.
    expect(entries).toHaveLength(3);
    const recomputed = entries
      .map((e: any) => ({
        code: e.entryCode,
        ticket: createHmac("sha256", Buffer.from(seed, "hex")).update(e.entryCode).digest("hex"),
      }))
      .sort((x: any, y: any) => (x.ticket < y.ticket ? -1 : 1))
      .map((e: any) => e.code);
    expect(entries.map((e: any) => e.entryCode)).toEqual(recomputed);
    expect(entries.map((e: any) => e.order)).toEqual([1, 2, 3]);
  });
});

describe("woongroep committee", () => {
  it("sees motivations (never income) and reviews; other committees and landlords-of-other-orgs cannot", async () => {
    const org = await f.organisation();
    const { complex, woongroep } = await f.woongroep(org.id);
    const committee = await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id);
    const otherGroup = await f.woongroep(org.id);
    const otherCommittee = await f.staff("COMMITTEE_MEMBER", org.id, otherGroup.woongroep.id);
    const l = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
    const s = await f.seeker();
    const r = await gql(
      app,
      respond,
      { id: gid("Listing", l.id), m: "Ik kook graag voor iedereen en help met de moestuin en de klusdag." },
      s.token,
    );
    const responseId = r.data.listingRespond.response.id;
    const list = await gql(
      app,
      `{ committeeWoongroepen { name candidates { name motivation verdict response { id } } } }`,
      {},
      committee.token,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.committeeWoongroepen[0].candidates[0].motivation).toContain("moestuin");
    const review = `mutation($id: ID!, $v: CommitteeVerdict!) { responseReview(input: { responseId: $id, verdict: $v, reason: "Past goed bij de groep" }) { __typename ... on ResponseReviewSuccess { candidate { verdict } } ${E} } }`;
    expect(
      (await gql(app, review, { id: responseId, v: "SUITABLE" }, otherCommittee.token)).data.responseReview
        .__typename,
    ).toBe("NotAuthorizedError");
    expect(
      (await gql(app, review, { id: responseId, v: "PENDING" }, committee.token)).data.responseReview
        .__typename,
    ).toBe("ValidationError");
    expect(
      (await gql(app, review, { id: responseId, v: "SUITABLE" }, committee.token)).data.responseReview
        .candidate.verdict,
    ).toBe("SUITABLE");
    const income = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Seeker { householdIncome } } }`,
      { id: gid("Seeker", s.seeker.id) },
      committee.token,
    );
    expect(income.data?.node ?? null).toBeNull();
  });
});

describe("urgency applications", () => {
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");

  async function upload(
    token: string,
    operations: object,
    files: Record<string, { data: Buffer; type: string; name: string }>,
    map: Record<string, string[]>,
  ) {
    const form = new FormData();
    form.set("operations", JSON.stringify(operations));
    form.set("map", JSON.stringify(map));
    for (const [k, v] of Object.entries(files)) form.set(k, new File([v.data], v.name, { type: v.type }));
    const res = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
      body: form,
    });
    return (await res.json()) as any;
  }

  it("drafts with an encrypted document, submits, is audited when the assessor reads, and is granted", async () => {
    const s = await f.seeker();
    const create = `mutation($docs: [Upload!]) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: "Ik zorg dagelijks voor mijn moeder die om de hoek woont.", documents: $docs }) { __typename ... on UrgencyApplicationCreateSuccess { urgencyApplication { id status documents { fileName mimeType sizeBytes } } } ${E} } }`;
    const bad = await upload(
      s.token,
      { query: create, variables: { docs: [null] } },
      { 0: { data: Buffer.from("hello"), type: "application/pdf", name: "x.pdf" } },
      { 0: ["variables.docs.0"] },
    );
    expect(bad.data.urgencyApplicationCreate.__typename).toBe("ValidationError");
    const ok = await upload(
      s.token,
      { query: create, variables: { docs: [null] } },
      { 0: { data: pdf, type: "application/pdf", name: "verklaring.pdf" } },
      { 0: ["variables.docs.0"] },
    );
    expect(ok.data.urgencyApplicationCreate.__typename).toBe("UrgencyApplicationCreateSuccess");
    const app1 = ok.data.urgencyApplicationCreate.urgencyApplication;
    expect(app1.documents[0]).toMatchObject({
      fileName: "verklaring.pdf",
      mimeType: "application/pdf",
      sizeBytes: pdf.length,
    });
    const stored = await t.db.urgencyDocument.findFirstOrThrow({});
    expect(Buffer.from(stored.ciphertext).includes(Buffer.from("%PDF"))).toBe(false);

    const submit = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename ... on UrgencyApplicationSubmitSuccess { urgencyApplication { status } } ${E} } }`,
      { id: app1.id },
      s.token,
    );
    expect(submit.data.urgencyApplicationSubmit.urgencyApplication.status).toBe("SUBMITTED");

    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const queue = await gql(
      app,
      `{ urgencyApplicationQueue(first: 10) { edges { node { id situation applicant { lastName householdIncome } documents { contentBase64 } } } } }`,
      {},
      assessor.token,
    );
    expect(queue.errors).toBeUndefined();
    expect(
      Buffer.from(
        queue.data.urgencyApplicationQueue.edges[0].node.documents[0].contentBase64,
        "base64",
      ).equals(pdf),
    ).toBe(true);
    const audits = await t.db.auditLog.count({
      where: { entityType: "UrgencyApplication", action: "READ", actorUserId: assessor.user.id },
    });
    expect(audits).toBeGreaterThanOrEqual(1);

    const decide = `mutation($id: ID!) { urgencyApplicationDecide(input: { id: $id, decision: GRANT, reason: "Mantelzorg aangetoond" }) { __typename ... on UrgencyApplicationDecideSuccess { urgencyApplication { status grantedCategory validUntil } } ${E} } }`;
    expect((await gql(app, decide, { id: app1.id }, s.token)).data.urgencyApplicationDecide.__typename).toBe(
      "NotAuthorizedError",
    );
    const granted = await gql(app, decide, { id: app1.id }, assessor.token);
    expect(granted.data.urgencyApplicationDecide.urgencyApplication).toMatchObject({
      status: "GRANTED",
      grantedCategory: "MANTELZORG",
    });
    expect(
      (await gql(app, decide, { id: app1.id }, assessor.token)).data.urgencyApplicationDecide.__typename,
    ).toBe("InvalidStateError");
    const withdraw = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationWithdraw(input: { id: $id }) { __typename } }`,
      { id: app1.id },
      s.token,
    );
    expect(withdraw.data.urgencyApplicationWithdraw.__typename).toBe("InvalidStateError");
  });

  it("updates and withdraws a draft", async () => {
    const s = await f.seeker();
    const c = await gql(
      app,
      `mutation { urgencyApplicationCreate(input: { category: CHRONIC_MEDICAL }) { ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`,
      {},
      s.token,
    );
    const id = c.data.urgencyApplicationCreate.urgencyApplication.id;
    const tooShort = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`,
      { id },
      s.token,
    );
    expect(tooShort.data.urgencyApplicationSubmit.__typename).toBe("ValidationError");
    const u = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationUpdate(input: { id: $id, situation: "Nieuwe situatie beschreven" }) { __typename ... on UrgencyApplicationUpdateSuccess { urgencyApplication { situation } } } }`,
      { id },
      s.token,
    );
    expect(u.data.urgencyApplicationUpdate.urgencyApplication.situation).toBe("Nieuwe situatie beschreven");
    const w = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationWithdraw(input: { id: $id }) { __typename ... on UrgencyApplicationWithdrawSuccess { urgencyApplication { status } } } }`,
      { id },
      s.token,
    );
    expect(w.data.urgencyApplicationWithdraw.urgencyApplication.status).toBe("WITHDRAWN");
  });
});

describe("administrator: rule sets", () => {
  it("creates a version validated by the core and reports issues per field", async () => {
    const platform = await f.organisation("PLATFORM");
    const admin = await f.staff("ADMINISTRATOR", platform.id);
    const {
      id: _i,
      version: _v,
      name: _n,
      effectiveFrom: _e,
      effectiveUntil: _u,
      ...parameters
    } = RULE_SET_2019;
    const m = `mutation($i: RuleSetCreateInput!) { ruleSetCreate(input: $i) { __typename ... on RuleSetCreateSuccess { ruleSet { version effectiveFrom } } ... on ValidationError { issues { field message } } ${E} } }`;
    const date = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    const bad = await gql(
      app,
      m,
      {
        i: {
          name: "2027",
          effectiveFrom: date,
          parameters: { ...parameters, incomeLimits: { ...parameters.incomeLimits, daeb: -1 } },
        },
      },
      admin.token,
    );
    expect(bad.data.ruleSetCreate.issues.map((i: any) => i.field)).toContain("parameters.incomeLimits.daeb");
    const seeker = await f.seeker();
    expect(
      (await gql(app, m, { i: { name: "x", effectiveFrom: date, parameters } }, seeker.token)).data
        .ruleSetCreate.__typename,
    ).toBe("NotAuthorizedError");
    const ok = await gql(app, m, { i: { name: "2027", effectiveFrom: date, parameters } }, admin.token);
    expect(ok.data.ruleSetCreate.ruleSet).toMatchObject({ version: 2, effectiveFrom: date });
  });
});

describe("seeker account: tokens, profile, reset, export, delete", () => {
  it("creates a scoped token, uses it, is refused outside its scope, and revokes it", async () => {
    const s = await f.seeker();
    const c = await gql(
      app,
      `mutation { personalAccessTokenCreate(input: { name: "Mijn app", scopes: [SEEKER_READ] }) { __typename ... on PersonalAccessTokenCreateSuccess { created { token personalAccessToken { id prefix } } } } }`,
      {},
      s.token,
    );
    const { token, personalAccessToken } = c.data.personalAccessTokenCreate.created;
    expect(token.startsWith("wbt_pat_")).toBe(true);
    expect((await gql(app, `{ viewer { firstName } }`, {}, token)).data.viewer.firstName).toBe("Sam");
    const org = await f.organisation();
    const l = await f.listing(org.id);
    expect(
      (await gql(app, respond, { id: gid("Listing", l.id) }, token)).data.listingRespond.__typename,
    ).toBe("NotAuthorizedError");
    expect(
      (
        await gql(
          app,
          `mutation { personalAccessTokenCreate(input: { name: "x", scopes: [SEEKER_READ] }) { __typename } }`,
          {},
          token,
        )
      ).data.personalAccessTokenCreate.__typename,
    ).toBe("NotAuthorizedError");
    const row = await t.db.personalAccessToken.findUniqueOrThrow({
      where: { id: dwellingListingId(personalAccessToken.id) },
    });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.tokenHash).not.toContain(token);
    await gql(
      app,
      `mutation($id: ID!) { personalAccessTokenRevoke(input: { id: $id }) { __typename } }`,
      { id: personalAccessToken.id },
      s.token,
    );
    expect((await gql(app, `{ viewer { firstName } }`, {}, token)).data.viewer).toBeNull();
  });

  it("updates household and income", async () => {
    const s = await f.seeker();
    const h = await gql(
      app,
      `mutation { householdUpdate(input: { members: [{ role: CHILD, firstName: "Kim", birthDate: "2015-06-01" }], currentDwelling: { kind: INDEPENDENT_RENTAL, rooms: 4 } }) { __typename ... on HouseholdUpdateSuccess { seeker { householdSize isMover householdMembers { firstName } } } } }`,
      {},
      s.token,
    );
    expect(h.data.householdUpdate.seeker).toMatchObject({ householdSize: 2, isMover: true });
    const i = await gql(
      app,
      `mutation { incomeUpdate(input: { income: { amount: 31234.5, year: 2025 } }) { __typename ... on IncomeUpdateSuccess { seeker { householdIncome incomes { year amount } } } } }`,
      {},
      s.token,
    );
    expect(i.data.incomeUpdate.seeker.householdIncome).toBe(31234.5);
    const bad = await gql(
      app,
      `mutation { incomeUpdate(input: { income: { amount: -5 } }) { __typename } }`,
      {},
      s.token,
    );
    expect(bad.data.incomeUpdate.__typename).toBe("ValidationError");
    expect(
      (await gql(app, `mutation { incomeUpdate(input: { income: { amount: 5 } }) { __typename } }`)).data
        .incomeUpdate.__typename,
    ).toBe("NotAuthorizedError");
  });

  it("resets a password with the token from the mailed link", async () => {
    const s = await f.seeker({ email: "reset@example.org" });
    await gql(app, `mutation { passwordResetRequest(input: { email: "reset@example.org" }) { __typename } }`);
    // the mail as written to the outbox (mail/outbox.ts; the delivery job sends it)
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { toAddress: "reset@example.org" } });
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.textBody)![1]!;
    const r = await gql(
      app,
      `mutation($t: String!) { passwordReset(input: { token: $t, newPassword: "a brand new password" }) { __typename } }`,
      { t: token },
    );
    expect(r.data.passwordReset.__typename).toBe("PasswordResetSuccess");
    expect((await gql(app, `{ viewer { id } }`, {}, s.token)).data.viewer).toBeNull(); // old sessions ended
    const again = await gql(
      app,
      `mutation($t: String!) { passwordReset(input: { token: $t, newPassword: "another new password" }) { __typename } }`,
      { t: token },
    );
    expect(again.data.passwordReset.__typename).toBe("InvalidTokenError");
  });

  it("exports data and deletes the account", async () => {
    const s = await f.seeker();
    const ex = await gql(
      app,
      `mutation { viewerDataExport { __typename ... on ViewerDataExportSuccess { data } } }`,
      {},
      s.token,
    );
    expect(ex.data.viewerDataExport.data.email).toBe(s.user.email);
    expect(JSON.stringify(ex.data.viewerDataExport.data)).not.toContain("passwordHash");
    const wrong = await gql(
      app,
      `mutation { viewerDelete(input: { password: "wrong password!" }) { __typename } }`,
      {},
      s.token,
    );
    expect(wrong.data.viewerDelete.__typename).toBe("InvalidCredentialsError");
    const del = await gql(
      app,
      `mutation($p: String!) { viewerDelete(input: { password: $p }) { __typename } }`,
      { p: PASSWORD },
      s.token,
    );
    expect(del.data.viewerDelete.__typename).toBe("ViewerDeleteSuccess");
    expect(await t.db.seeker.findUnique({ where: { id: s.seeker.id } })).toBeNull();
  });
});
