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
 * "allow" = the value is returned without errors; everyone else gets null and/or an error, never
 * the value. Existing field-level cases stay in authorization.test.ts.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildSchema, isEnumType, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
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
const ACTORS: string[] = [...PEOPLE, ...TOKEN_SCOPES.map((s) => `token:${s}`)];

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

/** Own urgency data: the applicant's session, and a token with URGENCY_READ. */
const URGENCY_SELF = ["seekerSelf", "token:URGENCY_READ"];

const MATRIX: Record<string, Probe[]> = {
  Seeker: [
    byNode("birth date", "seeker", "Seeker { birthDate }", (n) => n.birthDate, [
      "seekerSelf",
      "token:SEEKER_READ",
    ]),
    {
      what: "viewer income",
      query: `{ viewer { householdIncome } }`,
      vars: () => ({}),
      pick: (d) => (d?.viewer?.householdIncome === 23456 ? 23456 : null),
      allow: ["seekerSelf", "token:SEEKER_READ"],
    },
  ],
  HouseholdMember: [
    byNode(
      "member birth date",
      "seeker",
      "Seeker { householdMembers { birthDate } }",
      (n) => n.householdMembers?.[0]?.birthDate,
      ["seekerSelf", "token:SEEKER_READ"],
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
    ]),
  ],
  Offer: [
    byNode("position", "offer", "Offer { position }", (n) => n.position, [
      "seekerSelf",
      "landlordOwn",
      "token:SEEKER_READ",
    ]),
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
  Objection: [
    byNode("objection (bezwaar): reasons", "objection", "Objection { reasons }", (n) => n.reasons, [
      ...URGENCY_SELF,
      "assessor",
    ]),
    byNode("complaint (klacht): reasons", "complaint", "Objection { reasons }", (n) => n.reasons, [
      "seekerSelf",
      "token:SEEKER_READ",
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
      ["seekerSelf", "token:SEEKER_READ", "landlordOwn"],
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
  ids.seeker = gid("Seeker", self.seeker.id);
  ids.response = gid("Response", response.id);
  ids.offer = gid("Offer", offer.id);
  ids.woongroepListing = gid("Listing", woongroepListing.id);
  ids.closedListing = gid("Listing", closed.id);

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
    const r = await gql(app, probe.query, probe.vars(), tokens[actor]);
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
