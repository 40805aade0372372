/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * The seeker's document store (mijn documenten, issue 15 item 4): a document is uploaded once and
 * attached to several applications; only its owner sees the store, every read is audited, the
 * assessor reads only the copy attached to an application, and retention removes it 12 months
 * after its validity ended unless an open application used it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { runJobsOnce } from "../src/jobs.ts";
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

const UPLOAD = `mutation($input: SeekerDocumentUploadInput!) { seekerDocumentUpload(input: $input) { __typename ... on SeekerDocumentUploadSuccess { seekerDocument { id kind title fileName sizeBytes validFrom validUntil specialCategory downloadPath } } ... on ValidationError { issues { field message } } ... on NotAuthorizedError { message } } }`;
const ATTACH = `mutation($id: ID!, $targetId: ID!) { seekerDocumentAttach(input: { id: $id, targetId: $targetId }) { __typename ... on SeekerDocumentAttachSuccess { seekerDocument { attachments { targetType targetId } } } ... on ValidationError { issues { field message } } ... on InvalidStateError { currentState } ... on NotFoundError { message } } }`;
const CONTENT = `query($id: ID!) { node(id: $id) { ... on SeekerDocument { title contentBase64 } } }`;
const SITUATION = "Ik zorg dagelijks voor mijn moeder, die twee straten verderop woont en hulp nodig heeft.";

/** `seekerDocumentUpload` over real HTTP with a GraphQL multipart body, as the portal sends it. */
async function upload(token: string, input: Record<string, unknown>, file: File) {
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const { port } = server.address() as AddressInfo;
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: UPLOAD, variables: { input: { ...input, file: null } } }));
    form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
    form.set("0", file);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "graphql-require-preflight": "1" },
      body: form,
    });
    return ((await res.json()) as any).data?.seekerDocumentUpload;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const pdf = (text: string, name = "verklaring.pdf") =>
  new File([new TextEncoder().encode(`%PDF-1.4\n${text}`)], name, { type: "application/pdf" });

async function stored(token: string, text: string, input: Record<string, unknown> = {}) {
  const r = await upload(
    token,
    { kind: "INCOME_STATEMENT", title: "Inkomensverklaring 2025", ...input },
    pdf(text),
  );
  expect(r.__typename).toBe("SeekerDocumentUploadSuccess");
  return r.seekerDocument as { id: string; [k: string]: unknown };
}

async function draft(token: string): Promise<string> {
  const r = await gql(
    app,
    `mutation($s: String!) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: $s }) { ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`,
    { s: SITUATION },
    token,
  );
  return r.data.urgencyApplicationCreate.urgencyApplication.id;
}

const attach = (token: string, id: string, targetId: string) =>
  gql(app, ATTACH, { id, targetId }, token).then((r) => r.data.seekerDocumentAttach);

describe("uploading to the store", () => {
  it("stores a document with its kind, validity and size, lists it and opens it for its owner (audited)", async () => {
    const s = await f.seeker();
    const doc = await stored(s.token, "inkomen 2025", { validFrom: "2025-01-01", validUntil: "2025-12-31" });
    expect(doc).toMatchObject({
      kind: "INCOME_STATEMENT",
      title: "Inkomensverklaring 2025",
      fileName: "verklaring.pdf",
      sizeBytes: new TextEncoder().encode("%PDF-1.4\ninkomen 2025").length,
      validFrom: "2025-01-01",
      validUntil: "2025-12-31",
      specialCategory: false,
    });
    expect(doc.downloadPath).toBe(`/mijn/documenten/${encodeURIComponent(doc.id)}/bestand`);
    const list = await gql(app, `{ viewer { documents { id title } } }`, {}, s.token);
    expect(list.data.viewer.documents).toEqual([{ id: doc.id, title: "Inkomensverklaring 2025" }]);
    // stored encrypted: the plaintext is nowhere in the row
    const row = await t.db.seekerDocument.findFirstOrThrow({ where: { seekerId: s.seeker.id } });
    expect(Buffer.from(row.ciphertext).toString("utf8")).not.toContain("inkomen 2025");
    const opened = await gql(app, CONTENT, { id: doc.id }, s.token);
    expect(Buffer.from(opened.data.node.contentBase64, "base64").toString()).toBe("%PDF-1.4\ninkomen 2025");
    const reads = await t.db.auditLog.findMany({
      where: { entityType: "SeekerDocument", entityId: row.id, action: "READ" },
    });
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actorUserId).toBe(s.user.id);
  });

  it("stores a file sent twice once, and refuses wrong types and reversed dates with typed errors", async () => {
    const s = await f.seeker();
    const a = await stored(s.token, "zelfde bestand");
    const b = await stored(s.token, "zelfde bestand");
    expect(b.id).toBe(a.id);
    expect(await t.db.seekerDocument.count({ where: { seekerId: s.seeker.id } })).toBe(1);
    const exe = new File([new TextEncoder().encode("MZ not a pdf")], "x.pdf", { type: "application/pdf" });
    const bad = await upload(s.token, { kind: "OTHER", title: "x" }, exe);
    expect(bad.__typename).toBe("ValidationError");
    const dates = await upload(
      s.token,
      { kind: "OTHER", title: "x", validFrom: "2025-06-01", validUntil: "2025-01-01" },
      pdf("datum"),
    );
    expect(dates.__typename).toBe("ValidationError");
    expect(dates.issues[0].field).toBe("validUntil");
    const anonymous = await upload("", { kind: "OTHER", title: "x" }, pdf("anoniem"));
    expect(anonymous.__typename).toBe("NotAuthorizedError");
  });
});

