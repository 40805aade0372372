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
  NoRuleSetInForceError,
  startOfAmsterdamDay,
  amsterdamDate,
  toUtcMidnight,
  urgentLettingsByCategory,
  urgentWaitingTimes,
  incomeBandShares,
  priorityShareByQuarter,
  rentClassTable,
  specialGroupLettings,
  spreading,
  statutoryUrgencyRows,
  type LettingRecord,
  type RentClass,
  type RuleSet,
} from "../allocation/index.ts";
import type { Prisma } from "@woonbeurt/db";
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { decodeGlobal, encodeGlobal, ListingCapEnum } from "./common.ts";
import { capFigures, type CapFigures } from "./quota.ts";
import { eur, loadRuleSets } from "./core.ts";
import { memo } from "./loaders.ts";
import { parseInput, ValidationError } from "./errors.ts";
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

const WaitingNowRef = builder
  .objectRef<ReturnType<typeof urgentWaitingTimes>["waiting"]>("UrgentWaitingNow")
  .implement({
    description:
      "Urgent seekers still waiting at the end of the period (or now, for the current period): granted, declaration in force, not housed yet; months since the grant so far.",
    fields: (t) => ({
      count: t.exposeInt("count", { description: "Seekers still waiting." }),
      mean: t.exposeFloat("mean", { description: "Mean months waited so far (0 when count is 0)." }),
      median: t.exposeFloat("median", { description: "Median months waited so far (0 when count is 0)." }),
      overTarget: t.exposeInt("overTarget", { description: "Of whom waiting longer than the target." }),
    }),
  });

const WaitCategoryRef = builder
  .objectRef<ReturnType<typeof urgentWaitingTimes>["byCategory"][number]>("UrgentWaitingTimesCategory")
  .implement({
    description: "Waiting time from grant to letting of housed urgent seekers of one category, months.",
    fields: (t) => ({
      category: t.exposeString("category", { description: "Urgency category (granted)." }),
      housed: t.field({
        type: SummaryRef,
        description: "Months from grant to letting.",
        resolve: (c) => c.housed,
      }),
      withinTargetShare: t.exposeFloat("withinTargetShare", {
        description: "Share housed within the target (0..1).",
      }),
    }),
  });

const WaitRef = builder
  .objectRef<{ report: ReturnType<typeof urgentWaitingTimes>; waitingKnown: boolean }>("UrgentWaitingTimes")
  .implement({
    description:
      "Waiting time of urgent seekers from grant to letting, in months of 365.25/12 days, against the target (3 months [004] Vooraf, Afspraken en acties 2019 'Prioritering'). Computed by the core's urgentWaitingTimes.",
    fields: (t) => ({
      targetMonths: t.float({
        description: "Target, months (rule set).",
        resolve: (w) => w.report.targetMonths,
      }),
      housed: t.field({
        type: SummaryRef,
        description: "Months from grant to letting of those housed in the period.",
        resolve: (w) => w.report.housed,
      }),
      housedWithinTarget: t.int({
        description: "Housed within the target.",
        resolve: (w) => w.report.housed.withinTarget,
      }),
      housedWithinTargetShare: t.float({
        description: "Share housed within the target (0..1; 0 when nobody was housed).",
        resolve: (w) => w.report.housed.withinTargetShare,
      }),
      waiting: t.field({
        type: WaitingNowRef,
        nullable: true,
        description:
          "Urgent seekers still waiting at the end of the period (or now). By the seeker's home municipality under a municipality filter; null under a district filter (a waiting seeker has no district).",
        resolve: (w) => (w.waitingKnown ? w.report.waiting : null),
      }),
      byCategory: t.field({
        type: [WaitCategoryRef],
        description: "Housed urgent seekers per category, sorted by category code.",
        resolve: (w) => w.report.byCategory,
      }),
    }),
  });

