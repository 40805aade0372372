/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Care indications and vital professions are decided by staff, not self-declared (issue 8 items 8
 * and 9):
 * - [003] "De gemeente kent dan een woonvoorziening toe ... in het kader van de WMO": a seeker
 *   requests a rollator/wheelchair indication, an assessor grants it; only a granted one gates
 *   accessible dwellings (eligibility rule 7) and so counts for the mover rule's "van een
 *   4-kamerwoning naar een aangepaste woning" ([001] §E.2a Voorstel I).
 * - [003] "voorrang voor mensen die een vitaal beroep uitoefenen in de gemeente, wel even
 *   aantonen": a claim needs proof and an assessor's acceptance before it counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let org: { id: string };
let assessor: { token: string; user: { id: string } };
let landlord: { token: string };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  org = await f.organisation();
  assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
  landlord = await f.staff("LANDLORD_STAFF", org.id);
});
afterAll(async () => t?.drop());

const ERR = `... on Error { __typename code message } ... on ValidationError { issues { field message } } ... on InvalidStateError { currentState }`;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF");

/** A multipart GraphQL request with `files` as `variables.docs`. */
async function multipart(token: string, query: string, variables: Record<string, unknown>, files: File[]) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query, variables: { ...variables, docs: files.map(() => null) } }));
  form.set(
    "map",
    JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.docs.${i}`]]))),
  );
  files.forEach((file, i) => form.set(String(i), file));
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
    body: form,
  });
  return (await res.json()) as any;
}
const pdf = (name = "wmo-besluit.pdf") => new File([PDF as BlobPart], name, { type: "application/pdf" });

const REQUEST = `mutation($need: AccessibilityNeed!, $docs: [Upload!]) { careIndicationRequest(input: { need: $need, motivation: "Ik loop sinds mijn operatie met een rollator.", documents: $docs }) { __typename ... on CareIndicationRequestSuccess { careIndication { id status need documents { fileName } } } ${ERR} } }`;
const DECIDE_CARE = `mutation($i: ClaimDecideInput!) { careIndicationDecide(input: $i) { __typename ... on CareIndicationDecideSuccess { careIndication { id status decisionReason } } ${ERR} } }`;
const WITHDRAW_CARE = `mutation($i: ClaimIdInput!) { careIndicationWithdraw(input: $i) { __typename ... on CareIndicationWithdrawSuccess { careIndication { status } } ${ERR} } }`;
const CLAIM = `mutation($p: String!, $m: ID!, $docs: [Upload!]!) { vitalProfessionClaimCreate(input: { profession: $p, workMunicipalityId: $m, employer: "UMC Utrecht", documents: $docs }) { __typename ... on VitalProfessionClaimCreateSuccess { vitalProfessionClaim { id status profession } } ${ERR} } }`;
const DECIDE_VITAL = `mutation($i: ClaimDecideInput!) { vitalProfessionClaimDecide(input: $i) { __typename ... on VitalProfessionClaimDecideSuccess { vitalProfessionClaim { id status } } ${ERR} } }`;
const ELIGIBILITY = `query($id: ID!) { node(id: $id) { ... on Listing { viewerEligibility { eligible failedChecks { code } } viewerPosition { ifRespondedNow { tier } } } } }`;

/** A 4-room mover (doorstromer) leaving a social rental flat: [001] Voorstel I's seeker. */
async function mover() {
  const s = await f.seeker({ householdSize: 2 });
  await t.db.seeker.update({
    where: { id: s.seeker.id },
    data: {
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: 4,
      currentDwellingIsSocialRental: true,
    },
  });
  return s;
}

/** A published AANBOD listing of a rollator-accessible 4-room ground-floor dwelling with the mover rule. */
async function walkerListing() {
  const d = await f.dwelling(org.id, { rooms: 4, rent: 550 });
  await t.db.dwelling.update({ where: { id: d.id }, data: { accessibility: "WALKER", floor: 0 } });
  const l = await f.listing(org.id, { dwellingId: d.id });
  await t.db.listing.update({
    where: { id: l.id },
    data: { priorityRules: ["URGENCY", "MOVER"], householdMin: 1 },
  });
  return l;
}

describe("care indications are granted by staff, not self-declared ([003] woonvoorziening WMO)", () => {
  it("a requested indication does not open a rollator dwelling; once granted it does, and the mover rule applies ([001] Voorstel I)", async () => {
    const s = await mover();
    const listing = gid("Listing", (await walkerListing()).id);
    const req = await multipart(s.token, REQUEST, { need: "WALKER" }, [pdf()]);
    const made = req.data.careIndicationRequest;
    expect(made.__typename).toBe("CareIndicationRequestSuccess");
    expect(made.careIndication).toMatchObject({
      status: "REQUESTED",
      need: "WALKER",
      documents: [{ fileName: "wmo-besluit.pdf" }],
    });

    const before = await gql(app, ELIGIBILITY, { id: listing }, s.token);
    expect(before.data.node.viewerEligibility.eligible).toBe(false);
    expect(before.data.node.viewerEligibility.failedChecks.map((c: any) => c.code)).toContain(
      "ACCESSIBILITY_INDICATION_MISSING",
    );

    const granted = await gql(
      app,
      DECIDE_CARE,
      { i: { id: made.careIndication.id, decision: "GRANT", reason: "WMO-advies: rollatorgeschikt wonen." } },
      assessor.token,
    );
    expect(granted.data.careIndicationDecide.careIndication.status).toBe("GRANTED");
    expect((await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } })).accessibilityNeed).toBe(
      "WALKER",
    );

    const after = await gql(app, ELIGIBILITY, { id: listing }, s.token);
    expect(after.data.node.viewerEligibility).toEqual({ eligible: true, failedChecks: [] });
    expect(after.data.node.viewerPosition.ifRespondedNow.tier).toBe("MOVER");

    // Giving the indication up closes the accessible dwelling again.
    const w = await gql(app, WITHDRAW_CARE, { i: { id: made.careIndication.id } }, s.token);
    expect(w.data.careIndicationWithdraw.careIndication.status).toBe("WITHDRAWN");
    const gone = await gql(app, ELIGIBILITY, { id: listing }, s.token);
    expect(gone.data.node.viewerEligibility.eligible).toBe(false);
  });

  it("registration and householdUpdate cannot self-declare an indication: registration creates a request only", async () => {
    const email = `wmo-${Date.now()}@example.org`;
    const r = await gql(
      app,
      `mutation($i: SeekerRegisterInput!) { seekerRegister(input: $i) { __typename ... on Error { message } } }`,
      {
        i: {
          email,
          password: "Lang-genoeg-wachtwoord-2026",
          firstName: "Wil",
          lastName: "Rolstoel",
          birthDate: "1960-04-04",
          income: { amount: 21000 },
          accessibilityNeed: "WHEELCHAIR",
        },
      },
    );
    expect(r.data?.seekerRegister?.__typename, JSON.stringify(r)).toBe("SeekerRegisterSuccess");
    const seeker = await t.db.seeker.findFirstOrThrow({
      where: { user: { email } },
      include: { careIndications: true },
    });
    expect(seeker.accessibilityNeed).toBe("NONE");
    expect(seeker.careIndications.map((c) => [c.need, c.status])).toEqual([["WHEELCHAIR", "REQUESTED"]]);

    const s = await f.seeker();
    const upd = await gql(
      app,
      `mutation { householdUpdate(input: { members: [], accessibilityNeed: WHEELCHAIR }) { __typename } }`,
      {},
      s.token,
    );
    expect(upd.errors?.[0]?.message).toMatch(/accessibilityNeed/);
    expect((await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } })).accessibilityNeed).toBe(
      "NONE",
    );
  });

  it("typed errors: a second open request, a bad need, a non-PDF document, deciding twice, landlord staff deciding", async () => {
    const s = await f.seeker();
    const first = (await multipart(s.token, REQUEST, { need: "WHEELCHAIR" }, [])).data.careIndicationRequest;
    expect(first.__typename).toBe("CareIndicationRequestSuccess");
    const second = (await multipart(s.token, REQUEST, { need: "WALKER" }, [])).data.careIndicationRequest;
    expect(second).toMatchObject({ __typename: "InvalidStateError", currentState: "REQUESTED" });
    const none = (await multipart(s.token, REQUEST, { need: "NONE" }, [])).data.careIndicationRequest;
    expect(none.__typename).toBe("ValidationError");
    expect(none.issues).toEqual([{ field: "need", message: "must be WALKER or WHEELCHAIR" }]);
    const s2 = await f.seeker();
    const exe = await multipart(s2.token, REQUEST, { need: "WALKER" }, [
      new File([new TextEncoder().encode("MZ\x90\x00") as BlobPart], "x.pdf", { type: "application/pdf" }),
    ]);
    expect(exe.data.careIndicationRequest.__typename).toBe("ValidationError");
    expect(await t.db.careIndication.count({ where: { seekerId: s2.seeker.id } })).toBe(0);

    const byLandlord = await gql(
      app,
      DECIDE_CARE,
      { i: { id: first.careIndication.id, decision: "GRANT", reason: "Mag ik dit?" } },
      landlord.token,
    );
    expect(byLandlord.data.careIndicationDecide.__typename).toBe("NotAuthorizedError");
    const reject = await gql(
      app,
      DECIDE_CARE,
      { i: { id: first.careIndication.id, decision: "REJECT", reason: "Geen WMO-advies." } },
      assessor.token,
    );
    expect(reject.data.careIndicationDecide.careIndication).toMatchObject({
      status: "REJECTED",
      decisionReason: "Geen WMO-advies.",
    });
    const again = await gql(
      app,
      DECIDE_CARE,
      { i: { id: first.careIndication.id, decision: "GRANT", reason: "Toch wel." } },
      assessor.token,
    );
    expect(again.data.careIndicationDecide).toMatchObject({
      __typename: "InvalidStateError",
      currentState: "REJECTED",
    });
    expect((await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } })).accessibilityNeed).toBe(
      "NONE",
    );
    const rowId = Buffer.from(first.careIndication.id, "base64").toString("utf8").split(":")[1];
    const decided = await t.db.auditLog.findMany({
      where: { entityType: "CareIndication", entityId: rowId, action: "DECIDE" },
    });
    expect(decided.map((a) => [a.actorRole, (a.detail as any).decision])).toEqual([["ASSESSOR", "REJECT"]]);
  });
});

describe('vital professions need proof accepted by staff ([003] "wel even aantonen")', () => {
  it("a claim counts only once accepted: the seeker then ranks in the VITAL_PROFESSION tier", async () => {
    const { municipality, district } = await f.municipality();
    const d = await f.dwelling(org.id, { municipalityId: municipality.id, districtId: district.id });
    const l = await f.listing(org.id, { dwellingId: d.id });
    await t.db.listing.update({
      where: { id: l.id },
      data: { priorityRules: ["URGENCY", "VITAL_PROFESSION"], vitalProfessions: ["verpleegkundige"] },
    });
    const s = await f.seeker();
    const noProof = await multipart(
      s.token,
      CLAIM,
      { p: "Verpleegkundige", m: gid("Municipality", municipality.id) },
      [],
    );
    expect(noProof.data.vitalProfessionClaimCreate.issues).toEqual([
      { field: "documents", message: "add at least one document as proof" },
    ]);
    const claim = (
      await multipart(s.token, CLAIM, { p: "Verpleegkundige", m: gid("Municipality", municipality.id) }, [
        pdf("contract.pdf"),
      ])
    ).data.vitalProfessionClaimCreate;
    expect(claim.vitalProfessionClaim).toMatchObject({ status: "REQUESTED", profession: "verpleegkundige" });
    const tierOf = async () =>
      (await gql(app, ELIGIBILITY, { id: gid("Listing", l.id) }, s.token)).data.node.viewerPosition
        .ifRespondedNow.tier;
    expect(await tierOf()).toBe("REGISTRATION_YEARS");

    const byLandlord = await gql(
      app,
      DECIDE_VITAL,
      { i: { id: claim.vitalProfessionClaim.id, decision: "GRANT", reason: "Contract gezien." } },
      landlord.token,
    );
    expect(byLandlord.data.vitalProfessionClaimDecide.__typename).toBe("NotAuthorizedError");
    const ok = await gql(
      app,
      DECIDE_VITAL,
      { i: { id: claim.vitalProfessionClaim.id, decision: "GRANT", reason: "Arbeidsovereenkomst gezien." } },
      assessor.token,
    );
    expect(ok.data.vitalProfessionClaimDecide.vitalProfessionClaim.status).toBe("GRANTED");
    expect(await tierOf()).toBe("VITAL_PROFESSION");
  });
});

describe("seekers state where they live and work; binding compares kernen where the listing asks ([001] 2b, [003])", () => {
  const ERR2 = `... on Error { code message } ... on ValidationError { issues { field message } }`;
  const PLACES = `mutation($i: SeekerPlacesInput!) { seekerPlacesUpdate(input: $i) { __typename ... on SeekerPlacesUpdateSuccess { seeker { core workCore municipality { name } } } ${ERR2} } }`;

  it("seekerPlacesUpdate checks kernen against the municipality's reference list; kern-level binding ranks only that kern", async () => {
    const m = await t.db.municipality.create({
      data: {
        code: `GM9${Math.floor(Math.random() * 900 + 100)}`,
        name: "Stichtse Vecht test",
        cores: ["Maarssen", "Breukelen"],
      },
    });
    const mid = gid("Municipality", m.id);
    const s = await f.seeker();
    const bad = await gql(app, PLACES, { i: { municipalityId: mid, core: "Amsterdam" } }, s.token);
    expect(bad.data.seekerPlacesUpdate.__typename).toBe("ValidationError");
    expect(bad.data.seekerPlacesUpdate.issues[0]).toEqual({
      field: "core",
      message: "must be a kern of the municipality (Maarssen, Breukelen)",
    });
    const orphan = await gql(app, PLACES, { i: { core: "Breukelen" } }, s.token);
    expect(orphan.data.seekerPlacesUpdate.issues[0].field).toBe("core");
    const ok = await gql(app, PLACES, { i: { municipalityId: mid, core: "breukelen" } }, s.token);
    expect(ok.data.seekerPlacesUpdate.seeker).toEqual({
      core: "Breukelen",
      workCore: null,
      municipality: { name: "Stichtse Vecht test" },
    });

    const other = await f.seeker({ registrationDate: "2001-01-01" });
    await gql(app, PLACES, { i: { municipalityId: mid, core: "Maarssen" } }, other.token);
    const district = await t.db.district.create({ data: { municipalityId: m.id, name: "Centrum" } });
    const d = await f.dwelling(org.id, { municipalityId: m.id, districtId: district.id });
    const l = await f.listing(org.id, { dwellingId: d.id });
    await t.db.listing.update({
      where: { id: l.id },
      data: { priorityRules: ["URGENCY", "LOCAL_BINDING"], bindingCores: ["Breukelen"] },
    });
    const tier = async (token: string) =>
      (await gql(app, ELIGIBILITY, { id: gid("Listing", l.id) }, token)).data.node.viewerPosition
        .ifRespondedNow.tier;
    expect(await tier(s.token)).toBe("LOCAL_BINDING");
    expect(await tier(other.token)).toBe("REGISTRATION_YEARS");
  });

  it("listingCreate refuses a binding kern that is not a kern of the dwelling's municipality", async () => {
    const m = await t.db.municipality.create({
      data: {
        code: `GM8${Math.floor(Math.random() * 900 + 100)}`,
        name: "Houten test",
        cores: ["Houten", "Schalkwijk"],
      },
    });
    const d = await f.dwelling(org.id, { municipalityId: m.id });
    const r = await gql(
      app,
      `mutation($i: ListingCreateMutationInput!) { listingCreate(input: $i) { __typename ${ERR2} } }`,
      {
        i: {
          listing: {
            dwellingId: gid("Dwelling", d.id),
            title: "Tweekamerwoning",
            allocationModel: "AANBOD",
            closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            priorityRules: ["URGENCY", "LOCAL_BINDING"],
            bindingCores: ["Schalkwijk", "Utrecht"],
          },
        },
      },
      landlord.token,
    );
    expect(r.data.listingCreate.issues).toEqual([
      { field: "listing.bindingCores.1", message: "must be a kern of the municipality (Houten, Schalkwijk)" },
    ]);
  });
});
