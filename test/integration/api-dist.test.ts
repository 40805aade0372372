/**
 * The production build of the API: `pnpm --filter @woonbeurt/api run build` writes
 * `api/dist/main.js`, which plain `node` starts with the production flags (api/scripts/node-flags.mjs;
 * no tsx, no TypeScript loader): it answers
 * `{ __typename }`, reports ready (it finds the committed migrations from the bundle) and stops on
 * SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_NODE_FLAGS } from "../../api/scripts/node-flags.mjs";
import { repoRoot } from "../../prisma/src/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { freePort } from "../support/stack.ts";

const root = repoRoot();
const dist = path.join(root, "api", "dist", "main.js");
let t: TestDatabase;
let child: ChildProcess;
let out = "";
let base: string;
let exited: Promise<number | null>;

beforeAll(async () => {
  fs.rmSync(path.join(root, "api", "dist"), { recursive: true, force: true });
  const build = spawnSync("pnpm", ["--filter", "@woonbeurt/api", "run", "build"], {
    cwd: root,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  t = await createTestDatabase();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Plain node, from a folder outside the repository, with no loader flags inherited.
  // with the flags production starts it with (start-prod.mjs, Dockerfile)
  child = spawn(process.execPath, [...API_NODE_FLAGS, dist], {
    cwd: "/",
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: t.url,
      // the read-replica extension and the job queue load from the bundle too
      DATABASE_READ_URL: t.url,
      API_PORT: String(port),
      JOBS: "off",
      NODE_ENV: "production",
      DOCUMENT_KEY: randomBytes(32).toString("base64"),
      LOTTERY_KEY: randomBytes(32).toString("base64"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`node api/dist/main.js exited early:\n${out}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 600) throw new Error(`no answer within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  await t?.drop();
});

describe("node api/dist/main.js", () => {
  it("is a bundle that plain node runs", () => {
    expect(fs.existsSync(dist)).toBe(true);
    // Our TypeScript is bundled: no import of a .ts file or of the workspace packages is left.
    const code = fs.readFileSync(dist, "utf8");
    expect(code).not.toMatch(/from\s+["'][^"']+\.ts["']/);
    expect(code).not.toMatch(/from\s+["']@woonbeurt\//);
  });

  it("answers { __typename }", async () => {
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("is ready: it finds the committed migrations and sees them applied", async () => {
    const res = await fetch(`${base}/readyz`);
    expect(await res.json()).toEqual({ status: "ready" });
    expect(res.status).toBe(200);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
