/**
 * What-if scenarios (wat-als-simulatie, issue 14 item 4): administrators queue a change to the rule
 * set for a calendar year; the simulation job (api/src/simulations.ts) replays the year's let
 * AANBOD/LOTERIJ listings with the allocation core (allocation/simulation.ts `simulateYear`) and
 * stores the report; administrators publish it. Unpublished scenarios are visible to administrators
 * only; published ones to everyone (the report names no seekers).
 */
import type { SimulationScenario as SimulationScenarioRow } from "@woonbeurt/db";
import { z } from "zod";
import {
  amsterdamDate,
  NoRuleSetInForceError,
  type GroupFigures,
  type SimulationReport,
} from "../allocation/index.ts";
import { hasRole, type Context } from "../auth/context.ts";
import { db } from "../db.ts";
import {
  baseRuleSet,
  FIRST_YEAR,
  scenarioChangeSchema,
  scenarioQueued,
  SIMULATION_URGENCY_CATEGORIES,
  storedChange,
} from "../simulations.ts";
import { builder } from "./builder.ts";
import { decodeGlobal, encodeGlobal, PriorityRuleEnum, UrgencyCategoryEnum } from "./common.ts";
import { loadRuleSets } from "./core.ts";
import { InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireRole } from "./guards.ts";

// ── Types ───────────────────────────────────────────────────────────────────────────────────

const SimulationStatusEnum = builder.enumType("SimulationStatus", {
  description: "State of a what-if scenario's run.",
  values: {
    QUEUED: { description: "Waiting for the simulation job (it runs within a minute)." },
    RUNNING: { description: "Being replayed; see `progress`." },
    DONE: { description: "Finished; `report` holds the figures." },
    FAILED: { description: "Stopped with an error (`error`)." },
  } as const,
});

const SimulationChangeRef = builder.objectRef<ReturnType<typeof storedChange>>("SimulationChange").implement({
  description: "The rule-set change a scenario replays; a null field stays as in the base rule set.",
  fields: (t) => ({
    retainedShareOnAcceptance: t.float({
      nullable: true,
      description:
        "Share of registration years kept on accepting a dwelling, a fraction 0..1 ([001] §E.3: 0.75).",
      resolve: (c) => c.retainedShareOnAcceptance ?? null,
    }),
    lotteryShare: t.float({
      nullable: true,
      description: "Share of the year's AANBOD listings drawn by lottery instead, a fraction 0..0.2.",
      resolve: (c) => c.lotteryShare ?? null,
    }),
    priorityOrder: t.field({
      type: [PriorityRuleEnum],
      nullable: true,
      description: "Order of the priority tiers, each rule once.",
      resolve: (c) => (c.priorityOrder ? [...c.priorityOrder] : null),
    }),
    addPriorityRule: t.field({
      type: PriorityRuleEnum,
      nullable: true,
      description: "A priority rule every AANBOD/LOTERIJ listing applies (a new priority group).",
      resolve: (c) => c.addPriorityRule ?? null,
    }),
    dropUrgencyCategories: t.field({
      type: [UrgencyCategoryEnum],
      description: "Urgency categories whose declarations no longer give priority (empty: none).",
      resolve: (c) => (c.dropUrgencyCategories ?? []) as never,
    }),
    seed: t.string({
      nullable: true,
      description: "Seed of the simulated lottery draws; null = the default seed.",
      resolve: (c) => c.seed ?? null,
    }),
  }),
});

const SimulationGroupRef = builder.objectRef<GroupFigures>("SimulationGroupFigures").implement({
  description: "One group of a simulation report: baseline (rules as they were) next to the scenario.",
  fields: (t) => ({
    group: t.exposeString("group", {
      description:
        "The group: STARTER, MOVER, URGENT, AGE:18-22, AGE:23-34, AGE:35-54, AGE:55-64, AGE:65+ (age at letting, completed years) or MUNICIPALITY:<municipality global ID> (the seeker's municipality).",
    }),
    housedBaseline: t.exposeInt("housedBaseline", { description: "Housed in the baseline replay." }),
    housedScenario: t.exposeInt("housedScenario", { description: "Housed in the scenario replay." }),
    meanYearsBaseline: t.exposeFloat("meanYearsBaseline", {
      description: "Mean registration years at letting in the baseline replay (years; 0 when nobody).",
    }),
    meanYearsScenario: t.exposeFloat("meanYearsScenario", {
      description: "Mean registration years at letting in the scenario replay (years; 0 when nobody).",
    }),
  }),
});