const IncomeBandsRef = builder
  .objectRef<{ report: ReturnType<typeof incomeBandShares>; ruleSet: RuleSet }>("IncomeBandFigures")
  .implement({
    description:
      "Passend toewijzen monitoring [001] §E.1: social lettings (net rent up to the liberalisation limit) per household income band, against the floor of 80% to incomes up to the DAEB limit (up to 10% between DAEB and middle limit, the rest up to the ordinance limit). Computed by the core's incomeBandShares with the rule set in force at the end of the period.",
    fields: (t) => ({
      socialLettings: t.int({
        description: "Lettings with net rent up to the liberalisation limit.",
        resolve: (b) => b.report.socialLettings,
      }),
      upToDaeb: t.int({
        description: "Of which to yearly household incomes up to the DAEB limit.",
        resolve: (b) => b.report.upToDaeb,
      }),
      daebToMiddle: t.int({
        description: "Above the DAEB limit, up to the middle limit.",
        resolve: (b) => b.report.daebToMiddle,
      }),
      middleToOrdinance: t.int({
        description: "Above the middle limit, up to the ordinance limit.",
        resolve: (b) => b.report.middleToOrdinance,
      }),
      aboveOrdinance: t.int({
        description: "Above the ordinance limit (should be 0).",
        resolve: (b) => b.report.aboveOrdinance,
      }),
      shareUpToDaeb: t.float({
        description: "upToDaeb / socialLettings (0..1; 0 without lettings).",
        resolve: (b) => b.report.shares.upToDaeb,
      }),
      shareDaebToMiddle: t.float({
        description: "daebToMiddle / socialLettings (0..1).",
        resolve: (b) => b.report.shares.daebToMiddle,
      }),
      shareMiddleToOrdinance: t.float({
        description: "middleToOrdinance / socialLettings (0..1).",
        resolve: (b) => b.report.shares.middleToOrdinance,
      }),
      shareAboveOrdinance: t.float({
        description: "aboveOrdinance / socialLettings (0..1).",
        resolve: (b) => b.report.shares.aboveOrdinance,
      }),
      minimumShareUpToDaeb: t.float({
        description: "The floor for shareUpToDaeb from the rule set (0.8) [001] §E.1.",
        resolve: (b) => b.ruleSet.allocationShares.upToDaeb,
      }),
      meetsDaebMinimum: t.boolean({
        description: "Whether shareUpToDaeb reaches the floor (true without lettings).",
        resolve: (b) => b.report.meetsDaebMinimum,
      }),
      daebLimit: t.float({
        description: "DAEB income limit, EUR per year (rule set).",
        resolve: (b) => b.ruleSet.incomeLimits.daeb,
      }),
      middleLimit: t.float({
        description: "Middle income limit, EUR per year (rule set).",
        resolve: (b) => b.ruleSet.incomeLimits.middle,
      }),
      ordinanceLimit: t.float({
        description: "Ordinance income limit, EUR per year (rule set).",
        resolve: (b) => b.ruleSet.incomeLimits.ordinance,
      }),
      liberalisationLimit: t.float({
        description: "Liberalisation limit, EUR net rent per month: lettings above it are not counted.",
        resolve: (b) => b.ruleSet.rent.liberalisationLimit,
      }),
    }),
  });

/** Urgent seekers granted and still waiting (not housed) at `asOf`, optionally by home municipality. */
async function stillWaitingAt(asOf: Date, municipalityId: string | undefined) {
  const apps = await db().urgencyApplication.findMany({
    where: {
      status: { in: ["GRANTED", "EXPIRED"] },
      decidedAt: { lte: asOf },
      // in force on the day of `asOf` (validUntil is the last valid calendar day)
      validUntil: { gte: toUtcMidnight(amsterdamDate(asOf)) },
      ...(municipalityId ? { seeker: { municipalityId } } : {}),
    },
    select: {
      decidedAt: true,
      grantedCategory: true,
      seeker: { select: { lettings: { where: { letAt: { lte: asOf } }, select: { letAt: true } } } },
    },
  });
  return apps
    .filter((a) => a.decidedAt && !a.seeker.lettings.some((l) => l.letAt >= a.decidedAt!))
    .map((a) => ({ category: a.grantedCategory ?? "", grantedAt: a.decidedAt! }));
}

