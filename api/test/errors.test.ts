/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Typed errors: every error type of every mutation's result union is produced at least once here
 * or in another test file (api.test.ts, staff.test.ts, admin.test.ts, jobs.test.ts,
 * workflows.test.ts). The table below covers the ones the flow tests do not reach. Each case also
 * checks that a refused mutation changed nothing it should not have.
 *
 * Unreachable by design (NotAuthorizedError is a default member of every union, but these
 * mutations need no sign-in): seekerRegister, sessionCreate, passwordResetRequest, passwordReset
 * → NotAuthorizedError.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { RULE_SET_2019 } from "../src/allocation/index.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
const NOPE = "00000000-0000-7000-8000-000000000000";
const DAY = 86_400_000;

interface World {
  org: { id: string };
  staff: { token: string };
  otherStaff: { token: string };
  seeker: Awaited<ReturnType<Fixtures["seeker"]>>;
  other: Awaited<ReturnType<Fixtures["seeker"]>>;
  assessor: { token: string };
  admin: { token: string };
  committee: { token: string };
  woongroepListingId: string;
}
let w: World;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  const org = await f.organisation();
  const { complex, woongroep } = await f.woongroep(org.id);
  const wl = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
  w = {
    org,
    staff: await f.staff("LANDLORD_STAFF", org.id),
    otherStaff: await f.staff("LANDLORD_STAFF", (await f.organisation()).id),
    seeker: await f.seeker(),
    other: await f.seeker(),
    assessor: await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id),
    admin: await f.staff("ADMINISTRATOR", (await f.organisation("PLATFORM")).id),
    committee: await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id),
    woongroepListingId: wl.id,
  };
});
afterAll(async () => t?.drop());

const typename = async (query: string, vars: Record<string, unknown>, token?: string) => {
  const r = await gql(app, query, vars, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const v = Object.values(r.data)[0] as any;
  return v.__typename as string;
};
const M = (name: string, input: string, extra = "") =>
  `mutation($i: ${input}!) { ${name}(input: $i) { __typename ... on Error { code message } ${extra} } }`;

/** A closed listing with responses from `n` seekers (positions by registration date). */
async function closedListing(n: number) {
  const l = await f.listing(w.org.id);
  const seekers = [];
  for (let i = 0; i < n; i++) {
    const s = await f.seeker({ registrationDate: `${2010 + i}-01-01` });
    await gql(
      app,
      `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`,
      { id: gid("Listing", l.id) },
      s.token,
    );
    seekers.push(s);
  }
  await t.db.listing.update({
    where: { id: l.id },
    data: { publishedAt: new Date(Date.now() - 10 * DAY), closesAt: new Date(Date.now() - DAY) },
  });
  await gql(app, M("listingClose", "ListingIdInput"), { i: { id: gid("Listing", l.id) } }, w.staff.token);
  return { listing: l, seekers };
}

describe("listings (landlord)", () => {
  const create = M("listingCreate", "ListingCreateMutationInput");
  const update = M(
    "listingUpdate",
    "ListingUpdateMutationInput",
    "... on ValidationError { issues { field } }",
  );
  const publish = M("listingPublish", "ListingIdInput", "... on ValidationError { issues { field } }");
  const close = M("listingClose", "ListingIdInput");
  const withdraw = M("listingWithdraw", "ListingWithdrawInput");

  it("listingCreate: NotFoundError for an unknown dwelling", async () => {
    const i = {
      listing: {
        dwellingId: gid("Dwelling", NOPE),
        title: "Nergens",
        allocationModel: "AANBOD",
        closesAt: new Date(Date.now() + DAY).toISOString(),
      },
    };
    expect(await typename(create, { i }, w.staff.token)).toBe("NotFoundError");
  });

  it("listingUpdate: NotAuthorizedError (other landlord), NotFoundError, ValidationError naming the field", async () => {
    const draft = await f.listing(w.org.id, { status: "DRAFT" });
    const id = gid("Listing", draft.id);
    expect(await typename(update, { i: { id, changes: { title: "Gekaapt" } } }, w.otherStaff.token)).toBe(
      "NotAuthorizedError",
    );
    expect(await typename(update, { i: { id: gid("Listing", NOPE), changes: {} } }, w.staff.token)).toBe(
      "NotFoundError",
    );
    const r = await gql(
      app,
      update,
      { i: { id, changes: { householdMin: 4, householdMax: 2 } } },
      w.staff.token,
    );
    expect(r.data.listingUpdate.issues.map((x: any) => x.field)).toEqual(["changes.householdMax"]);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: draft.id } })).title).not.toBe("Gekaapt");
  });

  it("listingPublish: InvalidStateError for a non-draft, ValidationError for a past closing time, NotFound, NotAuthorized", async () => {
    const published = await f.listing(w.org.id);
    const r = await gql(app, publish, { i: { id: gid("Listing", published.id) } }, w.staff.token);
    expect(r.data.listingPublish).toMatchObject({ __typename: "InvalidStateError", code: "INVALID_STATE" });
    const stale = await f.listing(w.org.id, { status: "DRAFT", closesAt: new Date(Date.now() - DAY) });
    const past = await gql(app, publish, { i: { id: gid("Listing", stale.id) } }, w.staff.token);
    expect(past.data.listingPublish.issues.map((x: any) => x.field)).toEqual(["closesAt"]);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("DRAFT");
    expect(await typename(publish, { i: { id: gid("Listing", NOPE) } }, w.staff.token)).toBe("NotFoundError");
    expect(await typename(publish, { i: { id: gid("Listing", stale.id) } }, w.otherStaff.token)).toBe(
      "NotAuthorizedError",
    );
  });

  it("listingClose: NotAuthorizedError, NotFoundError, InvalidStateError for a draft", async () => {
    const l = await f.listing(w.org.id, { closesAt: new Date(Date.now() + DAY) });
    expect(await typename(close, { i: { id: gid("Listing", l.id) } }, w.otherStaff.token)).toBe(
      "NotAuthorizedError",
    );
    expect(await typename(close, { i: { id: gid("Listing", l.id) } }, w.seeker.token)).toBe(
      "NotAuthorizedError",
    );
    expect(await typename(close, { i: { id: gid("Listing", NOPE) } }, w.staff.token)).toBe("NotFoundError");
    const draft = await f.listing(w.org.id, { status: "DRAFT" });
    expect(await typename(close, { i: { id: gid("Listing", draft.id) } }, w.staff.token)).toBe(
      "InvalidStateError",
    );
  });

  it("listingWithdraw: InvalidStateError once let or withdrawn, NotFoundError, NotAuthorizedError", async () => {
    const let_ = await f.listing(w.org.id, { status: "LET" });
    expect(await typename(withdraw, { i: { id: gid("Listing", let_.id), reason: "x" } }, w.staff.token)).toBe(
      "InvalidStateError",
    );
    expect(await typename(withdraw, { i: { id: gid("Listing", NOPE), reason: "x" } }, w.staff.token)).toBe(
      "NotFoundError",
    );
    const l = await f.listing(w.org.id);
    expect(
      await typename(withdraw, { i: { id: gid("Listing", l.id), reason: "x" } }, w.otherStaff.token),
    ).toBe("NotAuthorizedError");
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: l.id } })).status).toBe("PUBLISHED");
  });
});