const SimulationReportRef = builder.objectRef<SimulationReport>("SimulationReport").implement({
  description:
    "The outcome of a scenario: the year replayed under the rules as they were (baseline) and with the change (scenario), by the same method. Publishable: names no seekers.",
  fields: (t) => ({
    listings: t.exposeInt("listings", {
      description: "Listings replayed (let AANBOD/LOTERIJ listings of the year).",
    }),
    letBaseline: t.exposeInt("letBaseline", { description: "Listings let in the baseline replay." }),
    letScenario: t.exposeInt("letScenario", { description: "Listings let in the scenario replay." }),
    changedHands: t.exposeInt("changedHands", {
      description: "Lettings that change hands: listings whose tenant differs between the replays.",
    }),
    lotteryListings: t.exposeInt("lotteryListings", {
      description: "Listings drawn by lottery in the scenario.",
    }),
    changedListings: t.field({
      type: ["ID"],
      description: "Global IDs of the listings that change hands, in close order.",
      resolve: (r) => r.changedListings.map((id) => encodeListing(id)),
    }),
    groups: t.field({
      type: [SimulationGroupRef],
      description: "Figures per group, by group name.",
      resolve: (r) => r.groups.map((g) => ({ ...g, group: publicGroup(g.group) })),
    }),
    method: t.exposeString("method", { description: "How the figures were made (English)." }),
    limits: t.exposeStringList("limits", {
      description: "What the figures cannot show (English); publish with them.",
    }),
  }),
});

const encodeListing = (id: string) => encodeGlobal("Listing", id);
/** MUNICIPALITY:<uuid> → MUNICIPALITY:<global ID>; other groups unchanged. */
function publicGroup(g: string): string {
  return g.startsWith("MUNICIPALITY:") ? `MUNICIPALITY:${encodeGlobal("Municipality", g.slice(13))}` : g;
}

export const SimulationScenarioRef = builder.prismaNode("SimulationScenario", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A what-if scenario (wat-als-simulatie): a rule-set change replayed over a year of recorded responses. Administrators see all; everyone else only published ones.",
  authScopes: (s) => (s.publishedAt ? { public: true } : { admin: true }),
  fields: (t) => ({
    title: t.exposeString("title", { description: "Short title." }),
    year: t.exposeInt("year", {
      description: "Calendar year replayed (lettings agreed in it, Europe/Amsterdam).",
    }),
    region: t.exposeString("region", { description: "Region: the name of the base rule set." }),
    ruleSetVersion: t.exposeInt("ruleSetVersion", {
      description:
        "Version of the base rule set (in force on the year's last day, or today in the current year).",
    }),
    change: t.field({
      type: SimulationChangeRef,
      description: "The change replayed.",
      resolve: (s) => storedChange(s.change),
    }),
    status: t.field({
      type: SimulationStatusEnum,
      description: "State of the run.",
      resolve: (s) => s.status,
    }),
    progressDone: t.exposeInt("progressDone", {
      description:
        "Steps done: one per listing loaded, then one per listing and replay (baseline, scenario).",
    }),
    progressTotal: t.exposeInt("progressTotal", {
      description: "Steps in all (three per listing); 0 until the job counted the listings.",
    }),
    progress: t.float({
      description: "Share done, a fraction 0..1 (1 when DONE).",
      resolve: (s) =>
        s.status === "DONE" ? 1 : s.progressTotal > 0 ? Math.min(1, s.progressDone / s.progressTotal) : 0,
    }),
    report: t.field({
      type: SimulationReportRef,
      nullable: true,
      description: "The figures, once DONE; null before.",
      resolve: (s) => (s.status === "DONE" && s.report ? (s.report as unknown as SimulationReport) : null),
    }),
    error: t.string({
      nullable: true,
      description: "Why the run FAILED (English); administrators only, null for others.",
      resolve: (s, _a, ctx) => (hasRole(ctx.viewer, "ADMINISTRATOR") ? s.error : null),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Queued." }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true, description: "Run started." }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true, description: "Run ended." }),
    publishedAt: t.expose("publishedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was published; null = administrators only.",
    }),
  }),
});