/** Rent class (huurklasse) of [004], as GraphQL enum. */
const RentClassEnum = builder.enumType("RentClass", {
  description:
    "Rent class (huurklasse) of [004] by net rent per month: bounds from the rule set in force at the end of the period.",
  values: {
    UP_TO_QUALITY_DISCOUNT: {
      description: "Goedkoop: up to the quality-discount limit (kwaliteitskortingsgrens).",
    },
    UP_TO_CAPPING_LOW: {
      description: "Betaalbaar: up to the lower capping threshold (aftoppingsgrens laag).",
    },
    UP_TO_CAPPING_HIGH: {
      description: "Betaalbaar: up to the higher capping threshold (aftoppingsgrens hoog).",
    },
    UP_TO_LIBERALISATION: { description: "Duur: up to the liberalisation limit (liberalisatiegrens)." },
    MIDDLE: { description: "Middle rent (middenhuur), up to its maximum [001] §E.2a; not social rent." },
    FREE: { description: "Above the middle-rent maximum (vrije sector)." },
  } satisfies Record<RentClass, unknown>,
});

const RentClassRowRef = builder
  .objectRef<ReturnType<typeof rentClassTable>[number]>("RentClassFigures")
  .implement({
    description:
      "Stock and lettings in one rent class, like [004]'s tables 'Voorraad sociale huurwoningen corporaties' and 'Aantal en percentage verhuringen naar huurklasse'.",
    fields: (t) => ({
      rentClass: t.field({ type: RentClassEnum, description: "The class.", resolve: (r) => r.rentClass }),
      upTo: t.exposeFloat("upTo", {
        nullable: true,
        description: "Upper bound, EUR net rent per month, inclusive (null: no upper bound).",
      }),
      stock: t.exposeInt("stock", {
        description:
          "Dwellings in the system in the area at the end of the period, by their current net rent.",
      }),
      stockShare: t.exposeFloat("stockShare", { description: "stock / all stock (0..1)." }),
      lettings: t.exposeInt("lettings", { description: "Lettings in the period, by net rent at letting." }),
      lettingsShare: t.exposeFloat("lettingsShare", { description: "lettings / all lettings (0..1)." }),
    }),
  });

const QuarterShareRef = builder
  .objectRef<ReturnType<typeof priorityShareByQuarter>[number]>("QuarterPriorityShare")
  .implement({
    description: "The 30/70 balance of one quarter ([004] Vooraf, monitoring per quarter).",
    fields: (t) => ({
      quarter: t.exposeInt("quarter", { description: "Quarter 1–4 (Europe/Amsterdam calendar)." }),
      total: t.exposeInt("total", { description: "Lettings in the quarter." }),
      withPriority: t.exposeInt("withPriority", {
        description: "Lettings to urgent seekers and mediated target groups.",
      }),
      share: t.exposeFloat("share", { description: "withPriority / total (0..1; 0 without lettings)." }),
      targetShare: t.exposeFloat("targetShare", { description: "Target share from the rule set (0.3)." }),
    }),
  });

const UrgentTotalsRef = builder
  .objectRef<ReturnType<typeof urgentLettingsByCategory>>("UrgentLettingTotals")
  .implement({
    description:
      "Totals of [001] Figure 3: urgent lettings by model A (aanbod, via listings) and B (bemiddeling), and their share of all lettings (21% in 2017).",
    fields: (t) => ({
      viaListings: t.int({ description: "Model A.", resolve: (r) => r.totals.A }),
      viaMediation: t.int({ description: "Model B.", resolve: (r) => r.totals.B }),
      total: t.int({ description: "All urgent lettings.", resolve: (r) => r.totals.all }),
      shareOfAllLettings: t.exposeFloat("shareOfAllLettings", {
        description: "total / all lettings of the period (0..1).",
      }),
    }),
  });

