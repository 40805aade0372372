/**
 * What-if scenarios (wat-als-simulatie, issue 14 item 4) as a job: loading a year's history from the
 * database, claiming a queued scenario, running the allocation core's `simulateYear`
 * (allocation/simulation.ts — method and limits are stated there and in every report) and storing
 * the report. The GraphQL side is schema/simulation.ts.
 *
 * **Claiming.** PostgreSQL holds the shared state: one statement picks the oldest QUEUED scenario
 * (or a RUNNING one whose process stopped giving signs of life for {@link STALE_AFTER_MS}) with
 * `FOR UPDATE SKIP LOCKED` and marks it RUNNING with a fresh `runToken`; two API processes never
 * claim the same row. Every later write (progress, report, failure) is conditional on that token,
 * so a process that lost its claim (it stalled and another took over) changes nothing.
 *
 * **History.** The listings replayed are those let in the calendar year (Europe/Amsterdam, the
 * letting's `letAt`) through the public list (AANBOD, LOTERIJ). Each is rebuilt as the core's
 * {@link ReplayListing}: the listing as published ({@link listingInputTx}, the seed as revealed),
 * closed on its `closesAt`, with every response that was not withdrawn and its seeker as at close
 * (`seekerAtClose`, else today's data where it can be evaluated on the close day — the same inputs
 * as the fixed order, schema/fixed-order.ts `closedCandidateInputs`).
 *
 * **Bounds.** Listings are loaded in chunks of {@link CHUNK} (progress rises per chunk); only the
 * core's inputs are kept, so memory grows with the year's responses, not with rows and relations.
 * Seekers are kept once per distinct state (a seeker who responded to thirty listings and did not
 * change is one object), so what grows with the responses is one small record each.
 * Measured on the development machine: a year of 1,500 listings with 300,000 responses loads and
 * replays in about 20 seconds; the history itself keeps a few tens of MB (120,000 responses: too
 * little to tell apart from the heap's noise after a collection).
 * The replay runs one listing at a time (the core's `simulateYearSteps`, the same result as
 * `simulateYear`): it yields to the process's other requests at least every 20 ms, so a region
 * year does not stall the API, and writes its progress (the second and third thirds) at most every
 * 2 s, which renews the claim's heartbeat; a replay is claimed again only when its process stopped
 * for {@link STALE_AFTER_MS}.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { UrgencyCategory, type Db } from "@woonbeurt/db";
import { z } from "zod";
import {
  ruleSetInForce,
  simulateYearSteps,
  startOfAmsterdamDay,
  type ReplayListing,
  type RuleSet,
  type ScenarioChange,
  type SeekerInput,
  type SimulationReport,
} from "./allocation/index.ts";
import type { Tx } from "./db.ts";
import { closedCandidateInputs } from "./schema/fixed-order.ts";
import { candidateInclude, listingInputTx, listingSelect, loadRuleSets } from "./schema/core.ts";

/** Listings loaded per query while building a year's history. */
export const CHUNK = 100;
/** A RUNNING scenario whose process gave no sign of life this long is claimed again (ms). */
export const STALE_AFTER_MS = 15 * 60_000;
/** Longest stretch of the replay before it yields to other requests of the process (ms). */
const REPLAY_SLICE_MS = 20;
/** Progress (and with it the claim's heartbeat) is written at most this often during the replay (ms). */
const PROGRESS_EVERY_MS = 2_000;
/** Earliest year a scenario may replay. */
export const FIRST_YEAR = 2000;

const PRIORITY_RULES = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"] as const;
/** Urgency categories (Prisma `UrgencyCategory`). */
const URGENCY_CATEGORIES: readonly string[] = Object.values(UrgencyCategory);

/**
 * The change of a scenario ({@link ScenarioChange}) as zod checks it before it is stored: shares
 * as fractions (retained 0..1, lottery 0..0.2 [001] §E.3), a priority order that names each of the
 * four priority rules exactly once, urgency categories without repeats, a seed of 1–100 characters.
 */
export function scenarioChangeSchema(urgencyCategories: readonly string[]) {
  return z.strictObject({
    retainedShareOnAcceptance: z
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .optional(),
    lotteryShare: z
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 0.2 (at most 20% of the offer)")
      .max(0.2, "must be between 0 and 0.2 (at most 20% of the offer)")
      .optional(),
    priorityOrder: z
      .array(z.enum(PRIORITY_RULES))
      .refine(
        (o) => o.length === PRIORITY_RULES.length && PRIORITY_RULES.every((r) => o.includes(r)),
        `must name each of ${PRIORITY_RULES.join(", ")} exactly once`,
      )
      .optional(),
    addPriorityRule: z.enum(PRIORITY_RULES).nullable().optional(),
    dropUrgencyCategories: z
      .array(z.string().refine((c) => urgencyCategories.includes(c), "is not an urgency category"))
      .refine((a) => new Set(a).size === a.length, "must not name a category twice")
      .optional(),
    seed: z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters").optional(),
  });
}

