/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Authorization matrix generated from the schema (issue 9): every object type holding personal
 * data × every actor — anonymous, seeker (self / other), landlord staff (own / other
 * organisation), woongroep committee, assessor, administrator, and a personal access token of the
 * seeker for each token scope — in the states that matter (urgency applications as draft,
 * submitted, withdrawn before and after submission, granted; listings open and closed).
 *
 * Completeness is checked against `api/schema.graphql`: an object type with a field that looks
 * like personal data (name, email, birth date, income, phone, situation, motivation, applicant,
 * document content, …) must have an entry in {@link MATRIX} or be listed in
 * {@link NOT_PERSONAL} with a reason. A new personal-data type without an entry fails
 * "every personal-data type has a matrix entry"; the token actors come from the `TokenScope`
 * enum, so a new scope is probed everywhere at once.
 *
 * Representatives (gemachtigden) are actors too: `rep:<scope>` is a care worker acting for the
 * seeker (header `X-Woonbeurt-Acting-For`) under an authorisation with only that scope,
 * `rep:EXPIRED` / `rep:REVOKED` under an authorisation with every scope that ended or was revoked,
 * and `rep:OTHER` under another seeker's authorisation with every scope.
 *
 * "allow" = the value is returned without errors; everyone else gets null and/or an error, never
 * the value. Existing field-level cases stay in authorization.test.ts.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildSchema, isEnumType, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createSession } from "../src/auth/session.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { documentKeyFromEnv, encryptDocument } from "../src/documents.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

