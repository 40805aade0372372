/**
 * Public monitoring figures (monitoring en verantwoording [004]): computed by the allocation
 * core's monitoring functions over the lettings of a period and area. Public because the
 * documents ask for accountability; only aggregates are exposed.
 */
import {
  lettingsByDistrict,
  priorityShare,
  registrationYearsAtLetting,
  responsesPerListing,
  ruleSetInForce,
  urgentLettingsByCategory,
  urgentWaitingTimes,
  type LettingRecord,
} from "../allocation/index.ts";
import type { Prisma } from "@woonbeurt/db";
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { decodeGlobal } from "./common.ts";
import { eur, loadRuleSets } from "./core.ts";
import { memo } from "./loaders.ts";
import { parseInput } from "./errors.ts";
import { z } from "zod";

const SummaryRef = builder.objectRef<{ count: number; mean: number; median: number }>("Summary").implement({
  description: "Count, mean and median of a quantity.",
  fields: (t) => ({
    count: t.exposeInt("count", { description: "Number of values." }),
    mean: t.exposeFloat("mean", { description: "Mean (0 when count is 0)." }),
    median: t.exposeFloat("median", { description: "Median (0 when count is 0)." }),
  }),
});

const PriorityShareRef = builder.objectRef<ReturnType<typeof priorityShare>>("PriorityShare").implement({
  description:
    "Lettings with priority to special groups (urgency and mediation) vs the target share (30% [004] Vooraf). Mover, binding and vital-profession priority count as `otherPriority`.",
  fields: (t) => ({
    total: t.exposeInt("total", { description: "Lettings in the period." }),
    withPriority: t.exposeInt("withPriority", {
      description: "Lettings to urgent seekers and mediated target groups.",
    }),
    otherPriority: t.exposeInt("otherPriority", {
      description: "Lettings by mover, local-binding or vital-profession priority.",
    }),
    regular: t.exposeInt("regular", { description: "Lettings without priority." }),
    share: t.exposeFloat("share", { description: "withPriority / total (0..1)." }),
    targetShare: t.exposeFloat("targetShare", { description: "Target share from the rule set (0..1)." }),
    deviation: t.exposeFloat("deviation", { description: "share − targetShare." }),
  }),
});

const CategoryRowRef = builder
  .objectRef<ReturnType<typeof urgentLettingsByCategory>["rows"][number]>("UrgencyCategoryFigures")
  .implement({
    description:
      "Urgent lettings of one category, by model: A = aanbodmodel (published listings), B = bemiddeling (mediation) [001] Figure 3.",
    fields: (t) => ({
      category: t.exposeString("category", { description: "Urgency category." }),
      viaListings: t.exposeInt("A", { description: "Via published listings (model A)." }),
      viaMediation: t.exposeInt("B", { description: "Via direct mediation (model B)." }),
      share: t.exposeFloat("share", { description: "Share of all urgent lettings (0..1)." }),
    }),
  });

const DistrictRowRef = builder
  .objectRef<ReturnType<typeof lettingsByDistrict>[number] & { name: string | null }>("DistrictFigures")
  .implement({
    description: "Lettings per district (spreading, e.g. Overvecht [004]).",
    fields: (t) => ({
      districtName: t.exposeString("name", {
        nullable: true,
        description: "District name (null: no district).",
      }),
      lettings: t.exposeInt("lettings", { description: "Lettings." }),
      withPriority: t.exposeInt("withPriority", { description: "Of which with priority to special groups." }),
      priorityShare: t.exposeFloat("priorityShare", { description: "withPriority / lettings." }),
      shareOfLettings: t.exposeFloat("shareOfLettings", {
        description: "Share of all lettings in the area.",
      }),
    }),
  });

const WaitRef = builder.objectRef<ReturnType<typeof urgentWaitingTimes>>("UrgentWaitingTimes").implement({
  description:
    "Waiting time of urgent seekers from grant to letting, in months, against the target (3 months [004]).",
  fields: (t) => ({
    targetMonths: t.exposeFloat("targetMonths", { description: "Target, months." }),
    housed: t.field({
      type: SummaryRef,
      description: "Months from grant to letting of those housed.",
      resolve: (w) => w.housed,
    }),
    housedWithinTargetShare: t.float({
      description: "Share housed within the target (0..1).",
      resolve: (w) => w.housed.withinTargetShare,
    }),
  }),
});

interface StatisticsShape {
  year: number;
  quarter: number | null;
  records: LettingRecord[];
  names: Map<string, string>;
  ruleSet: Awaited<ReturnType<typeof loadRuleSets>>[number];
}

