/** No N+1: the number of SQL statements does not grow with the page size. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { countStatements, createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { clearRankKeys } from "../src/schema/rank-keys.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let statements: ReturnType<typeof countStatements>;
let token = "";

beforeAll(async () => {
  t = await createTestDatabase();
  // every statement on the client's connections, through Prisma or plain node-postgres
  statements = countStatements(t.db);
  app = createApp({ db: t.db, logErrors: false });
  const f = new Fixtures(t.db);
  const org = await f.organisation();
  const { municipality, district } = await f.municipality();
  for (let i = 0; i < 120; i++)
    await f.listing(org.id, { rent: 400 + i, municipalityId: municipality.id, districtId: district.id });
  token = (await f.seeker()).token;
});
afterAll(async () => t?.drop());

const query = `query($n: Int!) { listings(first: $n) { edges { node { id reference netRent responseCount
  dwelling { rooms areaM2 municipality { name } district { name } } landlord { name }
  viewerEligibility { eligible checks { code passed } } viewerPosition { ifRespondedNow { kind from to } } } } } }`;

async function count(n: number, keptRankKeys = false) {
  // Cold by default: the listings' rank keys (rank-keys.ts) are computed in this request too.
  if (!keptRankKeys) clearRankKeys();
  const before = statements.count();
  const r = await gql(app, query, { n }, token);
  expect(r.errors).toBeUndefined();
  expect(r.data.listings.edges).toHaveLength(n);
  return statements.count() - before;
}

it("listings(first: 10) and (first: 100) with dwelling, organisation and viewer eligibility run the same number of SQL statements", async () => {
  await count(10); // warm-up (rule set cache etc. are per request anyway)
  const ten = await count(10);
  const hundred = await count(100);
  expect(hundred).toBe(ten);
  expect(ten).toBeLessThan(25);
  // With the rank keys kept from the request before, no candidate is loaded again.
  expect(await count(100, true)).toBeLessThan(hundred);
});