builder.queryFields((t) => ({
  simulationScenarios: t.prismaConnection({
    type: SimulationScenarioRef,
    cursor: "id",
    description:
      "What-if scenarios, newest first. Administrators see all; everyone else only published ones. Public.",
    args: {
      publishedOnly: t.arg.boolean({
        required: false,
        description: "Only published scenarios (always so for callers who are not administrators).",
      }),
    },
    totalCount: (_p, args, ctx) => db().simulationScenario.count({ where: scenariosWhere(ctx, args) }),
    resolve: (query, _r, args, ctx) =>
      db().simulationScenario.findMany({
        ...query,
        where: scenariosWhere(ctx, args),
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
}));

/** Admins: every scenario (unless publishedOnly); others: published ones. */
function scenariosWhere(ctx: Context, args: { publishedOnly?: boolean | null }) {
  return hasRole(ctx.viewer, "ADMINISTRATOR") && !args.publishedOnly ? {} : { publishedAt: { not: null } };
}

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

const SimulationChangeInput = builder.inputType("SimulationChangeInput", {
  description:
    "A rule-set change to replay; omitted fields stay as in the base rule set. At least one field.",
  fields: (t) => ({
    retainedShareOnAcceptance: t.float({
      required: false,
      description:
        "Share of registration years kept on accepting a dwelling, a fraction 0..1 ([001] §E.3: 0.75).",
    }),
    lotteryShare: t.float({
      required: false,
      description:
        "Share of the year's AANBOD listings to draw by lottery instead, a fraction 0..0.2 (at most 20% [001] §E.3).",
    }),
    priorityOrder: t.field({
      type: [PriorityRuleEnum],
      required: false,
      description:
        "Order of the priority tiers: each of URGENCY, MOVER, LOCAL_BINDING, VITAL_PROFESSION exactly once.",
    }),
    addPriorityRule: t.field({
      type: PriorityRuleEnum,
      required: false,
      description: "A priority rule every AANBOD/LOTERIJ listing applies (a new priority group).",
    }),
    dropUrgencyCategories: t.field({
      type: [UrgencyCategoryEnum],
      required: false,
      description: "Urgency categories whose declarations no longer give priority; each at most once.",
    }),
    seed: t.string({
      required: false,
      description: "Seed of the simulated lottery draws, 1–100 characters (same seed, same draws).",
    }),
  }),
});

const SimulationScenarioCreateInput = builder.inputType("SimulationScenarioCreateInput", {
  description: "A what-if scenario to queue.",
  fields: (t) => ({
    year: t.int({
      required: true,
      description: `Calendar year to replay, ${FIRST_YEAR} up to the current year (Europe/Amsterdam).`,
    }),
    title: t.string({
      required: false,
      description: 'Short title, 1–200 characters (default: "Scenario <year>").',
    }),
    change: t.field({ type: SimulationChangeInput, required: true, description: "The change." }),
  }),
});

const SimulationScenarioPublishInput = builder.inputType("SimulationScenarioPublishInput", {
  description: "A finished scenario to make public.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the SimulationScenario." }) }),
});

/** Drops null fields of the GraphQL input (GraphQL null = omitted = as in the base rule set). */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