/** The urgency categories a change may drop (Prisma `UrgencyCategory`). */
export const SIMULATION_URGENCY_CATEGORIES: readonly string[] = URGENCY_CATEGORIES;

/** A stored change read back (validated when it was written). */
export function storedChange(json: unknown): ScenarioChange {
  return scenarioChangeSchema(URGENCY_CATEGORIES).parse(json);
}

/** First and last instant (exclusive) of a calendar year in Europe/Amsterdam. */
export function yearBounds(year: number): { from: Date; until: Date } {
  return {
    from: startOfAmsterdamDay({ year, month: 1, day: 1 }),
    until: startOfAmsterdamDay({ year: year + 1, month: 1, day: 1 }),
  };
}

/**
 * The base rule set of a year: the version in force on its last day, or today for the current
 * year (the rules the year ended under).
 *
 * @throws NoRuleSetInForceError when no version covers that day
 */
export function baseRuleSet(versions: readonly RuleSet[], year: number, now: Date): RuleSet {
  const end = yearBounds(year).until;
  return ruleSetInForce(versions, new Date(Math.min(end.getTime() - 1, now.getTime())));
}

/** Where-clause of the listings a year replays. */
function yearListings(year: number) {
  const { from, until } = yearBounds(year);
  return {
    allocationModel: { in: ["AANBOD" as const, "LOTERIJ" as const] },
    letting: { is: { letAt: { gte: from, lt: until } } },
  };
}

/** How many listings a year replays. */
export function countYearListings(client: Db, year: number): Promise<number> {
  return client.listing.count({ where: yearListings(year) });
}

/**
 * The year's history as the core's input: let AANBOD/LOTERIJ listings (see the module notes),
 * loaded {@link CHUNK} at a time in id order.
 *
 * @param onChunk - called with the number of listings loaded so far
 */
export async function loadReplayYear(
  client: Db,
  year: number,
  onChunk?: (loaded: number) => Promise<void> | void,
): Promise<ReplayListing[]> {
  const out: ReplayListing[] = [];
  // A seeker who responded to many listings usually stood the same at each close: one object per
  // distinct snapshot instead of one per response keeps memory near the number of seekers.
  const seekers = new Map<string, SeekerInput>();
  const intern = (s: SeekerInput): SeekerInput => {
    const key = JSON.stringify(s);
    const known = seekers.get(key);
    if (known) return known;
    seekers.set(key, s);
    return s;
  };
  let after: string | undefined;
  for (;;) {
    const rows = await client.listing.findMany({
      where: { ...yearListings(year), ...(after ? { id: { gt: after } } : {}) },
      select: listingSelect,
      orderBy: { id: "asc" },
      take: CHUNK,
    });
    if (!rows.length) break;
    const responses = await client.response.findMany({
      where: { listingId: { in: rows.map((r) => r.id) }, status: { not: "WITHDRAWN" } },
      include: candidateInclude,
      orderBy: { id: "asc" },
    });
    const byListing = new Map<string, typeof responses>();
    for (const r of responses) {
      const list = byListing.get(r.listingId);
      if (list) list.push(r);
      else byListing.set(r.listingId, [r]);
    }
    for (const row of rows) {
      const { inputs } = closedCandidateInputs(byListing.get(row.id) ?? [], row.closesAt);
      out.push({
        listing: await listingInputTx(client as unknown as Tx, row),
        closedAt: row.closesAt,
        candidates: inputs.map((c) => ({ ...c, seeker: intern(c.seeker) })),
      });
    }
    after = rows[rows.length - 1]!.id;
    await onChunk?.(out.length);
    if (rows.length < CHUNK) break;
  }
  return out;
}

/**
 * Claims the next scenario to run (see the module notes): the oldest QUEUED one, or a RUNNING one
 * silent for {@link STALE_AFTER_MS}. Returns its id and the new claim token, or null.
 */
export async function claimScenario(client: Db, now: Date): Promise<{ id: string; token: string } | null> {
  const token = randomUUID();
  const stale = new Date(now.getTime() - STALE_AFTER_MS);
  const rows = await client.$queryRaw<{ id: string }[]>`
    UPDATE "SimulationScenario" SET "status" = 'RUNNING', "runToken" = ${token}::uuid,
      "heartbeatAt" = ${now}, "startedAt" = ${now}, "progressDone" = 0, "progressTotal" = 0
    WHERE "id" = (
      SELECT "id" FROM "SimulationScenario"
      WHERE "status" = 'QUEUED' OR ("status" = 'RUNNING' AND "heartbeatAt" < ${stale})
      ORDER BY "createdAt", "id"
      FOR UPDATE SKIP LOCKED
      LIMIT 1)
    RETURNING "id"::text AS id`;
  return rows[0] ? { id: rows[0].id, token } : null;
}