const sdl = buildSchema(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8"));

/** Field names that hold data about a person. */
const PERSONAL_FIELD =
  /^(email|birthDate|firstName|lastName|displayName|phone|householdIncome|income|householdMembers|situation|motivation|applicant|contentBase64|fileName|decisionReason|outcomeReason|name|prefix|lastUsedAt|pendingEmail|subject|body|actorEmail|actorName)$/;

/** Types whose matching fields are not about a person, and why. */
const NOT_PERSONAL: Record<string, string> = {
  District: "name of a district",
  JobQueue: "name of a scheduled job (administrators only; job-queue.test.ts)",
  EmailChangeRequested:
    "the emailChangeRequest receipt: only echoes the new address the signed-in caller just sent",
  EmailConfirmation:
    "the emailConfirm receipt: echoes the address of the link the caller holds (the token is the proof)",
  Municipality: "name of a municipality",
  Organisation: "name of a landlord or body",
  RuleSet: "name of a rule set version",
  SeekerRegistrationReceived:
    "the seekerRegister receipt: only echoes the address the caller just sent, identical for new and registered addresses",
  Woongroep: "name of a woongroep; its candidates are CommitteeCandidate",
};

const TOKEN_SCOPES = (() => {
  const e = sdl.getType("TokenScope");
  if (!isEnumType(e)) throw new Error("TokenScope enum missing");
  return e.getValues().map((v) => v.name);
})();
const PEOPLE = [
  "anonymous",
  "seekerSelf",
  "seekerOther",
  "landlordOwn",
  "landlordOther",
  "committee",
  "assessor",
  "admin",
] as const;
const REPRESENTATIVE_SCOPES = (() => {
  const e = sdl.getType("RepresentativeScope");
  if (!isEnumType(e)) throw new Error("RepresentativeScope enum missing");
  return e.getValues().map((v) => v.name);
})();
const REP_ACTORS = [
  ...REPRESENTATIVE_SCOPES.map((s) => `rep:${s}`),
  "rep:EXPIRED",
  "rep:REVOKED",
  "rep:OTHER",
];
const ACTORS: string[] = [...PEOPLE, ...TOKEN_SCOPES.map((s) => `token:${s}`), ...REP_ACTORS];
/** The authorisation id (raw uuid) each `rep:*` actor sends in the acting-for header. */
const actingFor: Record<string, string> = {};

interface Probe {
  /** State or path probed, for the test name. */
  what: string;
  query: string;
  vars: () => Record<string, unknown>;
  /** The personal value (null/undefined when not returned). */
  pick: (data: any) => unknown;
  allow: string[];
}

let t: TestDatabase;
let app: App;
const tokens: Record<string, string | undefined> = {};
const ids: Record<string, string> = {};

const node = (fragment: string) => `query($id: ID!) { node(id: $id) { ... on ${fragment} } }`;
const byNode = (
  what: string,
  key: string,
  fragment: string,
  pick: (n: any) => unknown,
  allow: string[],
): Probe => ({
  what,
  query: node(fragment),
  vars: () => ({ id: ids[key] }),
  pick: (d) => (d?.node ? pick(d.node) : null),
  allow,
});
const urgency = (state: string, allow: string[]): Probe[] => [
  byNode(`${state}: situation`, state, "UrgencyApplication { situation }", (n) => n.situation, allow),
  byNode(
    `${state}: document content`,
    state,
    "UrgencyApplication { documents { fileName contentBase64 } }",
    (n) => n.documents?.[0]?.contentBase64,
    allow,
  ),
];

/** Own urgency data: the applicant's session, a token with URGENCY_READ, a representative with URGENCY_APPLICATION. */
const URGENCY_SELF = ["seekerSelf", "token:URGENCY_READ", "rep:URGENCY_APPLICATION"];

const MATRIX: Record<string, Probe[]> = {
  Seeker: [
    byNode("birth date", "seeker", "Seeker { birthDate }", (n) => n.birthDate, [
      "seekerSelf",
      "token:SEEKER_READ",
      "rep:READ",
    ]),
    {
      what: "viewer income",
      query: `{ viewer { householdIncome } }`,
      vars: () => ({}),
      pick: (d) => (d?.viewer?.householdIncome === 23456 ? 23456 : null),
      allow: ["seekerSelf", "token:SEEKER_READ", "rep:READ"],
    },
  ],
  HouseholdMember: [
    byNode(
      "member birth date",
      "seeker",
      "Seeker { householdMembers { birthDate } }",
      (n) => n.householdMembers?.[0]?.birthDate,
      ["seekerSelf", "token:SEEKER_READ", "rep:READ"],
    ),
  ],
  Account: [
    {
      what: "own account email",
      query: `{ account { email } }`,
      vars: () => ({}),
      pick: (d) => (d?.account?.email === ids.selfEmail ? d.account.email : null),
      allow: ["seekerSelf", ...TOKEN_SCOPES.map((s) => `token:${s}`)],
    },
  ],
  Candidate: [
    {
      what: "closed listing: ranked applicant income",
      query: `query($id: ID!) { node(id: $id) { ... on Listing { candidates { ranked { applicant { householdIncome } } excluded { applicant { householdIncome } } } } } }`,
      vars: () => ({ id: ids.closedListing }),
      pick: (d) => {
        const c = d?.node?.candidates;
        return c ? [...c.ranked, ...c.excluded][0]?.applicant?.householdIncome : null;
      },
      allow: ["landlordOwn"],
    },
  ],
  Applicant: [
    byNode(
      "offer applicant last name",
      "offer",
      "Offer { applicant { lastName } }",
      (n) => n.applicant?.lastName,
      ["landlordOwn"],
    ),
    byNode(
      "submitted application: applicant birth date",
      "SUBMITTED",
      "UrgencyApplication { applicant { birthDate } }",
      (n) => n.applicant?.birthDate,
      ["assessor"],
    ),
  ],
  MediationCandidate: [
    {
      what: "direct mediation: household found by registration number and birth date",
      query: `query($l: ID!, $n: Int!, $b: Date!) { mediationCandidate(listingId: $l, registrationNumber: $n, birthDate: $b) { lastName householdIncome } }`,
      vars: () => ({ l: ids.mediationListing, n: Number(ids.selfRegistrationNumber), b: ids.selfBirthDate }),
      pick: (d) => d?.mediationCandidate?.householdIncome,
      allow: ["landlordOwn"],
    },
  ],
  CommitteeCandidate: [
    {
      what: "open woongroep listing: motivation",
      query: `query($id: ID!) { node(id: $id) { ... on Listing { dwelling { woongroep { candidates { name motivation } } } } } }`,
      vars: () => ({ id: ids.woongroepListing }),
      pick: (d) => d?.node?.dwelling?.woongroep?.candidates?.[0]?.motivation,
      allow: ["committee"],
    },
  ],
  Response: [
    byNode("motivation", "response", "Response { motivation }", (n) => n.motivation, [
      "seekerSelf",
      "landlordOwn",
      "committee",
      "token:SEEKER_READ",
      "rep:READ",
    ]),
  ],
  Offer: [
    byNode("position", "offer", "Offer { position }", (n) => n.position, [
      "seekerSelf",
      "landlordOwn",
      "token:SEEKER_READ",
      "rep:READ",
    ]),
  ],
  Authorisation: [
    // the representative's own account sees an active authorisation whatever it acts as; the
    // seeker's session sees every one; nobody else
    byNode(
      "representative and seeker of an active authorisation",
      "authorisationRead",
      "Authorisation { representativeEmail seekerName }",
      (n) => n.seekerName,
      ["seekerSelf", ...REP_ACTORS.filter((a) => a !== "rep:OTHER")],
    ),
    byNode(
      "a revoked authorisation",
      "authorisationRevoked",
      "Authorisation { representativeEmail seekerName }",
      (n) => n.seekerName,
      ["seekerSelf"],
    ),
    {
      what: "the seeker's list of authorisations",
      query: `{ viewer { authorisations { representativeEmail } } }`,
      vars: () => ({}),
      pick: (d) =>
        d?.viewer?.authorisations?.find((a: any) => a.representativeEmail === ids.repEmail)
          ?.representativeEmail,
      allow: ["seekerSelf"],
    },
  ],
  InboxMessage: [
    byNode("notification text", "inbox", "InboxMessage { subject body }", (n) => n.body, [
      "seekerSelf",
      "token:SEEKER_READ",
    ]),
    {
      what: "own inbox",
      query: `{ account { messages(first: 5) { edges { node { body } } } } }`,
      vars: () => ({}),
      pick: (d) => d?.account?.messages?.edges?.[0]?.node?.body,
      allow: ["seekerSelf", "token:SEEKER_READ"],
    },
  ],
  SavedSearch: [
    // a representative with READ reads what a SEEKER_READ token reads (representatives)
    byNode("saved search name", "savedSearch", "SavedSearch { name listingsPath }", (n) => n.name, [
      "seekerSelf",
      "token:SEEKER_READ",
      "rep:READ",
    ]),
    {
      what: "own saved searches",
      query: `{ viewer { savedSearches { name } } }`,
      vars: () => ({}),
      pick: (d) => d?.viewer?.savedSearches?.[0]?.name,
      allow: ["seekerSelf", "token:SEEKER_READ", "rep:READ"],
    },
  ],
  PersonalAccessToken: [
    byNode("name", "pat", "PersonalAccessToken { name prefix }", (n) => n.name, ["seekerSelf"]),
  ],
  AuditEvent: [
    {
      what: "audit log: actor email and name",
      query: `{ auditEvents(first: 5, filter: { entityType: "MatrixProbe" }) { edges { node { actorEmail actorName } } } }`,
      vars: () => ({}),
      pick: (d) => d?.auditEvents?.edges?.[0]?.node?.actorEmail,
      allow: ["admin"],
    },
  ],
  StaffAccount: [byNode("email", "staffAccount", "StaffAccount { email }", (n) => n.email, ["admin"])],
  DuplicateCandidate: [
    byNode(
      "duplicate candidate: decision note",
      "duplicateCandidate",
      "DuplicateCandidate { decisionNote decidedByName }",
      (n) => n.decisionNote,
      ["admin"],
    ),
    {
      what: "duplicate queue: reasons",
      query: `{ duplicateCandidates(first: 5, status: CLOSED_OTHER) { edges { node { reasons } } } }`,
      vars: () => ({}),
      pick: (d) => d?.duplicateCandidates?.edges?.[0]?.node?.reasons,
      allow: ["admin"],
    },
  ],
  DuplicateRegistration: [
    byNode(
      "duplicate candidate: both registrations' birth date and email",
      "duplicateCandidate",
      "DuplicateCandidate { a { birthDate email phone } b { birthDate email } }",
      (n) => n.a?.email,
      ["admin"],
    ),
  ],
  UrgencyApplication: [
    ...urgency("DRAFT", URGENCY_SELF),
    ...urgency("SUBMITTED", [...URGENCY_SELF, "assessor"]),
    ...urgency("WITHDRAWN_UNSUBMITTED", URGENCY_SELF),
    ...urgency("WITHDRAWN_AFTER_SUBMISSION", [...URGENCY_SELF, "assessor"]),
    ...urgency("GRANTED", [...URGENCY_SELF, "assessor"]),
  ],
  CareIndication: [
    byNode(
      "motivation (special category: health)",
      "careIndication",
      "CareIndication { motivation }",
      (n) => n.motivation,
      ["seekerSelf", "assessor"],
    ),
    byNode(
      "applicant",
      "careIndication",
      "CareIndication { applicant { lastName } }",
      (n) => n.applicant?.lastName,
      ["assessor"],
    ),
  ],
  CareIndicationDocument: [
    byNode(
      "document content",
      "careIndication",
      "CareIndication { documents { fileName contentBase64 } }",
      (n) => n.documents?.[0]?.contentBase64,
      ["seekerSelf", "assessor"],
    ),
  ],
  VitalProfessionClaim: [
    byNode("employer", "vitalClaim", "VitalProfessionClaim { employer }", (n) => n.employer, [
      "seekerSelf",
      "assessor",
    ]),
  ],
  VitalProfessionDocument: [
    byNode(
      "proof content",
      "vitalClaim",
      "VitalProfessionClaim { documents { fileName contentBase64 } }",
      (n) => n.documents?.[0]?.contentBase64,
      ["seekerSelf", "assessor"],
    ),
  ],
  ListingPhoto: [
    byNode(
      "draft listing: photo alt text",
      "draftPhoto",
      "ListingPhoto { altTextNl key }",
      (n) => n.altTextNl,
      ["landlordOwn"],
    ),
  ],
  SeekerDocument: [
    // the store (mijn documenten): the owner's session only; assessors see copies attached to
    // applications (UrgencyDocument above), never the store itself
    byNode(
      "stored document content",
      "seekerDocument",
      "SeekerDocument { fileName contentBase64 }",
      (n) => n.contentBase64,
      ["seekerSelf"],
    ),
    {
      what: "viewer's stored documents",
      query: `{ viewer { documents { title fileName } } }`,
      vars: () => ({}),
      pick: (d) => d?.viewer?.documents?.[0]?.fileName,
      allow: ["seekerSelf"],
    },
  ],
  Objection: [
    byNode("objection (bezwaar): reasons", "objection", "Objection { reasons }", (n) => n.reasons, [
      ...URGENCY_SELF,
      "assessor",
    ]),
    byNode("complaint (klacht): reasons", "complaint", "Objection { reasons }", (n) => n.reasons, [
      "seekerSelf",
      "token:SEEKER_READ",
      "rep:READ",
      "landlordOwn",
    ]),
  ],
  ObjectionDocument: [
    byNode(
      "objection: document content",
      "objection",
      "Objection { documents { fileName contentBase64 } }",
      (n) => n.documents?.[0]?.contentBase64,
      [...URGENCY_SELF, "assessor"],
    ),
    byNode(
      "complaint: document content",
      "complaint",
      "Objection { documents { fileName contentBase64 } }",
      (n) => n.documents?.[0]?.contentBase64,
      ["seekerSelf", "token:SEEKER_READ", "rep:READ", "landlordOwn"],
    ),
  ],
  UrgencyDocument: [
    byNode(
      "draft: file name",
      "DRAFT",
      "UrgencyApplication { documents { fileName } }",
      (n) => n.documents?.[0]?.fileName,
      URGENCY_SELF,
    ),
    byNode(
      "submitted: file name",
      "SUBMITTED",
      "UrgencyApplication { documents { fileName } }",
      (n) => n.documents?.[0]?.fileName,
      [...URGENCY_SELF, "assessor"],
    ),
  ],
};

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
  ids.selfEmail = self.user.email;
  tokens.seekerSelf = self.token;
  tokens.seekerOther = other.token;
  const landlordOwn = await f.staff("LANDLORD_STAFF", org.id);
  tokens.landlordOwn = landlordOwn.token;
  tokens.landlordOther = (await f.staff("LANDLORD_STAFF", otherOrg.id)).token;
  tokens.committee = (await f.staff("COMMITTEE_MEMBER", org.id, woongroep.id)).token;
  tokens.assessor = (await f.staff("ASSESSOR", assessing.id)).token;
  tokens.admin = (await f.staff("ADMINISTRATOR", platform.id)).token;
  ids.staffAccount = gid("StaffAccount", landlordOwn.user.id);
  for (const scope of TOKEN_SCOPES) {
    const raw = `wbt_pat_matrix_${scope.toLowerCase()}_${randomUUID()}`;
    await t.db.personalAccessToken.create({
      data: {
        userId: self.user.id,
        name: `app ${scope}`,
        tokenHash: hashToken(raw),
        prefix: raw.slice(0, 12),
        scopes: [scope as never],
      },
    });
    tokens[`token:${scope}`] = raw;
  }
  // representatives: one care worker authorised by `self` once per scope, plus an expired and a
  // revoked authorisation with every scope; another care worker authorised by `other`
  const careOrg = await t.db.organisation.create({
    data: { kind: "CARE_ORGANISATION", name: "Maatschappelijk werk", slug: "maatschappelijk-werk" },
  });
  const careWorker = async () => {
    const user = await t.db.user.create({
      data: {
        email: `rep-${randomUUID()}@example.org`,
        passwordHash: "x",
        kind: "STAFF",
        displayName: "Rep",
      },
    });
    await t.db.staffMembership.create({
      data: { userId: user.id, organisationId: careOrg.id, role: "REPRESENTATIVE" },
    });
    return { user, token: (await createSession(user.id)).token };
  };
  const rep = await careWorker();
  const repOther = await careWorker();
  ids.repEmail = rep.user.email;
  const every = REPRESENTATIVE_SCOPES as never[];
  const authorisation = (seekerId: string, userId: string, scopes: never[], more: object = {}) =>
    t.db.authorisation.create({
      data: {
        seekerId,
        representativeUserId: userId,
        scopes,
        validUntil: new Date(Date.now() + 30 * 86400000),
        ...more,
      },
    });
  for (const scope of REPRESENTATIVE_SCOPES) {
    const a = await authorisation(self.seeker.id, rep.user.id, [scope as never]);
    actingFor[`rep:${scope}`] = a.id;
    tokens[`rep:${scope}`] = rep.token;
    if (scope === "READ") ids.authorisationRead = gid("Authorisation", a.id);
  }
  const expired = await authorisation(self.seeker.id, rep.user.id, every, {
    validUntil: new Date(Date.now() - 60_000),
  });
  const revoked = await authorisation(self.seeker.id, rep.user.id, every, { revokedAt: new Date() });
  const foreign = await authorisation(other.seeker.id, repOther.user.id, every);
  Object.assign(actingFor, { "rep:EXPIRED": expired.id, "rep:REVOKED": revoked.id, "rep:OTHER": foreign.id });
  Object.assign(tokens, { "rep:EXPIRED": rep.token, "rep:REVOKED": rep.token, "rep:OTHER": repOther.token });
  ids.authorisationRevoked = gid("Authorisation", revoked.id);
  const pat = await t.db.personalAccessToken.findFirstOrThrow({ where: { userId: self.user.id } });
  const inbox = await t.db.outboxMessage.create({
    data: {
      kind: "OFFER_MADE",
      userId: self.user.id,
      toAddress: self.user.email,
      locale: "nl",
      subject: "Aanbieding",
      textBody: "U krijgt een aanbieding voor Teststraat 1.",
      htmlBody: "<p>U krijgt een aanbieding voor Teststraat 1.</p>",
      inbox: true,
    },
  });
  ids.inbox = gid("InboxMessage", inbox.id);
  const savedSearch = await t.db.savedSearch.create({
    data: { seekerId: self.seeker.id, name: "Dicht bij mijn moeder" },
  });
  ids.savedSearch = gid("SavedSearch", savedSearch.id);
  ids.pat = gid("PersonalAccessToken", pat.id);
  await t.db.auditLog.create({
    data: {
      actorUserId: self.user.id,
      actorRole: "SEEKER",
      action: "READ",
      entityType: "MatrixProbe",
      entityId: randomUUID(),
    },
  });
  await t.db.householdMember.create({
    data: {
      seekerId: self.seeker.id,
      role: "PARTNER",
      firstName: "Partner",
      birthDate: new Date("1991-02-03"),
    },
  });

  const woongroepListing = await f.listing(org.id, { model: "WOONGROEP", complexId: complex.id });
  const response = await t.db.response.create({
    data: {
      listingId: woongroepListing.id,
      seekerId: self.seeker.id,
      motivation: "Ik kook graag voor de groep.",
    },
  });
  const closed = await f.listing(org.id, { status: "CLOSED", closesAt: new Date(Date.now() - 3600_000) });
  const closedResponse = await t.db.response.create({
    data: { listingId: closed.id, seekerId: self.seeker.id },
  });
  const offer = await t.db.offer.create({
    data: {
      listingId: closed.id,
      responseId: closedResponse.id,
      seekerId: self.seeker.id,
      position: 1,
      respondBy: new Date(Date.now() + 86400000),
    },
  });
  // a decided duplicate candidate between the two seekers (administrators review them)
  const [pairA, pairB] = [self.seeker.id, other.seeker.id].sort();
  const duplicate = await t.db.duplicateCandidate.create({
    data: {
      seekerAId: pairA!,
      seekerBId: pairB!,
      reasons: ["SAME_PHONE"],
      status: "CLOSED_OTHER",
      decisionNote: "Matrix probe",
      decidedAt: new Date(),
    },
  });
  ids.duplicateCandidate = gid("DuplicateCandidate", duplicate.id);
  ids.seeker = gid("Seeker", self.seeker.id);
  ids.response = gid("Response", response.id);
  ids.offer = gid("Offer", offer.id);
  ids.woongroepListing = gid("Listing", woongroepListing.id);
  ids.closedListing = gid("Listing", closed.id);
  const mediation = await f.listing(org.id, { model: "BEMIDDELING", status: "DRAFT" });
  const selfRow = await t.db.seeker.findUniqueOrThrow({ where: { id: self.seeker.id } });
  ids.mediationListing = gid("Listing", mediation.id);
  ids.selfRegistrationNumber = String(selfRow.registrationNumber);
  ids.selfBirthDate = selfRow.birthDate.toISOString().slice(0, 10);

  const key = documentKeyFromEnv();
  const now = Date.now();
  const care = await t.db.careIndication.create({
    data: { seekerId: self.seeker.id, need: "WHEELCHAIR", motivation: "Rolstoel sinds 2024." },
  });
  const vital = await t.db.vitalProfessionClaim.create({
    data: {
      seekerId: self.seeker.id,
      profession: "verpleegkundige",
      employer: "UMC Utrecht",
      workMunicipalityId: (await f.municipality()).municipality.id,
    },
  });
  for (const [table, fk, id] of [
    ["careIndicationDocument", "careIndicationId", care.id],
    ["vitalProfessionDocument", "claimId", vital.id],
  ] as const) {
    const docId = randomUUID();
    const plain = new TextEncoder().encode(`%PDF-1.4 bewijs ${table}`);
    await (t.db[table] as any).create({
      data: {
        id: docId,
        [fk]: id,
        fileName: "bewijs.pdf",
        mimeType: "application/pdf",
        sizeBytes: plain.length,
        ...encryptDocument(key, plain, docId),
      },
    });
  }
  ids.careIndication = gid("CareIndication", care.id);
  {
    const docId = randomUUID();
    const plain = new TextEncoder().encode("%PDF-1.4 inkomensverklaring 2025");
    const stored = await t.db.seekerDocument.create({
      data: {
        id: docId,
        seekerId: self.seeker.id,
        kind: "INCOME_STATEMENT",
        title: "Inkomensverklaring 2025",
        fileName: "ib-2025.pdf",
        mimeType: "application/pdf",
        sizeBytes: plain.length,
        validFrom: new Date("2025-01-01"),
        validUntil: new Date("2025-12-31"),
        ...encryptDocument(key, plain, docId),
      },
    });
    ids.seekerDocument = gid("SeekerDocument", stored.id);
  }
  ids.vitalClaim = gid("VitalProfessionClaim", vital.id);
  const states: Record<string, object> = {
    DRAFT: { status: "DRAFT" },
    SUBMITTED: { status: "SUBMITTED", submittedAt: new Date(now - 3 * 86400000) },
    WITHDRAWN_UNSUBMITTED: { status: "WITHDRAWN", decidedAt: new Date(now - 86400000) },
    WITHDRAWN_AFTER_SUBMISSION: {
      status: "WITHDRAWN",
      submittedAt: new Date(now - 3 * 86400000),
      decidedAt: new Date(now - 86400000),
    },
    GRANTED: {
      status: "GRANTED",
      submittedAt: new Date(now - 30 * 86400000),
      decidedAt: new Date(now - 20 * 86400000),
      grantedCategory: "CHRONIC_MEDICAL",
      validFrom: new Date(now - 20 * 86400000),
      validUntil: new Date(now + 300 * 86400000),
    },
  };
  for (const [state, data] of Object.entries(states)) {
    const a = await t.db.urgencyApplication.create({
      data: {
        seekerId: self.seeker.id,
        category: "CHRONIC_MEDICAL",
        situation: `Medisch (${state})`,
        ...data,
      },
    });
    const docId = randomUUID();
    const plain = new TextEncoder().encode(`%PDF-1.4 verklaring ${state}`);
    const enc = encryptDocument(key, plain, docId);
    await t.db.urgencyDocument.create({
      data: {
        id: docId,
        applicationId: a.id,
        fileName: `arts-${state}.pdf`,
        mimeType: "application/pdf",
        sizeBytes: plain.length,
        ...enc,
      },
    });
    ids[state] = gid("UrgencyApplication", a.id);
  }
  // a draft listing's photo: its landlord's staff only (listing editor)
  const draft = await f.listing(org.id, { status: "DRAFT" });
  const photo = await t.db.listingPhoto.create({
    data: {
      listingId: draft.id,
      position: 0,
      mimeType: "image/png",
      width: 1,
      height: 1,
      sizeBytes: 8,
      sha256: "0".repeat(64),
      data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      altNl: "Woonkamer met zicht op de tuin (concept)",
    },
  });
  ids.draftPhoto = gid("ListingPhoto", photo.id);
  // an objection against the GRANTED decision and a complaint about the closed listing's response
  for (const [key, data] of [
    [
      "objection",
      {
        kind: "OBJECTION",
        urgencyApplicationId: Buffer.from(ids.GRANTED!, "base64").toString().split(":")[1],
      },
    ],
    ["complaint", { kind: "COMPLAINT", responseId: closedResponse.id }],
  ] as const) {
    const day = new Date(new Date().toISOString().slice(0, 10));
    const o = await t.db.objection.create({
      data: {
        ...data,
        seekerId: self.seeker.id,
        reasons: `Bezwaar (${key}): mijn situatie is niet goed beoordeeld.`,
        decisionDate: day,
        periodEndsOn: day,
        decisionDueOn: day,
      },
    });
    const docId = randomUUID();
    const plain = new TextEncoder().encode(`%PDF-1.4 bezwaar ${key}`);
    await t.db.objectionDocument.create({
      data: {
        id: docId,
        objectionId: o.id,
        fileName: `bezwaar-${key}.pdf`,
        mimeType: "application/pdf",
        sizeBytes: plain.length,
        ...encryptDocument(documentKeyFromEnv(), plain, docId),
      },
    });
    ids[key] = gid("Objection", o.id);
  }
});
afterAll(async () => t?.drop());

