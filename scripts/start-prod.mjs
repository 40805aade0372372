/**
 * `pnpm start:prod`: the compiled product with plain node, as in production (after `pnpm build`):
 * the API (`node --max-semi-space-size=32 --heap-growing-percent=100 api/dist/main.js`, flags from
 * api/scripts/node-flags.mjs) and the portal (`node portal/serve.js`) as two processes.
 * No seeding and no TypeScript at run time; `pnpm start` stays the command for newcomers.
 *
 * Environment: DATABASE_URL (unset: the embedded PostgreSQL of `pnpm start`, migrated by the API),
 * API_PORT (4000), PORTAL_PORT (3000), API_HOST / HOST (127.0.0.1), PORTAL_PROXY_SECRET (random per
 * run when unset, shared by both), ORIGIN and PORTAL_URL (the portal's URL), LOG_LEVEL. SIGINT or
 * SIGTERM is passed to both; each lets in-flight requests finish, then this exits.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { API_NODE_FLAGS } from "../api/scripts/node-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiPort = process.env.API_PORT || "4000";
const portalPort = process.env.PORTAL_PORT || "3000";
const portalUrl = process.env.ORIGIN || `http://127.0.0.1:${portalPort}`;
const secret = process.env.PORTAL_PROXY_SECRET || randomBytes(32).toString("base64url");
const shared = {
  ...process.env,
  PORTAL_PROXY_SECRET: secret,
  PORTAL_URL: process.env.PORTAL_URL || portalUrl,
};

const children = [
  spawn(process.execPath, [...API_NODE_FLAGS, path.join(root, "api", "dist", "main.js")], {
    env: { ...shared, API_PORT: apiPort },
    stdio: "inherit",
  }),
  spawn(process.execPath, [path.join(root, "portal", "serve.js")], {
    env: {
      ...shared,
      PORT: portalPort,
      ORIGIN: portalUrl,
      API_URL: process.env.API_URL || `http://127.0.0.1:${apiPort}/graphql`,
    },
    stdio: "inherit",
  }),
];

let exitCode = 0;
let running = children.length;
for (const child of children) {
  child.on("exit", (code) => {
    if (code) exitCode = code;
    running -= 1;
    // One process gone: stop the other too, then leave with the first non-zero code.
    for (const other of children) if (other.exitCode === null) other.kill("SIGTERM");
    if (running === 0) process.exit(exitCode);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
