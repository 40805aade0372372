/**
 * Cache invalidation between processes (api/src/invalidation.ts): the listener runs the handlers
 * for another process's notification, skips its own, and after losing its connection reconnects
 * and forgets everything kept (notifications sent meanwhile were lost).
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { setDb } from "../src/db.ts";
import {
  INVALIDATION_CHANNEL,
  invalidate,
  onInvalidation,
  startInvalidationListener,
  type InvalidationListener,
} from "../src/invalidation.ts";

let t: TestDatabase;
let listener: InvalidationListener;
const seen: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  onInvalidation("listing", ({ listingId }) => seen.push(`listing:${listingId}`));
  onInvalidation("publicReads", () => seen.push("publicReads"));
  onInvalidation("history", () => seen.push("history"));
  listener = startInvalidationListener(t.url);
  await listener.ready();
});
afterAll(async () => {
  await listener?.stop();
  await t?.drop();
});

/** A notification as another API process sends it. */
async function fromOtherProcess(payload: object) {
  await t.db
    .$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${JSON.stringify({ ...payload, origin: "other" })})`;
}

async function until(check: () => boolean, ms = 5000) {
  const since = Date.now();
  while (!check()) {
    if (Date.now() - since > ms) throw new Error(`not within ${ms} ms; seen: ${seen.join(", ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it("runs the handlers for another process's notification, and this process's own at once but not twice", async () => {
  seen.length = 0;
  await fromOtherProcess({ kind: "listing", listingId: "l-1" });
  await until(() => seen.includes("listing:l-1"));
  expect(seen).toEqual(["listing:l-1"]);

  seen.length = 0;
  await invalidate({ kind: "history" });
  expect(seen).toEqual(["history"]); // here, synchronously
  await fromOtherProcess({ kind: "listing", listingId: "marker" });
  await until(() => seen.includes("listing:marker"));
  // the own notification came back before the marker and was skipped
  expect(seen).toEqual(["history", "listing:marker"]);
});

it("notifies only when the transaction commits (a close rolled back tells nobody)", async () => {
  seen.length = 0;
  await t.db
    .$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${JSON.stringify({ kind: "history", origin: "other" })})`;
      throw new Error("rolled back");
    })
    .catch(() => {});
  await fromOtherProcess({ kind: "listing", listingId: "after-rollback" });
  await until(() => seen.includes("listing:after-rollback"));
  expect(seen).toEqual(["listing:after-rollback"]);
});

it("reconnects after losing its connection, forgets everything kept, and hears notifications again", async () => {
  seen.length = 0;
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  try {
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query = $1`,
      [`LISTEN ${INVALIDATION_CHANNEL}`],
    );
    expect(killed.rowCount).toBe(1);
  } finally {
    await admin.end();
  }
  // reconnects after about a second, then runs every handler (what was missed is unknown)
  await until(() => seen.includes("publicReads") && seen.includes("history"), 10_000);
  await listener.ready();
  await fromOtherProcess({ kind: "listing", listingId: "after-reconnect" });
  await until(() => seen.includes("listing:after-reconnect"));
});