/** Run an operation as a representative acting under an authorisation (raw uuid). */
async function gqlActingFor(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  authorisationId: string,
) {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      "x-woonbeurt-acting-for": authorisationId,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: { extensions?: { code?: string } }[] };
}

describe("the matrix covers the schema", () => {
  it("every personal-data type has a matrix entry (or a reason in NOT_PERSONAL)", () => {
    const personal = Object.values(sdl.getTypeMap())
      .filter((x) => isObjectType(x) && !x.name.startsWith("__"))
      .filter(
        (x) => !/(Error|Success|Connection|Edge)$/.test(x.name) && !["Query", "Mutation"].includes(x.name),
      )
      .filter((x) => isObjectType(x) && Object.keys(x.getFields()).some((f) => PERSONAL_FIELD.test(f)))
      .map((x) => x.name);
    const missing = personal.filter((n) => !(n in MATRIX) && !(n in NOT_PERSONAL));
    expect(missing, "add these types to MATRIX in authorization-matrix.test.ts").toEqual([]);
    const stale = Object.keys(MATRIX).filter((n) => !sdl.getType(n));
    expect(stale, "MATRIX names types the schema no longer has").toEqual([]);
  });

  it("probes every token scope of the schema as an actor", () => {
    expect(TOKEN_SCOPES.length).toBeGreaterThanOrEqual(4);
    for (const s of TOKEN_SCOPES) expect(ACTORS).toContain(`token:${s}`);
  });
});

const CASES = Object.entries(MATRIX).flatMap(([type, probes]) =>
  probes.map((p) => ({ name: `${type} — ${p.what}`, probe: p })),
);

describe.each(CASES)("$name", ({ probe }) => {
  it.each(ACTORS.map((a) => [a]))("%s", async (actor) => {
    const r = actingFor[actor]
      ? await gqlActingFor(probe.query, probe.vars(), tokens[actor]!, actingFor[actor]!)
      : await gql(app, probe.query, probe.vars(), tokens[actor]);
    const value = probe.pick(r.data);
    if (probe.allow.includes(actor)) {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(value).toBeTruthy();
    } else {
      expect(value ?? null).toBeNull();
      for (const e of r.errors ?? []) expect(e.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
    }
  });
});
