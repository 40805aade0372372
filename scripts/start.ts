/**
 * `pnpm start`: the whole product on one machine.
 *
 * 1. Database: `DATABASE_URL` when set, otherwise embedded PostgreSQL in `.data/postgres`.
 * 2. Migrations (`prisma migrate deploy`).
 * 3. Seeds the `small` dataset when the database is empty (`SEED_SCALE=region` for the full region).
 * 4. Starts the GraphQL API (GraphiQL at its URL) and the portal (built SvelteKit app).
 * 5. Prints the URLs, the demo accounts, and a line `READY api=<url> portal=<url>`.
 * Mail: unless SMTP_URL is set, a local mail catcher (api/src/mail/catcher.ts) takes the mail on
 * 127.0.0.1:MAIL_SMTP_PORT (default 1025) and shows it at http://127.0.0.1:MAIL_WEB_PORT (default
 * 1080); `0` picks free ports. The API sends through it (SMTP_URL is set for this process).
 * Ctrl-C (SIGINT) or SIGTERM stops all of it, the embedded database included.
 *
 * Flags (each also as environment variable): --port-api (API_PORT, 4000), --port-portal
 * (PORTAL_PORT, 3000), --data-dir (embedded data folder, default .data/postgres), --pg-port
 * (EMBEDDED_PG_PORT, 5544), --database (database name on the embedded server, default woonbeurt),
 * --scale small|region (SEED_SCALE, small), --no-portal. Interfaces: API_HOST and PORTAL_HOST (or
 * HOST), both 127.0.0.1 by default; on stop, in-flight requests get SHUTDOWN_GRACE_MS (10000) to finish.
 *
 * With the portal, unless already set: PORTAL_URL (links in password-reset mails) becomes the
 * portal's URL (ORIGIN when set), and PORTAL_PROXY_SECRET becomes a random secret of this run,
 * shared by the portal and the API: the API takes the browser address the portal forwards for its
 * rate limits only from a caller presenting it (api/README.md).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createPrismaClient, migrateDeploy, repoRoot, resolveDatabase } from "../prisma/src/index.ts";

const { values: flags } = parseArgs({
  options: {
    "port-api": { type: "string" },
    "port-portal": { type: "string" },
    "data-dir": { type: "string" },
    "pg-port": { type: "string" },
    database: { type: "string" },
    scale: { type: "string" },
    "no-portal": { type: "boolean" },
    dev: { type: "boolean" },
  },
});

const apiPort = Number(flags["port-api"] ?? process.env.API_PORT ?? 4000);
const portalPort = Number(flags["port-portal"] ?? process.env.PORTAL_PORT ?? 3000);
const scale = (flags.scale ?? process.env.SEED_SCALE ?? "small") as "small" | "region";
const root = repoRoot();
const log = (m: string) => console.log(`[woonbeurt] ${m}`);

/** How long in-flight requests may finish on Ctrl-C / SIGTERM (ms); then connections are cut. */
const shutdownGraceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
const stops: Array<() => Promise<void>> = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  // On Ctrl-C in a terminal the embedded PostgreSQL gets the signal too and ends its connections at
  // once: a library still finishing (the job queue marking its runs failed) then rejects without a
  // handler, which would crash the process with a stack trace instead of stopping. While stopping,
  // such rejections are reported in one line; the remaining steps still run.
  process.on("unhandledRejection", (e) => log(`while stopping: ${(e as Error)?.message ?? String(e)}`));
  // A step that never ends (a stuck connection) must not keep Ctrl-C from working: after the
  // requests' grace and the job queue's wait, exit anyway and say so.
  const watchdog = setTimeout(
    () => {
      log(`a stop step did not end within ${(2 * shutdownGraceMs + 15_000) / 1000} s; exiting anyway`);
      process.exit(1);
    },
    2 * shutdownGraceMs + 15_000,
  );
  watchdog.unref();
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** Interfaces to listen on: loopback unless API_HOST / PORTAL_HOST (or HOST) say otherwise. */
const apiHost = process.env.API_HOST || "127.0.0.1";
const portalHost = process.env.PORTAL_HOST || process.env.HOST || "127.0.0.1";

