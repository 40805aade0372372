/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * API additions for the staff workspace (issue 12): the assessor's request for more information,
 * the queue's category filter and total, and the audit log the assessors' supervisor
 * (administrator) reads, with its filters.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { documentKeyFromEnv, encryptDocument } from "../src/documents.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let assessor: { user: { id: string; email: string }; token: string };
let admin: { token: string };
let seeker: { token: string; seeker: { id: string } };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  assessor = await f.staff("ASSESSOR", (await f.organisation("ASSESSING_BODY")).id);
  admin = await f.staff("ADMINISTRATOR", (await f.organisation("PLATFORM")).id);
  seeker = await f.seeker();
});
afterAll(async () => t?.drop());

async function application(category = "CHRONIC_MEDICAL", status = "SUBMITTED") {
  const a = await t.db.urgencyApplication.create({
    data: {
      seekerId: seeker.seeker.id,
      category: category as never,
      situation: "Trap lukt niet meer",
      status: status as never,
      submittedAt: new Date(Date.now() - 5 * 86400000),
    },
  });
  const docId = randomUUID();
  const enc = encryptDocument(documentKeyFromEnv(), new TextEncoder().encode("%PDF-1.4 arts"), docId);
  await t.db.urgencyDocument.create({
    data: {
      id: docId,
      applicationId: a.id,
      fileName: "arts.pdf",
      mimeType: "application/pdf",
      sizeBytes: 13,
      ...enc,
    },
  });
  return { id: a.id, gid: gid("UrgencyApplication", a.id), docId };
}

const ASK = `mutation($i: UrgencyApplicationInformationRequestInput!) { urgencyApplicationInformationRequest(input: $i) {
  __typename ... on Error { code message } ... on ValidationError { issues { field } }
  ... on UrgencyApplicationInformationRequestSuccess { urgencyApplication { status informationRequest informationRequestedAt reviewStartedAt } } } }`;

describe("urgencyApplicationInformationRequest", () => {
  it("moves a submitted application into review with the question the seeker then reads", async () => {
    const a = await application();
    const r = await gql(
      app,
      ASK,
      { i: { id: a.gid, message: "Stuur de verklaring van uw huisarts." } },
      assessor.token,
    );
    expect(r.errors).toBeUndefined();
    const u = r.data.urgencyApplicationInformationRequest.urgencyApplication;
    expect(u.status).toBe("IN_REVIEW");
    expect(u.informationRequest).toBe("Stuur de verklaring van uw huisarts.");
    expect(u.reviewStartedAt).toBeTruthy();
    const own = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { informationRequest informationRequestedAt } } }`,
      { id: a.gid },
      seeker.token,
    );
    expect(own.data.node.informationRequest).toBe("Stuur de verklaring van uw huisarts.");
    expect(own.data.node.informationRequestedAt).toBeTruthy();
  });

  it("answers typed errors: too short, decided, unknown, not an assessor", async () => {
    const a = await application();
    const short = await gql(app, ASK, { i: { id: a.gid, message: "?" } }, assessor.token);
    expect(short.data.urgencyApplicationInformationRequest.__typename).toBe("ValidationError");
    const decided = await application("CHRONIC_MEDICAL", "WITHDRAWN");
    const late = await gql(app, ASK, { i: { id: decided.gid, message: "Nog een vraag." } }, assessor.token);
    expect(late.data.urgencyApplicationInformationRequest.__typename).toBe("InvalidStateError");
    const unknown = await gql(
      app,
      ASK,
      { i: { id: gid("UrgencyApplication", randomUUID()), message: "Nog een vraag." } },
      assessor.token,
    );
    expect(unknown.data.urgencyApplicationInformationRequest.__typename).toBe("NotFoundError");
    const bySeeker = await gql(app, ASK, { i: { id: a.gid, message: "Nog een vraag." } }, seeker.token);
    expect(bySeeker.data?.urgencyApplicationInformationRequest?.__typename ?? "NotAuthorizedError").toBe(
      "NotAuthorizedError",
    );
    const still = await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: a.id } });
    expect(still.informationRequest).toBeNull();
  });
});

describe("urgencyApplicationQueue", () => {
  it("filters by category and counts the filtered queue", async () => {
    const housing = await application("LEAVING_DETENTION");
    const q = `query($c: [UrgencyCategory!]) { urgencyApplicationQueue(first: 50, categories: $c) { totalCount edges { node { id category } } } }`;
    const r = await gql(app, q, { c: ["LEAVING_DETENTION"] }, assessor.token);
    expect(r.errors).toBeUndefined();
    const nodes = r.data.urgencyApplicationQueue.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id)).toEqual([housing.gid]);
    expect(r.data.urgencyApplicationQueue.totalCount).toBe(1);
  });
});

describe("auditEvents", () => {
  const Q = `query($f: AuditEventFilter) { auditEvents(first: 20, filter: $f) { totalCount edges { node { sequence at actorRole actorEmail action entityType entityId detail } } } }`;

  it("shows the supervisor every document an assessor opened, newest first", async () => {
    const a = await application();
    const opened = await gql(
      app,
      `query($id: ID!, $d: String!) { node(id: $id) { ... on UrgencyApplication { document(id: $d) { fileName contentBase64 } } } }`,
      { id: a.gid, d: a.docId },
      assessor.token,
    );
    expect(Buffer.from(opened.data.node.document.contentBase64, "base64").toString()).toBe("%PDF-1.4 arts");
    const r = await gql(
      app,
      Q,
      { f: { actorRole: "ASSESSOR", entityType: "UrgencyDocument", entityId: a.docId } },
      admin.token,
    );
    expect(r.errors).toBeUndefined();
    const events = r.data.auditEvents.edges.map((e: any) => e.node);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorEmail: assessor.user.email,
      action: "READ",
      entityType: "UrgencyDocument",
      detail: { applicationId: a.id },
    });
    const byEmail = await gql(
      app,
      Q,
      { f: { actorEmail: assessor.user.email.toUpperCase(), action: "READ" } },
      admin.token,
    );
    const seqs = byEmail.data.auditEvents.edges.map((e: any) => Number(e.node.sequence));
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
    const future = await gql(
      app,
      Q,
      { f: { from: new Date(Date.now() + 3600_000).toISOString() } },
      admin.token,
    );
    expect(future.data.auditEvents.totalCount).toBe(0);
  });

  it("is for administrators only and rejects a malformed filter with a typed error", async () => {
    const r = await gql(app, Q, {}, assessor.token);
    expect(r.data?.auditEvents ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");
    const bad = await gql(app, Q, { f: { entityId: "nope" } }, admin.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });
});
