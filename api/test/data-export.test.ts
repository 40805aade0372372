/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * The seeker's data export (GDPR art. 15/20, `viewerDataExport`) holds every category stored about
 * the seeker: saved searches with their alerts, the document store, authorisations given and
 * received and the acts done on the seeker's behalf, objections and complaints with their
 * decisions, and duplicate-registration merges; and nothing of another seeker who has the same.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createSession } from "../src/auth/session.ts";
import { createApp } from "../src/server.ts";
import { documentKeyFromEnv, encryptDocument } from "../src/documents.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

const EXPORT = `mutation { viewerDataExport { __typename ... on ViewerDataExportSuccess { data } } }`;
const AUTHORISE = `mutation($email: String!, $until: DateTime!) {
  authorisationCreate(input: { representativeEmail: $email, scopes: [URGENCY_APPLICATION, READ], validUntil: $until }) {
    __typename ... on AuthorisationCreateSuccess { authorisation { id } } } }`;
const START = `mutation($s: String!) { urgencyApplicationCreate(input: { category: LEAVING_HOMELESS_SHELTER, situation: $s }) {
  __typename } }`;

/** A care worker (REPRESENTATIVE of a care organisation) with a session. */
async function careWorker() {
  const org = await t.db.organisation.create({
    data: { kind: "CARE_ORGANISATION", name: `Zorg ${randomUUID()}`, slug: `zorg-${randomUUID()}` },
  });
  const user = await t.db.user.create({
    data: {
      email: `rep-${randomUUID()}@example.org`,
      passwordHash: "x",
      kind: "STAFF",
      displayName: "Rita Maatschappelijk Werk",
    },
  });
  await t.db.staffMembership.create({
    data: { userId: user.id, organisationId: org.id, role: "REPRESENTATIVE" },
  });
  return { user, token: (await createSession(user.id)).token };
}

/**
 * Give `seeker` one of everything, each marked with `mark` (a word found nowhere else): a saved
 * search alerted for a listing, a stored document attached nowhere, an authorisation to `rep`
 * under which the representative started an urgency application, an objection with a decision
 * and a document, and an authorisation naming the seeker's own account as representative.
 */