const StatisticsRef = builder.objectRef<StatisticsShape>("Statistics").implement({
  description:
    "Monitoring figures of lettings in a period and area, computed by the allocation core (monitoring.ts). Public.",
  fields: (t) => ({
    year: t.exposeInt("year", { description: "Year." }),
    quarter: t.exposeInt("quarter", {
      nullable: true,
      description: "Quarter 1–4, or null for the whole year.",
    }),
    lettings: t.int({ description: "Lettings in the period and area.", resolve: (s) => s.records.length }),
    priorityShare: t.field({
      type: PriorityShareRef,
      description: "With vs without priority against the 30% target.",
      resolve: (s) => priorityShare(s.records, s.ruleSet),
    }),
    urgencyByCategory: t.field({
      type: [CategoryRowRef],
      description: "Urgent lettings per category and model.",
      resolve: (s) => urgentLettingsByCategory(s.records).rows,
    }),
    byDistrict: t.field({
      type: [DistrictRowRef],
      description: "Lettings per district.",
      resolve: (s) =>
        lettingsByDistrict(s.records).map((r) => ({
          ...r,
          name: r.districtId ? (s.names.get(r.districtId) ?? null) : null,
        })),
    }),
    registrationYearsStarters: t.field({
      type: SummaryRef,
      description: "Registration years at letting of starters (years; 8.6 mean in 2017 [001]).",
      resolve: (s) => registrationYearsAtLetting(s.records).starters,
    }),
    registrationYearsMovers: t.field({
      type: SummaryRef,
      description: "Registration years at letting of movers (years; 10.8 mean in 2017 [001]).",
      resolve: (s) => registrationYearsAtLetting(s.records).movers,
    }),
    responsesPerListing: t.field({
      type: SummaryRef,
      description: "Eligible responses per let listing (mediation excluded).",
      resolve: (s) => responsesPerListing(s.records),
    }),
    urgentWaitingTimes: t.field({
      type: WaitRef,
      description: "Waiting time of urgent seekers, months.",
      resolve: (s) => urgentWaitingTimes(s.records, s.ruleSet),
    }),
  }),
});

builder.queryFields((t) => ({
  statistics: t.field({
    type: StatisticsRef,
    description:
      "Monitoring figures for a year (or quarter) and optionally a municipality or district. Public. Errors: VALIDATION_FAILED for bad arguments.",
    args: {
      year: t.arg.int({ required: true, description: "Year, e.g. 2026." }),
      quarter: t.arg.int({ required: false, description: "Quarter 1–4 (omit for the whole year)." }),
      municipalityId: t.arg.id({ required: false, description: "Global ID of a municipality." }),
      districtId: t.arg.id({ required: false, description: "Global ID of a district." }),
    },
    resolve: async (_r, args, ctx) => {
      parseInput(
        z.object({
          year: z.number().int().min(2000).max(2100),
          quarter: z.number().int().min(1).max(4).nullish(),
        }),
        { year: args.year, quarter: args.quarter },
        [],
      );
      const from = new Date(Date.UTC(args.year, args.quarter ? (args.quarter - 1) * 3 : 0, 1));
      const until = new Date(Date.UTC(args.year, args.quarter ? args.quarter * 3 : 12, 1));
      const dwelling: Prisma.DwellingWhereInput = {};
      if (args.municipalityId)
        dwelling.municipalityId = decodeGlobal(String(args.municipalityId), "Municipality", "municipalityId");
      if (args.districtId)
        dwelling.districtId = decodeGlobal(String(args.districtId), "District", "districtId");
      const rows = await db().letting.findMany({
        where: { letAt: { gte: from, lt: until }, dwelling },
        select: {
          id: true,
          letAt: true,
          allocationModel: true,
          decidedBy: true,
          priorityRule: true,
          urgencyCategory: true,
          registrationYearsUsed: true,
          seekerWasMover: true,
          responseCount: true,
          netRentCents: true,
          householdIncomeCents: true,
          dwelling: { select: { districtId: true, district: { select: { name: true } } } },
          seeker: {
            select: {
              urgencyApplications: {
                where: { status: { in: ["GRANTED", "EXPIRED"] } },
                orderBy: { decidedAt: "desc" },
                take: 1,
                select: { decidedAt: true },
              },
            },
          },
        },
      });
      const names = new Map<string, string>();
      const records: LettingRecord[] = rows.map((r) => {
        if (r.dwelling.districtId && r.dwelling.district)
          names.set(r.dwelling.districtId, r.dwelling.district.name);
        return {
          id: r.id,
          letAt: r.letAt,
          allocationModel: r.allocationModel,
          decidedBy: r.decidedBy,
          priorityRule: r.priorityRule,
          urgencyCategory: r.urgencyCategory,
          districtId: r.dwelling.districtId,
          registrationYearsUsed: r.registrationYearsUsed,
          seekerWasMover: r.seekerWasMover,
          responseCount: r.responseCount,
          netRent: eur(r.netRentCents),
          householdIncome: eur(r.householdIncomeCents),
          urgencyGrantedAt: r.urgencyCategory ? (r.seeker?.urgencyApplications[0]?.decidedAt ?? null) : null,
        };
      });
      const versions = await memo(ctx, "ruleSets", () => loadRuleSets());
      return {
        year: args.year,
        quarter: args.quarter ?? null,
        records,
        names,
        ruleSet: ruleSetInForce(versions, new Date(Math.min(until.getTime() - 1, Date.now()))),
      };
    },
  }),
}));