describe("offers and lettings", () => {
  const make = `mutation($i: OfferMakeInput!) { offerMake(input: $i) { __typename ... on Error { code message } ... on OfferMakeSuccess { offer { id } } } }`;
  const outcome = M(
    "offerRecordOutcome",
    "OfferRecordOutcomeInput",
    "... on OfferRecordOutcomeSuccess { result { nextOffer { id } letting { id } } }",
  );
  const publishLetting = M("lettingPublish", "LettingPublishInput");

  it("offerMake: InvalidStateError when no candidate is left, and on an open listing; ValidationError; NotFound; NotAuthorized", async () => {
    const { listing } = await closedListing(1);
    const id = gid("Listing", listing.id);
    const first = await gql(app, make, { i: { listingId: id } }, w.staff.token);
    const r = await gql(
      app,
      outcome,
      { i: { offerId: first.data.offerMake.offer.id, outcome: "DECLINED" } },
      w.staff.token,
    );
    expect(r.data.offerRecordOutcome.result.nextOffer).toBeNull();
    const none = await gql(app, make, { i: { listingId: id } }, w.staff.token);
    expect(none.data.offerMake).toMatchObject({
      __typename: "InvalidStateError",
      message: "No eligible candidate is left",
    });
    const open = await f.listing(w.org.id);
    expect(await typename(make, { i: { listingId: gid("Listing", open.id) } }, w.staff.token)).toBe(
      "InvalidStateError",
    );
    expect(
      await typename(
        make,
        { i: { listingId: id, respondBy: new Date(Date.now() - 1000).toISOString() } },
        w.staff.token,
      ),
    ).toBe("ValidationError");
    expect(await typename(make, { i: { listingId: gid("Listing", NOPE) } }, w.staff.token)).toBe(
      "NotFoundError",
    );
    expect(await typename(make, { i: { listingId: id } }, w.otherStaff.token)).toBe("NotAuthorizedError");
  });

  it("offerRecordOutcome: InvalidStateError twice, ValidationError, NotFoundError, NotAuthorizedError", async () => {
    const { listing } = await closedListing(2);
    const o = await gql(app, make, { i: { listingId: gid("Listing", listing.id) } }, w.staff.token);
    const offerId = o.data.offerMake.offer.id;
    expect(await typename(outcome, { i: { offerId, outcome: "ACCEPTED" } }, w.otherStaff.token)).toBe(
      "NotAuthorizedError",
    );
    expect(
      await typename(
        outcome,
        { i: { offerId, outcome: "DECLINED", reason: "x".repeat(1001) } },
        w.staff.token,
      ),
    ).toBe("ValidationError");
    expect(
      await typename(outcome, { i: { offerId: gid("Offer", NOPE), outcome: "ACCEPTED" } }, w.staff.token),
    ).toBe("NotFoundError");
    const accepted = await gql(app, outcome, { i: { offerId, outcome: "ACCEPTED" } }, w.staff.token);
    const lettingId = accepted.data.offerRecordOutcome.result.letting.id;
    expect(await typename(outcome, { i: { offerId, outcome: "DECLINED" } }, w.staff.token)).toBe(
      "InvalidStateError",
    );

    // lettingPublish: NotAuthorized, NotFound, Validation (bad id), then InvalidState when repeated
    expect(await typename(publishLetting, { i: { lettingId } }, w.otherStaff.token)).toBe(
      "NotAuthorizedError",
    );
    expect(await typename(publishLetting, { i: { lettingId: gid("Letting", NOPE) } }, w.staff.token)).toBe(
      "NotFoundError",
    );
    expect(await typename(publishLetting, { i: { lettingId: gid("Offer", NOPE) } }, w.staff.token)).toBe(
      "ValidationError",
    );
    expect(await typename(publishLetting, { i: { lettingId } }, w.staff.token)).toBe("LettingPublishSuccess");
    expect(await typename(publishLetting, { i: { lettingId } }, w.staff.token)).toBe("InvalidStateError");
  });
});