/** Listen on `host`; a taken port is reported with the flag and variable that choose another. */
function listen(server: http.Server, port: number, what: "API" | "portal", host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(
              `port ${port} (${what}) is already in use by another program. Choose another with ` +
                (what === "API"
                  ? "API_PORT=4001 or --port-api 4001"
                  : "PORTAL_PORT=3001 or --port-portal 3001") +
                `, or stop the program using it (\`ss -ltnp | grep :${port}\` shows which).`,
            )
          : e,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

try {
  const t0 = Date.now();
  const database = await resolveDatabase({
    dataDir: flags["data-dir"] ? path.resolve(flags["data-dir"]) : undefined,
    port: flags["pg-port"] ? Number(flags["pg-port"]) : undefined,
    database: flags.database,
  });
  stops.push(database.stop);
  log(
    `database: ${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"} (${database.url.replace(/:[^:@/]+@/, ":***@")})`,
  );
  await migrateDeploy(database.url);
  log("migrations applied");

  const db = createPrismaClient({ url: database.url, max: 20 });
  stops.push(() => db.$disconnect());

  const { seed, DEMO_ACCOUNTS, DatabaseNotEmptyError } = await import("../prisma/seed/index.ts");
  if ((await db.ruleSet.count()) === 0) {
    log(`no rule set in the database: seeding '${scale}' …`);
    // The seed is deterministic for a given reference date. Today at 12:00 UTC keeps the open
    // listings open for the next days whenever `start` runs (the scheduled close job would shut
    // listings seeded against a date in the past).
    const today = new Date();
    const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
    try {
      const report = await seed(db, { scale, now });
      log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(report.counts)}`);
    } catch (e) {
      if (!(e instanceof DatabaseNotEmptyError)) throw e;
      // Data of its own but no rule set: never overwrite it. The API falls back to the built-in
      // 2019 rule set until an administrator stores one.
      log(`not seeding: ${e.message}. Start from scratch with \`pnpm db:seed -- --reset\`.`);
    }
  }

  const portalUrl = flags["no-portal"] ? "" : `http://127.0.0.1:${portalPort}`;
  if (portalUrl) {
    // Links the API sends (password reset) point at the portal actually running here.
    process.env.PORTAL_URL ??= process.env.ORIGIN ?? portalUrl;
    // The portal's server forwards the browser's address with this secret; the API believes a
    // forwarded address only from a caller presenting it (api/README.md, PORTAL_PROXY_SECRET).
    process.env.PORTAL_PROXY_SECRET ||= randomBytes(32).toString("base64url");
  }
  let mailWeb = "";
  if (!process.env.SMTP_URL) {
    const { startMailCatcher } = await import("../api/src/mail/catcher.ts");
    try {
      const catcher = await startMailCatcher({
        smtpPort: Number(process.env.MAIL_SMTP_PORT ?? 1025),
        webPort: Number(process.env.MAIL_WEB_PORT ?? 1080),
      });
      stops.push(catcher.stop);
      process.env.SMTP_URL = catcher.smtpUrl;
      mailWeb = catcher.webUrl;
      log(`mail catcher: SMTP ${catcher.smtpUrl}, read the mail at ${catcher.webUrl}`);
    } catch (e) {
      log(
        `mail catcher not started (${(e as Error).message}); mail is written to this log. Choose ports with MAIL_SMTP_PORT / MAIL_WEB_PORT or set SMTP_URL.`,
      );
    }
  }
  // one-click unsubscribe links in mail point at this API (mail/outbox.ts)
  process.env.API_PUBLIC_URL ??= `http://127.0.0.1:${apiPort}`;
  const { createApp } = await import("../api/src/server.ts");
  const { withCompression, closeGracefully } = await import("../api/src/http.ts");
  // other API processes on this database (e.g. a `node api/dist/main.js` beside it) tell this one
  // what to forget (api/src/invalidation.ts)
  const { startInvalidationListener } = await import("../api/src/invalidation.ts");
  const listener = startInvalidationListener(database.url);
  stops.push(() => listener.stop());
  // DATABASE_READ_URL: anonymous public queries read from this replica (api/src/read-replica.ts)
  const readReplica = process.env.DATABASE_READ_URL
    ? createPrismaClient({ url: process.env.DATABASE_READ_URL, max: 20 })
    : null;
  if (readReplica) stops.push(() => readReplica.$disconnect());
  const app = createApp({ db, readReplica });
  const apiServer = http.createServer(withCompression(app));
  await listen(apiServer, apiPort, "API", apiHost);
  stops.push(() => closeGracefully(apiServer, shutdownGraceMs));
  // Scheduled jobs on the PostgreSQL job queue (api/src/queue.ts); JOBS=off runs none here.
  const { startJobQueue } = await import("../api/src/queue.ts");
  const jobQueue = await startJobQueue({ db, url: database.url, work: process.env.JOBS !== "off" });
  stops.push(() => jobQueue.stop(shutdownGraceMs));
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;

  if (portalUrl) {
    const buildDir = path.join(root, "portal", "build");
    if (!fs.existsSync(path.join(buildDir, "handler.js"))) {
      throw new Error(
        "portal/build is missing: run `pnpm --filter @woonbeurt/portal run build` (pnpm start does it)",
      );
    }
    process.env.API_URL = apiUrl;
    process.env.ORIGIN ??= portalUrl;
    // Form posts may carry up to 5 urgency documents of 10 MiB (the API's per-request limit);
    // adapter-node's default of 512 kB would refuse most scans. Larger bodies get the form's own
    // message (urgentie/[id]/bewerken), not a bare 413.
    process.env.BODY_SIZE_LIMIT ??= "55M";
    const { handler } = await import(path.join(buildDir, "handler.js"));
    const portalServer = http.createServer(withCompression(handler));
    await listen(portalServer, portalPort, "portal", portalHost);
    stops.push(() => closeGracefully(portalServer, shutdownGraceMs));
  }

  console.log("");
  log(`GraphQL API and GraphiQL: ${apiUrl}`);
  if (portalUrl) log(`Portal: ${portalUrl}`);
  if (mailWeb) log(`Mail (everything the platform sends): ${mailWeb}`);
  console.log("\nDemo accounts:");
  console.table(
    DEMO_ACCOUNTS.map(
      (a: { email: string; password: string; role: string; organisation?: string | null }) => ({
        role: a.role,
        email: a.email,
        password: a.password,
        organisation: a.organisation ?? "",
      }),
    ),
  );
  console.log(`READY api=${apiUrl} portal=${portalUrl}`);
  log("Ctrl-C stops the API, the portal and the database.");
} catch (e) {
  // Our own explanations (ports, data folder access) need no stack trace; anything else does.
  const err = e as Error & { explained?: boolean };
  console.error(
    `[woonbeurt] start failed: ${err.explained || /already in use/.test(err.message ?? "") ? err.message : (err.stack ?? e)}`,
  );
  await shutdown(1);
}
