/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Read scaling (issue 13 item 3, read-replica.ts): with a read replica configured
 * (`DATABASE_READ_URL`; here the same database under a second connection string with its own
 * application_name), anonymous public queries read from it; signed-in callers and mutations stay on
 * the primary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@woonbeurt/db";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

const REPLICA_APP = "woonbeurt-replica-test";
let t: TestDatabase;
let replica: Db;
let app: App;
let f: Fixtures;
let replicaQueries = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  const url = new URL(t.url);
  url.searchParams.set("application_name", REPLICA_APP);
  replica = createPrismaClient({ url: url.toString(), logQueries: true });
  (replica as any).$on("query", () => (replicaQueries += 1));
  app = createApp({ db: t.db, readReplica: replica, logErrors: false, responseCache: false });
  f = new Fixtures(t.db);
});
afterAll(async () => {
  await replica?.$disconnect();
  await t?.drop();
});

const LISTINGS = `{ listings(first: 10) { totalCount edges { node { id reference } } } }`;

describe("read replica", () => {
  it("serves anonymous public queries from the replica", async () => {
    const org = await f.organisation();
    const l = await f.listing(org.id);
    const before = replicaQueries;
    const r = await gql(app, LISTINGS);
    expect(r.errors).toBeUndefined();
    expect(r.data.listings.edges.map((e: any) => e.node.reference)).toContain(l.reference);
    expect(replicaQueries).toBeGreaterThan(before);
    // the replica's connections are the ones under its own application_name
    const rows = await t.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = ${REPLICA_APP} AND datname = current_database()`;
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it("keeps signed-in callers and mutations on the primary", async () => {
    const seeker = await f.seeker();
    const before = replicaQueries;
    const signedIn = await gql(app, LISTINGS, {}, (seeker as any).token);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.listings.totalCount).toBeGreaterThan(0);
    const mutation = await gql(
      app,
      `mutation { sessionCreate(input: { email: "nobody@example.org", password: "wrong password" }) { __typename } }`,
    );
    expect(mutation.data.sessionCreate.__typename).toBe("InvalidCredentialsError");
    expect(replicaQueries).toBe(before);
  });
});
