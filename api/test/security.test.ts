/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Security review regressions: each test pins a defect found in the review (see the report) or a
 * property checked and found sound that had no test yet.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp, MAX_MULTIPART_BODY_BYTES, trustProxyFromEnv } from "../src/server.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { authenticate } from "../src/auth/context.ts";
import { decryptDocument, documentKeyFromEnv, encryptDocument } from "../src/documents.ts";
import {
  loginAttemptsPerIp,
  loginFailures,
  passwordConfirmFailures,
  resetRequests,
  resetRequestsPerEmail,
} from "../src/auth/rate-limit.ts";
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
beforeEach(async () => {
  await loginFailures.clear();
  await loginAttemptsPerIp.clear();
  await resetRequests.clear();
  await resetRequestsPerEmail.clear();
  await passwordConfirmFailures.clear();
});

const SIGN_IN = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename } }`;

async function signIn(target: App, email: string, password: string, headers: Record<string, string>) {
  const res = await target.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: SIGN_IN, variables: { e: email, p: password } }),
  });
  return ((await res.json()) as any).data?.sessionCreate?.__typename as string;
}

describe("client IP for rate limiting", () => {
  it("ignores a client-supplied X-Real-IP when no proxy is trusted (rate limit not bypassable)", async () => {
    const s = await f.seeker();
    const results: string[] = [];
    for (let i = 0; i < 12; i++)
      results.push(await signIn(app, s.user.email, "wrong password!!", { "x-real-ip": `10.0.0.${i}` }));
    expect(results.at(-1)).toBe("RateLimitedError");
  });

  it("under the default `pnpm start` setup a local caller rotating X-Forwarded-For is still rate limited", async () => {
    // pnpm start: API on 127.0.0.1 with the portal's secret; TRUST_PROXY=loopback (the former
    // default) must not make every local process a trusted proxy.
    const local = createApp({
      db: t.db,
      logErrors: false,
      trustProxy: trustProxyFromEnv("loopback"),
      proxySecret: "p".repeat(43),
    });
    const { createServer } = await import("node:http");
    const server = createServer(local);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const s = await f.seeker();
    const results: string[] = [];
    try {
      const port = (server.address() as { port: number }).port;
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.1.0.${i}` },
          body: JSON.stringify({ query: SIGN_IN, variables: { e: s.user.email, p: "wrong password!!" } }),
        });
        results.push(((await res.json()) as any).data.sessionCreate.__typename);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(results.at(-1)).toBe("RateLimitedError");
  });

  it("the portal's secret lets it forward the browser address; rotating it without the secret does not help", async () => {
    const SECRET = "q".repeat(43);
    const local = createApp({ db: t.db, logErrors: false, proxySecret: SECRET });
    const s = await f.seeker();
    const viaPortal: string[] = [];
    for (let i = 0; i < 12; i++)
      viaPortal.push(
        await signIn(local, s.user.email, "wrong password!!", {
          "x-woonbeurt-proxy-secret": SECRET,
          "x-woonbeurt-client-ip": `198.51.100.${i}`,
        }),
      );
    // twelve different browsers, each with one failure: none is limited by the others' failures
    expect(viaPortal.filter((r) => r === "RateLimitedError")).toHaveLength(0);
    await loginFailures.clear();
    await loginAttemptsPerIp.clear();
    const forged: string[] = [];
    for (let i = 0; i < 12; i++)
      forged.push(
        await signIn(local, s.user.email, "wrong password!!", {
          "x-woonbeurt-proxy-secret": "r".repeat(43),
          "x-woonbeurt-client-ip": `198.51.100.${i}`,
        }),
      );
    expect(forged.at(-1)).toBe("RateLimitedError");
  });

  it("behind a trusted proxy uses the hop the proxy appended, not a client-supplied first hop", async () => {
    const proxied = createApp({ db: t.db, logErrors: false, trustProxy: true });
    const s = await f.seeker();
    const results: string[] = [];
    for (let i = 0; i < 12; i++)
      results.push(
        await signIn(proxied, s.user.email, "wrong password!!", {
          "x-forwarded-for": `10.0.0.${i}, 203.0.113.7`,
        }),
      );
    expect(results.at(-1)).toBe("RateLimitedError");
  });
});

