/**
 * A counting proxy between a contender and PostgreSQL: listens on a Unix socket (no TCP port) and
 * forwards to the server, counting the SQL statements clients send — every simple-protocol Query
 * ('Q') and every extended-protocol Execute ('E') message, BEGIN/COMMIT included. The same count
 * for all contenders, whatever their driver, without pg_stat_statements.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A running counter. */
export interface StatementCounter {
  /** Connection string that goes through the proxy (same credentials and database as `url`). */
  url: string;
  /** Statements seen since start (all connections). */
  count(): number;
  /** Stop listening and close every proxied connection. */
  close(): Promise<void>;
}

/**
 * Start a counting proxy for `url` (postgres://user:password@host:port/db).
 *
 * @param url - the real server
 * @param dir - folder for the Unix socket (`.s.PGSQL.<port>` is created in it)
 */
export async function startStatementCounter(url: string, dir: string): Promise<StatementCounter> {
  const target = new URL(url);
  const port = Number(target.port || 5432);
  fs.mkdirSync(dir, { recursive: true });
  const socketPath = path.join(dir, `.s.PGSQL.${port}`);
  fs.rmSync(socketPath, { force: true });
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port });
    sockets.add(client);
    sockets.add(upstream);
    let started = false;
    let buffer: Buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (!started) {
          if (buffer.length < 8) break;
          const len = buffer.readInt32BE(0);
          if (buffer.length < len) break;
          if (buffer.readInt32BE(4) === 196608) started = true; // StartupMessage (not SSLRequest)
          buffer = buffer.subarray(len);
          continue;
        }
        if (buffer.length < 5) break;
        const len = buffer.readInt32BE(1);
        if (buffer.length < len + 1) break;
        const type = String.fromCharCode(buffer[0]!);
        if (type === "Q" || type === "E") statements++;
        buffer = buffer.subarray(len + 1);
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(socketPath, resolve));
  const proxied = new URL(url);
  proxied.hostname = "localhost";
  proxied.searchParams.set("host", dir);
  return {
    url: proxied.toString(),
    count: () => statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
