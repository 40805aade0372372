/** graphql-http's auditServer (GraphQL over HTTP spec compliance) against the running server. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auditServer } from "graphql-http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";

let t: TestDatabase;
let server: Server;
let url = "";

beforeAll(async () => {
  t = await createTestDatabase();
  server = createServer(createApp({ db: t.db, logErrors: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t?.drop();
});

it("reports no error results", async () => {
  const results = await auditServer({ url });
  const errors = results.filter((r) => r.status === "error");
  expect(errors.map((e) => `${e.id} ${e.name}: ${"reason" in e ? e.reason : ""}`)).toEqual([]);
  expect(results.filter((r) => r.status === "ok").length).toBeGreaterThan(10);
});