describe("responses", () => {
  const respond = M(
    "listingRespond",
    "ListingRespondInput",
    "... on ListingRespondSuccess { response { id } }",
  );
  const withdraw = M("responseWithdraw", "ResponseWithdrawInput");
  const review = M("responseReview", "ResponseReviewInput");

  it("listingRespond: NotFoundError for a draft or unknown listing", async () => {
    const draft = await f.listing(w.org.id, { status: "DRAFT" });
    expect(await typename(respond, { i: { listingId: gid("Listing", draft.id) } }, w.seeker.token)).toBe(
      "NotFoundError",
    );
    expect(await typename(respond, { i: { listingId: gid("Listing", NOPE) } }, w.seeker.token)).toBe(
      "NotFoundError",
    );
  });

  it("responseWithdraw: InvalidStateError after close (not selected / offered), NotFound for another's, Validation, NotAuthorized", async () => {
    const l = await f.listing(w.org.id, { closesAt: new Date(Date.now() + DAY) });
    const s = await f.seeker();
    const r = await gql(app, respond, { i: { listingId: gid("Listing", l.id) } }, s.token);
    const responseId = r.data.listingRespond.response.id;
    expect(await typename(withdraw, { i: { responseId } }, w.other.token)).toBe("NotFoundError");
    expect(await typename(withdraw, { i: { responseId } })).toBe("NotAuthorizedError");
    expect(await typename(withdraw, { i: { responseId: gid("Listing", l.id) } }, s.token)).toBe(
      "ValidationError",
    );
    await t.db.listing.update({
      where: { id: l.id },
      data: { publishedAt: new Date(Date.now() - 10 * DAY), closesAt: new Date(Date.now() - DAY) },
    });
    await gql(app, M("listingClose", "ListingIdInput"), { i: { id: gid("Listing", l.id) } }, w.staff.token);
    await gql(
      app,
      M("offerMake", "OfferMakeInput"),
      { i: { listingId: gid("Listing", l.id) } },
      w.staff.token,
    );
    const after = await gql(
      app,
      `${withdraw.replace("__typename", "__typename ... on InvalidStateError { currentState }")}`,
      { i: { responseId } },
      s.token,
    );
    expect(after.data.responseWithdraw).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "OFFERED",
    });
  });

  it("responseReview: NotFoundError for a non-woongroep response, InvalidStateError for a withdrawn one", async () => {
    const plain = await f.listing(w.org.id);
    const s = await f.seeker();
    const r = await gql(app, respond, { i: { listingId: gid("Listing", plain.id) } }, s.token);
    const i = (responseId: string) => ({ i: { responseId, verdict: "SUITABLE", reason: "Past goed" } });
    expect(await typename(review, i(r.data.listingRespond.response.id), w.committee.token)).toBe(
      "NotFoundError",
    );
    const wg = await gql(
      app,
      respond,
      {
        i: {
          listingId: gid("Listing", w.woongroepListingId),
          motivation: "Ik kook graag voor de hele groep en help elke week in de gezamenlijke tuin mee.",
        },
      },
      s.token,
    );
    const id = wg.data.listingRespond.response.id;
    await gql(app, withdraw, { i: { responseId: id } }, s.token);
    expect(await typename(review, i(id), w.committee.token)).toBe("InvalidStateError");
  });
});

