/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * What-if scenarios end to end (issue 14 item 4): an administrator queues a scenario, the
 * simulation job (simulations.ts) replays the year's let AANBOD/LOTERIJ listings from the database,
 * and the stored report is the allocation core's `simulateYear` on the same history. Only
 * administrators create and publish; everyone else sees published scenarios only.
 *
 * History (year 2025): three AANBOD listings closing 1 March, 1 June and 1 September, answered by
 * the same three seekers, closed by the minute job (positions and inputs frozen at close) and let:
 * - early: registered 2008-01-01 (17.16 years on 1 March 2025);
 * - veteran: registered 2017-01-01 with 7.5 years retained from an earlier acceptance at 75%
 *   (15.66 years on 1 March; 8.16 at 0% retention, 18.16 at 100%);
 * - late: registered 2014-01-01 (11.16 years on 1 March).
 * Baseline: l1 early, l2 veteran, l3 late. At 0% retention the veteran falls behind late (l2 and l3
 * change hands); at 100% the veteran comes first (l1 and l2 change hands). A listing let in 2024
 * and a direct-mediation letting of 2025 are not part of the replay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { ruleSetInForce, simulateYear, type ReplayListing } from "../src/allocation/index.ts";
import type { Tx } from "../src/db.ts";
import { runJobsOnce } from "../src/jobs.ts";
import { candidateInclude, listingInputTx, listingSelect, loadRuleSets } from "../src/schema/core.ts";
import { frozenCandidateInput } from "../src/schema/fixed-order.ts";
import { createApp } from "../src/server.ts";
import { claimScenario, runQueuedScenarios, runScenario, STALE_AFTER_MS } from "../src/simulations.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let admin: { token: string };
let landlordStaff: { token: string };
let seekerToken: string;
const listingIds: string[] = [];

const E = `... on Error { code message } ... on ValidationError { issues { path message } }`;
const create = `mutation($input: SimulationScenarioCreateInput!) { simulationScenarioCreate(input: $input) {
  __typename ... on SimulationScenarioCreateSuccess { simulationScenario { id status year region ruleSetVersion } } ${E} } }`;
const publish = `mutation($id: ID!) { simulationScenarioPublish(input: { id: $id }) {
  __typename ... on SimulationScenarioPublishSuccess { simulationScenario { id publishedAt } } ${E} } }`;
const scenario = `query($id: ID!) { node(id: $id) { ... on SimulationScenario {
  id status progress progressDone progressTotal publishedAt
  change { retainedShareOnAcceptance lotteryShare priorityOrder dropUrgencyCategories }
  report { listings letBaseline letScenario changedHands changedListings lotteryListings method limits
    groups { group housedBaseline housedScenario meanYearsBaseline meanYearsScenario } } } } }`;
const list = `{ simulationScenarios(first: 50) { totalCount edges { node { id publishedAt } } } }`;

/** The input paths a ValidationError names. */
const issues = (r: any) => r.issues.map((i: any) => i.path);