it("over real HTTP, the audit log records the TCP peer address", async () => {
  const { createServer } = await import("node:http");
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const port = (server.address() as { port: number }).port;
    const email = `nobody-${Date.now()}@example.org`;
    await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-real-ip": "6.6.6.6" },
      body: JSON.stringify({ query: SIGN_IN, variables: { e: email, p: "wrong password!!" } }),
    });
    const row = await t.db.auditLog.findFirstOrThrow({
      where: { action: "SIGN_IN_FAILED", entityId: email },
    });
    expect(row.ip).toMatch(/127\.0\.0\.1/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

describe("password reset request", () => {
  it("is limited per address whatever the client IP (no mail bombing)", async () => {
    const proxied = createApp({ db: t.db, logErrors: false, trustProxy: true });
    const s = await f.seeker();
    const q = `mutation($e: String!) { passwordResetRequest(input: { email: $e }) { __typename } }`;
    const out: string[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await proxied.fetch("http://test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i}` },
        body: JSON.stringify({ query: q, variables: { e: s.user.email } }),
      });
      out.push(((await res.json()) as any).data.passwordResetRequest.__typename);
    }
    expect(out).toContain("RateLimitedError");
    expect(await t.db.passwordResetToken.count({ where: { userId: s.user.id } })).toBeLessThanOrEqual(10);
  });
});

