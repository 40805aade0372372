/**
 * What the seed wrote, measured from the database: counts per table and the calibrated
 * distributions next to their targets (figures.json keys in the labels' sources).
 *
 * @module
 */
import type { UrgencyCategory } from "../generated/prisma/enums.ts";
import {
  KEY_FIGURES_2017,
  LETTING_MIX,
  RULES_2019,
  URGENCY_GROUPS,
  URGENT_LETTINGS_2017,
  UTRECHT_DISTRICTS,
  UTRECHT_RENT_CLASSES,
  urgencyGroupOf,
  type ScaleConfig,
} from "./calibration.ts";

/** One measured figure beside its target. Shares are fractions 0..1; years are years. */
export interface Distribution {
  label: string;
  target: number;
  actual: number;
  unit: "share" | "years" | "count";
  /** figures.json key (or assumption) the target comes from. */
  source: string;
}

/** Per urgency indication group: lettings under A (offer model) and B (mediation). */
export interface UrgencyGroupRow {
  key: string;
  indications: string[];
  A: number;
  B: number;
  /** Share of all urgent lettings, target from `urgentLettings2017`. */
  share: Distribution;
}

/** What {@link seed} returns and the CLI prints. */
export interface SeedReport {
  scale: ScaleConfig["name"];
  seed: number;
  /** Reference date (ISO). */
  now: string;
  /** Rows per table. */
  counts: Record<string, number>;
  distributions: {
    rentClasses: Distribution[];
    districts: Distribution[];
    urgentShareOfLettings: Distribution;
    urgencyModel: Distribution[];
    urgencyGroups: UrgencyGroupRow[];
    priorityShare: Distribution;
    otherPriorityShare: Distribution;
    lotteryShareOfListings: Distribution;
    registrationYears: Distribution[];
    incomeUpToDaeb: Distribution;
    urgentHousedWithinTarget: Distribution;
    openResponses: Distribution;
    responsesPerLetListing: Distribution;
  };
  /** Elapsed milliseconds per phase, in order. */
  timings: { phase: string; ms: number }[];
  /** Total elapsed milliseconds. */
  elapsedMs: number;
}

/** A client that can run raw queries (Prisma client or transaction client). */
export interface RawQuerier {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** Tables of the schema in foreign-key-safe order (parents first). */
export const TABLES = [
  "Municipality",
  "District",
  "Organisation",
  "User",
  "Complex",
  "Woongroep",
  "StaffMembership",
  "Dwelling",
  "Seeker",
  "HouseholdMember",
  "HouseholdIncome",
  "UrgencyApplication",
  "SearchProfile",
  "UrgencyDocument",
  "Listing",
  "Response",
  "Offer",
  "Letting",
  "RuleSet",
  "Session",
  "PersonalAccessToken",
  "PasswordResetToken",
  "AuditLog",
] as const;

/** Rows per table. */
export async function countRows(db: RawQuerier): Promise<Record<string, number>> {
  const sql = TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ t: string; n: number }[]>(sql);
  const n = new Map(rows.map((r) => [r.t, r.n]));
  return Object.fromEntries(TABLES.map((t) => [t, n.get(t) ?? 0]));
}

const share = (label: string, target: number, actual: number, source: string): Distribution => ({
  label,
  target,
  actual,
  unit: "share",
  source,
});

