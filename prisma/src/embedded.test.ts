/**
 * The embedded PostgreSQL explains itself: another checkout's server on the same port is never
 * reused, and a data folder the server's user cannot reach gets advice instead of `EACCES`.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded.ts";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const started: EmbeddedServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder the server's user ("postgres" when we are root) may enter. */
function openTempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "wb-embedded-"));
  fs.chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

describe("embedded PostgreSQL", () => {
  it("reuses its own running server, but refuses another checkout's on the same port and says which port to choose", async () => {
    const port = await freePort();
    const a = path.join(openTempDir(), "postgres");
    const first = await startEmbeddedPostgres({ dataDir: a, port });
    started.push(first);
    const again = await startEmbeddedPostgres({ dataDir: a, port });
    expect(again.adminUrl).toBe(first.adminUrl);
    const b = path.join(openTempDir(), "postgres");
    const other = startEmbeddedPostgres({ dataDir: b, port });
    await expect(other).rejects.toThrow(/another checkout/);
    await expect(startEmbeddedPostgres({ dataDir: b, port })).rejects.toThrow(
      new RegExp(`EMBEDDED_PG_PORT=${port + 1}`),
    );
    expect(fs.existsSync(path.join(b, "PG_VERSION"))).toBe(false);
  });

  // These machines (and CI) run as root, where the server runs as the system user "postgres".
  it("as root, a data folder under a folder others may not enter gets advice, not a bare EACCES", async () => {
    expect(process.getuid?.()).toBe(0);
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), "wb-closed-"));
    dirs.push(closed);
    fs.chmodSync(closed, 0o700);
    const attempt = startEmbeddedPostgres({
      dataDir: path.join(closed, "data", "postgres"),
      port: await freePort(),
    });
    await expect(attempt).rejects.toThrow(/system user "postgres".*chmod o\+x .*wb-closed-/s);
  });
});
