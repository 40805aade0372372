/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Structured logs (log.ts): one JSON access line per request with the request id, method, path,
 * operation name and type, status and duration; the id taken from `X-Request-Id` (or generated) and
 * answered in that header; and no personal data — operations carrying e-mail addresses, names,
 * passwords and tokens (in bodies, in a GET query string, in headers) leave none of them in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { createLogger, yogaLogger } from "../src/log.ts";
import { PASSWORD } from "./fixtures.ts";

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let output = "";
const capture = { write: (line: string) => void (output += line) };

const EMAIL = "log.probe.7f3a@example.org";
const FIRST = "Wilhelmina";
const LAST = "Zevenbergen-Quist";
const PHONE = "0612345678";

/** Every line written so far, parsed (each must be JSON). */
const lines = () =>
  output
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { res, body: (await res.json()) as any };
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logger: createLogger({ level: "info", destination: capture }) });
});

afterAll(async () => {
  await t?.drop();
});

describe("access log", () => {
  it("writes one JSON line per request with id, method, path, operation, status and duration", async () => {
    output = "";
    const { res } = await post(
      "query PublicListings { listings(first: 1) { totalCount } }",
      {},
      { "x-request-id": "portal-req-42" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("portal-req-42");
    const access = lines().filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      service: "api",
      level: "info",
      reqId: "portal-req-42",
      method: "POST",
      path: "/graphql",
      operationName: "PublicListings",
      operationType: "query",
      status: 200,
    });
    expect(typeof access[0]!.durationMs).toBe("number");
    expect(access[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("generates a request id when none or an unusable one is sent", async () => {
    output = "";
    const { res } = await post("{ __typename }", {}, { "x-request-id": "bad id\nwith newline" });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = lines().filter((l) => l.msg === "request");
    expect(line).toMatchObject({ reqId: id, operationName: null, operationType: "query" });
    expect(output).not.toContain("bad id");
  });
});

describe("no personal data in the log", () => {
  it("registering, signing in, reading the profile and a GET with variables leave no e-mail, name, password or token", async () => {
    output = "";
    const register = await post(
      `mutation Register($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename } }`,
      {
        input: {
          email: EMAIL,
          password: PASSWORD,
          firstName: FIRST,
          lastName: LAST,
          phone: PHONE,
          birthDate: "1990-04-05",
          income: { amount: 31000 },
        },
      },
    );
    expect(register.body.data.seekerRegister.__typename).toBe("SeekerRegisterSuccess");
    const signIn = await post(
      `mutation SignIn($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename ... on SessionCreateSuccess { session { token } } } }`,
      { e: EMAIL, p: PASSWORD },
    );
    const token: string = signIn.body.data.sessionCreate.session.token;
    expect(token).toBeTruthy();
    const wrong = await post(
      `mutation SignIn($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename } }`,
      { e: EMAIL, p: "wrong-password-Q9x!" },
    );
    expect(wrong.body.data.sessionCreate.__typename).toBe("InvalidCredentialsError");
    const viewer = await post(
      `query Me { viewer { firstName lastName } account { email } }`,
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(viewer.body.data.viewer.firstName).toBe(FIRST);
    // GET carries the query and its variables in the URL.
    const url = new URL("http://test/graphql");
    url.searchParams.set("query", "query Find($e: String!) { __type(name: $e) { name } }");
    url.searchParams.set("variables", JSON.stringify({ e: EMAIL }));
    const get = await app.fetch(url, {
      headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
    });
    expect(get.status).toBe(200);
    // A request the API cannot parse, with personal data in it.
    const broken = await app.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query": "{ viewer { firstName } ", "variables": {"email": "${EMAIL}"`,
    });
    expect(broken.status).toBe(400);

    const access = lines().filter((l) => l.msg === "request");
    expect(access.map((l) => [l.method, l.operationName, l.status])).toEqual([
      ["POST", "Register", 200],
      ["POST", "SignIn", 200],
      ["POST", "SignIn", 200],
      ["POST", "Me", 200],
      ["GET", "Find", 200],
      ["POST", null, 400],
    ]);
    expect(access.every((l) => l.path === "/graphql")).toBe(true);
    for (const secret of [
      EMAIL,
      "log.probe",
      FIRST,
      LAST,
      PHONE,
      PASSWORD,
      "wrong-password",
      token,
      "Bearer",
    ]) {
      expect(output, `the log contains ${secret}`).not.toContain(secret);
    }
  });

  it("logs an unexpected error by type, first message line and stack frames, never what the message quotes", () => {
    let out = "";
    const log = yogaLogger(
      createLogger({ level: "info", destination: { write: (l: string) => void (out += l) } }),
    );
    const error = new Error(
      `Invalid \`prisma.seeker.create()\` invocation:\n\n{ data: { email: "${EMAIL}", firstName: "${FIRST}" } }`,
    );
    log.error(error);
    const line = JSON.parse(out);
    expect(line).toMatchObject({
      level: "error",
      error: { type: "Error", message: "Invalid `prisma.seeker.create()` invocation:" },
    });
    expect(line.error.stack.length).toBeGreaterThan(0);
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain(FIRST);
  });
});