/** Measure the calibrated distributions. */
export async function measure(db: RawQuerier, scale: ScaleConfig): Promise<SeedReport["distributions"]> {
  const social = `FROM "Dwelling" d JOIN "Municipality" m ON m.id = d."municipalityId"
    WHERE m.code = 'GM0344' AND d.type <> 'ROOM' AND d."netRentCents" <= ${Math.round(RULES_2019.liberalisationLimit * 100)}`;
  const classes = await db.$queryRawUnsafe<{ c: number; n: number }[]>(
    `SELECT CASE WHEN d."netRentCents" <= 41734 THEN 0 WHEN d."netRentCents" <= 59730 THEN 1
       WHEN d."netRentCents" <= 64014 THEN 2 ELSE 3 END AS c, count(*)::int AS n ${social} GROUP BY 1`,
  );
  const stock = classes.reduce((s, r) => s + r.n, 0);
  const rentClasses = UTRECHT_RENT_CLASSES.map((c, i) =>
    share(
      `rent ${c.label}`,
      c.count / UTRECHT_RENT_CLASSES.reduce((s, x) => s + x.count, 0),
      (classes.find((r) => r.c === i)?.n ?? 0) / stock,
      "utrechtStock2018.rentClasses",
    ),
  );
  const byDistrict = await db.$queryRawUnsafe<{ name: string; n: number }[]>(
    `SELECT di.name, count(*)::int AS n ${social.replace("WHERE", 'JOIN "District" di ON di.id = d."districtId" WHERE')} GROUP BY 1`,
  );
  const districts = UTRECHT_DISTRICTS.map((d) =>
    share(
      d.name,
      d.shareOfStock,
      (byDistrict.find((r) => r.name === d.name)?.n ?? 0) / stock,
      d.name === "Leidsche Rijn" || d.name === "Vleuten-De Meern"
        ? "utrechtNeighbourhoods.note (split assumed)"
        : "utrechtNeighbourhoods",
    ),
  );

  const lettings = await db.$queryRawUnsafe<
    {
      cat: UrgencyCategory | null;
      mediated: boolean;
      decided: string;
      rule: string | null;
      model: string;
      mover: boolean;
      n: number;
      years: number;
      daeb: number;
    }[]
  >(
    `SELECT "urgencyCategory"::text AS cat, ("decidedBy" = 'MEDIATION' OR "allocationModel" = 'BEMIDDELING') AS mediated,
       "decidedBy"::text AS decided, "priorityRule"::text AS rule, "allocationModel"::text AS model, "seekerWasMover" AS mover,
       count(*)::int AS n, sum("registrationYearsUsed")::float8 AS years,
       sum(CASE WHEN "householdIncomeCents" <= ${Math.round(RULES_2019.incomeLimitDaeb * 100)} THEN 1 ELSE 0 END)::int AS daeb
     FROM "Letting" GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  const total = lettings.reduce((s, r) => s + r.n, 0);
  const urgent = lettings.filter((r) => r.cat !== null);
  const urgentN = urgent.reduce((s, r) => s + r.n, 0);
  const A = urgent.filter((r) => !r.mediated).reduce((s, r) => s + r.n, 0);
  const B = urgentN - A;
  const urgencyGroups: UrgencyGroupRow[] = URGENCY_GROUPS.map((g) => {
    const rows = urgent.filter((r) => urgencyGroupOf(r.cat!) === g.key);
    const a = rows.filter((r) => !r.mediated).reduce((s, r) => s + r.n, 0);
    const b = rows.filter((r) => r.mediated).reduce((s, r) => s + r.n, 0);
    return {
      key: g.key,
      indications: g.indications,
      A: a,
      B: b,
      share: share(
        g.key,
        (g.A + g.B) / URGENT_LETTINGS_2017.all,
        urgentN ? (a + b) / urgentN : 0,
        "urgentLettings2017.rows",
      ),
    };
  });
  const withPriority = lettings
    .filter((r) => r.mediated || (r.decided === "PRIORITY" && r.rule === "URGENCY"))
    .reduce((s, r) => s + r.n, 0);
  const otherPriority = lettings
    .filter((r) => !r.mediated && r.decided === "PRIORITY" && r.rule !== "URGENCY")
    .reduce((s, r) => s + r.n, 0);
  const publicLettings = lettings.filter((r) => !r.mediated);
  const avg = (mover: boolean) => {
    const rows = publicLettings.filter((r) => r.mover === mover);
    const n = rows.reduce((s, r) => s + r.n, 0);
    return n ? rows.reduce((s, r) => s + r.years, 0) / n : 0;
  };
  const [listingCounts] = await db.$queryRawUnsafe<{ all: number; lottery: number }[]>(
    `SELECT count(*)::int AS all, sum(CASE WHEN "allocationModel" = 'LOTERIJ' THEN 1 ELSE 0 END)::int AS lottery FROM "Listing"`,
  );
  const [open] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Response" r JOIN "Listing" l ON l.id = r."listingId" WHERE l.status IN ('PUBLISHED', 'CLOSED', 'OFFERING') AND r.status <> 'WITHDRAWN'`,
  );
  const [perListing] = await db.$queryRawUnsafe<{ mean: number | null }[]>(
    `SELECT avg("responseCount")::float8 AS mean FROM "Letting" WHERE "allocationModel" <> 'BEMIDDELING'`,
  );
  const [wait] = await db.$queryRawUnsafe<{ n: number; within: number }[]>(
    `SELECT count(*)::int AS n,
       sum(CASE WHEN le."letAt" - ua."decidedAt" <= interval '${Math.round((RULES_2019.urgentWaitTargetMonths * 365.25) / 12)} days' THEN 1 ELSE 0 END)::int AS within
     FROM "Letting" le JOIN "UrgencyApplication" ua ON ua."seekerId" = le."seekerId" AND ua.status = 'GRANTED'
     WHERE le."urgencyCategory" IS NOT NULL`,
  );
  return {
    rentClasses,
    districts,
    urgentShareOfLettings: share(
      "urgent lettings / all lettings",
      URGENT_LETTINGS_2017.all / KEY_FIGURES_2017.lettings,
      total ? urgentN / total : 0,
      "urgentLettings2017.totals",
    ),
    urgencyModel: [
      share(
        "A (aanbodmodel) / urgent",
        URGENT_LETTINGS_2017.A / URGENT_LETTINGS_2017.all,
        urgentN ? A / urgentN : 0,
        "urgentLettings2017.totals.A",
      ),
      share(
        "B (bemiddeling) / urgent",
        URGENT_LETTINGS_2017.B / URGENT_LETTINGS_2017.all,
        urgentN ? B / urgentN : 0,
        "urgentLettings2017.totals.B",
      ),
    ],
    urgencyGroups,
    priorityShare: share(
      "with priority (urgency + mediation) / all",
      RULES_2019.priorityLettingsTargetShare,
      total ? withPriority / total : 0,
      "rules2019.priorityLettingsTargetShare; utrechtPriorityLettings 0.26–0.38",
    ),
    otherPriorityShare: share(
      "mover / binding / vital priority / all",
      LETTING_MIX.mover + LETTING_MIX.localBinding + LETTING_MIX.vitalProfession,
      total ? otherPriority / total : 0,
      "assumption (LETTING_MIX)",
    ),
    lotteryShareOfListings: share(
      "LOTERIJ listings / all listings (max 0.20)",
      LETTING_MIX.lottery,
      listingCounts!.all ? listingCounts!.lottery / listingCounts!.all : 0,
      "rules2019.lotteryMaxShare = 0.2 (target = LETTING_MIX.lottery)",
    ),
    registrationYears: [
      {
        label: "starters: avg registration years at letting",
        target: KEY_FIGURES_2017.avgRegistrationYearsStarters,
        actual: avg(false),
        unit: "years",
        source: "regioUtrechtKeyFigures[2017].avgRegistrationYearsStarters",
      },
      {
        label: "movers: avg registration years at letting",
        target: KEY_FIGURES_2017.avgRegistrationYearsMovers,
        actual: avg(true),
        unit: "years",
        source: "regioUtrechtKeyFigures[2017].avgRegistrationYearsMovers",
      },
    ],
    incomeUpToDaeb: share(
      "lettings to incomes <= EUR 38,035 (at least 0.80)",
      RULES_2019.allocationShares.upToDaeb,
      total ? lettings.reduce((s, r) => s + r.daeb, 0) / total : 0,
      "rules2019.allocationShares.upToDaeb",
    ),
    urgentHousedWithinTarget: share(
      "urgent tenants housed within 3 months of the grant",
      1,
      wait!.n ? wait!.within / wait!.n : 0,
      "rules2019.urgentWaitTargetMonths (target: all)",
    ),
    openResponses: {
      label: "responses on open listings",
      target: scale.openResponses,
      actual: open!.n,
      unit: "count",
      source: "brief (region: ~60,000)",
    },
    responsesPerLetListing: {
      label: "mean responses per let listing (public)",
      target: scale.responsesPerListing,
      actual: perListing?.mean ?? 0,
      unit: "count",
      source: "assumption (ScaleConfig.responsesPerListing)",
    },
  };
}

