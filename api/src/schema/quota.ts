/**
 * The caps on a year's listings, enforced when a listing is published: at most 20% of the offer by
 * lottery [001] §E.3 and at most 50% of the designated stock with local binding priority [003].
 * What counts and why is the allocation core's (`monitoring.ts`: `quotaYear`, `lotteryQuota`,
 * `bindingQuota`); this file counts the rows and serialises the check.
 */
import {
  bindingQuota,
  lotteryQuota,
  quotaYear,
  startOfAmsterdamDay,
  type RuleSet,
} from "../allocation/index.ts";
import type { Tx } from "../db.ts";
import { QuotaExceededError } from "./errors.ts";

/** Advisory-lock namespace of the publication caps (first key of `pg_advisory_xact_lock(int, int)`). */
const QUOTA_LOCK = 0x57_42_51; // "WBQ"

/** Listing models publicly offered, the lottery cap's denominator (direct mediation is not offered). */
const OFFERED = ["AANBOD", "LOTERIJ", "WOONGROEP"] as const;
/** Listing models with priority tiers: the binding cap's designated stock. */
const DESIGNATED = ["AANBOD", "LOTERIJ"] as const;

/**
 * Refuses to publish a listing that would take a cap past its share, inside the publishing
 * transaction. Takes a transaction-scoped advisory lock per publication year first, so two
 * parallel publications cannot both count the same figures and both pass; the lock is released at
 * commit or rollback.
 *
 * @param tx - the publishing transaction (the listing is still a DRAFT, so it is not counted)
 * @param listing - model, priority rules and the dwelling's municipality of the listing
 * @param publishedAt - the publication instant (decides the year, Europe/Amsterdam)
 * @param ruleSet - rules in force at `publishedAt` (`lottery.maxShare`, `priority.bindingMaxShare`)
 * @throws QuotaExceededError naming the cap, the current share and the share with this listing
 */
export async function assertListingCapsTx(
  tx: Tx,
  listing: { allocationModel: string; priorityRules: readonly string[]; municipalityId: string },
  publishedAt: Date,
  ruleSet: RuleSet,
): Promise<void> {
  const lottery = listing.allocationModel === "LOTERIJ";
  const binding =
    (listing.allocationModel === "AANBOD" || listing.allocationModel === "LOTERIJ") &&
    listing.priorityRules.includes("LOCAL_BINDING");
  if (!lottery && !binding) return;
  const year = quotaYear(publishedAt);
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${QUOTA_LOCK}::int, ${year}::int)::text AS locked`;
  const inYear = countedInYear(year);
  if (lottery) {
    const [used, total] = await Promise.all([
      tx.listing.count({ where: { ...inYear, allocationModel: "LOTERIJ" } }),
      tx.listing.count({ where: { ...inYear, allocationModel: { in: [...OFFERED] } } }),
    ]);
    const q = lotteryQuota(used, total, ruleSet);
    if (!q.allowed) throw new QuotaExceededError({ ...q, year, municipalityId: null });
  }
  if (binding) {
    const here = {
      ...inYear,
      allocationModel: { in: [...DESIGNATED] },
      dwelling: { municipalityId: listing.municipalityId },
    };
    const [used, total] = await Promise.all([
      tx.listing.count({ where: { ...here, priorityRules: { has: "LOCAL_BINDING" } } }),
      tx.listing.count({ where: here }),
    ]);
    const q = bindingQuota(used, total, ruleSet);
    if (!q.allowed) throw new QuotaExceededError({ ...q, year, municipalityId: listing.municipalityId });
  }
}

/** Listings counted for the caps of a year: published in it (Europe/Amsterdam), not withdrawn. */
function countedInYear(year: number) {
  return {
    publishedAt: {
      gte: startOfAmsterdamDay({ year, month: 1, day: 1 }),
      lt: startOfAmsterdamDay({ year: year + 1, month: 1, day: 1 }),
    },
    status: { not: "WITHDRAWN" as const },
  };
}

/** One cap's figures for monitoring; shares are fractions 0..1. */
export interface CapFigures {
  cap: "LOTTERY" | "LOCAL_BINDING";
  /** Municipality counted in (binding), or `null` (lottery: the whole region). */
  municipalityId: string | null;
  used: number;
  total: number;
  /** `used / total`, 0 when `total` is 0. */
  share: number;
  maxShare: number;
  /** Whether `share <= maxShare` (publication keeps it so; withdrawals of other listings may not). */
  withinCap: boolean;
}

/**
 * The caps' figures of a year for monitoring: the lottery share of the region and the binding
 * share per municipality (only `municipalityId` when given), counted as publication counts them.
 *
 * @param client - the database client or a transaction
 * @param year - calendar year of publication
 * @param ruleSet - rules in force (the caps)
 */
export async function capFigures(
  client: Tx,
  year: number,
  ruleSet: RuleSet,
  municipalityId?: string,
): Promise<CapFigures[]> {
  const inYear = countedInYear(year);
  const figures = (
    cap: CapFigures["cap"],
    muni: string | null,
    used: number,
    total: number,
    maxShare: number,
  ): CapFigures => {
    const share = total === 0 ? 0 : used / total;
    return {
      cap,
      municipalityId: muni,
      used,
      total,
      share,
      maxShare,
      withinCap: used * 1_000_000 <= Math.round(maxShare * 1_000_000) * total,
    };
  };
  const [lotteries, offered, designated] = await Promise.all([
    client.listing.count({ where: { ...inYear, allocationModel: "LOTERIJ" } }),
    client.listing.count({ where: { ...inYear, allocationModel: { in: [...OFFERED] } } }),
    client.listing.findMany({
      where: {
        ...inYear,
        allocationModel: { in: [...DESIGNATED] },
        ...(municipalityId ? { dwelling: { municipalityId } } : {}),
      },
      select: { priorityRules: true, dwelling: { select: { municipalityId: true } } },
    }),
  ]);
  const perMunicipality = new Map<string, { used: number; total: number }>();
  for (const l of designated) {
    const m = perMunicipality.get(l.dwelling.municipalityId) ?? { used: 0, total: 0 };
    m.total++;
    if (l.priorityRules.includes("LOCAL_BINDING")) m.used++;
    perMunicipality.set(l.dwelling.municipalityId, m);
  }
  return [
    figures("LOTTERY", null, lotteries, offered, ruleSet.lottery.maxShare),
    ...[...perMunicipality.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([m, c]) => figures("LOCAL_BINDING", m, c.used, c.total, ruleSet.priority.bindingMaxShare)),
  ];
}
