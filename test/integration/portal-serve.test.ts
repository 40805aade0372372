/**
 * The portal's own start (`node portal/serve.js`, adapter-node): `/healthz` and `/readyz` (the API
 * reachable and ready), loopback by default, and a graceful shutdown that lets an in-flight page
 * finish. Needs `portal/build` (`pnpm --filter @woonbeurt/portal run build`, as start.test.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../prisma/src/index.ts";
import { createApp } from "../../api/src/server.ts";
import { createLogger } from "../../api/src/log.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { freePort } from "../support/stack.ts";

let t: TestDatabase;
let api: http.Server;
let apiPort: number;
/** Milliseconds the API waits before answering a GraphQL request (to keep a page in flight). */
let apiDelayMs = 0;
/** Called when the API receives a request it delays. */
let onDelayedRequest: (() => void) | null = null;
/** What the API logged (JSON lines). */
let apiLog = "";

interface Portal {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start `node portal/serve.js` on a free port and wait until it answers `/healthz`. */
async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot(), "portal", "serve.js")], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      API_URL: `http://127.0.0.1:${apiPort}/graphql`,
      ORIGIN: `http://127.0.0.1:${port}`,
      SHUTDOWN_TIMEOUT: "20",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://${env.HOST ?? "127.0.0.1"}:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error(`portal did not answer within 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, child, output: () => out, exited };
}

async function stopPortal(p: Portal | undefined) {
  if (p && p.child.exitCode === null) {
    p.child.kill("SIGKILL");
    await p.exited;
  }
}

/** Whether a TCP connection to host:port is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const yoga = createApp({
    db: t.db,
    logErrors: false,
    logger: createLogger({ level: "info", destination: { write: (l: string) => void (apiLog += l) } }),
  });
  api = http.createServer((req, res) => {
    if (apiDelayMs && req.url?.startsWith("/graphql")) {
      onDelayedRequest?.();
      setTimeout(() => void yoga(req, res), apiDelayMs);
    } else void yoga(req, res);
  });
  apiPort = await freePort();
  await new Promise<void>((r) => api.listen(apiPort, "127.0.0.1", () => r()));
  // Warm the API up (schema, first database connection), so that the portal's readiness probe,
  // which waits 5 s for it, measures the portal and not a cold start on a loaded machine.
  await fetch(`http://127.0.0.1:${apiPort}/readyz`);
});

afterAll(async () => {
  api.closeAllConnections();
  await new Promise((r) => api.close(r));
  await t?.drop();
});

describe("portal server (node portal/serve.js)", () => {
  it("answers /healthz, and /readyz by the API's readiness", async () => {
    const p = await startPortal();
    try {
      const health = await fetch(`${p.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });

      const ready = await fetch(`${p.url}/readyz`);
      expect(await ready.json(), p.output()).toEqual({ status: "ready" });
      expect(ready.status).toBe(200);
    } finally {
      await stopPortal(p);
    }
    // The same portal pointed at an API that does not answer: alive, but not ready.
    const closedPort = await freePort();
    const q = await startPortal({ API_URL: `http://127.0.0.1:${closedPort}/graphql` });
    try {
      expect((await fetch(`${q.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${q.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "not ready", reason: "API unreachable" });
    } finally {
      await stopPortal(q);
    }
  });

  it("logs JSON access lines with one request id, passed to the API and answered to the browser", async () => {
    const p = await startPortal();
    try {
      apiLog = "";
      const res = await fetch(`${p.url}/aanbod?q=secret-search-term`, {
        headers: { "x-request-id": "trace-5150" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe("trace-5150");
      await new Promise((r) => setTimeout(r, 200)); // let the line reach stdout
      const portalLines = p
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l));
      expect(portalLines).toContainEqual(
        expect.objectContaining({
          service: "portal",
          msg: "request",
          reqId: "trace-5150",
          method: "GET",
          route: "/aanbod",
          status: 200,
        }),
      );
      expect(p.output()).not.toContain("secret-search-term");
      const apiLines = apiLog
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const calls = apiLines.filter((l) => l.msg === "request" && l.reqId === "trace-5150");
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((l) => l.status === 200 && typeof l.operationName === "string")).toBe(true);

      // Without an id from the browser, the portal makes one and the API logs the same.
      apiLog = "";
      const own = await fetch(`${p.url}/aanbod`);
      const id = own.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(apiLog).toContain(`"reqId":"${id}"`);
    } finally {
      await stopPortal(p);
    }
  });

  it("listens on loopback only by default, on HOST when set", async () => {
    const p = await startPortal();
    try {
      expect(await connects("127.0.0.1", p.port)).toBe(true);
      // 127.0.0.2 is loopback too, but not the address the portal is bound to (0.0.0.0 would take it).
      expect(await connects("127.0.0.2", p.port)).toBe(false);
    } finally {
      await stopPortal(p);
    }
    const q = await startPortal({ HOST: "127.0.0.2" });
    try {
      expect(await connects("127.0.0.2", q.port)).toBe(true);
      expect(await connects("127.0.0.1", q.port)).toBe(false);
    } finally {
      await stopPortal(q);
    }
  });

  it("on SIGTERM finishes the page in flight, refuses new connections and exits 0", async () => {
    const p = await startPortal();
    try {
      apiDelayMs = 3000;
      const apiReached = new Promise<void>((r) => (onDelayedRequest = r));
      const inFlight = fetch(`${p.url}/aanbod`).then(async (r) => ({
        status: r.status,
        html: await r.text(),
      }));
      inFlight.catch(() => {}); // awaited below
      await apiReached; // the portal now waits for the API
      p.child.kill("SIGTERM");
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = !(await connects("127.0.0.1", p.port));
        if (!refused) await new Promise((r) => setTimeout(r, 50));
      }
      expect(refused).toBe(true);
      const page = await inFlight;
      expect(page.status).toBe(200);
      expect(page.html).toMatch(/<html[^>]*lang="nl"/);
      expect(await p.exited).toBe(0);
    } finally {
      apiDelayMs = 0;
      onDelayedRequest = null;
      await stopPortal(p);
    }
  });
});