describe("object visibility through node(id:)", () => {
  it("an unpublished letting is visible to its own landlord only, not to every landlord", async () => {
    const org = await f.organisation();
    const other = await f.organisation();
    const own = await f.staff("LANDLORD_STAFF", org.id);
    const foreign = await f.staff("LANDLORD_STAFF", other.id);
    const s = await f.seeker();
    const listing = await f.listing(org.id, { status: "LET" });
    const letting = await t.db.letting.create({
      data: {
        listingId: listing.id,
        dwellingId: listing.dwellingId,
        seekerId: s.seeker.id,
        letAt: new Date(),
        registrationYearsUsed: 7.5,
        seekerWasMover: false,
        decidedBy: "REGISTRATION_YEARS",
        allocationModel: "AANBOD",
        responseCount: 3,
        netRentCents: 55000,
        householdSize: 1,
        householdIncomeCents: 2345600,
      },
    });
    const q = `query($id: ID!) { node(id: $id) { ... on Letting { registrationYears } } }`;
    const id = gid("Letting", letting.id);
    expect((await gql(app, q, { id }, own.token)).data?.node?.registrationYears).toBe(7.5);
    expect((await gql(app, q, { id }, foreign.token)).data?.node?.registrationYears ?? null).toBeNull();
    expect((await gql(app, q, { id })).data?.node?.registrationYears ?? null).toBeNull();
  });

  it("StaffAccount never resolves a seeker's account (admins do not see seekers' emails)", async () => {
    const platform = await f.organisation("PLATFORM");
    const admin = await f.staff("ADMINISTRATOR", platform.id);
    const s = await f.seeker();
    const r = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on StaffAccount { email } } }`,
      { id: gid("StaffAccount", s.user.id) },
      admin.token,
    );
    expect(r.data?.node?.email ?? null).toBeNull();
  });

  it("an offer is not readable with a personal access token lacking SEEKER_READ", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const listing = await f.listing(org.id, { status: "OFFERING" });
    const response = await t.db.response.create({ data: { listingId: listing.id, seekerId: s.seeker.id } });
    const offer = await t.db.offer.create({
      data: {
        listingId: listing.id,
        responseId: response.id,
        seekerId: s.seeker.id,
        position: 1,
        respondBy: new Date(Date.now() + 86400000),
      },
    });
    await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "urgency app",
        tokenHash: hashToken("wbt_pat_urgencyonly"),
        prefix: "wbt_pat_urge",
        scopes: ["URGENCY_READ"],
      },
    });
    const q = `query($id: ID!) { node(id: $id) { ... on Offer { position } } }`;
    const id = gid("Offer", offer.id);
    expect((await gql(app, q, { id }, s.token)).data?.node?.position).toBe(1);
    expect((await gql(app, q, { id }, "wbt_pat_urgencyonly")).data?.node?.position ?? null).toBeNull();
  });
});

describe("urgency applications", () => {
  it("assessors cannot read a seeker's unsubmitted DRAFT (not by node, not by the queue), and nothing is audited", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const s = await f.seeker();
    const draft = await t.db.urgencyApplication.create({
      data: { seekerId: s.seeker.id, category: "CHRONIC_MEDICAL", situation: "Nog niet ingediend concept" },
    });
    const byNode = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation } } }`,
      { id: gid("UrgencyApplication", draft.id) },
      assessor.token,
    );
    expect(byNode.data?.node?.situation ?? null).toBeNull();
    const queue = await gql(
      app,
      `{ urgencyApplicationQueue(first: 50, statuses: [DRAFT]) { edges { node { situation } } } }`,
      {},
      assessor.token,
    );
    expect(JSON.stringify(queue.data ?? null)).not.toMatch(/Nog niet ingediend/);
    // the seeker still reads their own draft
    const own = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation } } }`,
      { id: gid("UrgencyApplication", draft.id) },
      s.token,
    );
    expect(own.data?.node?.situation).toBe("Nog niet ingediend concept");
    expect(
      await t.db.auditLog.count({
        where: { entityType: "UrgencyApplication", entityId: draft.id, action: "READ" },
      }),
    ).toBe(0);
  });

  it("a draft withdrawn without ever being submitted stays the seeker's alone: no assessor reads its text or document", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const s = await f.seeker();
    const pdf = new TextEncoder().encode("%PDF-1.4\nmedische verklaring\n%%EOF");
    const created = await upload(s.token, [{ data: pdf, type: "application/pdf", name: "arts.pdf" }]);
    expect(created.status).toBe(200);
    const app0 = await t.db.urgencyApplication.findFirstOrThrow({
      where: { seekerId: s.seeker.id },
      include: { documents: true },
    });
    const withdrawn = await gql(
      app,
      `mutation($id: ID!) { urgencyApplicationWithdraw(input: { id: $id }) { __typename } }`,
      { id: gid("UrgencyApplication", app0.id) },
      s.token,
    );
    expect(withdrawn.data?.urgencyApplicationWithdraw?.__typename).toBe("UrgencyApplicationWithdrawSuccess");
    expect((await t.db.urgencyApplication.findUniqueOrThrow({ where: { id: app0.id } })).status).toBe(
      "WITHDRAWN",
    );
    const byNode = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation documents { contentBase64 } } } }`,
      { id: gid("UrgencyApplication", app0.id) },
      assessor.token,
    );
    expect(byNode.data?.node ?? null).toBeNull();
    const queue = await gql(
      app,
      `{ urgencyApplicationQueue(first: 50, statuses: [WITHDRAWN, SUBMITTED, IN_REVIEW]) { edges { node { id situation documents { fileName contentBase64 } } } } }`,
      {},
      assessor.token,
    );
    expect(queue.errors ?? []).toEqual([]);
    expect(queue.data.urgencyApplicationQueue.edges.map((e: any) => e.node.id)).not.toContain(
      gid("UrgencyApplication", app0.id),
    );
    expect(
      await t.db.auditLog.count({
        where: { entityId: { in: [app0.id, ...app0.documents.map((d) => d.id)] }, action: "READ" },
      }),
    ).toBe(0);
    // The seeker still reads it, document included.
    const own = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { status documents { contentBase64 } } } }`,
      { id: gid("UrgencyApplication", app0.id) },
      s.token,
    );
    expect(own.data?.node?.status).toBe("WITHDRAWN");
    expect(Buffer.from(own.data.node.documents[0].contentBase64, "base64").toString()).toContain(
      "medische verklaring",
    );
  });

  it("an application withdrawn after submission stays visible to assessors (it was theirs to assess)", async () => {
    const body = await f.organisation("ASSESSING_BODY");
    const assessor = await f.staff("ASSESSOR", body.id);
    const s = await f.seeker();
    const a = await t.db.urgencyApplication.create({
      data: {
        seekerId: s.seeker.id,
        category: "CHRONIC_MEDICAL",
        situation: "Ingediend en daarna ingetrokken",
        status: "WITHDRAWN",
        submittedAt: new Date(Date.now() - 86_400_000),
        withdrawnAt: new Date(),
      },
    });
    const byNode = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation } } }`,
      { id: gid("UrgencyApplication", a.id) },
      assessor.token,
    );
    expect(byNode.data?.node?.situation).toBe("Ingediend en daarna ingetrokken");
  });

  async function upload(token: string, files: { data: Uint8Array; type: string; name: string }[]) {
    const create = `mutation($docs: [Upload!]) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: "x", documents: $docs }) { __typename ... on UrgencyApplicationCreateSuccess { urgencyApplication { documents { fileName } } } ... on Error { message } } }`;
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: create, variables: { docs: files.map(() => null) } }));
    form.set(
      "map",
      JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.docs.${i}`]]))),
    );
    files.forEach((v, i) => form.set(String(i), new File([v.data as BlobPart], v.name, { type: v.type })));
    const res = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it("sanitises uploaded file names (no paths, control or bidi characters)", async () => {
    const s = await f.seeker();
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF");
    const r = await upload(s.token, [
      { data: pdf, type: "application/pdf", name: "..\\..\\etc/pass\u202Ewd\r\nX-Evil: 1\u0000.pdf" },
    ]);
    const name = r.body.data.urgencyApplicationCreate.urgencyApplication.documents[0].fileName as string;
    expect(name).not.toMatch(/[/\\\p{Cc}\p{Cf}]/u);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("rejects an upload body over the multipart limit even without Content-Length", async () => {
    const s = await f.seeker();
    const big = new Uint8Array(MAX_MULTIPART_BODY_BYTES + 1024);
    big.set(new TextEncoder().encode("%PDF-1.4\n"));
    const before = await t.db.urgencyApplication.count({ where: { seekerId: s.seeker.id } });
    const r = await upload(s.token, [{ data: big, type: "application/pdf", name: "big.pdf" }]);
    expect(r.status).toBe(413);
    expect(r.body.data?.urgencyApplicationCreate ?? null).toBeNull();
    expect(await t.db.urgencyApplication.count({ where: { seekerId: s.seeker.id } })).toBe(before);
  });
});

describe("request size", () => {
  it("caps a JSON body sent without Content-Length (chunked)", async () => {
    const huge = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const bytes = new TextEncoder().encode(huge);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const res = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("still accepts a small chunked body", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: "{ __typename }" }));
    const res = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(c) {
          c.enqueue(bytes);
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(((await res.json()) as any).data).toEqual({ __typename: "Query" });
  });
});

describe("personal access tokens", () => {
  it("lastUsedAt is written at most once per minute even under a burst of parallel requests", async () => {
    const s = await f.seeker();
    const row = await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "burst",
        tokenHash: hashToken("wbt_pat_burst"),
        prefix: "wbt_pat_burs",
        scopes: ["SEEKER_READ"],
      },
    });
    const now = new Date();
    const first = await Promise.all(
      Array.from({ length: 20 }, () => authenticate("Bearer wbt_pat_burst", now)),
    );
    expect(first.every((v) => v?.tokenId === row.id)).toBe(true);
    const stamped = await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stamped.lastUsedAt?.getTime()).toBe(now.getTime());
    // a burst inside the same minute leaves the stamp untouched
    const later = new Date(now.getTime() + 30_000);
    await Promise.all(Array.from({ length: 20 }, () => authenticate("Bearer wbt_pat_burst", later)));
    const after = await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.lastUsedAt?.getTime()).toBe(now.getTime());
  });

  it("revoked and expired tokens are rejected", async () => {
    const s = await f.seeker();
    await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "revoked",
        tokenHash: hashToken("wbt_pat_revoked"),
        prefix: "wbt_pat_revo",
        scopes: ["SEEKER_READ"],
        revokedAt: new Date(),
      },
    });
    await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "expired",
        tokenHash: hashToken("wbt_pat_expired"),
        prefix: "wbt_pat_expi",
        scopes: ["SEEKER_READ"],
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    expect(await authenticate("Bearer wbt_pat_revoked")).toBeNull();
    expect(await authenticate("Bearer wbt_pat_expired")).toBeNull();
  });

  it("a token cannot create tokens, export or delete the account, or change the household without its scope", async () => {
    const s = await f.seeker();
    await t.db.personalAccessToken.create({
      data: {
        userId: s.user.id,
        name: "read",
        tokenHash: hashToken("wbt_pat_readonly"),
        prefix: "wbt_pat_read",
        scopes: ["SEEKER_READ"],
      },
    });
    const tok = "wbt_pat_readonly";
    const m = (q: string) => gql(app, q, {}, tok);
    const typename = (r: any, k: string) => r.data?.[k]?.__typename;
    expect(
      typename(
        await m(
          `mutation { personalAccessTokenCreate(input: { name: "x", scopes: [SEEKER_READ] }) { __typename } }`,
        ),
        "personalAccessTokenCreate",
      ),
    ).toBe("NotAuthorizedError");
    expect(typename(await m(`mutation { viewerDataExport { __typename } }`), "viewerDataExport")).toBe(
      "NotAuthorizedError",
    );
    expect(
      typename(
        await m(`mutation { viewerDelete(input: { password: "${PASSWORD}" }) { __typename } }`),
        "viewerDelete",
      ),
    ).toBe("NotAuthorizedError");
    expect(
      typename(
        await m(`mutation { householdUpdate(input: { members: [] }) { __typename } }`),
        "householdUpdate",
      ),
    ).toBe("NotAuthorizedError");
    expect(await t.db.user.count({ where: { id: s.user.id } })).toBe(1);
  });
});

describe("sessions and deletion", () => {
  it("viewerDelete ends the sessions and keeps the anonymous letting statistics", async () => {
    const org = await f.organisation();
    const s = await f.seeker();
    const listing = await f.listing(org.id, { status: "LET" });
    const letting = await t.db.letting.create({
      data: {
        listingId: listing.id,
        dwellingId: listing.dwellingId,
        seekerId: s.seeker.id,
        letAt: new Date(),
        registrationYearsUsed: 4,
        seekerWasMover: false,
        decidedBy: "REGISTRATION_YEARS",
        allocationModel: "AANBOD",
        responseCount: 1,
        netRentCents: 55000,
        householdSize: 1,
        householdIncomeCents: 3000000,
        publishedAt: new Date(),
      },
    });
    const r = await gql(
      app,
      `mutation($p: String!) { viewerDelete(input: { password: $p }) { __typename } }`,
      { p: PASSWORD },
      s.token,
    );
    expect(r.data.viewerDelete.__typename).toBe("ViewerDeleteSuccess");
    expect(await t.db.session.count({ where: { userId: s.user.id } })).toBe(0);
    expect(await t.db.seeker.count({ where: { id: s.seeker.id } })).toBe(0);
    const kept = await t.db.letting.findUniqueOrThrow({ where: { id: letting.id } });
    expect(kept.seekerId).toBeNull();
    expect(kept.registrationYearsUsed).toBe(4);
    expect(await authenticate(`Bearer ${s.token}`)).toBeNull();
  });

  it("viewerDelete's password check is rate limited (a stolen session cannot brute-force the password)", async () => {
    const s = await f.seeker();
    const q = `mutation($p: String!) { viewerDelete(input: { password: $p }) { __typename } }`;
    const out: string[] = [];
    for (let i = 0; i < 12; i++)
      out.push((await gql(app, q, { p: `wrong password ${i}` }, s.token)).data.viewerDelete.__typename);
    expect(out.at(-1)).toBe("RateLimitedError");
  });
});

describe("documents at rest", () => {
  it("refuses a truncated authentication tag", () => {
    const key = documentKeyFromEnv({ NODE_ENV: "test" } as NodeJS.ProcessEnv);
    const enc = encryptDocument(key, new TextEncoder().encode("%PDF-1.4 geheim"), "doc-1");
    expect(() => decryptDocument(key, { ...enc, authTag: enc.authTag.subarray(0, 4) }, "doc-1")).toThrow();
  });

  it("refuses the development key in production", () => {
    expect(() => documentKeyFromEnv({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toThrow(/required/);
  });
});

describe("error masking and batching", () => {
  it("an unexpected (database) error reaches the client as 'Unexpected error.' without SQL or stack", async () => {
    // Malformed ids no longer reach the database (they resolve to null): provoke a real database
    // failure with a client whose server does not exist, then restore the test database.
    const { createPrismaClient } = await import("@woonbeurt/db");
    const broken = createPrismaClient({ url: "postgresql://nobody:secret@127.0.0.1:1/none" });
    try {
      const failing = createApp({ db: broken, logErrors: false });
      const r = await failing.fetch("http://test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `query($id: ID!) { node(id: $id) { id } }`,
          variables: { id: gid("Listing", "0190a5c4-0000-7000-8000-000000000000") },
        }),
      });
      const text = await r.text();
      expect(text).toMatch(/Unexpected error/);
      expect(text).not.toMatch(/prisma|SELECT|ECONNREFUSED|secret|at .*\.ts:\d+|stack/i);
    } finally {
      app = createApp({ db: t.db, logErrors: false });
      await broken.$disconnect();
    }
  });

  it("batched (array) requests are refused", async () => {
    const r = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
  });
});

describe("data export (GDPR art. 15/20)", () => {
  it("holds the mails sent to the seeker, but no one-time link that still works", async () => {
    const s = await f.seeker();
    const base = { userId: s.user.id, toAddress: s.user.email, locale: "nl", htmlBody: "<p>x</p>" };
    await t.db.outboxMessage.createMany({
      data: [
        {
          ...base,
          kind: "POSITION_FIXED",
          subject: "Uw plaats",
          textBody: "U staat op plaats 3.",
          inbox: true,
        },
        {
          ...base,
          kind: "PASSWORD_RESET",
          subject: "Wachtwoord",
          textBody: "Open https://x/reset?token=geheim123",
        },
      ],
    });
    const r = await gql(
      app,
      `mutation { viewerDataExport { __typename ... on ViewerDataExportSuccess { data } } }`,
      {},
      s.token,
    );
    expect(r.errors).toBeUndefined();
    const data = r.data.viewerDataExport.data;
    const mails = data.outboxMessages as { kind: string; subject: string; textBody: string }[];
    expect(mails.map((m) => m.kind).sort()).toEqual(["PASSWORD_RESET", "POSITION_FIXED"]);
    expect(mails.find((m) => m.kind === "POSITION_FIXED")!.textBody).toBe("U staat op plaats 3.");
    expect(mails.find((m) => m.kind === "PASSWORD_RESET")!.subject).toBe("Wachtwoord");
    expect(JSON.stringify(data)).not.toContain("geheim123");
    expect(data.seeker.careIndications).toEqual([]);
  });
});