async function everything(
  seeker: Awaited<ReturnType<Fixtures["seeker"]>>,
  mark: string,
  rep: Awaited<ReturnType<typeof careWorker>>,
  listingId: string,
) {
  const search = await t.db.savedSearch.create({
    data: {
      seekerId: seeker.seeker.id,
      name: `Zoekopdracht ${mark}`,
      rentMaxCents: 70000,
      frequency: "IMMEDIATE",
    },
  });
  await t.db.savedSearchMatch.create({ data: { savedSearchId: search.id, listingId } });
  const docId = randomUUID();
  const plain = new TextEncoder().encode(`%PDF-1.4 ${mark}`);
  await t.db.seekerDocument.create({
    data: {
      id: docId,
      seekerId: seeker.seeker.id,
      kind: "INCOME_STATEMENT",
      title: `Inkomensverklaring ${mark}`,
      fileName: `ib-${mark}.pdf`,
      mimeType: "application/pdf",
      sizeBytes: plain.length,
      validFrom: new Date("2025-01-01"),
      validUntil: new Date("2025-12-31"),
      ...encryptDocument(documentKeyFromEnv(), plain, docId),
    },
  });
  const a = await gql(
    app,
    AUTHORISE,
    { email: rep.user.email, until: new Date(Date.now() + 30 * 86400000).toISOString() },
    seeker.token,
  );
  expect(a.data.authorisationCreate.__typename).toBe("AuthorisationCreateSuccess");
  const authorisationId = Buffer.from(a.data.authorisationCreate.authorisation.id, "base64")
    .toString("utf8")
    .split(":")[1]!;
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${rep.token}`,
      "x-woonbeurt-acting-for": authorisationId,
    },
    body: JSON.stringify({ query: START, variables: { s: `Situatie ${mark}` } }),
  });
  expect(((await res.json()) as any).data.urgencyApplicationCreate.__typename).toBe(
    "UrgencyApplicationCreateSuccess",
  );
  const application = await t.db.urgencyApplication.findFirstOrThrow({
    where: { seekerId: seeker.seeker.id },
  });
  await t.db.urgencyApplication.update({
    where: { id: application.id },
    data: { status: "REJECTED", decidedAt: new Date(), decisionReason: "Geen urgentie" },
  });
  const day = new Date(new Date().toISOString().slice(0, 10));
  const objection = await t.db.objection.create({
    data: {
      kind: "OBJECTION",
      seekerId: seeker.seeker.id,
      urgencyApplicationId: application.id,
      reasons: `Bezwaar ${mark}`,
      decisionDate: day,
      periodEndsOn: day,
      decisionDueOn: day,
      status: "DECIDED",
      outcome: "UPHELD",
      decision: `Beslissing ${mark}`,
      decidedAt: new Date(),
    },
  });
  const objectionDocId = randomUUID();
  await t.db.objectionDocument.create({
    data: {
      id: objectionDocId,
      objectionId: objection.id,
      fileName: `bezwaar-${mark}.pdf`,
      mimeType: "application/pdf",
      sizeBytes: plain.length,
      ...encryptDocument(documentKeyFromEnv(), plain, objectionDocId),
    },
  });
  // someone else (a seeker too) authorised this seeker's account as their representative
  const other = await f.seeker();
  await t.db.authorisation.create({
    data: {
      seekerId: other.seeker.id,
      representativeUserId: seeker.user.id,
      scopes: ["RESPOND"],
      validUntil: new Date(Date.now() + 10 * 86400000),
    },
  });
  return { authorisationId, applicationId: application.id, other };
}

describe("data export (GDPR art. 15/20): every category, only the seeker's own", () => {
  it("holds saved searches, stored documents, authorisations and acts on behalf, objections and merges", async () => {
    const landlord = await f.organisation();
    const listing = await f.listing(landlord.id);
    const rep = await careWorker();
    const mine = await f.seeker({ registrationDate: "2020-01-01" });
    const theirs = await f.seeker({ registrationDate: "2012-01-01" });
    const own = await everything(mine, "mijnmerk", rep, listing.id);
    const foreign = await everything(theirs, "hunmerk", rep, listing.id);
    // a merge of the two registrations: the earlier one (theirs) kept, mine closed
    const [a, b] = [mine.seeker.id, theirs.seeker.id].sort();
    await t.db.duplicateCandidate.create({
      data: {
        seekerAId: a!,
        seekerBId: b!,
        reasons: ["SAME_PHONE"],
        status: "MERGED",
        keptSeekerId: theirs.seeker.id,
        decidedAt: new Date(),
        decisionNote: "staff note hunmerk",
      },
    });
    await t.db.seeker.update({ where: { id: mine.seeker.id }, data: { status: "MERGED" } });

    const r = await gql(app, EXPORT, {}, mine.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.viewerDataExport.__typename).toBe("ViewerDataExportSuccess");
    const data = r.data.viewerDataExport.data;
    const s = data.seeker;

    // saved searches: filters, frequency and the listings alerted
    expect(s.savedSearches).toEqual([
      expect.objectContaining({
        name: "Zoekopdracht mijnmerk",
        rentMaxCents: 70000,
        frequency: "IMMEDIATE",
        matches: [
          expect.objectContaining({
            listingId: listing.id,
            listing: { reference: listing.reference, title: listing.title },
          }),
        ],
      }),
    ]);
    // the document store: metadata, how to open the file, not the content
    expect(s.documents).toEqual([
      expect.objectContaining({
        kind: "INCOME_STATEMENT",
        title: "Inkomensverklaring mijnmerk",
        fileName: "ib-mijnmerk.pdf",
        mimeType: "application/pdf",
        sizeBytes: "%PDF-1.4 mijnmerk".length,
        validFrom: "2025-01-01T00:00:00.000Z",
        validUntil: "2025-12-31T00:00:00.000Z",
        contentIncluded: false,
        downloadPath: expect.stringMatching(/^\/mijn\/documenten\/.+\/bestand$/),
      }),
    ]);
    expect(s.documents[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.documents[0].uploadedAt).toBeTruthy();
    expect(JSON.stringify(s.documents)).not.toMatch(/ciphertext|authTag/);
    // authorisations given (with whom) and received (scopes and dates only)
    expect(s.authorisations).toEqual([
      expect.objectContaining({
        id: own.authorisationId,
        scopes: ["URGENCY_APPLICATION", "READ"],
        representative: { displayName: rep.user.displayName, email: rep.user.email },
      }),
    ]);
    expect(data.representing).toEqual([expect.objectContaining({ scopes: ["RESPOND"] })]);
    // what the representative did for this seeker, from the audit log
    expect(s.actsOnBehalf).toContainEqual(
      expect.objectContaining({
        action: "CREATE",
        entityType: "UrgencyApplication",
        entityId: own.applicationId,
        authorisationId: own.authorisationId,
        representative: { displayName: rep.user.displayName, email: rep.user.email },
      }),
    );
    expect(s.actsOnBehalf.every((x: any) => x.authorisationId === own.authorisationId)).toBe(true);
    // objections with their decision and documents as metadata
    expect(s.objections).toEqual([
      expect.objectContaining({
        kind: "OBJECTION",
        urgencyApplicationId: own.applicationId,
        reasons: "Bezwaar mijnmerk",
        status: "DECIDED",
        outcome: "UPHELD",
        decision: "Beslissing mijnmerk",
        documents: [expect.objectContaining({ fileName: "bezwaar-mijnmerk.pdf" })],
      }),
    ]);
    // the merge: the pair, that this registration was not the one kept, and where it went
    expect([...s.duplicatesAsA, ...s.duplicatesAsB]).toEqual([
      expect.objectContaining({ reasons: ["SAME_PHONE"], status: "MERGED", thisRegistrationKept: false }),
    ]);
    expect(s.mergedInto).toMatchObject({ registrationNumber: theirs.seeker.registrationNumber });

    // nothing of the other seeker, who has the same categories (nor the staff's note on the pair)
    const text = JSON.stringify(data);
    expect(text).toContain("mijnmerk");
    expect(text).not.toContain("hunmerk");
    for (const id of [
      theirs.seeker.id,
      theirs.user.id,
      foreign.authorisationId,
      foreign.applicationId,
      own.other.seeker.id,
    ])
      expect(text).not.toContain(id);
    expect(text).not.toContain(theirs.seeker.lastName);
    expect(text).not.toContain(own.other.seeker.lastName);

    // and the other seeker's export holds theirs, with this registration's merge as kept there
    const other = (await gql(app, EXPORT, {}, theirs.token)).data.viewerDataExport.data;
    expect(JSON.stringify(other)).toContain("hunmerk");
    expect(JSON.stringify(other)).not.toContain("mijnmerk");
    expect([...other.seeker.duplicatesAsA, ...other.seeker.duplicatesAsB]).toEqual([
      expect.objectContaining({ status: "MERGED", thisRegistrationKept: true }),
    ]);
    expect(other.seeker.mergedInto).toBeNull();
  });
});
