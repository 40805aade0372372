/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Urgency documents as a seeker handles them in the portal (seeker portal issue, item 2): a step
 * sent twice (back, then next again; or a double click without JavaScript) stores each file once;
 * a document can be removed; what is stored is listed with its real size.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
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

const SITUATION = "Ik zorg dagelijks voor mijn moeder, die twee straten verderop woont en hulp nodig heeft.";
const UPDATE = `mutation($input: UrgencyApplicationUpdateInput!) { urgencyApplicationUpdate(input: $input) { __typename ... on UrgencyApplicationUpdateSuccess { urgencyApplication { documents { id fileName sizeBytes } } } ... on ValidationError { issues { field message } } } }`;

/**
 * Send a mutation with files over real HTTP (GraphQL multipart, as the portal does): the files go
 * to `variables.input.<field>`.
 */
async function sendWithFiles(
  token: string,
  query: string,
  input: Record<string, unknown>,
  field: string,
  files: File[],
) {
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const { port } = server.address() as AddressInfo;
    const form = new FormData();
    form.set(
      "operations",
      JSON.stringify({ query, variables: { input: { ...input, [field]: files.map(() => null) } } }),
    );
    form.set(
      "map",
      JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.input.${field}.${i}`]]))),
    );
    files.forEach((file, i) => form.set(String(i), file));
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
      body: form,
    });
    return (await res.json()) as any;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/** `urgencyApplicationUpdate` adding `files`. */
const updateWithFiles = (token: string, id: string, files: File[]) =>
  sendWithFiles(token, UPDATE, { id }, "addDocuments", files);

const pdf = (text: string, name: string) =>
  new File([new TextEncoder().encode(`%PDF-1.4\n${text}`)], name, { type: "application/pdf" });

async function draft(token: string): Promise<string> {
  const r = await gql(
    app,
    `mutation($s: String!) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: $s }) { __typename ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`,
    { s: SITUATION },
    token,
  );
  expect(r.data.urgencyApplicationCreate.__typename).toBe("UrgencyApplicationCreateSuccess");
  return r.data.urgencyApplicationCreate.urgencyApplication.id;
}

describe("urgency documents", () => {
  it("stores a file once when the same step is sent again, and only new files count", async () => {
    const s = await f.seeker();
    const id = await draft(s.token);
    const first = await updateWithFiles(s.token, id, [pdf("verklaring huisarts", "huisarts.pdf")]);
    expect(first.data.urgencyApplicationUpdate.__typename).toBe("UrgencyApplicationUpdateSuccess");
    // The same file again (the step re-sent), plus a new one and a duplicate within the request.
    const again = await updateWithFiles(s.token, id, [
      pdf("verklaring huisarts", "huisarts.pdf"),
      pdf("indicatie wijkteam", "wijkteam.pdf"),
      pdf("indicatie wijkteam", "wijkteam (1).pdf"),
    ]);
    const docs = again.data.urgencyApplicationUpdate.urgencyApplication.documents;
    expect(docs.map((d: any) => d.fileName).sort()).toEqual(["huisarts.pdf", "wijkteam.pdf"]);
    // Sizes are the real byte counts (a 28-byte file is not "0 kB").
    expect(docs.find((d: any) => d.fileName === "huisarts.pdf").sizeBytes).toBe(
      new TextEncoder().encode("%PDF-1.4\nverklaring huisarts").byteLength,
    );
    const rowId = Buffer.from(id, "base64").toString("utf8").split(":")[1];
    expect(await t.db.urgencyDocument.count({ where: { applicationId: rowId } })).toBe(2);
  });

  it("removes a document by its id, and the same file can then be added again", async () => {
    const s = await f.seeker();
    const id = await draft(s.token);
    const up = await updateWithFiles(s.token, id, [pdf("loonstrook", "loonstrook.pdf")]);
    const [doc] = up.data.urgencyApplicationUpdate.urgencyApplication.documents;
    const removed = await gql(app, UPDATE, { input: { id, removeDocumentIds: [doc.id] } }, s.token);
    expect(removed.data.urgencyApplicationUpdate.urgencyApplication.documents).toEqual([]);
    const readded = await updateWithFiles(s.token, id, [pdf("loonstrook", "loonstrook.pdf")]);
    expect(
      readded.data.urgencyApplicationUpdate.urgencyApplication.documents.map((d: any) => d.fileName),
    ).toEqual(["loonstrook.pdf"]);
  });

  it("opens one document for its applicant, and for nobody else", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const id = await draft(s.token);
    const up = await updateWithFiles(s.token, id, [pdf("huurcontract", "huurcontract.pdf")]);
    const [doc] = up.data.urgencyApplicationUpdate.urgencyApplication.documents;
    const OPEN = `query($id: ID!, $doc: String!) { node(id: $id) { ... on UrgencyApplication { document(id: $doc) { fileName mimeType contentBase64 } } } }`;
    const mine = await gql(app, OPEN, { id, doc: doc.id }, s.token);
    expect(mine.data.node.document).toEqual({
      fileName: "huurcontract.pdf",
      mimeType: "application/pdf",
      contentBase64: Buffer.from("%PDF-1.4\nhuurcontract").toString("base64"),
    });
    expect((await gql(app, OPEN, { id, doc: "not-a-uuid" }, s.token)).data.node.document).toBeNull();
    const theirs = await gql(app, OPEN, { id, doc: doc.id }, other.token);
    expect(theirs.data?.node?.document ?? null).toBeNull();
    expect(theirs.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_AUTHORIZED"]);
  });
});

const PROVIDE = `mutation($input: UrgencyApplicationInformationProvideInput!) { urgencyApplicationInformationProvide(input: $input) {
  __typename ... on Error { code message } ... on ValidationError { issues { field message } }
  ... on UrgencyApplicationInformationProvideSuccess { urgencyApplication { status informationReply informationRepliedAt documents { fileName } } } } }`;

/** `urgencyApplicationInformationProvide` with `files`. */
const provideWithFiles = (token: string, id: string, message: string, files: File[]) =>
  sendWithFiles(token, PROVIDE, { id, message }, "documents", files);

describe("answering a request for more information", () => {
  it("the seeker answers the assessor's open request with a message and a document; the assessor reads both; once per request", async () => {
    const s = await f.seeker();
    const assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
    const id = await draft(s.token);
    const submit = `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`;
    expect((await gql(app, submit, { id }, s.token)).data.urgencyApplicationSubmit.__typename).toBe(
      "UrgencyApplicationSubmitSuccess",
    );
    // Before any request there is nothing to answer.
    const early = await provideWithFiles(s.token, id, "Hierbij de verklaring.", []);
    expect(early.data.urgencyApplicationInformationProvide.__typename).toBe("InvalidStateError");

    const ask = `mutation($id: ID!) { urgencyApplicationInformationRequest(input: { id: $id, message: "Stuur de verklaring van uw huisarts." }) { __typename } }`;
    expect(
      (await gql(app, ask, { id }, assessor.token)).data.urgencyApplicationInformationRequest.__typename,
    ).toBe("UrgencyApplicationInformationRequestSuccess");
    // Too short: a typed error naming the field, nothing stored.
    const short = await provideWithFiles(s.token, id, "Ok", []);
    expect(short.data.urgencyApplicationInformationProvide.issues[0].field).toBe("message");
    // Another seeker cannot answer it.
    const other = await f.seeker();
    const foreign = await provideWithFiles(other.token, id, "Hierbij de verklaring.", []);
    expect(foreign.data.urgencyApplicationInformationProvide.__typename).toBe("NotFoundError");

    const r = await provideWithFiles(s.token, id, "Hierbij de verklaring van mijn huisarts.", [
      pdf("verklaring huisarts", "huisarts.pdf"),
    ]);
    expect(r.errors).toBeUndefined();
    expect(r.data.urgencyApplicationInformationProvide.urgencyApplication).toMatchObject({
      status: "IN_REVIEW",
      informationReply: "Hierbij de verklaring van mijn huisarts.",
      documents: [{ fileName: "huisarts.pdf" }],
    });
    // The assessor sees the answer and the document with the application.
    const seen = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { informationReply informationRepliedAt documents { fileName } } } }`,
      { id },
      assessor.token,
    );
    expect(seen.data.node.informationReply).toBe("Hierbij de verklaring van mijn huisarts.");
    expect(seen.data.node.documents.map((d: any) => d.fileName)).toEqual(["huisarts.pdf"]);
    // Answered: a second answer waits for a new request.
    const again = await provideWithFiles(s.token, id, "Nog een aanvulling.", []);
    expect(again.data.urgencyApplicationInformationProvide.__typename).toBe("InvalidStateError");
    const audited = await t.db.auditLog.count({
      where: {
        entityId: (await t.db.urgencyApplication.findFirstOrThrow({ where: { seekerId: s.seeker.id } })).id,
      },
    });
    expect(audited).toBeGreaterThanOrEqual(3);
  });
});