builder.mutationFields((t) => ({
  simulationScenarioCreate: t.field({
    type: SimulationScenarioRef,
    description:
      "Queue a what-if scenario (administrators); the simulation job runs it within a minute. Validation (ValidationError, one issue per field): year from 2000 to the current year with a rule set in force; retainedShareOnAcceptance 0..1; lotteryShare 0..0.2; priorityOrder a permutation of the four priority rules; dropUrgencyCategories without repeats; seed 1–100 characters; at least one change. Errors: NotAuthorizedError, ValidationError.",
    errors: {
      types: [ValidationError],
      dataField: { name: "simulationScenario", description: "The queued scenario." },
    },
    args: {
      input: t.arg({ type: SimulationScenarioCreateInput, required: true, description: "The scenario." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ADMINISTRATOR");
      const now = new Date();
      const currentYear = amsterdamDate(now).year;
      const issues: { path: (string | number)[]; message: string }[] = [];
      if (!Number.isInteger(input.year) || input.year < FIRST_YEAR || input.year > currentYear)
        issues.push({ path: ["input", "year"], message: `must be between ${FIRST_YEAR} and ${currentYear}` });
      let title = `Scenario ${input.year}`;
      try {
        if (input.title != null)
          title = parseInput(
            z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters"),
            input.title,
            ["input", "title"],
          );
      } catch (e) {
        if (e instanceof ValidationError) issues.push(...e.issues);
        else throw e;
      }
      const raw = compact(input.change as Record<string, unknown>);
      let change: ReturnType<typeof storedChange> | null = null;
      try {
        change = parseInput(scenarioChangeSchema(SIMULATION_URGENCY_CATEGORIES), raw, ["input", "change"]);
        if (!Object.keys(change).some((k) => k !== "seed"))
          issues.push({ path: ["input", "change"], message: "must change at least one rule" });
      } catch (e) {
        if (e instanceof ValidationError) issues.push(...e.issues);
        else throw e;
      }
      if (issues.length || !change) throw new ValidationError(issues);
      const row = await db().$transaction(async (tx) => {
        let base;
        try {
          base = baseRuleSet(await loadRuleSets(tx), input.year, now);
        } catch (e) {
          if (e instanceof NoRuleSetInForceError)
            throw new ValidationError([
              { path: ["input", "year"], message: "no rule set was in force in this year" },
            ]);
          throw e;
        }
        const created = await tx.simulationScenario.create({
          data: {
            createdById: viewer.userId,
            title,
            year: input.year,
            region: base.name,
            ruleSetVersion: base.version,
            change: change as object,
          },
        });
        await audit(
          ctx,
          "CREATE",
          "SimulationScenario",
          created.id,
          { year: input.year, change: change as object },
          tx,
          "ADMINISTRATOR",
        );
        return created;
      });
      scenarioQueued();
      return row;
    },
  }),
  simulationScenarioPublish: t.field({
    type: SimulationScenarioRef,
    description:
      "Make a finished (DONE) scenario public (administrators); publishing twice keeps the first date. Errors: NotAuthorizedError, ValidationError (not a SimulationScenario ID), NotFoundError, InvalidStateError (not DONE).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "simulationScenario", description: "The published scenario." },
    },
    args: {
      input: t.arg({ type: SimulationScenarioPublishInput, required: true, description: "The scenario." }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const id = decodeGlobal(String(input.id), "SimulationScenario", "id");
      return db().$transaction(async (tx): Promise<SimulationScenarioRow> => {
        const rows = await tx.$queryRaw<{ id: string }[]>`
          SELECT "id"::text AS id FROM "SimulationScenario" WHERE "id" = ${id}::uuid FOR UPDATE`;
        if (!rows.length) throw new NotFoundError("SimulationScenario");
        const s = await tx.simulationScenario.findUniqueOrThrow({ where: { id } });
        if (s.status !== "DONE")
          throw new InvalidStateError(s.status, "Only a finished (DONE) scenario can be published");
        if (s.publishedAt) return s;
        const updated = await tx.simulationScenario.update({
          where: { id },
          data: { publishedAt: new Date() },
        });
        await audit(ctx, "UPDATE", "SimulationScenario", id, { action: "publish" }, tx, "ADMINISTRATOR");
        return updated;
      });
    },
  }),
}));
