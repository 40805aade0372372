/**
 * Starts the whole stack for the browser suite: builds the portal (unless E2E_SKIP_BUILD=1),
 * then runs `scripts/start.ts` on free ports against a fresh embedded PostgreSQL in a temporary
 * data folder (migrations + the `small` seed), and waits for its `READY api=… portal=…` line.
 * Everything the stack prints goes to test/e2e/artifacts/stack.log (the password-reset test reads
 * the development mail from it). Teardown stops the stack (SIGTERM) and removes the data folder.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
export const ARTIFACTS = path.join(here, "artifacts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // E2E_STACK=0: no stack (only the files that need none, e.g. operations and i18n, can pass).
  if (process.env.E2E_STACK === "0") return;
  if (process.env.E2E_SKIP_BUILD !== "1") {
    // A production build as `pnpm start` makes it, in a clean environment: inside vitest,
    // NODE_ENV=test, MODE, VITEST* and friends make Vite bundle Svelte's development build
    // (about 9 KB gzip more on every page).
    const keep = [
      "PATH",
      "HOME",
      "USER",
      "LANG",
      "LC_ALL",
      "TMPDIR",
      "TERM",
      "CI",
      "PNPM_HOME",
      "npm_config_store_dir",
    ];
    const env = Object.fromEntries(
      keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]),
    );
    const build = spawnSync("pnpm", ["--filter", "@woonbeurt/portal", "run", "build"], {
      cwd: root,
      stdio: "inherit",
      env,
    });
    if (build.status !== 0) throw new Error("portal build failed");
  }
  const [apiPort, portalPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  // A real SMTP server for the stack's mail; tests read it through its JSON view (support.ts mailbox).
  const { startMailCatcher } = await import("../../api/src/mail/catcher.ts");
  const catcher = await startMailCatcher();
  // Inside the repository's git-ignored .data (like the other suites): the embedded server's
  // initdb runs as an unprivileged user that cannot enter a 0700 temp folder of root.
  fs.mkdirSync(path.join(root, ".data"), { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(root, ".data", "e2e-"));
  fs.chmodSync(dataDir, 0o755);
  const logPath = path.join(ARTIFACTS, "stack.log");
  const log = fs.createWriteStream(logPath);
  const portalUrlGuess = `http://127.0.0.1:${portalPort}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/start.ts",
      "--port-api",
      String(apiPort),
      "--port-portal",
      String(portalPort),
      "--pg-port",
      String(pgPort),
      "--data-dir",
      path.join(dataDir, "postgres"),
      "--database",
      "woonbeurt_e2e",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: "",
        PORTAL_URL: portalUrlGuess,
        ORIGIN: portalUrlGuess,
        SMTP_URL: catcher.smtpUrl,
        // Every test household registers and signs in from this one machine's address; the
        // limits themselves are covered by the API suite (integrity, fuzz).
        RATE_LIMIT_REGISTRATIONS_PER_IP: "10000",
        RATE_LIMIT_SIGN_INS_PER_IP: "10000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stderr?.pipe(log, { end: false });
  const urls = await new Promise<{ api: string; portal: string }>((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`stack not READY within 8 minutes; see ${logPath}`)),
      8 * 60_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      log.write(chunk);
      buffer += chunk.toString();
      const m = /READY api=(\S+) portal=(\S+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve({ api: m[1]!, portal: m[2]! });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code} before READY; see ${logPath}`));
    });
  });
  project.provide("apiUrl", urls.api);
  project.provide("portalUrl", urls.portal);
  project.provide("stackLog", logPath);
  project.provide("mailUrl", catcher.webUrl);

  return async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 30_000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    log.end();
    await catcher.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    portalUrl: string;
    stackLog: string;
    /** Web view of the suite's SMTP server (api/src/mail/catcher.ts): GET /messages.json. */
    mailUrl: string;
  }
}
