/**
 * The start command comes up on free ports against a fresh database (migrates, seeds `small`),
 * answers a GraphQL `__typename` query and serves the portal's `/`, and stops cleanly on SIGINT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase, withDatabase } from "../../prisma/src/index.ts";
import { testAdminUrl } from "../support/db.ts";
import { startStack, type RunningStack } from "../support/stack.ts";

const name = `start_${Date.now().toString(36)}`;
let stack: RunningStack;

beforeAll(async () => {
  await ensureDatabase(testAdminUrl(), name);
  stack = await startStack(withDatabase(testAdminUrl(), name));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await dropDatabase(testAdminUrl(), name);
});

describe("pnpm start", () => {
  it("prints the API and portal URLs and the demo accounts", () => {
    expect(stack.output()).toMatch(/GraphQL API and GraphiQL: http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(stack.output()).toMatch(/demo\.woonbeurt\.nl/);
  });

  it("answers a GraphQL __typename query", async () => {
    const res = await fetch(stack.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("serves the portal's home page in Dutch", async () => {
    const res = await fetch(stack.portalUrl + "/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<html[^>]*lang="nl"/);
  });

  it("compresses the portal's pages and its static files, and the API's larger answers", async () => {
    // node's fetch would decode the body; read the headers of a raw request instead.
    const { request } = await import("node:http");
    const head = (
      url: string,
      init: { method?: string; body?: string; headers?: Record<string, string> } = {},
    ) =>
      new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const req = request(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
          res.resume();
          resolve({ status: String(res.statusCode), ...res.headers });
        });
        req.on("error", reject);
        req.end(init.body);
      });
    const page = await head(stack.portalUrl + "/aanbod", { headers: { "accept-encoding": "br, gzip" } });
    expect(page.status).toBe("200");
    expect(page["content-encoding"]).toBe("br");
    const html = await (await fetch(stack.portalUrl + "/aanbod")).text();
    const script = html.match(/\/_app\/immutable\/[^"']+\.js/)?.[0];
    expect(script).toBeTruthy();
    const asset = await head(stack.portalUrl + script!, { headers: { "accept-encoding": "gzip" } });
    expect(asset["content-encoding"]).toBe("gzip");
    const api = await head(stack.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-encoding": "gzip" },
      body: JSON.stringify({ query: "{ listings(first: 50) { edges { node { id title description } } } }" }),
    });
    expect(api.status).toBe("200");
    expect(api["content-encoding"]).toBe("gzip");
  });

  it("stops cleanly on SIGINT", async () => {
    const code = await stack.stop();
    expect(code).toBe(0);
  });
});