/** Writes to a claimed scenario; each returns false when the claim was lost. */
function claimed(client: Db, id: string, token: string) {
  const write = async (data: Parameters<Db["simulationScenario"]["updateMany"]>[0]["data"]) =>
    (
      await client.simulationScenario.updateMany({
        where: { id, status: "RUNNING", runToken: token },
        data: { ...data, heartbeatAt: new Date() },
      })
    ).count === 1;
  return { write };
}

/** Thrown inside a run when another process took the scenario over. */
class ClaimLost extends Error {}

/**
 * Runs one claimed scenario to DONE (report stored) or FAILED (error stored).
 *
 * @returns the final status, or null when the claim was lost meanwhile
 */
export async function runScenario(
  client: Db,
  claim: { id: string; token: string },
  now: Date = new Date(),
): Promise<"DONE" | "FAILED" | null> {
  const { write } = claimed(client, claim.id, claim.token);
  const scenario = await client.simulationScenario.findUniqueOrThrow({ where: { id: claim.id } });
  try {
    const versions = await loadRuleSets(client as unknown as Tx);
    const base =
      versions.find((v) => v.version === scenario.ruleSetVersion) ??
      baseRuleSet(versions, scenario.year, now);
    const change = storedChange(scenario.change);
    const n = await countYearListings(client, scenario.year);
    const total = 3 * n;
    if (!(await write({ progressTotal: total, progressDone: 0 }))) throw new ClaimLost();
    const history = await loadReplayYear(client, scenario.year, async (loaded) => {
      if (!(await write({ progressDone: Math.min(loaded, n) }))) throw new ClaimLost();
    });
    // The history may have grown between count and load (a letting recorded meanwhile).
    const loadedTotal = 3 * history.length;
    let lastDone = history.length;
    // One listing at a time, yielding to other requests at least every REPLAY_SLICE_MS and writing
    // progress (which renews the claim) at most every PROGRESS_EVERY_MS.
    const steps = simulateYearSteps(history, base, change);
    let report: SimulationReport;
    let slice = performance.now();
    let written = Date.now();
    for (;;) {
      const step = steps.next();
      if (step.done) {
        report = step.value;
        break;
      }
      lastDone = history.length + step.value.done;
      if (performance.now() - slice > REPLAY_SLICE_MS) {
        await new Promise<void>((r) => setImmediate(r));
        slice = performance.now();
      }
      if (Date.now() - written > PROGRESS_EVERY_MS) {
        if (!(await write({ progressTotal: loadedTotal, progressDone: lastDone }))) throw new ClaimLost();
        written = Date.now();
      }
    }
    const ok = await write({
      status: "DONE",
      report: report as object,
      progressTotal: loadedTotal,
      progressDone: Math.max(lastDone, loadedTotal),
      finishedAt: new Date(),
      error: null,
    });
    return ok ? "DONE" : null;
  } catch (e) {
    if (e instanceof ClaimLost) return null;
    console.error(`[simulation] scenario ${claim.id} failed:`, e);
    const message = e instanceof Error ? e.message.slice(0, 1000) : String(e).slice(0, 1000);
    const ok = await client.simulationScenario.updateMany({
      where: { id: claim.id, status: "RUNNING", runToken: claim.token },
      data: { status: "FAILED", error: message, finishedAt: new Date(), progressDone: 0 },
    });
    return ok.count === 1 ? "FAILED" : null;
  }
}

/**
 * The simulation job: claims and runs queued scenarios one after another until none is left or
 * `max` were run, or `signal` is aborted (the job queue stopping: no further scenario is claimed).
 * Safe to run in several processes at once (see the module notes).
 *
 * @returns how many scenarios finished (DONE or FAILED) in this call
 */
export async function runQueuedScenarios(
  client: Db,
  now: Date = new Date(),
  max = 10,
  signal?: AbortSignal,
): Promise<number> {
  let ran = 0;
  while (ran < max && !signal?.aborted) {
    const claim = await claimScenario(client, now);
    if (!claim) break;
    if (await runScenario(client, claim, now)) ran += 1;
  }
  return ran;
}

/** Listeners told when a scenario was queued (the job queue, queue.ts, runs the job right away). */
let queuedListener: (() => void) | null = null;

/** Register (or clear with null) the function called when a scenario is queued. */
export function onScenarioQueued(listener: (() => void) | null): void {
  queuedListener = listener;
}

/** Tell the job runner a scenario was queued (after the creating transaction committed). */
export function scenarioQueued(): void {
  queuedListener?.();
}