async function closeAndLet(listingId: string, tenantSeekerId: string, letAt: Date) {
  const listing = await t.db.listing.update({ where: { id: listingId }, data: { status: "LET" } });
  const response = await t.db.response.findFirstOrThrow({ where: { listingId, seekerId: tenantSeekerId } });
  await t.db.letting.create({
    data: {
      listingId,
      dwellingId: listing.dwellingId,
      seekerId: tenantSeekerId,
      responseId: response.id,
      letAt,
      registrationYearsUsed: 10,
      seekerWasMover: false,
      decidedBy: "REGISTRATION_YEARS",
      allocationModel: listing.allocationModel,
      responseCount: 3,
      netRentCents: listing.netRentCents,
      householdSize: 1,
      householdIncomeCents: 3_000_000,
    },
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  admin = await f.staff("ADMINISTRATOR", (await f.organisation("PLATFORM")).id);
  const landlord = await f.organisation();
  landlordStaff = await f.staff("LANDLORD_STAFF", landlord.id);
  const early = await f.seeker({ registrationDate: "2008-01-01", birthDate: "1960-02-01" });
  const veteran = await f.seeker({ registrationDate: "2017-01-01" });
  await t.db.seeker.update({ where: { id: veteran.seeker.id }, data: { retainedRegistrationYears: 7.5 } });
  const late = await f.seeker({ registrationDate: "2014-01-01", birthDate: "1999-02-01" });
  seekerToken = late.token;
  const seekers = [early, veteran, late];
  const closes = ["2025-03-01", "2025-06-01", "2025-09-01", "2024-06-01", "2025-04-01"];
  for (const [i, day] of closes.entries()) {
    const closesAt = new Date(`${day}T10:00:00Z`);
    const draft = await f.listing(landlord.id, {
      closesAt,
      status: "DRAFT",
      model: i === 4 ? "BEMIDDELING" : "AANBOD",
    });
    const l = await t.db.listing.update({
      where: { id: draft.id },
      data: { status: "PUBLISHED", publishedAt: new Date(closesAt.getTime() - 14 * 86_400_000) },
    });
    listingIds.push(l.id);
    for (const s of seekers)
      await t.db.response.create({
        data: { listingId: l.id, seekerId: s.seeker.id, createdAt: new Date(`${day}T08:00:00Z`) },
      });
  }
  // the minute job closes them as it would have on the day: positions and inputs frozen at close
  expect((await runJobsOnce(t.db, new Date("2025-09-02T00:00:00Z"))).listingsClosed).toBe(5);
  const tenants = [early, veteran, late, early, late];
  for (const [i, id] of listingIds.entries())
    await closeAndLet(id, tenants[i]!.seeker.id, new Date(`${closes[i]}T12:00:00Z`));
}, 60_000);
afterAll(async () => t?.drop());

/** The year's history built here from the rows, independently of the job's loader. */
async function history2025(): Promise<ReplayListing[]> {
  const out: ReplayListing[] = [];
  for (const id of listingIds.slice(0, 3)) {
    const row = await t.db.listing.findUniqueOrThrow({ where: { id }, select: listingSelect });
    const responses = await t.db.response.findMany({ where: { listingId: id }, include: candidateInclude });
    out.push({
      listing: await listingInputTx(t.db as unknown as Tx, row),
      closedAt: row.closesAt,
      candidates: responses.map((r) => frozenCandidateInput(r)!),
    });
  }
  return out;
}

async function createScenario(
  change: Record<string, unknown>,
  token: string | undefined = admin.token,
  year = 2025,
) {
  return (await gql(app, create, { input: { year, change } }, token)).data.simulationScenarioCreate;
}

describe("what-if scenarios (issue 14 item 4)", () => {
  let zeroId = "";

  it("an administrator queues a scenario; the job replays 2025 and stores simulateYear's report", async () => {
    const r = await createScenario({ retainedShareOnAcceptance: 0 });
    expect(r.__typename).toBe("SimulationScenarioCreateSuccess");
    expect(r.simulationScenario).toMatchObject({ status: "QUEUED", year: 2025, ruleSetVersion: 1 });
    zeroId = r.simulationScenario.id;

    expect(await runQueuedScenarios(t.db)).toBe(1);
    const s = (await gql(app, scenario, { id: zeroId }, admin.token)).data.node;
    expect(s).toMatchObject({ status: "DONE", progress: 1, progressDone: 9, progressTotal: 9 });

    const base = ruleSetInForce(await loadRuleSets(t.db as unknown as Tx), new Date("2025-12-31T12:00:00Z"));
    const expected = simulateYear(await history2025(), base, { retainedShareOnAcceptance: 0 });
    // the report went through PostgreSQL jsonb: means compared to 1e-9 years
    const rounded = (groups: any[]) =>
      groups.map((g) => ({
        ...g,
        meanYearsBaseline: Math.round(g.meanYearsBaseline * 1e9),
        meanYearsScenario: Math.round(g.meanYearsScenario * 1e9),
      }));
    expect({ ...s.report, groups: rounded(s.report.groups) }).toEqual({
      ...expected,
      changedListings: expected.changedListings.map((id) => gid("Listing", id)),
      groups: rounded(
        expected.groups.map((g) => ({
          ...g,
          group: g.group.startsWith("MUNICIPALITY:")
            ? `MUNICIPALITY:${gid("Municipality", g.group.slice(13))}`
            : g.group,
        })),
      ),
    });
    // what a reader notices: three listings replayed (not the 2024 one, not direct mediation),
    // the veteran loses their retained years, so l2 and l3 change hands
    expect(s.report).toMatchObject({ listings: 3, letBaseline: 3, letScenario: 3, changedHands: 2 });
    expect(s.report.changedListings).toEqual([
      gid("Listing", listingIds[1]!),
      gid("Listing", listingIds[2]!),
    ]);
    expect(s.report.limits.join(" ")).toMatch(/same responses/);
    expect(s.change.retainedShareOnAcceptance).toBe(0);
  });

  it("full retention gives the veteran the first listing: l1 and l2 change hands, mean years rise", async () => {
    const r = await createScenario({ retainedShareOnAcceptance: 1 });
    expect(await runQueuedScenarios(t.db)).toBe(1);
    const s = (await gql(app, scenario, { id: r.simulationScenario.id }, admin.token)).data.node;
    expect(s.report.changedListings).toEqual([
      gid("Listing", listingIds[0]!),
      gid("Listing", listingIds[1]!),
    ]);
    const starters = s.report.groups.find((g: any) => g.group === "STARTER");
    expect(starters.housedScenario).toBe(3);
    expect(starters.meanYearsScenario - starters.meanYearsBaseline).toBeCloseTo(2.5 / 3, 4);
  });

  it("two processes never claim the same scenario; a stalled claim is taken over", async () => {
    await createScenario({ lotteryShare: 0.2, seed: "x" });
    const claims = await Promise.all([claimScenario(t.db, new Date()), claimScenario(t.db, new Date())]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const first = claims.find(Boolean)!;
    // a process silent past the lease loses the scenario; its late writes change nothing
    const later = new Date(Date.now() + STALE_AFTER_MS + 60_000);
    const second = await claimScenario(t.db, later);
    expect(second).toMatchObject({ id: first.id });
    expect(await runScenario(t.db, first)).toBeNull();
    expect(await runScenario(t.db, second!)).toBe("DONE");
    const row = await t.db.simulationScenario.findUniqueOrThrow({ where: { id: first.id } });
    expect(row).toMatchObject({ status: "DONE", runToken: second!.token });
  });

  it("landlord staff, seekers and anonymous callers cannot queue or publish", async () => {
    for (const token of [landlordStaff.token, seekerToken, ""]) {
      expect((await createScenario({ lotteryShare: 0.1 }, token)).__typename).toBe("NotAuthorizedError");
      expect((await gql(app, publish, { id: zeroId }, token)).data.simulationScenarioPublish.__typename).toBe(
        "NotAuthorizedError",
      );
    }
  });

  it("unpublished scenarios are for administrators only; once published everyone sees them", async () => {
    const adminList = (await gql(app, list, {}, admin.token)).data.simulationScenarios;
    expect(adminList.totalCount).toBe(3);
    for (const token of [seekerToken, undefined]) {
      expect((await gql(app, list, {}, token)).data.simulationScenarios.totalCount).toBe(0);
      expect((await gql(app, scenario, { id: zeroId }, token)).data.node).toBeNull();
    }
    const p = (await gql(app, publish, { id: zeroId }, admin.token)).data.simulationScenarioPublish;
    expect(p.__typename).toBe("SimulationScenarioPublishSuccess");
    for (const token of [seekerToken, undefined]) {
      const l = (await gql(app, list, {}, token)).data.simulationScenarios;
      expect(l.edges.map((e: any) => e.node.id)).toEqual([zeroId]);
      const s = (await gql(app, scenario, { id: zeroId }, token)).data.node;
      expect(s.report.changedHands).toBe(2);
    }
  });

  it("a scenario that has not finished cannot be published", async () => {
    const r = await createScenario({ addPriorityRule: "MOVER" });
    const p = (await gql(app, publish, { id: r.simulationScenario.id }, admin.token)).data
      .simulationScenarioPublish;
    expect(p).toMatchObject({ __typename: "InvalidStateError", code: "INVALID_STATE" });
    const nowhere = gid("SimulationScenario", "00000000-0000-7000-8000-000000000000");
    expect(
      (await gql(app, publish, { id: nowhere }, admin.token)).data.simulationScenarioPublish,
    ).toMatchObject({
      __typename: "NotFoundError",
    });
    const listing = gid("Listing", listingIds[0]!);
    const wrong = (await gql(app, publish, { id: listing }, admin.token)).data.simulationScenarioPublish;
    expect(wrong.__typename).toBe("ValidationError");
    expect(issues(wrong)).toEqual([["input", "id"]]);
  });

  it("bad input gets a typed ValidationError naming each field", async () => {
    const r = await createScenario({
      retainedShareOnAcceptance: 1.5,
      lotteryShare: 0.3,
      priorityOrder: ["URGENCY", "URGENCY", "MOVER", "LOCAL_BINDING"],
      dropUrgencyCategories: ["MANTELZORG", "MANTELZORG"],
    });
    expect(r.__typename).toBe("ValidationError");
    expect(issues(r)).toEqual(
      expect.arrayContaining([
        ["input", "change", "retainedShareOnAcceptance"],
        ["input", "change", "lotteryShare"],
        ["input", "change", "priorityOrder"],
        ["input", "change", "dropUrgencyCategories"],
      ]),
    );
    const year = await createScenario({ lotteryShare: 0.1 }, admin.token, 1990);
    expect(year.__typename).toBe("ValidationError");
    expect(issues(year)).toEqual([["input", "year"]]);
    const empty = await createScenario({});
    expect(issues(empty)).toEqual([["input", "change"]]);
  });
});
