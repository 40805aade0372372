/**
 * Start the whole product (`scripts/start.ts`) as a child process on free ports against a given
 * database, and wait for its `READY api=… portal=…` line. Used by the start-command test and the
 * end-to-end suite.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { repoRoot } from "../../prisma/src/index.ts";

export interface RunningStack {
  apiUrl: string;
  portalUrl: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGINT, then wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  process: ChildProcess;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Run `scripts/start.ts` (through tsx's loader) with DATABASE_URL = `databaseUrl` on free ports.
 * @throws when it does not print READY within `timeoutMs` or exits early.
 */
export async function startStack(
  databaseUrl: string,
  opts: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunningStack> {
  const root = repoRoot();
  const [apiPort, portalPort] = [await freePort(), await freePort()];
  // node --import tsx, not the tsx CLI: its wrapper process exits 130 on SIGINT.
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "scripts", "start.ts"),
      "--port-api",
      String(apiPort),
      "--port-portal",
      String(portalPort),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_ENV: "production",
        // production refuses the development document key: give this run a key of its own
        DOCUMENT_KEY: randomBytes(32).toString("base64"),
        // and a lottery key of its own (LOTTERY_KEY is required in production too)
        LOTTERY_KEY: randomBytes(32).toString("base64"),
        // the mail catcher pnpm start runs: free ports, never the developer's 1025/1080
        MAIL_SMTP_PORT: "0",
        MAIL_WEB_PORT: "0",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack not READY within ${opts.timeoutMs ?? 180_000} ms:\n${out}`)),
      opts.timeoutMs ?? 180_000,
    );
    const check = () => {
      const m = out.match(/READY api=(\S+) portal=(\S*)/);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited with ${code} before READY:\n${out}`));
    });
  });
  return {
    apiUrl: ready[1]!,
    portalUrl: ready[2]!,
    output: () => out,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGINT");
      }),
  };
}
