/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Scheduled jobs on the PostgreSQL job queue (queue.ts, issue 13 item 1): the queue creates its
 * schema in a fresh database and runs the real jobs; two processes never run one job at the same
 * time; a job that keeps failing is retried and becomes a dead letter, which administrators see in
 * `jobQueues` and retry with `jobDeadLetterRetry`; nobody else sees the queues; stopping the queue
 * tells a long run to stop after the row in hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { JOBS, startJobQueue, type JobDefinition, type JobQueue } from "../src/queue.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let admin: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  const platform = await f.organisation("PLATFORM");
  admin = (await f.staff("ADMINISTRATOR", platform.id)).token;
});
afterAll(async () => t?.drop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const QUEUES = `{ jobQueues {
  name description schedule lastStartedAt lastFinishedAt lastState
  counts { created retry active completed failed cancelled }
  recentFailures { jobId failedAt retryCount final message }
  deadLetters { id job queuedAt message }
} }`;
const RETRY = `mutation($id: ID!) { jobDeadLetterRetry(input: { id: $id }) {
  __typename
  ... on JobDeadLetterRetrySuccess { retried { job } }
  ... on Error { message code }
} }`;

/** The real jobs, with `name`'s run replaced. */
const withRun = (name: string, run: JobDefinition["run"]) =>
  JOBS.map((j) => (j.name === name ? { ...j, run } : j));

describe("job queue", () => {
  it("lists every job for administrators before the queue ever ran, with no runs", async () => {
    const r = await gql(app, QUEUES, {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.jobQueues.map((q: any) => q.name)).toEqual([
      "close-listings",
      "lapse-offers",
      "expire-urgency",
      "document-retention",
      "stored-document-retention",
      "offer-reminders",
      "search-alerts",
      "find-duplicates",
      "deliver-mail",
      "run-simulations",
    ]);
    expect(r.data.jobQueues[0]).toMatchObject({
      schedule: "* * * * *",
      lastStartedAt: null,
      deadLetters: [],
    });
  });

  it("creates its schema, runs the real jobs right at start and stops gracefully", async () => {
    const org = await f.organisation();
    const due = await f.listing(org.id, { closesAt: new Date(Date.now() - 1000) });
    const queue = await startJobQueue({ db: t.db, url: t.url, pollingIntervalSeconds: 0.5, log: false });
    try {
      await until(
        "the close job",
        async () => (await t.db.listing.findUniqueOrThrow({ where: { id: due.id } })).status === "CLOSED",
      );
      const r = await until("a finished close-listings run", async () => {
        const q = (await gql(app, QUEUES, {}, admin)).data.jobQueues;
        const close = q.find((x: any) => x.name === "close-listings");
        return close.counts.completed >= 1 ? q : null;
      });
      const close = r.find((x: any) => x.name === "close-listings");
      expect(close.lastState).toBe("completed");
      expect(new Date(close.lastFinishedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(close.lastStartedAt).getTime(),
      );
      expect(close.recentFailures).toEqual([]);
    } finally {
      await queue.stop();
    }
    // stopped: a listing due now stays open
    const later = await f.listing(org.id, { closesAt: new Date(Date.now() - 1000) });
    await sleep(1500);
    expect((await t.db.listing.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("PUBLISHED");
  });

  it("never runs one job in two processes at the same time", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const slow: JobDefinition["run"] = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(400);
      running -= 1;
      runs += 1;
      return {};
    };
    const jobs = withRun("expire-urgency", slow);
    const a = await startJobQueue({ db: t.db, url: t.url, jobs, pollingIntervalSeconds: 0.5, log: false });
    const b = await startJobQueue({ db: t.db, url: t.url, jobs, pollingIntervalSeconds: 0.5, log: false });
    try {
      for (let i = 0; i < 6; i++) {
        await (i % 2 ? a : b).runNow("expire-urgency");
        await sleep(150);
      }
      await until("three runs", async () => runs >= 3);
      expect(most).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("tells a run in progress to stop when the queue stops, instead of waiting for it to end", async () => {
    // a run over many rows (the duplicate search's first sweep takes half a minute on the small
    // seed): Ctrl-C must not wait for all of them
    let started = false;
    let sawStop: boolean | null = null;
    const long: JobDefinition["run"] = async (_db, _now, signal) => {
      started = true;
      for (let row = 0; row < 600 && !signal.aborted; row++) await sleep(100); // 60 s of rows
      sawStop = signal.aborted;
      return {};
    };
    const queue = await startJobQueue({
      db: t.db,
      url: t.url,
      jobs: withRun("find-duplicates", long),
      pollingIntervalSeconds: 0.5,
      log: false,
    });
    try {
      await until("the run started", async () => started);
    } finally {
      await queue.stop(120_000);
    }
    expect(sawStop).toBe(true);
  });

  it("retries a failing job, keeps it as a dead letter, and an administrator retries it", async () => {
    let fail = true;
    let runs = 0;
    const flaky: JobDefinition["run"] = async () => {
      runs += 1;
      if (fail) throw new Error("offer-reminders: 2 item(s) failed; details in the API log");
      return { remindersWritten: 0 };
    };
    let queue: JobQueue | null = await startJobQueue({
      db: t.db,
      url: t.url,
      jobs: withRun("offer-reminders", flaky),
      pollingIntervalSeconds: 0.5,
      retryLimit: 1,
      retryDelaySeconds: 1,
      log: false,
    });
    try {
      const dead = await until("a dead letter", async () => {
        const q = (await gql(app, QUEUES, {}, admin)).data.jobQueues;
        const reminders = q.find((x: any) => x.name === "offer-reminders");
        return reminders.deadLetters.length ? reminders : null;
      });
      expect(runs).toBe(2); // the run and one retry
      expect(dead.deadLetters[0]).toMatchObject({
        job: "offer-reminders",
        message: "offer-reminders: 2 item(s) failed; details in the API log",
      });
      expect(dead.counts.failed).toBe(1);
      expect(dead.recentFailures[0]).toMatchObject({ final: true, retryCount: 1 });
      // other jobs are not affected
      const others = (await gql(app, QUEUES, {}, admin)).data.jobQueues.filter(
        (x: any) => x.name !== "offer-reminders",
      );
      expect(others.every((x: any) => x.deadLetters.length === 0)).toBe(true);

      // bad and unknown ids get typed errors
      expect((await gql(app, RETRY, { id: "nope" }, admin)).data.jobDeadLetterRetry.__typename).toBe(
        "ValidationError",
      );
      expect(
        (await gql(app, RETRY, { id: "00000000-0000-4000-8000-000000000000" }, admin)).data.jobDeadLetterRetry
          .__typename,
      ).toBe("NotFoundError");

      // the cause is fixed; the retry runs the job again and the dead letter is gone
      fail = false;
      const id = dead.deadLetters[0].id;
      const before = runs;
      const r = await gql(app, RETRY, { id }, admin);
      expect(r.data.jobDeadLetterRetry).toEqual({
        __typename: "JobDeadLetterRetrySuccess",
        retried: { job: "offer-reminders" },
      });
      await until("the retried run", async () => runs > before);
      const after = (await gql(app, QUEUES, {}, admin)).data.jobQueues.find(
        (x: any) => x.name === "offer-reminders",
      );
      expect(after.deadLetters).toEqual([]);
      // audited; retrying twice finds nothing
      expect(await t.db.auditLog.count({ where: { entityType: "JobDeadLetter", entityId: id } })).toBe(1);
      expect((await gql(app, RETRY, { id }, admin)).data.jobDeadLetterRetry.__typename).toBe("NotFoundError");

      // without a job queue in the process the retry says so
      await queue.stop();
      queue = null;
      const r2 = await gql(app, RETRY, { id: "00000000-0000-4000-8000-000000000000" }, admin);
      expect(r2.data.jobDeadLetterRetry.__typename).toBe("InvalidStateError");
    } finally {
      await queue?.stop();
    }
  });

  it("shows the queues to administrators only", async () => {
    const landlord = await f.organisation();
    const assessing = await f.organisation("ASSESSING_BODY");
    const seeker = await f.seeker({ session: true });
    const actors: Record<string, string | undefined> = {
      anonymous: undefined,
      seeker: (seeker as any).token,
      landlord: (await f.staff("LANDLORD_STAFF", landlord.id)).token,
      assessor: (await f.staff("ASSESSOR", assessing.id)).token,
    };
    for (const [who, token] of Object.entries(actors)) {
      const r = await gql(app, QUEUES, {}, token);
      expect(r.data?.jobQueues ?? null, who).toBeNull();
      expect(r.errors?.[0]?.extensions?.code, who).toBe("NOT_AUTHORIZED");
      const m = await gql(app, RETRY, { id: "00000000-0000-4000-8000-000000000000" }, token);
      expect(m.data?.jobDeadLetterRetry?.__typename ?? m.errors?.[0]?.extensions?.code, who).toMatch(
        /NotAuthorizedError|NOT_AUTHORIZED/,
      );
    }
  });
});
