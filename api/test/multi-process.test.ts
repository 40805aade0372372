/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Several API processes on one database (issue 13): two real `api/src/main.ts` processes (through
 * tsx, free ports, one database, the job queue working in both, response cache on) and the built
 * portal (`node portal/serve.js`, reading through B) share their rate limits, forget each other's
 * cached answers at once (the portal's pages too), close a listing once, and a process killed
 * mid-request loses nothing half-done. Needs `portal/build` (`pnpm test` builds it first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { freePort } from "../../test/support/stack.ts";
import { repoRoot } from "../../prisma/src/index.ts";
import { setDb } from "../src/db.ts";
import { QUEUE_SCHEMA } from "../src/queue.ts";
import { Fixtures, gid, PASSWORD } from "./fixtures.ts";

interface ApiProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

let t: TestDatabase;
let f: Fixtures;
let a: ApiProcess;
let b: ApiProcess;
/** The portal's own server, with B as its API. */
let portal: { url: string; child: ChildProcess } | undefined;

/** Start `node portal/serve.js` on a free port against `apiUrl`; resolves once `/healthz` answers. */
async function startPortal(apiUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot(), "portal", "serve.js")], {
    env: { PATH: process.env.PATH, PORT: String(port), API_URL: apiUrl, ORIGIN: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      /* not listening yet */
    }
    if (i > 600) throw new Error(`portal did not answer within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start `api/src/main.ts` on a free port against the test database; resolves once it listens. */
async function startApi(name: string, url: string): Promise<ApiProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("VITEST")) env[k] = v;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot(), "api", "src", "main.ts")], {
    cwd: repoRoot(),
    env: {
      ...env,
      NODE_ENV: "development", // the response cache is off under NODE_ENV=test
      DATABASE_URL: url,
      API_PORT: String(port),
      JOBS: "on",
      RESPONSE_CACHE: "on",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 120_000);
    const check = () => {
      // listening for requests and for the other process's invalidations
      if (out.includes("Woonbeurt API on") && out.includes("cache invalidations")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
  return { name, url: `http://127.0.0.1:${port}/graphql`, child, output: () => out };
}

async function stopApi(p: ApiProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    p.child.once("exit", () => resolve());
    p.child.kill("SIGTERM");
  });
}

/** POST an operation to one process; the parsed body plus the status and headers. */
async function post(
  p: ApiProcess,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(p.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: res.status === 200 ? await res.json() : null };
}