/** The report as text (what the CLI prints). */
export function formatReport(r: SeedReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const val = (d: Distribution, x: number) =>
    d.unit === "share" ? pct(x) : d.unit === "years" ? x.toFixed(2) : String(Math.round(x));
  const row = (d: Distribution) =>
    `  ${d.label.padEnd(52)} ${val(d, d.actual).padStart(8)}  target ${val(d, d.target).padStart(8)}   [${d.source}]`;
  const lines: string[] = [];
  lines.push(`Seed: scale ${r.scale}, PRNG seed ${r.seed}, reference date ${r.now}`);
  lines.push("", "Rows per table:");
  for (const [t, n] of Object.entries(r.counts)) lines.push(`  ${t.padEnd(22)} ${String(n).padStart(9)}`);
  const d = r.distributions;
  lines.push("", "Utrecht social stock by rent class:");
  d.rentClasses.forEach((x) => lines.push(row(x)));
  lines.push("", "Utrecht social stock by district:");
  d.districts.forEach((x) => lines.push(row(x)));
  lines.push("", "Lettings in the year before the reference date:");
  lines.push(row(d.urgentShareOfLettings));
  d.urgencyModel.forEach((x) => lines.push(row(x)));
  lines.push(row(d.priorityShare));
  lines.push(row(d.otherPriorityShare));
  lines.push(row(d.lotteryShareOfListings));
  d.registrationYears.forEach((x) => lines.push(row(x)));
  lines.push(row(d.incomeUpToDaeb));
  lines.push(row(d.urgentHousedWithinTarget));
  lines.push(row(d.responsesPerLetListing));
  lines.push(row(d.openResponses));
  lines.push(
    "",
    "Urgent lettings by 2017 indication group (A / B, share of urgent lettings vs urgentLettings2017):",
  );
  for (const g of d.urgencyGroups) {
    lines.push(
      `  ${g.key.padEnd(20)} A ${String(g.A).padStart(5)}  B ${String(g.B).padStart(5)}  ${pct(g.share.actual).padStart(7)}  target ${pct(g.share.target).padStart(7)}  (${g.indications.join(" + ")})`,
    );
  }
  lines.push("", "Elapsed per phase:");
  for (const t of r.timings) lines.push(`  ${t.phase.padEnd(40)} ${(t.ms / 1000).toFixed(2).padStart(8)} s`);
  lines.push(`  ${"total".padEnd(40)} ${(r.elapsedMs / 1000).toFixed(2).padStart(8)} s`);
  return lines.join("\n");
}
