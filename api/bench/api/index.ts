/**
 * `pnpm bench:api`: the Woonbeurt API against PostGraphile v5 and a hand-written `pg` handler on
 * the same region-scale database (issue 10, item 5).
 *
 * 1. Seeds the `region` scale once into `woonbeurt_bench_api` (region.ts; kept between runs).
 * 2. Builds the API's production bundle and starts it as production does (`node dist/main.js` with
 *    the flags of api/scripts/node-flags.mjs,
 *    port 4140), PostGraphile v5 under Node 22 from the npm registry (4141;
 *    installed at run time into `.data/bench/postgraphile`, never a product dependency) and the
 *    hand-written handler (pg-handler.ts, 4142), first through a statement-counting proxy
 *    (statement-counter.ts) to count SQL statements per operation at page sizes 10 and 100, then
 *    directly for the timed runs.
 *    (The API counts with RESPONSE_CACHE=off: statements of the uncached path. In the timed runs
 *    its response cache is on, so repeated anonymous A requests are mostly cache hits.)
 * 3. Runs operations A-D with autocannon at 1, 10 and 20 connections, the contenders alternately
 *    (their order rotates per round), and prints one table: medians over the rounds, ratios to
 *    the API, statements per operation and the API's peak RSS (VmHWM).
 *
 * Environment: BENCH_DURATION (seconds per run, default 10), BENCH_ROUNDS (default 2),
 * BENCH_CONNECTIONS (default "1,10,20"), BENCH_OPS (default "A,B,C,D"), BENCH_PAGE (page size of
 * the timed A and B, default 20), BENCH_API_NODE_ARGS (extra node flags for the API, e.g. --cpu-prof),
 * BENCH_SKIP_POSTGRAPHILE=1, BENCH_DATABASE_URL (an existing
 * database instead of the embedded one), EMBEDDED_PG_PORT.
 * A quick run: `BENCH_DURATION=3 BENCH_ROUNDS=1 pnpm bench:api` (about 5 minutes once seeded).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { API_NODE_FLAGS } from "../../scripts/node-flags.mjs";
import { createPrismaClient, type Db } from "@woonbeurt/db";
import { seekerWhereForListing, ruleSetInForce } from "../../src/allocation/index.ts";
import { generateToken, hashToken } from "../../src/auth/tokens.ts";
import { DEVELOPMENT_LOTTERY_KEY } from "../../src/lottery-key.ts";
import { listingInputTx, listingSelect, loadRuleSets } from "../../src/schema/core.ts";
import { ensureRegionDatabase } from "./region.ts";
import { startStatementCounter } from "./statement-counter.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "../..");
const repo = path.resolve(apiDir, "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "1,10,20").split(",").map(Number);
const OPS = (process.env.BENCH_OPS ?? "A,B,C,D").split(",") as Op[];
const PAGE = Number(process.env.BENCH_PAGE ?? 20);
/** The contenders' ports: BENCH_PORT_BASE (4140) and the next two. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4140);
const PORTS = { api: PORT_BASE, postgraphile: PORT_BASE + 1, handler: PORT_BASE + 2 } as const;
type Contender = keyof typeof PORTS;
type Op = "A" | "B" | "C" | "D";
const log = (s: string) => console.log(`[bench:api] ${s}`);

// ── operations ──────────────────────────────────────────────────────────────────────────────
const CARD = `id reference title allocationModel status isOpen netRent serviceCosts totalRent closesAt responseCount
  dwelling { type rooms areaM2 floor accessibility city district { id name } }`;
const PAGE_INFO = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const POS = `kind position from to total tier explanation(language: NL)`;
const Q_A = `query PortalListings($first: Int) {
  listings(first: $first, orderBy: CLOSES_AT_ASC) { totalCount ${PAGE_INFO} edges { node { ${CARD} } } }
  municipalities { id name districts { id name } } }`;
const Q_B = `query PortalEligibleListings($first: Int) {
  viewer { eligibleListings(first: $first, orderBy: CLOSES_AT_ASC) { totalCount ${PAGE_INFO}
    edges { node { ${CARD} viewerEligibility { eligible }
      viewerPosition { current { ${POS} } ifRespondedNow { ${POS} } expectedAtClose { expected low high method } }
      viewerResponse { id status } } } } }
  municipalities { id name districts { id name } } }`;
const Q_C = `query BenchCandidates($id: ID!) { node(id: $id) { ... on Listing { reference candidates { final
  ranked { position registrationYears reason applicant { firstName lastName householdSize householdIncome isMover } }
  excluded { excludedReason applicant { firstName lastName householdSize householdIncome isMover } } } } } }`;
const Q_D = `mutation PortalListingRespond($input: ListingRespondInput!) { listingRespond(input: $input) {
  __typename ... on Error { code message } ... on ListingRespondSuccess { response { id } } } }`;
function pglA(counterColumn: boolean) {
  const count = counterColumn
    ? "responseCount"
    : "responsesByListingId(condition: { status: ACTIVE }) { totalCount }";
  return `query PortalListings($first: Int) {
  allListings(first: $first, condition: { status: PUBLISHED }, orderBy: [CLOSES_AT_ASC, PRIMARY_KEY_ASC]) { totalCount ${PAGE_INFO}
    edges { node { id reference title allocationModel status netRentCents serviceCostsCents closesAt ${count}
      dwellingByDwellingId { type rooms areaM2 floor accessibility city districtByDistrictId { id name } } } } }
  allMunicipalities(orderBy: CODE_ASC) { nodes { id name districtsByMunicipalityId { nodes { id name } } } } }`;
}

interface Fixtures {
  seekerToken: string;
  staffToken: string;
  candidatesListing: string;
  candidatesCount: number;
  respondPairs: { token: string; listingId: string }[];
  respondSeekers: string[];
  respondListings: string[];
  sessionIds: string[];
  counterColumn: boolean;
}
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

async function createSessions(db: Db, userIds: string[]): Promise<{ tokens: string[]; ids: string[] }> {
  const now = new Date();
  const rows = userIds.map((userId) => ({ token: generateToken(), userId }));
  const data = rows.map((r) => ({
    id: hashToken(r.token),
    userId: r.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 20 * 86400_000),
    absoluteExpiresAt: new Date(now.getTime() + 20 * 86400_000),
    userAgent: "bench:api",
  }));
  for (let i = 0; i < data.length; i += 5000) await db.session.createMany({ data: data.slice(i, i + 5000) });
  return { tokens: rows.map((r) => r.token), ids: data.map((d) => d.id) };
}

async function fixtures(db: Db): Promise<Fixtures> {
  const seeker = await db.user.findUniqueOrThrow({ where: { email: "zoeker@demo.woonbeurt.nl" } });
  const open = await db.listing.findMany({
    where: {
      status: "PUBLISHED",
      closesAt: { gt: new Date(Date.now() + 3600_000) },
      allocationModel: "AANBOD",
    },
    select: { ...listingSelect, reference: true, _count: { select: { responses: true } } },
  });
  open.sort((a, b) => b._count.responses - a._count.responses);
  const cand = open[0]!;
  const staff = await db.staffMembership.findFirstOrThrow({
    where: { organisationId: cand.landlordId, role: "LANDLORD_STAFF" },
  });
  const ruleSet = ruleSetInForce(await loadRuleSets(db as never), new Date());
  // D: distinct (seeker, listing) pairs that pass every check, on the 12 least crowded AANBOD listings.
  const targets = open.slice(-12);
  const pairs: { seekerId: string; listingId: string }[] = [];
  for (const l of targets) {
    const filter = seekerWhereForListing(await listingInputTx(db as never, l), ruleSet, new Date());
    const eligible = await db.seeker.findMany({
      where: { AND: [filter.where, { status: "ACTIVE" }, { responses: { none: { listingId: l.id } } }] },
      select: { id: true },
      take: 4000,
    });
    for (const s of eligible) pairs.push({ seekerId: s.id, listingId: l.id });
  }
  // interleave listings so that consecutive requests hit different listings
  pairs.sort((a, b) => (a.seekerId < b.seekerId ? -1 : a.seekerId > b.seekerId ? 1 : 0));
  const users = await db.seeker.findMany({
    where: { id: { in: [...new Set(pairs.map((p) => p.seekerId))] } },
    select: { id: true, userId: true },
  });
  const userOf = new Map(users.map((u) => [u.id, u.userId]));
  const respondUsers = [...new Set(pairs.map((p) => userOf.get(p.seekerId)).filter((u): u is string => !!u))];
  const sessions = await createSessions(db, [seeker.id, staff.userId, ...respondUsers]);
  const tokenOfUser = new Map(respondUsers.map((u, i) => [u, sessions.tokens[i + 2]!]));
  const columns = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'Listing' AND column_name = 'responseCount'`,
  );
  return {
    seekerToken: sessions.tokens[0]!,
    staffToken: sessions.tokens[1]!,
    candidatesListing: gid("Listing", cand.id),
    candidatesCount: cand._count.responses,
    respondPairs: pairs
      .filter((p) => userOf.has(p.seekerId))
      .map((p) => ({
        token: tokenOfUser.get(userOf.get(p.seekerId)!)!,
        listingId: gid("Listing", p.listingId),
      })),
    respondSeekers: [...new Set(pairs.map((p) => p.seekerId))],
    respondListings: targets.map((l) => l.id),
    sessionIds: sessions.ids,
    counterColumn: columns[0]!.n > 0,
  };
}

// ── requests ────────────────────────────────────────────────────────────────────────────────
let nextPair = 0;
function request(op: Op, contender: Contender, f: Fixtures, first = PAGE) {
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  switch (op) {
    case "A":
      return contender === "postgraphile"
        ? { query: pglA(f.counterColumn), variables: { first }, operationName: "PortalListings", headers: {} }
        : { query: Q_A, variables: { first }, operationName: "PortalListings", headers: {} };
    case "B":
      return {
        query: Q_B,
        variables: { first },
        operationName: "PortalEligibleListings",
        headers: auth(f.seekerToken),
      };
    case "C":
      return {
        query: Q_C,
        variables: { id: f.candidatesListing },
        operationName: "BenchCandidates",
        headers: auth(f.staffToken),
      };
    case "D": {
      const p = f.respondPairs[nextPair++ % f.respondPairs.length]!;
      return {
        query: Q_D,
        variables: { input: { listingId: p.listingId } },
        operationName: "PortalListingRespond",
        headers: auth(p.token),
      };
    }
  }
}
const supports = (c: Contender, op: Op) => c === "api" || (c === "postgraphile" ? op === "A" : op !== "B");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers are untyped JSON here
async function post(contender: Contender, op: Op, f: Fixtures, first?: number): Promise<any> {
  const r = request(op, contender, f, first);
  const res = await fetch(`http://127.0.0.1:${PORTS[contender]}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...r.headers },
    body: JSON.stringify({ query: r.query, variables: r.variables, operationName: r.operationName }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${contender} ${op}: ${JSON.stringify(body.errors).slice(0, 500)}`);
  if (op === "D" && body.data.listingRespond.__typename !== "ListingRespondSuccess")
    throw new Error(`${contender} D: ${JSON.stringify(body.data).slice(0, 300)}`);
  return body;
}

// ── processes ───────────────────────────────────────────────────────────────────────────────
const children: ChildProcess[] = [];
const processes = new Map<Contender, ChildProcess>();
function startProcess(name: string, cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  // own process group, so that stopping it also stops what it started (npx → node@22)
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  child.on("exit", (code) => {
    if (code && !stopping) console.error(`${name} exited with ${code}:\n${out.slice(-3000)}`);
  });
  children.push(child);
  return child;
}
let stopping = false;
async function stopAll() {
  stopping = true;
  await Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once("exit", () => resolve());
          const kill = (signal: NodeJS.Signals) => {
            try {
              process.kill(-c.pid!, signal);
            } catch {
              /* gone */
            }
          };
          kill("SIGTERM");
          setTimeout(() => kill("SIGKILL"), 5000).unref();
        }),
    ),
  );
  stopping = false;
}
async function waitFor(port: number, seconds = 180) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing answers on port ${port}`);
}

function postgraphileDir(): string | null {
  if (process.env.BENCH_SKIP_POSTGRAPHILE === "1") return null;
  const dir = path.join(repo, ".data", "bench", "postgraphile");
  if (!fs.existsSync(path.join(dir, "node_modules", "postgraphile"))) {
    log(`installing PostGraphile v5 into ${path.relative(repo, dir)} (bench only, once) …`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
    const r = spawnSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", "postgraphile@5", "pg"],
      {
        cwd: dir,
        stdio: "inherit",
      },
    );
    if (r.status !== 0) {
      log("PostGraphile v5 could not be installed: running without it");
      return null;
    }
  }
  fs.copyFileSync(path.join(here, "postgraphile-server.mjs"), path.join(dir, "postgraphile-server.mjs"));
  return dir;
}

let built = false;
/** Build the API's production bundle (api/dist/main.js, api/scripts/build.ts) from the current tree, once per run. */
function buildApi() {
  if (built) return;
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: apiDir,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("building the API (api/scripts/build.ts) failed");
  built = true;
}

async function startContenders(url: string, pglDir: string | null, apiEnv: Record<string, string> = {}) {
  buildApi();
  const api = startProcess(
    "API",
    process.execPath,
    // as production runs it (api/Dockerfile, `pnpm start:prod`): the esbuild bundle under plain node,
    // built once per benchmark run (buildApi). BENCH_API_NODE_ARGS: extra node flags for the API
    // only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    [
      ...API_NODE_FLAGS,
      ...(process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean),
      "dist/main.js",
    ],
    {
      DATABASE_URL: url,
      API_PORT: String(PORTS.api),
      JOBS: "off",
      NODE_ENV: "production",
      DOCUMENT_KEY: randomBytes(32).toString("base64"),
      // production requires a lottery key; the seed sealed its seeds with the development key
      LOTTERY_KEY: DEVELOPMENT_LOTTERY_KEY,
      ...apiEnv,
    },
    apiDir,
  );
  processes.set("api", api);
  processes.set(
    "handler",
    startProcess(
      "pg handler",
      process.execPath,
      ["--import", "tsx", "bench/api/pg-handler.ts"],
      { DATABASE_URL: url, PG_HANDLER_PORT: String(PORTS.handler) },
      apiDir,
    ),
  );
  if (pglDir)
    processes.set(
      "postgraphile",
      startProcess(
        "PostGraphile",
        "npx",
        ["-y", "node@22", "postgraphile-server.mjs"],
        { DATABASE_URL: url, GRAPHILE_ENV: "production", POSTGRAPHILE_PORT: String(PORTS.postgraphile) },
        pglDir,
      ),
    );
  await Promise.all([
    waitFor(PORTS.api),
    waitFor(PORTS.handler),
    pglDir ? waitFor(PORTS.postgraphile) : null,
  ]);
  return api;
}

/**
 * Start a new peak: writing 5 to /proc/<pid>/clear_refs resets VmHWM to the current RSS (Linux),
 * so that each operation's peak is its own. False when the kernel refused.
 */
function resetPeakRss(pid: number | undefined): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

function peakRssMb(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ── main ────────────────────────────────────────────────────────────────────────────────────
interface Run {
  rps: number;
  /** Requests answered in the run (any answer). */
  answered: number;
  p50: number;
  p99: number;
  bad: number;
  /** D: answers that were not ListingRespondSuccess (refusals; they count in `bad`, not in `rps`). */
  refused?: number;
  /**
   * CPU time of the contender's processes per answered request (ms): user + system time over the
   * run divided by the requests answered. Steadier than req/s when the machine's speed varies
   * between runs; for the API it includes the garbage collector's threads, not the database's.
   */
  cpuMs?: number;
}
/** CPU seconds used so far by a process group (the contender and what it started). */
function groupCpu(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}
/**
 * Wait until a contender has worked off what the last run left queued (a server keeps executing
 * requests whose client has gone): its CPU use below 10 % over half a second, at most 120 s.
 */
async function settle(contender: Contender) {
  const child = processes.get(contender);
  if (!child?.pid) return;
  for (let i = 0; i < 240; i++) {
    const before = groupCpu(child.pid);
    await new Promise((r) => setTimeout(r, 500));
    if (groupCpu(child.pid) - before < 0.05) return;
  }
}
/** Seconds of untimed load per operation and contender before its first timed run. */
const WARM_UP_SECONDS = 5;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(
  op: Op,
  contender: Contender,
  connections: number,
  f: Fixtures,
  seconds: number,
): Promise<Run> {
  const first = request(op, contender, f);
  // D: every answer must be a success, for every contender (as post() checks the counted ones):
  // the pairs are distinct and eligible, so a refusal means the contender answered something else
  // than the operation measured. Refusals are counted apart and left out of the throughput.
  let successes = 0;
  let refused = 0;
  const checkRespond = (status: number, body: string) => {
    let ok = false;
    try {
      ok = status === 200 && JSON.parse(body).data?.listingRespond?.__typename === "ListingRespondSuccess";
    } catch {
      /* not JSON: refused */
    }
    if (ok) successes++;
    else if (refusedSamples.length < 3 && status === 200) refusedSamples.push(body.slice(0, 200));
    if (!ok) refused++;
  };
  const result = await autocannon({
    url: `http://127.0.0.1:${PORTS[contender]}/graphql`,
    method: "POST",
    connections,
    duration: seconds,
    timeout: 120, // a slow answer counts as slow, not as an error
    headers: { "content-type": "application/json", ...first.headers },
    body: JSON.stringify({
      query: first.query,
      variables: first.variables,
      operationName: first.operationName,
    }),
    requests:
      op === "D"
        ? [
            {
              setupRequest: (req) => {
                const r = request(op, contender, f);
                return {
                  ...req,
                  headers: { "content-type": "application/json", ...r.headers },
                  body: JSON.stringify({
                    query: r.query,
                    variables: r.variables,
                    operationName: r.operationName,
                  }),
                };
              },
              onResponse: (status: number, body: string) => checkRespond(status, body),
            },
          ]
        : undefined,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  const answered = result.requests.total;
  if (op !== "D")
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad, answered };
  return {
    answered,
    rps: successes / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: Math.max(bad, refused),
    refused,
  };
}
/** A few refused D answers, printed after the table. */
const refusedSamples: string[] = [];

