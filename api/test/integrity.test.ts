/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Integrity under concurrency and abuse (issue 9, items 2, 3, 6, 7, 10, 11): parallel writers of one
 * seeker or listing, password reset and registration throttling, account enumeration, CORS, upload
 * limits and a retryable answer when the database pool is exhausted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { setDb } from "../src/db.ts";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DOCUMENT_MAX_BYTES } from "../src/documents.ts";
import { createPrismaClient } from "../../prisma/src/index.ts";
import { Fixtures, gid, gql, PASSWORD, type App } from "./fixtures.ts";
import { hashPassword } from "../src/auth/password.ts";
import { generatePersonalAccessToken, generateToken, hashToken } from "../src/auth/tokens.ts";
import {
  limitFromEnv,
  registrationsPerIp,
  resetAttemptsPerIp,
  resetAttemptsPerToken,
} from "../src/auth/rate-limit.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

describe("races", () => {
  it("20 parallel householdUpdate calls leave householdSize equal to 1 + the member rows", async () => {
    const s = await f.seeker();
    const m = `mutation($m: [HouseholdMemberInput!]!) { householdUpdate(input: { members: $m }) { __typename ... on HouseholdUpdateSuccess { seeker { householdSize } } } }`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          app,
          m,
          {
            m: [
              { role: "PARTNER", firstName: `Partner${i}`, birthDate: "1990-01-01" },
              { role: "CHILD", firstName: `Kind${i}`, birthDate: "2015-01-01" },
            ],
          },
          s.token,
        ),
      ),
    );
    expect(results.map((r) => r.errors ?? r.data.householdUpdate.__typename)).toEqual(
      Array(20).fill("HouseholdUpdateSuccess"),
    );
    const seeker = await t.db.seeker.findUniqueOrThrow({ where: { id: s.seeker.id } });
    const members = await t.db.householdMember.findMany({ where: { seekerId: s.seeker.id } });
    expect(members).toHaveLength(2);
    expect(seeker.householdSize).toBe(3);
    // the two members come from one and the same call
    expect(new Set(members.map((x) => x.firstName.replace(/^\D+/, ""))).size).toBe(1);
  });

  it("20 parallel urgencyApplicationCreate calls open at most 3 applications", async () => {
    const s = await f.seeker();
    const m = `mutation { urgencyApplicationCreate(input: { category: MANTELZORG, situation: "parallel" }) { __typename ... on ValidationError { issues { message } } } }`;
    const results = await Promise.all(Array.from({ length: 20 }, () => gql(app, m, {}, s.token)));
    const kinds = results.map((r) => r.errors?.[0]?.message ?? r.data.urgencyApplicationCreate.__typename);
    expect(kinds.filter((k) => k === "UrgencyApplicationCreateSuccess")).toHaveLength(3);
    expect(kinds.filter((k) => k === "ValidationError")).toHaveLength(17);
    expect(await t.db.urgencyApplication.count({ where: { seekerId: s.seeker.id } })).toBe(3);
  });

  it("responses racing a close are either ranked or refused, never left unranked", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
    const close = `mutation($id: ID!) { listingClose(input: { id: $id }) { __typename ... on Error { message } } }`;
    const seekers = await Promise.all(Array.from({ length: 60 }, () => f.seeker({ income: 20000 })));
    for (let round = 0; round < 3; round++) {
      const closesAt = new Date(Date.now() + 400);
      const l = await f.listing(org.id, { rent: 500, closesAt });
      const id = gid("Listing", l.id);
      // responders keep arriving from before until after closesAt; the landlord closes as soon
      // as the window has ended (and keeps trying until it is closed)
      const responses = seekers.map(async (s, i) => {
        await new Promise((r) => setTimeout(r, 250 + i * 5));
        return gql(app, respond, { id }, s.token);
      });
      const closing = (async () => {
        for (;;) {
          const wait = closesAt.getTime() - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const r = await gql(app, close, { id }, staff.token);
          if (r.data?.listingClose?.__typename === "ListingCloseSuccess") return;
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      const answers = await Promise.all(responses);
      await closing;
      const kinds = new Set(answers.map((a) => a.errors?.[0]?.message ?? a.data.listingRespond.__typename));
      expect([...kinds].every((k) => k === "ListingRespondSuccess" || k === "WindowClosedError")).toBe(true);
      const rows = await t.db.response.findMany({ where: { listingId: l.id, status: { not: "WITHDRAWN" } } });
      const unranked = rows.filter((r) => r.finalPosition === null && r.status !== "NOT_SELECTED");
      expect(unranked).toEqual([]);
      expect(rows.length).toBe(
        answers.filter((a) => a.data?.listingRespond?.__typename === "ListingRespondSuccess").length,
      );
    }
  });
});