describe("reusing a stored document", () => {
  it("attaches one upload to two applications; the assessor reads the copy (audited) but never the store", async () => {
    const s = await f.seeker();
    const assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
    const doc = await stored(s.token, "mantelzorgverklaring", { kind: "OTHER", title: "Mantelzorg" });
    const [first, second] = [await draft(s.token), await draft(s.token)];
    for (const target of [first, second]) {
      const r = await attach(s.token, doc.id, target);
      expect(r.__typename).toBe("SeekerDocumentAttachSuccess");
    }
    // attaching again changes nothing
    const again = await attach(s.token, doc.id, first);
    expect(again.seekerDocument.attachments.map((a: any) => a.targetId).sort()).toEqual(
      [first, second].sort(),
    );
    const docsOf = async (id: string) =>
      (
        await gql(
          app,
          `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { documents { id fileName contentBase64 } } } }`,
          { id },
          s.token,
        )
      ).data.node.documents;
    for (const target of [first, second]) {
      const docs = await docsOf(target);
      expect(docs).toHaveLength(1);
      expect(Buffer.from(docs[0].contentBase64, "base64").toString()).toBe("%PDF-1.4\nmantelzorgverklaring");
    }

    // the assessor sees the copy once the application is submitted, audited as an urgency document
    await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`,
      { id: first },
      s.token,
    );
    const seen = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { documents { id contentBase64 } } } }`,
      { id: first },
      assessor.token,
    );
    const copy = seen.data.node.documents[0];
    expect(Buffer.from(copy.contentBase64, "base64").toString()).toBe("%PDF-1.4\nmantelzorgverklaring");
    expect(
      await t.db.auditLog.count({
        where: {
          entityType: "UrgencyDocument",
          entityId: copy.id,
          action: "READ",
          actorUserId: assessor.user.id,
        },
      }),
    ).toBe(1);
    // ... but not the store, nor the draft it was also attached to
    const direct = await gql(app, CONTENT, { id: doc.id }, assessor.token);
    expect(direct.data?.node?.contentBase64).toBeUndefined();
    const other = await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: second }, assessor.token);
    expect(other.data?.node ?? null).toBeNull();

    // removing it from the store leaves the copies with the applications
    const removed = await gql(
      app,
      `mutation($id: ID!) { seekerDocumentRemove(input: { id: $id }) { __typename ... on SeekerDocumentRemoveSuccess { removedId } } }`,
      { id: doc.id },
      s.token,
    );
    expect(removed.data.seekerDocumentRemove).toEqual({
      __typename: "SeekerDocumentRemoveSuccess",
      removedId: doc.id,
    });
    expect(await docsOf(second)).toHaveLength(1);
    const audited = await t.db.auditLog.findMany({
      where: { entityType: { in: ["SeekerDocument", "SeekerDocumentAttachment"] }, actorUserId: s.user.id },
      select: { action: true, entityType: true },
    });
    expect(audited.filter((a) => a.entityType === "SeekerDocumentAttachment")).toHaveLength(2);
    expect(audited.some((a) => a.action === "DELETE")).toBe(true);
  });

  it("attaches to a care indication, but never a medical statement to a vital-profession claim", async () => {
    const s = await f.seeker();
    const medical = await stored(s.token, "arts", { kind: "MEDICAL_STATEMENT", title: "Verklaring arts" });
    expect(medical.specialCategory).toBe(true);
    const care = await t.db.careIndication.create({ data: { seekerId: s.seeker.id, need: "WHEELCHAIR" } });
    const vital = await t.db.vitalProfessionClaim.create({
      data: {
        seekerId: s.seeker.id,
        profession: "verpleegkundige",
        workMunicipalityId: (await f.municipality()).municipality.id,
      },
    });
    const ok = await attach(s.token, medical.id, gid("CareIndication", care.id));
    expect(ok.__typename).toBe("SeekerDocumentAttachSuccess");
    expect(await t.db.careIndicationDocument.count({ where: { careIndicationId: care.id } })).toBe(1);
    const refused = await attach(s.token, medical.id, gid("VitalProfessionClaim", vital.id));
    expect(refused.__typename).toBe("ValidationError");
    expect(await t.db.vitalProfessionDocument.count({ where: { claimId: vital.id } })).toBe(0);
    const contract = await stored(s.token, "contract", { kind: "EMPLOYMENT_PROOF", title: "Contract" });
    expect((await attach(s.token, contract.id, gid("VitalProfessionClaim", vital.id))).__typename).toBe(
      "SeekerDocumentAttachSuccess",
    );
  });

  it("a care indication request or vital-profession claim takes stored documents as its documents (copies, audited)", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const contract = await stored(s.token, "arbeidscontract", {
      kind: "EMPLOYMENT_PROOF",
      title: "Contract",
    });
    const medical = await stored(s.token, "advies", { kind: "MEDICAL_STATEMENT", title: "Advies arts" });
    const theirs = await stored(other.token, "niet van u");
    const municipality = gid("Municipality", (await f.municipality()).municipality.id);
    const CLAIM = `mutation($i: VitalProfessionClaimCreateInput!) { vitalProfessionClaimCreate(input: $i) { __typename
      ... on VitalProfessionClaimCreateSuccess { vitalProfessionClaim { id documents { fileName } } }
      ... on ValidationError { issues { field message } } ... on Error { message } } }`;
    const claim = (ids: string[]) =>
      gql(
        app,
        CLAIM,
        { i: { profession: "verpleegkundige", workMunicipalityId: municipality, storedDocumentIds: ids } },
        s.token,
      ).then((r) => r.data.vitalProfessionClaimCreate);
    // no proof at all; a medical statement is no proof of a profession; another seeker's document
    expect((await claim([])).__typename).toBe("ValidationError");
    expect((await claim([medical.id])).__typename).toBe("ValidationError");
    expect((await claim([theirs.id])).__typename).toBe("NotFoundError");
    expect((await claim(["bm9wZQ=="])).__typename).toBe("ValidationError");
    expect(await t.db.vitalProfessionClaim.count({ where: { seekerId: s.seeker.id } })).toBe(0);
    // a stored contract alone is proof enough: copied into the claim, recorded and audited
    const ok = await claim([contract.id, contract.id]);
    expect(ok.__typename).toBe("VitalProfessionClaimCreateSuccess");
    expect(ok.vitalProfessionClaim.documents).toEqual([{ fileName: "verklaring.pdf" }]);
    const claimId = Buffer.from(ok.vitalProfessionClaim.id, "base64").toString().split(":")[1]!;
    const link = await t.db.seekerDocumentAttachment.findFirstOrThrow({
      where: { targetType: "VitalProfessionClaim", targetId: claimId },
    });
    const copy = await t.db.vitalProfessionDocument.findUniqueOrThrow({ where: { id: link.copyId } });
    expect(copy.claimId).toBe(claimId);
    expect(
      await t.db.auditLog.count({
        where: {
          action: "CREATE",
          entityType: "SeekerDocumentAttachment",
          detail: { path: ["targetId"], equals: claimId },
        },
      }),
    ).toBe(1);
    // a care indication request with an upload and a stored medical statement holds both
    const form = new FormData();
    const REQUEST = `mutation($i: CareIndicationRequestInput!) { careIndicationRequest(input: $i) { __typename
      ... on CareIndicationRequestSuccess { careIndication { id documents { fileName } } } ... on Error { message } } }`;
    form.set(
      "operations",
      JSON.stringify({
        query: REQUEST,
        variables: { i: { need: "WHEELCHAIR", documents: [null], storedDocumentIds: [medical.id] } },
      }),
    );
    form.set("map", JSON.stringify({ 0: ["variables.i.documents.0"] }));
    form.set("0", pdf("nieuw", "wmo-besluit.pdf"));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.token}`, "graphql-require-preflight": "1" },
        body: form,
      });
      const care = ((await res.json()) as any).data.careIndicationRequest;
      expect(care.__typename).toBe("CareIndicationRequestSuccess");
      expect(care.careIndication.documents.map((d: any) => d.fileName).sort()).toEqual([
        "verklaring.pdf",
        "wmo-besluit.pdf",
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const attachments = await t.db.seekerDocumentAttachment.findMany({
      where: { seekerDocumentId: Buffer.from(medical.id, "base64").toString().split(":")[1]! },
    });
    expect(attachments.map((a) => a.targetType)).toEqual(["CareIndication"]);
  });

  it("refuses a submitted application, and another seeker's document or application", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const doc = await stored(s.token, "eigen");
    const target = await draft(s.token);
    await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`,
      { id: target },
      s.token,
    );
    expect(await attach(s.token, doc.id, target)).toEqual({
      __typename: "InvalidStateError",
      currentState: "SUBMITTED",
    });
    const theirs = await draft(other.token);
    expect((await attach(s.token, doc.id, theirs)).__typename).toBe("NotFoundError");
    expect((await attach(other.token, doc.id, theirs)).__typename).toBe("NotFoundError");
    expect((await attach(s.token, doc.id, "bm9wZQ==")).__typename).toBe("ValidationError");
    expect(await t.db.urgencyDocument.count({ where: { application: { seekerId: other.seeker.id } } })).toBe(
      0,
    );
  });
});