const SpecialGroupRef = builder
  .objectRef<ReturnType<typeof specialGroupLettings>[number]>("SpecialGroupQuotaFigures")
  .implement({
    description:
      "Lettings to a special group against its yearly quota (taakstelling) [004] 'Opgaven en taakstellingen'. The quotas are the municipality of Utrecht's (GM0344).",
    fields: (t) => ({
      group: t.string({
        description:
          "STATUSHOUDERS or UITSTROOM_MO_BW (uitstroom maatschappelijke opvang / beschermd wonen).",
        resolve: (r) => r.quota.group,
      }),
      categories: t.stringList({
        description: "Urgency categories counted for the group.",
        resolve: (r) => [...r.quota.categories],
      }),
      lettings: t.exposeInt("lettings", {
        description: "Lettings to the group in the period (models A and B).",
      }),
      dwellingsPerYear: t.exposeInt("dwellingsPerYear", {
        nullable: true,
        description: "The yearly quota, dwellings (null: no quota for this year).",
      }),
      realisedShare: t.exposeFloat("realisedShare", {
        nullable: true,
        description: "lettings / dwellingsPerYear (null without a quota).",
      }),
      source: t.string({ description: "Where the quota comes from.", resolve: (r) => r.quota.source }),
    }),
  });

const SpreadingRef = builder
  .objectRef<ReturnType<typeof spreading>[number] & { name: string | null }>("SpreadingFigures")
  .implement({
    description:
      "Spreading over neighbourhoods ([004] 'Spreiding over de stad'): a district's share of lettings to special groups against its city's, flagged when a district the seeds name (Overvecht) exceeds it.",
    fields: (t) => ({
      districtName: t.exposeString("name", { nullable: true, description: "District name." }),
      lettings: t.exposeInt("lettings", { description: "Lettings in the district." }),
      withPriority: t.exposeInt("withPriority", {
        description: "Of which to urgent seekers and mediated target groups.",
      }),
      priorityShare: t.exposeFloat("priorityShare", { description: "withPriority / lettings (0..1)." }),
      municipalityPriorityShare: t.exposeFloat("municipalityPriorityShare", {
        description: "The same share over the district's whole municipality (0..1).",
      }),
      exceedsMunicipality: t.exposeBoolean("exceedsMunicipality", {
        description: "priorityShare > municipalityPriorityShare.",
      }),
      watched: t.exposeBoolean("watched", { description: "A district the seeds name (Overvecht [004])." }),
      flagged: t.exposeBoolean("flagged", { description: "watched and exceedsMunicipality." }),
    }),
  });

const KeyFiguresRef = builder
  .objectRef<{ registered: number; active: number | null; s: StatisticsShape }>("KeyFigures")
  .implement({
    description:
      "[001] Figure 2 (kerncijfers) from the system's records: seekers registered at the end of the period, active seekers, lettings, mean registration years at letting.",
    fields: (t) => ({
      registeredSeekers: t.exposeInt("registered", {
        description:
          "Seekers registered at the end of the period (woningzoekenden 31-12): registration date on or before it; accounts deleted since are not counted. By home municipality under a municipality filter.",
      }),
      activeSeekers: t.exposeInt("active", {
        nullable: true,
        description:
          "Seekers who responded to at least one listing in the period (actief woningzoekend). Null under a district filter (a seeker has no district).",
      }),
      lettings: t.int({ description: "Lettings in the period.", resolve: (k) => k.s.records.length }),
      meanRegistrationYearsStarters: t.float({
        description: "Mean registration years at letting of starters, years (8.6 in 2017 [001]).",
        resolve: (k) => registrationYearsAtLetting(k.s.records).starters.mean,
      }),
      meanRegistrationYearsMovers: t.float({
        description: "Mean registration years at letting of movers, years (10.8 in 2017 [001]).",
        resolve: (k) => registrationYearsAtLetting(k.s.records).movers.mean,
      }),
    }),
  });

interface StatisticsShape {
  year: number;
  quarter: number | null;
  records: LettingRecord[];
  names: Map<string, string>;
  ruleSet: RuleSet;
  /** End of the period, or now for the current period (for "still waiting"). */
  asOf: Date;
  municipalityId: string | undefined;
  districtId: string | undefined;
  /** Start of the period. */
  from: Date;
  /** Municipality id → CBS code, of the lettings' dwellings. */
  municipalityCodes: Map<string, string>;
}