describe("password reset", () => {
  beforeEach(async () => {
    await resetAttemptsPerIp.clear();
    await resetAttemptsPerToken.clear();
  });
  const RESET = `mutation($token: String!, $p: String!, $revoke: Boolean) {
    passwordReset(input: { token: $token, newPassword: $p, revokePersonalAccessTokens: $revoke }) {
      __typename ... on PasswordResetSuccess { session { token } } ... on RateLimitedError { retryAfterSeconds } } }`;
  /** Without the new argument, so that the tests of the old behaviour run against the old schema. */
  const RESET_PLAIN = `mutation($token: String!, $p: String!) {
    passwordReset(input: { token: $token, newPassword: $p }) { __typename ... on PasswordResetSuccess { session { token } } } }`;
  const NEW_PASSWORD = "a brand new passphrase";

  async function resetToken(userId: string) {
    const token = generateToken();
    await t.db.passwordResetToken.create({
      data: { userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3600_000) },
    });
    return token;
  }
  async function pat(userId: string) {
    const token = generatePersonalAccessToken();
    await t.db.personalAccessToken.create({
      data: {
        userId,
        name: "App",
        tokenHash: hashToken(token),
        prefix: token.slice(0, 12),
        scopes: ["SEEKER_READ"],
      },
    });
    return token;
  }
  const whoAmI = async (token: string) => (await gql(app, `{ account { email } }`, {}, token)).data.account;

  it("refuses an unknown token as fast as a too-short password: no argon2id hash is spent on it", async () => {
    // A too-short password is refused before any hashing, in every version; an unknown token with
    // a valid password must cost no more than that (it used to cost an argon2id hash, ~19 MiB).
    const time = async (p: string) => {
      const t0 = performance.now();
      const r = await gql(app, RESET_PLAIN, { token: generateToken(), p });
      expect(r.data.passwordReset.__typename).toBe(
        p === NEW_PASSWORD ? "InvalidTokenError" : "ValidationError",
      );
      return performance.now() - t0;
    };
    await time("short");
    await time(NEW_PASSWORD); // warm-up
    let valid = 0;
    let short = 0;
    for (let i = 0; i < 8; i++) {
      valid += await time(NEW_PASSWORD);
      short += await time("short");
    }
    const hashing = performance.now();
    for (let i = 0; i < 8; i++) await hashPassword(NEW_PASSWORD);
    // the difference must be well below the cost of the 8 hashes
    expect(valid - short).toBeLessThan((performance.now() - hashing) / 2);
  });

  it("is rate limited per IP (20 per 15 minutes) and per token (5)", async () => {
    const answers = [];
    for (let i = 0; i < 21; i++)
      answers.push(
        (await gql(app, RESET_PLAIN, { token: `guess-${i}`, p: NEW_PASSWORD })).data.passwordReset.__typename,
      );
    expect(answers.slice(0, 20)).toEqual(Array(20).fill("InvalidTokenError"));
    expect(answers[20]).toBe("RateLimitedError");
    await resetAttemptsPerIp.clear();
    const same = [];
    for (let i = 0; i < 6; i++)
      same.push(
        (await gql(app, RESET_PLAIN, { token: "one-guessed-token", p: NEW_PASSWORD })).data.passwordReset
          .__typename,
      );
    expect(same).toEqual([...Array(5).fill("InvalidTokenError"), "RateLimitedError"]);
  });

  it("a used reset link invalidates the account's other reset links and, by default, its app tokens", async () => {
    const s = await f.seeker();
    const older = await resetToken(s.user.id);
    const newer = await resetToken(s.user.id);
    const app1 = await pat(s.user.id);
    expect(await whoAmI(app1)).not.toBeNull();
    const r = await gql(app, RESET_PLAIN, { token: newer, p: NEW_PASSWORD });
    expect(r.data.passwordReset.__typename).toBe("PasswordResetSuccess");
    expect(
      (await gql(app, RESET_PLAIN, { token: older, p: "yet another passphrase" })).data.passwordReset
        .__typename,
    ).toBe("InvalidTokenError");
    expect(await whoAmI(app1)).toBeNull();
    expect(await whoAmI(s.token)).toBeNull();
    const signIn = await gql(
      app,
      `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename } }`,
      { e: s.user.email, p: NEW_PASSWORD },
    );
    expect(signIn.data.sessionCreate.__typename).toBe("SessionCreateSuccess");
  });

  it("keeps the app tokens when asked to (revokePersonalAccessTokens: false)", async () => {
    const s = await f.seeker();
    const app1 = await pat(s.user.id);
    const r = await gql(app, RESET, { token: await resetToken(s.user.id), p: NEW_PASSWORD, revoke: false });
    expect(r.data.passwordReset.__typename).toBe("PasswordResetSuccess");
    expect(await whoAmI(app1)).toEqual({ email: s.user.email });
    expect(await whoAmI(s.token)).toBeNull();
  });
});