describe("seeker account", () => {
  it("householdUpdate: ValidationError naming the member field, NotAuthorizedError without PROFILE_WRITE", async () => {
    const r = await gql(
      app,
      `mutation { householdUpdate(input: { members: [{ role: CHILD, firstName: "", birthDate: "2015-01-01" }] }) { __typename ... on ValidationError { issues { field } } } }`,
      {},
      w.seeker.token,
    );
    expect(r.data.householdUpdate.__typename).toBe("ValidationError");
    expect(r.data.householdUpdate.issues[0].field).toMatch(/^members\.0\./);
    expect(
      await typename(
        `mutation { householdUpdate(input: { members: [] }) { __typename } }`,
        {},
        w.staff.token,
      ),
    ).toBe("NotAuthorizedError");
  });

  it("personalAccessTokenCreate / Revoke: ValidationError, NotFoundError, NotAuthorizedError", async () => {
    const create = `mutation($n: String!) { personalAccessTokenCreate(input: { name: $n, scopes: [] }) { __typename ... on ValidationError { issues { field } } } }`;
    const r = await gql(app, create, { n: " " }, w.seeker.token);
    expect(r.data.personalAccessTokenCreate.issues.map((x: any) => x.field).sort()).toEqual([
      "name",
      "scopes",
    ]);
    const revoke = M("personalAccessTokenRevoke", "PersonalAccessTokenRevokeInput");
    expect(await typename(revoke, { i: { id: gid("PersonalAccessToken", NOPE) } }, w.seeker.token)).toBe(
      "NotFoundError",
    );
    expect(await typename(revoke, { i: { id: "not-a-global-id" } }, w.seeker.token)).toBe("ValidationError");
    expect(await typename(revoke, { i: { id: gid("PersonalAccessToken", NOPE) } })).toBe(
      "NotAuthorizedError",
    );
  });

  it("sessionCreate and passwordResetRequest: ValidationError; passwordResetRequest: RateLimitedError; passwordReset: ValidationError", async () => {
    expect(
      await typename(
        `mutation { sessionCreate(input: { email: "nope", password: "x" }) { __typename } }`,
        {},
      ),
    ).toBe("ValidationError");
    const req = `mutation { passwordResetRequest(input: { email: "limit@example.org" }) { __typename } }`;
    expect(
      await typename(`mutation { passwordResetRequest(input: { email: "nope" }) { __typename } }`, {}),
    ).toBe("ValidationError");
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push(await typename(req, {}));
    expect(seen.slice(0, 5)).toEqual(Array(5).fill("PasswordResetRequestSuccess"));
    expect(seen[5]).toBe("RateLimitedError");
    expect(
      await typename(
        `mutation { passwordReset(input: { token: "x", newPassword: "short" }) { __typename } }`,
        {},
      ),
    ).toBe("ValidationError");
  });

  it("sessionDelete, viewerDataExport, viewerDelete: NotAuthorizedError when anonymous or with a token", async () => {
    expect(await typename(`mutation { sessionDelete { __typename } }`, {})).toBe("NotAuthorizedError");
    expect(await typename(`mutation { viewerDataExport { __typename } }`, {})).toBe("NotAuthorizedError");
    expect(await typename(`mutation { viewerDataExport { __typename } }`, {}, w.staff.token)).toBe(
      "NotAuthorizedError",
    );
    expect(await typename(`mutation { viewerDelete(input: { password: "x" }) { __typename } }`, {})).toBe(
      "NotAuthorizedError",
    );
  });
});