describe("who sees the store", () => {
  it("another seeker, landlord staff and anonymous callers see nothing and cannot remove it", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const landlord = await f.staff("LANDLORD_STAFF", (await f.organisation()).id);
    const doc = await stored(s.token, "geheim");
    for (const token of [other.token, landlord.token, undefined]) {
      const r = await gql(app, CONTENT, { id: doc.id }, token);
      expect(r.data?.node?.contentBase64).toBeUndefined();
      expect(JSON.stringify(r)).not.toContain("Inkomensverklaring");
    }
    const theirList = await gql(app, `{ viewer { documents { id } } }`, {}, other.token);
    expect(theirList.data.viewer.documents).toEqual([]);
    const removal = await gql(
      app,
      `mutation($id: ID!) { seekerDocumentRemove(input: { id: $id }) { __typename } }`,
      { id: doc.id },
      other.token,
    );
    expect(removal.data.seekerDocumentRemove.__typename).toBe("NotFoundError");
    expect(await t.db.seekerDocument.count({ where: { seekerId: s.seeker.id } })).toBe(1);
    const foreignReads = await t.db.auditLog.count({
      where: {
        entityType: "SeekerDocument",
        action: "READ",
        actorUserId: { in: [other.user.id, landlord.user.id] },
      },
    });
    expect(foreignReads).toBe(0);
  });
});

describe("retention", () => {
  it("deletes a document 12 months after its validity ended, unless an open application used it (audited)", async () => {
    const s = await f.seeker();
    const old = await stored(s.token, "oud", { validFrom: "2024-01-01", validUntil: "2024-12-31" });
    const usedOpen = await stored(s.token, "in gebruik", { validUntil: "2024-12-31" });
    const recent = await stored(s.token, "recent", { validUntil: "2025-12-31" });
    const noEnd = await stored(s.token, "geen einde");
    await attach(s.token, usedOpen.id, await draft(s.token));
    const report = await runJobsOnce(t.db, new Date("2026-03-01T10:00:00Z"));
    expect(report.seekerDocumentsDeleted).toBe(1);
    const left = (await gql(app, `{ viewer { documents { id } } }`, {}, s.token)).data.viewer.documents.map(
      (d: any) => d.id,
    );
    expect(left.sort()).toEqual([usedOpen.id, recent.id, noEnd.id].sort());
    expect(left).not.toContain(old.id);
    const deletion = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "SeekerDocument", action: "DELETE", actorRole: "SYSTEM" },
    });
    expect(deletion.detail).toMatchObject({
      reason: "retention",
      retentionMonths: 12,
      validUntil: "2024-12-31",
    });
  });
});