const SIGN_IN = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) {
  __typename ... on RateLimitedError { retryAfterSeconds } } }`;
const PUBLIC_LISTING = `query($ref: String!) { listing(reference: $ref) { title status isOpen responseCount } }`;
const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;
const WITHDRAW_LISTING = `mutation($id: ID!) { listingWithdraw(input: { id: $id, reason: "Dubbel geplaatst" }) {
  __typename ... on ListingWithdrawSuccess { listing { status } } } }`;

beforeAll(async () => {
  t = await createTestDatabase();
  f = new Fixtures(t.db);
  setDb(t.db); // the fixtures' sessions
  [a, b] = await Promise.all([startApi("A", t.url), startApi("B", t.url)]);
  portal = await startPortal(b.url);
});
afterAll(async () => {
  portal?.child.kill("SIGKILL");
  await Promise.all([stopApi(a), stopApi(b)]);
  await t?.drop();
});

describe("two API processes on one database", () => {
  it("count failed sign-ins together: alternating wrong passwords between A and B, the 11th is refused", async () => {
    const s = await f.seeker({ session: false });
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await post(i % 2 ? b : a, SIGN_IN, { e: s.user.email, p: `wrong password ${i}` });
      answers.push(r.body.data.sessionCreate.__typename);
    }
    expect(answers).toEqual(Array(10).fill("InvalidCredentialsError"));
    for (const p of [a, b]) {
      const refused = await post(p, SIGN_IN, { e: s.user.email, p: "wrong password again" });
      expect(refused.body.data.sessionCreate.__typename).toBe("RateLimitedError");
      expect(refused.body.data.sessionCreate.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.body.data.sessionCreate.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    }
    // even the right password waits now, on either process
    const right = await post(b, SIGN_IN, { e: s.user.email, p: PASSWORD });
    expect(right.body.data.sessionCreate.__typename).toBe("RateLimitedError");
    // the counter holds no e-mail address in clear
    const rows = await t.db.rateLimit.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      s.user.email,
    );
  });

  it("a successful sign-in on one process clears the failures counted on the other", async () => {
    const s = await f.seeker({ session: false });
    for (let i = 0; i < 9; i++)
      expect(
        (await post(a, SIGN_IN, { e: s.user.email, p: "nope nope nope" })).body.data.sessionCreate.__typename,
      ).toBe("InvalidCredentialsError");
    expect(
      (await post(b, SIGN_IN, { e: s.user.email, p: PASSWORD })).body.data.sessionCreate.__typename,
    ).toBe("SessionCreateSuccess");
    // nine more failures are allowed again (without the reset the 11th attempt would be refused)
    for (let i = 0; i < 9; i++)
      expect(
        (await post(a, SIGN_IN, { e: s.user.email, p: "nope nope nope" })).body.data.sessionCreate.__typename,
      ).toBe("InvalidCredentialsError");
  });

  it("a write through A refreshes B's cached public answer and the portal's page at once (respond, then withdrawing the listing)", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const listing = await f.listing(org.id);
    const seeker = await f.seeker();
    const first = await post(b, PUBLIC_LISTING, { ref: listing.reference });
    expect(first.body.data.listing).toMatchObject({ status: "PUBLISHED", responseCount: 0 });
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    // B keeps its answer: a change behind the API's back is not seen, and the ETag still matches
    await t.db.listing.update({ where: { id: listing.id }, data: { title: "Ruim appartement" } });
    expect((await post(b, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing.title).toBe(
      "Tweekamerappartement",
    );
    expect(
      (await post(b, PUBLIC_LISTING, { ref: listing.reference }, { "if-none-match": etag })).status,
    ).toBe(304);

    // a respond through A: B's next answer (the first request after A answered) is fresh
    const responded = await post(
      a,
      RESPOND,
      { id: gid("Listing", listing.id) },
      { authorization: `Bearer ${seeker.token}` },
    );
    expect(responded.body.data.listingRespond.__typename).toBe("ListingRespondSuccess");
    const afterRespond = await post(b, PUBLIC_LISTING, { ref: listing.reference });
    expect(afterRespond.body.data.listing).toMatchObject({ title: "Ruim appartement", responseCount: 1 });
    const etag2 = afterRespond.headers.get("etag")!;
    expect(
      (await post(b, PUBLIC_LISTING, { ref: listing.reference }, { "if-none-match": etag2 })).status,
    ).toBe(304);

    // the portal (reading through B) shows the listing page with the fresh title
    const page = await fetch(`${portal!.url}/woning/${listing.reference}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ruim appartement");

    // the landlord withdraws the listing through A: B answers WITHDRAWN at once
    const withdrawn = await post(
      a,
      WITHDRAW_LISTING,
      { id: gid("Listing", listing.id) },
      { authorization: `Bearer ${staff.token}` },
    );
    expect(withdrawn.body.data.listingWithdraw.listing.status).toBe("WITHDRAWN");
    const afterWithdraw = await post(
      b,
      PUBLIC_LISTING,
      { ref: listing.reference },
      { "if-none-match": etag2 },
    );
    expect(afterWithdraw.status).toBe(200);
    expect(afterWithdraw.body.data.listing).toBeNull(); // a withdrawn listing is not public
    expect((await post(a, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing).toBeNull();
    // and the portal's page of it is gone too: 404, not the page B had kept
    expect((await fetch(`${portal!.url}/woning/${listing.reference}`)).status).toBe(404);
  });

  it("closes a listing whose window ends exactly once with the jobs of both processes running, and both show it closed at once", async () => {
    const org = await f.organisation();
    const listing = await f.listing(org.id, { closesAt: new Date(Date.now() + 60_000) });
    const seekers = [];
    for (let i = 0; i < 3; i++) {
      const s = await f.seeker({ registrationDate: `201${i}-01-01` });
      expect(
        (
          await post(
            i % 2 ? a : b,
            RESPOND,
            { id: gid("Listing", listing.id) },
            { authorization: `Bearer ${s.token}` },
          )
        ).body.data.listingRespond.__typename,
      ).toBe("ListingRespondSuccess");
      seekers.push(s);
    }
    // both processes keep the open listing's public answer
    for (const p of [a, b])
      expect((await post(p, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing).toMatchObject({
        status: "PUBLISHED",
        responseCount: 3,
      });
    // its window ends now: the next run of the close job closes it. Instead of waiting for the
    // minute's scheduled run, queue runs as an operator would, several at once: the queue lets one
    // process run the job at a time, and whichever runs it closes the listing once.
    await t.db.listing.update({ where: { id: listing.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const boss = new PgBoss({
      connectionString: t.url,
      schema: QUEUE_SCHEMA,
      schedule: false,
      supervise: false,
    });
    await boss.start();
    try {
      for (let i = 0; i < 3; i++) await boss.send("close-listings", { job: "close-listings" });
    } finally {
      await boss.stop({ graceful: false });
    }
    const deadline = Date.now() + 30_000;
    while ((await t.db.listing.findUniqueOrThrow({ where: { id: listing.id } })).status !== "CLOSED") {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    // whichever process closed it, the other one's kept answer is gone too: told at the commit,
    // it answers CLOSED within a moment (its answers are otherwise kept for 30 s)
    for (const p of [a, b]) {
      const since = Date.now();
      let status = "";
      while (status !== "CLOSED" && Date.now() - since < 1000)
        status = (await post(p, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing.status;
      expect(status, `${p.name} still answers the open listing`).toBe("CLOSED");
    }

    // the other queued runs later (each worker polls every 2 s): closed once
    await new Promise((r) => setTimeout(r, 5000));
    const closes = await t.db.auditLog.findMany({
      where: {
        entityType: "Listing",
        entityId: listing.id,
        action: "UPDATE",
        detail: { path: ["action"], equals: "close" },
      },
    });
    expect(closes).toHaveLength(1);
    const responses = await t.db.response.findMany({
      where: { listingId: listing.id },
      orderBy: { finalPosition: "asc" },
    });
    expect(responses.map((r) => r.finalPosition)).toEqual([1, 2, 3]);
    // each responder was told the final position once
    const told = await t.db.outboxMessage.groupBy({
      by: ["userId"],
      where: { userId: { in: seekers.map((s) => s.user.id) }, kind: "POSITION_FIXED" },
      _count: true,
    });
    expect(told.map((m) => m._count).sort()).toEqual([1, 1, 1]);
  }, 120_000);

  it("a process killed (SIGKILL) during responds loses nothing half-done, and the other keeps answering", async () => {
    const org = await f.organisation();
    const listing = await f.listing(org.id);
    const seekers = await Promise.all(Array.from({ length: 8 }, () => f.seeker()));
    const sent = seekers.map((s) =>
      fetch(a.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ query: RESPOND, variables: { id: gid("Listing", listing.id) } }),
      })
        .then(async (res) => ((await res.json()) as any).data.listingRespond.__typename as string)
        .catch(() => "lost"),
    );
    // kill A as soon as the first respond has committed, while the others are being handled
    const deadline = Date.now() + 20_000;
    while ((await t.db.response.count({ where: { listingId: listing.id } })) === 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 2));
    }
    a.child.kill("SIGKILL");
    const answers = await Promise.all(sent);
    await new Promise((r) =>
      a.child.exitCode !== null || a.child.signalCode !== null ? r(null) : a.child.once("exit", r),
    );

    // every respond either committed fully (the response with its audit entry) or not at all
    const rows = await t.db.response.findMany({ where: { listingId: listing.id } });
    expect(rows.length).toBeGreaterThanOrEqual(1); // committed before the kill, maybe unanswered
    const audited = await t.db.auditLog.findMany({
      where: { entityType: "Response", action: "CREATE", entityId: { in: rows.map((r) => r.id) } },
    });
    expect(audited.map((e) => e.entityId).sort()).toEqual(rows.map((r) => r.id).sort());
    seekers.forEach((s, i) => {
      const row = rows.find((r) => r.seekerId === s.seeker.id);
      if (answers[i] === "ListingRespondSuccess") expect(row).toBeDefined();
      if (!row) expect(answers[i]).not.toBe("ListingRespondSuccess");
    });

    // B answers: the public count is what was committed, and a seeker whose respond was lost can
    // respond through B
    expect((await post(b, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing.responseCount).toBe(
      rows.length,
    );
    const retry = seekers.find((s) => !rows.some((r) => r.seekerId === s.seeker.id)) ?? (await f.seeker());
    const again = await post(
      b,
      RESPOND,
      { id: gid("Listing", listing.id) },
      { authorization: `Bearer ${retry.token}` },
    );
    expect(again.body.data.listingRespond.__typename).toBe("ListingRespondSuccess");
    expect((await post(b, PUBLIC_LISTING, { ref: listing.reference })).body.data.listing.responseCount).toBe(
      rows.length + 1,
    );
  });
});