const { database } = await ensureRegionDatabase(log);
const db = createPrismaClient({ url: database.url });
const benchStart = new Date();
let f: Fixtures | null = null;
try {
  const pglDir = postgraphileDir();
  f = await fixtures(db);
  log(
    `fixtures: C on a listing with ${f.candidatesCount} responses; D over ${f.respondPairs.length} eligible (seeker, listing) pairs; ` +
      `responseCount ${f.counterColumn ? "column" : "aggregated"}`,
  );
  const contenders = (["api", "postgraphile", "handler"] as Contender[]).filter(
    (c) => c !== "postgraphile" || pglDir,
  );

  // statements per operation, through the counting proxy
  const counter = await startStatementCounter(
    database.url,
    fs.mkdtempSync(path.join(os.tmpdir(), "wb-bench-")),
  );
  // the uncached path: with the response cache a repeated anonymous query runs no SQL at all
  await startContenders(counter.url, pglDir, { RESPONSE_CACHE: "off" });
  const statements: Record<string, Partial<Record<Contender, string>>> = {};
  for (const op of OPS)
    for (const c of contenders.filter((c) => supports(c, op))) {
      const sizes = op === "A" || op === "B" ? [10, 100] : [0];
      const counts: number[] = [];
      // warm-up with the largest page (rule sets, prepared plans, what the process keeps): both
      // sizes are then counted in the steady state
      await post(c, op, f, Math.max(...sizes, 10));
      for (const size of sizes) {
        const before = counter.count();
        await post(c, op, f, size || undefined);
        await new Promise((r) => setTimeout(r, 50));
        counts.push(counter.count() - before);
      }
      statements[op] ??= {};
      statements[op][c] = counts.join(" / ");
    }
  // same JSON: the handler's A against the API's A
  const [apiA, handlerA] = await Promise.all([post("api", "A", f), post("handler", "A", f)]);
  const sameA = JSON.stringify(apiA) === JSON.stringify(handlerA);
  await stopAll();
  await counter.close();

  // timed runs
  const api = await startContenders(database.url, pglDir);
  const runs = new Map<string, Run[]>();
  // the API's peak RSS per operation (VmHWM reset before each operation's runs) and over the run
  const opRss = new Map<Op, number>();
  let wholeRss = 0;
  let perOp = true;
  for (let round = 0; round < ROUNDS; round++) {
    for (const op of OPS) {
      wholeRss = Math.max(wholeRss, peakRssMb(api.pid) ?? 0);
      perOp = resetPeakRss(api.pid) && perOp;
      for (const conns of CONNECTIONS) {
        const order = contenders.filter((c) => supports(c, op));
        for (let i = 0; i < round; i++) order.push(order.shift()!);
        for (const c of order) {
          // warm-up, not timed: 5 s at 10 connections, so that each contender is measured in its
          // steady state (compiled code, connection pools, what it keeps) rather than its first seconds
          if (round === 0 && conns === CONNECTIONS[0]) await timed(op, c, 10, f, WARM_UP_SECONDS);
          await settle(c);
          const pid = processes.get(c)?.pid;
          const cpuBefore = pid ? groupCpu(pid) : null;
          const r = await timed(op, c, conns, f, DURATION);
          if (pid && cpuBefore !== null && r.answered > 0)
            r.cpuMs = ((groupCpu(pid) - cpuBefore) * 1000) / r.answered;
          const key = `${op}|${conns}|${c}`;
          runs.set(key, [...(runs.get(key) ?? []), r]);
          log(
            `round ${round + 1} ${op} ${String(conns).padStart(2)} conn ${c.padEnd(12)} ${r.rps.toFixed(1)} req/s p50 ${r.p50} ms p99 ${r.p99} ms` +
              `${r.cpuMs !== undefined ? `, CPU ${r.cpuMs.toFixed(2)} ms/request` : ""}${r.bad ? ` (${r.bad} failed)` : ""}`,
          );
        }
      }
      const peak = peakRssMb(api.pid) ?? 0;
      opRss.set(op, Math.max(opRss.get(op) ?? 0, peak));
      wholeRss = Math.max(wholeRss, peak);
    }
  }
  const rss = wholeRss || null;
  await stopAll();

  // the table
  const names: Record<Op, string> = {
    A: `A listings(first: ${PAGE}), anonymous`,
    B: `B viewer.eligibleListings(first: ${PAGE})`,
    C: `C candidates (${f.candidatesCount} responses), staff`,
    D: "D listingRespond, distinct seekers",
  };
  const cell = (rs: Run[] | undefined) =>
    rs
      ? `${median(rs.map((r) => r.rps)).toFixed(1)} req/s, p50 ${median(rs.map((r) => r.p50))} / p99 ${median(rs.map((r) => r.p99))} ms` +
        (rs.every((r) => r.cpuMs !== undefined)
          ? `, CPU ${median(rs.map((r) => r.cpuMs!)).toFixed(2)} ms/req`
          : "") +
        (rs.some((r) => r.refused) ? ` (${rs.reduce((n, r) => n + (r.refused ?? 0), 0)} refused)` : "")
      : "-";
  const ratio = (a: Run[] | undefined, b: Run[] | undefined) =>
    a && b ? (median(a.map((r) => r.rps)) / median(b.map((r) => r.rps))).toFixed(2) : "-";
  const lines = [
    `Node ${process.version} (API, handler), ${os.cpus().length} cores, ${DURATION} s per run, median of ${ROUNDS} round(s), ${new Date().toISOString().slice(0, 16)}Z`,
    "",
    "| operation | conn | Woonbeurt API | PostGraphile v5 | hand-written pg | API / PostGraphile | API / handler |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const op of OPS)
    for (const conns of CONNECTIONS) {
      const a = runs.get(`${op}|${conns}|api`);
      const p = runs.get(`${op}|${conns}|postgraphile`);
      const h = runs.get(`${op}|${conns}|handler`);
      lines.push(
        `| ${names[op]} | ${conns} | ${cell(a)} | ${cell(p)} | ${cell(h)} | ${ratio(a, p)} | ${ratio(a, h)} |`,
      );
    }
  const b = runs.get(`B|${CONNECTIONS.at(-1)}|api`);
  const a = runs.get(`A|${CONNECTIONS.at(-1)}|api`);
  lines.push(
    "",
    "SQL statements per request (page size 10 / 100 for A and B; BEGIN/COMMIT included):",
    "",
    "| operation | Woonbeurt API | PostGraphile v5 | hand-written pg |",
    "|---|---|---|---|",
    ...OPS.map(
      (op) =>
        `| ${op} | ${statements[op]?.api ?? "-"} | ${statements[op]?.postgraphile ?? "-"} | ${statements[op]?.handler ?? "-"} |`,
    ),
    "",
    `API peak RSS (VmHWM) during the timed runs: ${rss ? rss.toFixed(0) + " MB" : "unknown"}` +
      (perOp && opRss.size
        ? ` (per operation, its own runs: ${[...opRss].map(([op, mb]) => `${op} ${mb.toFixed(0)} MB`).join(", ")})`
        : "") +
      (a && b ? `; B/A throughput at ${CONNECTIONS.at(-1)} connections: ${ratio(b, a)}` : "") +
      `; hand-written A answer identical to the API's: ${sameA ? "yes" : "NO"}`,
  );
  if (OPS.includes("D"))
    lines.push(
      "",
      `D: every timed answer checked; throughput counts ListingRespondSuccess answers only` +
        (refusedSamples.length ? `; refused, e.g.: ${refusedSamples.join(" | ")}` : " (none refused)"),
    );
  console.log("\n" + lines.join("\n"));
  fs.mkdirSync(path.join(repo, ".data", "bench"), { recursive: true });
  fs.writeFileSync(path.join(repo, ".data", "bench", "api-latest.md"), lines.join("\n") + "\n");
} finally {
  await stopAll();
  if (f) {
    // leave the database as it was seeded: the benchmark's responses, their audit rows, its sessions
    await db.$executeRawUnsafe(
      `DELETE FROM "Response" WHERE "createdAt" >= $1 AND "listingId" = ANY($2::uuid[])`,
      benchStart,
      f.respondListings,
    );
    await db.$executeRawUnsafe(
      `DELETE FROM "AuditLog" WHERE at >= $1 AND "entityType" = 'Response' AND action = 'CREATE'`,
      benchStart,
    );
    await db.session.deleteMany({ where: { id: { in: f.sessionIds } } });
  }
  await db.$disconnect();
  await database.stop();
}