describe("registration", () => {
  beforeEach(() => registrationsPerIp.clear());
  const REGISTER = `mutation($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename ... on Error { code message } } }`;
  const input = (email: string, password = "registration passphrase") => ({
    email,
    password,
    firstName: "Ada",
    lastName: "Jansen",
    birthDate: "1990-02-03",
    income: { amount: 28000 },
  });

  it("answers an already registered address exactly like a new one, changes nothing and mails the owner", async () => {
    const owner = await f.seeker({ email: "owner@example.org" });
    const fresh = await gql(app, REGISTER, { input: input("newcomer@example.org") });
    const taken = await gql(app, REGISTER, { input: input("Owner@example.org") });
    // the mails as written to the outbox (mail/outbox.ts; delivered by the job)
    const mails = (
      await t.db.outboxMessage.findMany({
        where: { toAddress: { in: ["newcomer@example.org", "owner@example.org"] } },
      })
    ).map((m) => `to=${m.toAddress} ${m.textBody}`);
    expect(fresh.data).toEqual({ seekerRegister: { __typename: "SeekerRegisterSuccess" } });
    expect(taken.data).toEqual(fresh.data);
    expect(taken.status).toBe(fresh.status);
    // the existing account is untouched: old password still works, the attacker's does not
    const signIn = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename } }`;
    expect(
      (await gql(app, signIn, { e: "owner@example.org", p: PASSWORD })).data.sessionCreate.__typename,
    ).toBe("SessionCreateSuccess");
    expect(
      (await gql(app, signIn, { e: "owner@example.org", p: "registration passphrase" })).data.sessionCreate
        .__typename,
    ).toBe("InvalidCredentialsError");
    expect(await t.db.user.count({ where: { email: "owner@example.org" } })).toBe(1);
    expect(owner.user.email).toBe("owner@example.org");
    // each address got its mail: a welcome with the verification link for the new one, a notice for the owner
    expect(
      mails.some((m) => m.includes("to=newcomer@example.org") && m.includes("/email-bevestigen?token=")),
    ).toBe(true);
    expect(mails.some((m) => m.includes("to=owner@example.org") && m.includes("/wachtwoord-vergeten"))).toBe(
      true,
    );
  });

  it("is throttled per IP: 10 registrations per 15 minutes", async () => {
    const answers = [];
    for (let i = 0; i < 11; i++)
      answers.push(
        (await gql(app, REGISTER, { input: input(`burst${i}@example.org`) })).data.seekerRegister.__typename,
      );
    expect(answers.slice(0, 10)).toEqual(Array(10).fill("SeekerRegisterSuccess"));
    expect(answers[10]).toBe("RateLimitedError");
    expect(await t.db.user.count({ where: { email: "burst10@example.org" } })).toBe(0);
  });

  it("takes the per-address limits from the environment and refuses a value that is not a count", () => {
    expect(limitFromEnv("RATE_LIMIT_REGISTRATIONS_PER_IP", 10, {})).toBe(10);
    expect(
      limitFromEnv("RATE_LIMIT_REGISTRATIONS_PER_IP", 10, { RATE_LIMIT_REGISTRATIONS_PER_IP: " 250 " }),
    ).toBe(250);
    for (const bad of ["0", "-3", "ten", "2.5"])
      expect(() =>
        limitFromEnv("RATE_LIMIT_REGISTRATIONS_PER_IP", 10, { RATE_LIMIT_REGISTRATIONS_PER_IP: bad }),
      ).toThrow(/RATE_LIMIT_REGISTRATIONS_PER_IP must be a whole number/);
  });
});

describe("database overload", () => {
  it("answers 503 with Retry-After and SERVICE_UNAVAILABLE when no transaction can be started in time", async () => {
    // A second API on a one-connection pool (waiting at most 1 s for it) whose only connection is
    // held by a long transaction: the requests below get no connection in time.
    await registrationsPerIp.clear();
    const tiny = createPrismaClient({ url: t.url, max: 1, poolTimeoutMs: 1000 });
    const busy = createApp({ db: tiny, logErrors: false });
    const s = await f.seeker();
    let release!: () => void;
    const held = tiny.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await new Promise<void>((r) => (release = r));
      },
      { timeout: 30_000 },
    );
    try {
      await new Promise((r) => setTimeout(r, 200));
      const m = `mutation($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename } }`;
      const results = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          busy.fetch("http://test/graphql", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              query: m,
              variables: {
                input: {
                  email: `overload${i}@example.org`,
                  password: "registration passphrase",
                  firstName: "Ada",
                  lastName: "Jansen",
                  birthDate: "1990-02-03",
                  income: { amount: 28000 },
                },
              },
            }),
          }),
        ),
      );
      // a signed-in caller (authentication itself needs a connection)
      results.push(
        await busy.fetch("http://test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
          body: JSON.stringify({
            query: `mutation { incomeUpdate(input: { income: { amount: 31000 } }) { __typename } }`,
          }),
        }),
      );
      for (const res of results) {
        const body = (await res.json()) as any;
        expect(res.status).toBe(503);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      }
      expect(await t.db.user.count({ where: { email: { startsWith: "overload" } } })).toBe(0);
    } finally {
      release();
      await held;
      setDb(t.db);
      await tiny.$disconnect();
    }
  }, 30_000);
});

describe("CORS", () => {
  const ask = (a: App, origin: string, method = "POST") =>
    a.fetch("http://test/graphql", {
      method,
      headers:
        method === "OPTIONS"
          ? {
              origin,
              "access-control-request-method": "POST",
              "access-control-request-headers": "authorization",
            }
          : { origin, "content-type": "application/json" },
      body: method === "OPTIONS" ? undefined : JSON.stringify({ query: "{ __typename }" }),
    });

  it("does not let an arbitrary site read answers, and never allows credentials", async () => {
    for (const method of ["POST", "OPTIONS"]) {
      const res = await ask(app, "https://evil.example", method);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("allows the configured portal origin, without credentials", async () => {
    const portal = createApp({ db: t.db, logErrors: false, corsOrigins: ["https://portal.example"] });
    try {
      for (const method of ["POST", "OPTIONS"]) {
        const res = await ask(portal, "https://portal.example", method);
        expect(res.headers.get("access-control-allow-origin")).toBe("https://portal.example");
        expect(res.headers.get("access-control-allow-credentials")).toBeNull();
        expect(
          (await ask(portal, "https://evil.example", method)).headers.get("access-control-allow-origin"),
        ).toBeNull();
      }
    } finally {
      setDb(t.db);
    }
  });
});

describe("upload limits", () => {
  const CREATE = `mutation($docs: [Upload!]) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: "x", documents: $docs }) { __typename ... on ValidationError { issues { field message } } } }`;

  /** POST `files` as urgency documents over real HTTP (node:http, as `pnpm start` serves). */
  async function upload(token: string, files: File[]) {
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const form = new FormData();
      form.set("operations", JSON.stringify({ query: CREATE, variables: { docs: files.map(() => null) } }));
      form.set(
        "map",
        JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.docs.${i}`]]))),
      );
      files.forEach((file, i) => form.set(String(i), file));
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as any };
    } finally {
      await new Promise((r) => server.close(r));
    }
  }
  const file = (bytes: number, magic: string, name: string, type: string) => {
    const data = new Uint8Array(bytes);
    data.set(new TextEncoder().encode(magic));
    return new File([data], name, { type });
  };

  it("lets a request with 5 documents of 10 MiB through to the resolver (yoga's 25 MB limit refused it)", async () => {
    const s = await f.seeker();
    // 50 MiB of documents; the last is not really a PDF, so the resolver answers quickly with a
    // typed error for that document instead of storing 50 MiB (which the next test does for one)
    const files = [0, 1, 2, 3].map((i) =>
      file(DOCUMENT_MAX_BYTES, "%PDF-1.4\n", `doc${i}.pdf`, "application/pdf"),
    );
    files.push(file(DOCUMENT_MAX_BYTES, "not a pdf", "doc4.pdf", "application/pdf"));
    const r = await upload(s.token, files);
    expect(r.status).toBe(200);
    expect(r.body.data?.urgencyApplicationCreate).toEqual({
      __typename: "ValidationError",
      issues: [{ field: "documents.4", message: "must be a PDF, PNG or JPEG file" }],
    });
    expect(await t.db.urgencyApplication.count({ where: { seekerId: s.seeker.id } })).toBe(0);
  }, 120_000);

  it("stores a document of exactly 10 MiB, and refuses a 6th document in one request", async () => {
    const s = await f.seeker();
    const ok = await upload(s.token, [file(DOCUMENT_MAX_BYTES, "%PDF-1.4\n", "big.pdf", "application/pdf")]);
    expect(ok.body.data?.urgencyApplicationCreate?.__typename).toBe("UrgencyApplicationCreateSuccess");
    const six = await upload(
      s.token,
      Array.from({ length: 6 }, (_, i) => file(100, "%PDF-1.4\n", `d${i}.pdf`, "application/pdf")),
    );
    expect(six.body.data?.urgencyApplicationCreate, JSON.stringify(six.body)).toEqual({
      __typename: "ValidationError",
      issues: [{ field: "documents", message: "at most 5 documents per request" }],
    });
  }, 180_000);
});