describe("urgency applications", () => {
  const create = `mutation { urgencyApplicationCreate(input: { category: MANTELZORG }) { __typename ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`;
  const update = M(
    "urgencyApplicationUpdate",
    "UrgencyApplicationUpdateInput",
    "... on ValidationError { issues { field } }",
  );
  const submit = M(
    "urgencyApplicationSubmit",
    "UrgencyApplicationIdInput",
    "... on ValidationError { issues { field message } }",
  );
  const withdraw = M("urgencyApplicationWithdraw", "UrgencyApplicationIdInput");
  const decide = M(
    "urgencyApplicationDecide",
    "UrgencyApplicationDecideInput",
    "... on ValidationError { issues { field } }",
  );

  it("urgencyApplicationCreate: NotAuthorizedError for staff and anonymous callers", async () => {
    expect(await typename(create, {}, w.assessor.token)).toBe("NotAuthorizedError");
    expect(await typename(create, {})).toBe("NotAuthorizedError");
  });

  it("submit without a situation names the field; update/submit/withdraw: NotFound for another's, InvalidState once submitted", async () => {
    const c = await gql(app, create, {}, w.seeker.token);
    const id = c.data.urgencyApplicationCreate.urgencyApplication.id;
    const r = await gql(app, submit, { i: { id } }, w.seeker.token);
    expect(r.data.urgencyApplicationSubmit.issues.map((x: any) => x.field)).toEqual(["situation"]);
    expect(await typename(update, { i: { id, situation: "x".repeat(10001) } }, w.seeker.token)).toBe(
      "ValidationError",
    );
    for (const [q, extra] of [
      [update, { situation: "Andermans aanvraag aanpassen" }],
      [submit, {}],
      [withdraw, {}],
    ] as const) {
      expect(await typename(q, { i: { id, ...extra } }, w.other.token)).toBe("NotFoundError");
      expect(await typename(q, { i: { id, ...extra } })).toBe("NotAuthorizedError");
    }
    await gql(
      app,
      update,
      { i: { id, situation: "Ik zorg elke dag voor mijn vader die naast ons woont." } },
      w.seeker.token,
    );
    expect(await typename(submit, { i: { id } }, w.seeker.token)).toBe("UrgencyApplicationSubmitSuccess");
    expect(await typename(submit, { i: { id } }, w.seeker.token)).toBe("InvalidStateError");
    expect(await typename(update, { i: { id, situation: "Te laat gewijzigd" } }, w.seeker.token)).toBe(
      "InvalidStateError",
    );

    // decide: ValidationError (reason, validMonths), NotFoundError
    const bad = await gql(
      app,
      decide,
      { i: { id, decision: "GRANT", reason: "ok", validMonths: 0 } },
      w.assessor.token,
    );
    expect(bad.data.urgencyApplicationDecide.issues.map((x: any) => x.field)).toEqual(["reason"]);
    const months = await gql(
      app,
      decide,
      { i: { id, decision: "GRANT", reason: "Aangetoond", validMonths: 99 } },
      w.assessor.token,
    );
    expect(months.data.urgencyApplicationDecide.issues.map((x: any) => x.field)).toEqual(["validMonths"]);
    expect(
      await typename(
        decide,
        { i: { id: gid("UrgencyApplication", NOPE), decision: "REJECT", reason: "Niet aangetoond" } },
        w.assessor.token,
      ),
    ).toBe("NotFoundError");
    expect(
      (
        await t.db.urgencyApplication.findUniqueOrThrow({
          where: { id: Buffer.from(id, "base64").toString().split(":")[1]! },
        })
      ).status,
    ).toBe("SUBMITTED");
  });
});

describe("rule sets", () => {
  it("ruleSetCreate: ValidationError naming an invalid parameter and a past effective date", async () => {
    const {
      id: _i,
      version: _v,
      name: _n,
      effectiveFrom: _e,
      effectiveUntil: _u,
      ...parameters
    } = RULE_SET_2019;
    const m = `mutation($i: RuleSetCreateInput!) { ruleSetCreate(input: $i) { __typename ... on ValidationError { issues { field message } } } }`;
    const future = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
    const r = await gql(
      app,
      m,
      {
        i: {
          name: "Ongeldig",
          effectiveFrom: future,
          parameters: {
            ...parameters,
            urgency: { ...parameters.urgency, defaultValidityMonths: 0 },
            lottery: { maxShare: 2 },
          },
        },
      },
      w.admin.token,
    );
    const fields = r.data.ruleSetCreate.issues.map((x: any) => x.field);
    expect(fields).toEqual(
      expect.arrayContaining(["parameters.urgency.defaultValidityMonths", "parameters.lottery.maxShare"]),
    );
    const past = await gql(
      app,
      m,
      { i: { name: "Oud", effectiveFrom: "2020-01-01", parameters } },
      w.admin.token,
    );
    expect(past.data.ruleSetCreate.issues.map((x: any) => x.field)).toEqual(["effectiveFrom"]);
    expect(await t.db.ruleSet.count()).toBe(0);
  });
});