const CapFiguresRef = builder.objectRef<CapFigures>("ListingCapFigures").implement({
  description:
    "How much of a year's listings use a cap: the lottery (at most 20% of the region's offer [001] §E.3) or local binding priority (at most 50% of a municipality's AANBOD/LOTERIJ listings [003]). Counted by calendar year of publication (Europe/Amsterdam), withdrawn listings not counted, as listingPublish counts them.",
  fields: (t) => ({
    cap: t.field({ type: ListingCapEnum, description: "Which cap.", resolve: (c) => c.cap }),
    municipalityId: t.id({
      nullable: true,
      description: "Global ID of the Municipality (binding), or null (lottery: whole region).",
      resolve: (c) => (c.municipalityId ? encodeGlobal("Municipality", c.municipalityId) : null),
    }),
    used: t.exposeInt("used", { description: "Listings of the year using the cap." }),
    total: t.exposeInt("total", { description: "Listings of the year counted." }),
    share: t.exposeFloat("share", { description: "used / total (0..1; 0 when total is 0)." }),
    maxShare: t.exposeFloat("maxShare", { description: "The cap (0..1) from the rule set." }),
    withinCap: t.exposeBoolean("withinCap", { description: "Whether share <= maxShare." }),
  }),
});

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
      description:
        "Waiting time of urgent seekers from grant to letting vs the 3-month target [004], months; with those still waiting.",
      resolve: async (s) => {
        const waitingKnown = !s.districtId;
        const waiting = waitingKnown ? await stillWaitingAt(s.asOf, s.municipalityId) : [];
        return { report: urgentWaitingTimes(s.records, s.ruleSet, waiting, s.asOf), waitingKnown };
      },
    }),
    listingCaps: t.field({
      type: [CapFiguresRef],
      description:
        "The year's listing caps (whole year, also when a quarter is asked): the region's lottery share, then the binding share per municipality (only the asked municipality when given). Listings, not lettings.",
      resolve: (s) => capFigures(db(), s.year, s.ruleSet, s.municipalityId),
    }),
    keyFigures: t.field({
      type: KeyFiguresRef,
      description: "[001] Figure 2: registered and active seekers, lettings, registration years at letting.",
      resolve: async (s) => {
        const home = s.municipalityId ? { municipalityId: s.municipalityId } : {};
        const [registered, active] = await Promise.all([
          db().seeker.count({ where: { ...home, registrationDate: { lte: s.asOf } } }),
          s.districtId
            ? null
            : db().seeker.count({
                where: { ...home, responses: { some: { createdAt: { gte: s.from, lte: s.asOf } } } },
              }),
        ]);
        return { registered, active, s };
      },
    }),
    priorityShareByQuarter: t.field({
      type: [QuarterShareRef],
      description:
        "The 30/70 balance per quarter of the period's lettings ([004]); four rows, quarters outside the period are 0.",
      resolve: (s) => priorityShareByQuarter(s.records, s.ruleSet),
    }),
    urgentLettings: t.field({
      type: UrgentTotalsRef,
      description: "[001] Figure 3 totals: urgent lettings by model and their share of all lettings.",
      resolve: (s) => urgentLettingsByCategory(s.records),
    }),
    statutoryUrgencyCategories: t.field({
      type: [CategoryRowRef],
      description:
        "Urgent lettings of the nine statutory urgency categories of [003] (Wet versterking regie volkshuisvesting), in that order, zero rows included.",
      resolve: (s) => statutoryUrgencyRows(s.records),
    }),
    specialGroupQuotas: t.field({
      type: [SpecialGroupRef],
      description:
        "Special-group lettings vs the yearly quotas of [004] (municipality of Utrecht, GM0344): counted over that municipality's lettings; empty under a filter for another municipality or a district.",
      resolve: async (s) => {
        if (s.districtId) return [];
        if (s.municipalityId) {
          const m = await db().municipality.findUnique({
            where: { id: s.municipalityId },
            select: { code: true },
          });
          if (m?.code !== "GM0344") return [];
        }
        const utrecht = s.records.filter(
          (l) => l.municipalityId && s.municipalityCodes.get(l.municipalityId) === "GM0344",
        );
        return specialGroupLettings(utrecht, s.year);
      },
    }),
    rentClasses: t.field({
      type: [RentClassRowRef],
      description:
        "Stock and lettings per rent class of [004] (goedkoop, betaalbaar laag/hoog, duur; then middle rent and free sector); six rows.",
      resolve: async (s) => {
        const stock = await db().dwelling.findMany({
          where: {
            createdAt: { lte: s.asOf },
            ...(s.municipalityId ? { municipalityId: s.municipalityId } : {}),
            ...(s.districtId ? { districtId: s.districtId } : {}),
          },
          select: { netRentCents: true },
        });
        return rentClassTable(
          stock.map((d) => eur(d.netRentCents)),
          s.records,
          s.ruleSet,
        );
      },
    }),
    spreading: t.field({
      type: [SpreadingRef],
      description:
        "Per district: share of lettings to special groups vs its city's, Overvecht flagged when it exceeds [004] 'Spreiding over de stad'.",
      resolve: (s) =>
        spreading(s.records, s.names).map((r) => ({ ...r, name: s.names.get(r.districtId) ?? null })),
    }),
    incomeBands: t.field({
      type: IncomeBandsRef,
      description:
        "Social lettings per income band vs the 80% floor for incomes up to the DAEB limit (passend toewijzen [001] §E.1).",
      resolve: (s) => ({ report: incomeBandShares(s.records, s.ruleSet), ruleSet: s.ruleSet }),
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
      // Calendar periods in Dutch time (Europe/Amsterdam), as the monitoring reports count them;
      // month 13 is January of the next year.
      const monthStart = (month: number) =>
        startOfAmsterdamDay({
          year: args.year + Math.floor((month - 1) / 12),
          month: ((month - 1) % 12) + 1,
          day: 1,
        });
      const from = monthStart(args.quarter ? (args.quarter - 1) * 3 + 1 : 1);
      const until = monthStart(args.quarter ? args.quarter * 3 + 1 : 13);
      // The figures are judged against the rule set in force at the end of the period: a period
      // before the first rule set has none, which is the caller's choice of year, not a failure.
      const versions = await memo(ctx, "ruleSets", () => loadRuleSets());
      const asOf = new Date(Math.min(until.getTime() - 1, Date.now()));
      let ruleSet: RuleSet;
      try {
        ruleSet = ruleSetInForce(versions, asOf);
      } catch (e) {
        if (!(e instanceof NoRuleSetInForceError)) throw e;
        throw new ValidationError([
          {
            path: ["year"],
            message: `no rule set was in force in this period; figures start in ${versions[0]?.effectiveFrom.slice(0, 4) ?? "the first rule set's year"}`,
          },
        ]);
      }
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
          dwelling: {
            select: {
              districtId: true,
              district: { select: { name: true } },
              municipalityId: true,
              municipality: { select: { code: true } },
            },
          },
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
      const municipalityCodes = new Map<string, string>();
      const records: LettingRecord[] = rows.map((r) => {
        if (r.dwelling.districtId && r.dwelling.district)
          names.set(r.dwelling.districtId, r.dwelling.district.name);
        municipalityCodes.set(r.dwelling.municipalityId, r.dwelling.municipality.code);
        return {
          id: r.id,
          letAt: r.letAt,
          allocationModel: r.allocationModel,
          decidedBy: r.decidedBy,
          priorityRule: r.priorityRule,
          urgencyCategory: r.urgencyCategory,
          districtId: r.dwelling.districtId,
          municipalityId: r.dwelling.municipalityId,
          registrationYearsUsed: r.registrationYearsUsed,
          seekerWasMover: r.seekerWasMover,
          responseCount: r.responseCount,
          netRent: eur(r.netRentCents),
          householdIncome: eur(r.householdIncomeCents),
          urgencyGrantedAt: r.urgencyCategory ? (r.seeker?.urgencyApplications[0]?.decidedAt ?? null) : null,
        };
      });
      return {
        year: args.year,
        quarter: args.quarter ?? null,
        records,
        names,
        ruleSet,
        asOf,
        municipalityId: dwelling.municipalityId as string | undefined,
        districtId: dwelling.districtId as string | undefined,
        from,
        municipalityCodes,
      };
    },
  }),
}));
