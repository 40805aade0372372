/**
 * Cache invalidation between API processes (issue 13): PostgreSQL `LISTEN`/`NOTIFY`.
 *
 * What a process keeps between requests (cache.ts's anonymous answers, position.ts's closed
 * history, seeker.ts's published listings' eligibility inputs, core.ts's rule set versions) registers a handler per kind of
 * {@link Invalidation} with {@link onInvalidation}. After a write has committed, its code calls
 * {@link invalidate}: the handlers of this process run at once, and a `pg_notify` on
 * {@link INVALIDATION_CHANNEL} tells every other process, whose listener
 * ({@link startInvalidationListener}, one dedicated `pg` connection per API process, started by
 * main.ts) runs the same handlers when the notification arrives — milliseconds after the
 * `NOTIFY`, which {@link invalidate} awaits, so by the time the writer answers its caller the
 * other processes have been told. A process ignores its own notifications (it has already run
 * the handlers).
 *
 * Delay bound: a notification is delivered while the listener is connected. When its connection
 * is lost it reconnects (after 1 s, doubling up to 30 s) and, since notifications sent meanwhile
 * are lost, then runs every handler (forgets everything kept); until it is back the kept data is
 * bounded by each cache's own age limit (30 s answers, 60 s eligibility inputs and rule sets, 5 minutes
 * history).
 * A failed `NOTIFY` never fails the committed write; it is logged.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Db } from "@woonbeurt/db";
import { db } from "./db.ts";
import { logger } from "./log.ts";

/** The channel every API process listens on. */
export const INVALIDATION_CHANNEL = "woonbeurt_invalidate";

/** What changed. */
export type Invalidation =
  /** one listing's public answer (its response count) */
  | { kind: "listing"; listingId: string }
  /** any public read (a write whose public effect is not narrowed down) */
  | { kind: "publicReads" }
  /** the closed-listing history behind expected positions (a listing closed) */
  | { kind: "history" }
  /** the rule set versions (a version was added) */
  | { kind: "ruleSets" };

type Kind = Invalidation["kind"];
type Handler<K extends Kind> = (message: Extract<Invalidation, { kind: K }>) => void;

/** This process's id in the notifications it sends (so that it can skip its own). */
export const PROCESS_ID = randomUUID();

const handlers = new Map<Kind, Set<Handler<Kind>>>();

/**
 * Run `handler` whenever `kind` is invalidated, in this process or (via the listener) in another.
 * Handlers must be quick and synchronous (they forget something).
 */
export function onInvalidation<K extends Kind>(kind: K, handler: Handler<K>): void {
  let set = handlers.get(kind);
  if (!set) handlers.set(kind, (set = new Set()));
  set.add(handler as unknown as Handler<Kind>);
}

function dispatch(message: Invalidation): void {
  for (const handler of handlers.get(message.kind) ?? []) {
    try {
      handler(message);
    } catch (e) {
      logger.error({ err: e, kind: message.kind }, "invalidation handler failed");
    }
  }
}

/** Run every handler: forget everything kept (after notifications may have been missed). */
export function invalidateEverything(): void {
  dispatch({ kind: "publicReads" });
  dispatch({ kind: "history" });
  dispatch({ kind: "ruleSets" });
  // "listing" handlers forget a part of what "publicReads" forgets
}

/**
 * Announce a committed write: run this process's handlers for `message`, then notify every other
 * API process on the database. Call it after the transaction has committed.
 *
 * @param via - the database to notify through (default: the installed one, `db()`); with none
 *   installed only this process's handlers run
 * @returns when the notification has been sent (never rejects: a failure is logged)
 */
export async function invalidate(message: Invalidation, via?: Db): Promise<void> {
  dispatch(message);
  let client: Db;
  try {
    client = via ?? db();
  } catch {
    return; // no database installed (a unit test of a cache): nobody else to tell
  }
  const payload = JSON.stringify({ ...message, origin: PROCESS_ID });
  try {
    await client.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
  } catch (e) {
    logger.warn({ err: e, kind: message.kind }, "cache invalidation not sent to other processes");
  }
}

/**
 * Tell every other API process about `message` when (and only if) the transaction `tx` commits:
 * PostgreSQL delivers a `NOTIFY` sent in a transaction at its commit. For writes whose other
 * processes must not serve the old state a moment longer than the commit (a listing closing).
 * This process's handlers do not run: call {@link invalidate} after the commit for them.
 */
export async function invalidateAtCommit(tx: Pick<Db, "$executeRaw">, message: Invalidation): Promise<void> {
  const payload = JSON.stringify({ ...message, origin: PROCESS_ID });
  await tx.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
}

/**
 * The `NOTIFY` payload that tells the other API processes about `message` (this process as its
 * origin): for a write that sends `pg_notify(INVALIDATION_CHANNEL, payload)` in a statement of its
 * own transaction (delivered at its commit) and then calls {@link invalidateHere}.
 */
export function invalidationPayload(message: Invalidation): string {
  return JSON.stringify({ ...message, origin: PROCESS_ID });
}

/**
 * Run only this process's handlers for `message`: after the commit of a write that told the other
 * processes in its own transaction (see {@link invalidationPayload}).
 */
export function invalidateHere(message: Invalidation): void {
  dispatch(message);
}

/** A running listener; `stop()` ends its connection. */
export interface InvalidationListener {
  stop(): Promise<void>;
  /** Resolves once the listener is connected and listening (again after a reconnect). */
  ready(): Promise<void>;
}

/** First and longest wait before reconnecting a lost listener (milliseconds). */
export const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Listen on {@link INVALIDATION_CHANNEL} with one dedicated connection to `url` and run the
 * handlers for every other process's notification. Reconnects when the connection fails or ends,
 * and then forgets everything kept ({@link invalidateEverything}).
 *
 * @param url - PostgreSQL connection string (the API's database)
 */
export function startInvalidationListener(url: string): InvalidationListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let wait = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let connected!: () => void;
  let isReady = false;
  let readyPromise = new Promise<void>((r) => (connected = r));
  let everConnected = false;

  const onNotification = (n: pg.Notification) => {
    if (n.channel !== INVALIDATION_CHANNEL || !n.payload) return;
    let message: Invalidation & { origin?: string };
    try {
      message = JSON.parse(n.payload) as Invalidation & { origin?: string };
    } catch {
      return;
    }
    if (message.origin === PROCESS_ID) return;
    dispatch(message);
  };

  const lost = (c: pg.Client, e?: unknown) => {
    if (client !== c) return; // already handled
    client = null;
    c.removeAllListeners("notification");
    c.end().catch(() => {});
    if (stopped) return;
    logger.warn({ err: e }, `invalidation listener lost its connection; reconnecting in ${wait} ms`);
    if (isReady) {
      isReady = false;
      readyPromise = new Promise<void>((r) => (connected = r));
    }
    timer = setTimeout(connect, wait);
    timer.unref();
    wait = Math.min(wait * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    timer = null;
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on("error", (e) => lost(c, e));
    c.on("end", () => lost(c));
    c.on("notification", onNotification);
    try {
      await c.connect();
      await c.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (e) {
      lost(c, e);
      return;
    }
    if (stopped || client !== c) return;
    wait = RECONNECT_MIN_MS;
    // notifications sent while this process was not listening are lost: forget everything kept
    if (everConnected) invalidateEverything();
    everConnected = true;
    isReady = true;
    logger.info(`listening on ${INVALIDATION_CHANNEL} for other API processes' cache invalidations`);
    connected();
  };

  void connect();
  return {
    ready: () => readyPromise,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
