/**
 * Monitoring and accountability (monitoring en verantwoording): pure functions over lettings
 * (verhuringen). [004] asks for yearly figures and some quarterly ones (Afspraken en acties 2019,
 * "Monitoring"); DOMAIN.md §Monitoring lists them. Filter the lettings to the period first
 * ({@link lettingsInPeriod}).
 *
 * What counts as "with priority": [004] ("Het geheel in balans") counts lettings *bij voorrang aan
 * bijzondere en kwetsbare groepen* — urgent seekers and target groups placed by mediation. Mover,
 * local-binding and vital-profession priority are not special groups; they are reported separately
 * as `otherPriority` and are not part of the 30% share.
 *
 * @module
 */
import { amsterdamDate } from "./calendar.ts";
import type { RuleSet } from "./ruleset.ts";
import type { AllocationModel, PriorityRule } from "./types.ts";
import { atMost } from "./money.ts";
import { rentClass, type RentClass } from "./position.ts";

/** What decided a letting — Prisma `LettingDecidedBy`. */
export type LettingDecidedBy = "PRIORITY" | "REGISTRATION_YEARS" | "LOTTERY" | "WOONGROEP" | "MEDIATION";

/**
 * A letting (verhuring) as monitoring needs it — Prisma `Letting` with its dwelling's district and,
 * for urgent tenants, when their urgency was granted. Money in EUR.
 */
export interface LettingRecord {
  id: string;
  /** When the tenancy was agreed. */
  letAt: Date;
  allocationModel: AllocationModel;
  decidedBy: LettingDecidedBy;
  /** The priority rule that applied when `decidedBy` is PRIORITY. */
  priorityRule: PriorityRule | null;
  /** Urgency category of the tenant (also for mediated target groups), or `null`. */
  urgencyCategory: string | null;
  /** District of the dwelling, or `null`. */
  districtId: string | null;
  /** Municipality of the dwelling (spreading compares a district with its city); optional for callers that do not need it. */
  municipalityId?: string | null;
  /** Registration years of the tenant used for the allocation (years). */
  registrationYearsUsed: number;
  /** Mover (doorstromer) at letting; otherwise starter. */
  seekerWasMover: boolean;
  /** Eligible responses at close. */
  responseCount: number;
  /** Net rent at letting, EUR per month. */
  netRent: number;
  /** Household income at letting, EUR per year. */
  householdIncome: number;
  /** When the tenant's urgency was granted (`UrgencyApplication.decidedAt`), or `null`. */
  urgencyGrantedAt: Date | null;
}

/** Kind of letting for the priority balance. */
export type LettingClass = "URGENCY" | "MEDIATION" | "OTHER_PRIORITY" | "REGULAR";

/**
 * Classifies a letting: `MEDIATION` (direct mediation, model B of [001] Figuur 3), `URGENCY`
 * (urgency priority in the offer model, model A), `OTHER_PRIORITY` (mover, binding, vital
 * profession) or `REGULAR` (registration years, lottery, woongroep).
 */
export function lettingClass(
  l: Pick<LettingRecord, "allocationModel" | "decidedBy" | "priorityRule">,
): LettingClass {
  if (l.decidedBy === "MEDIATION" || l.allocationModel === "BEMIDDELING") return "MEDIATION";
  if (l.decidedBy === "PRIORITY") return l.priorityRule === "URGENCY" ? "URGENCY" : "OTHER_PRIORITY";
  return "REGULAR";
}

/** The lettings with `from <= letAt < until`. */
export function lettingsInPeriod(
  lettings: readonly LettingRecord[],
  from: Date,
  until: Date,
): LettingRecord[] {
  return lettings.filter((l) => l.letAt.getTime() >= from.getTime() && l.letAt.getTime() < until.getTime());
}

/** Priority balance against the target ([004] Vooraf: 30% with priority, 70% regular). */
export interface PriorityShareReport {
  total: number;
  /** Lettings to special groups: URGENCY + MEDIATION. */
  withPriority: number;
  /** Mover, local binding, vital profession. */
  otherPriority: number;
  regular: number;
  /** `withPriority / total` (0 when there are no lettings). */
  share: number;
  /** Target share from the rule set (0.3). */
  targetShare: number;
  /** `share - targetShare`: positive means more priority lettings than intended. */
  deviation: number;
}

/**
 * Share of lettings with priority versus the 30% target ([004] Vooraf, "Het geheel in balans
 * houden"; 2015–2018: 38.2%, 34.7%, 29.3%, 26.0%). The target is a direction, "niet bedoeld als een
 * strak keurslijf" [004], so the report gives the deviation rather than pass/fail.
 */
export function priorityShare(lettings: readonly LettingRecord[], ruleSet: RuleSet): PriorityShareReport {
  let withPriority = 0;
  let otherPriority = 0;
  for (const l of lettings) {
    const c = lettingClass(l);
    if (c === "URGENCY" || c === "MEDIATION") withPriority += 1;
    else if (c === "OTHER_PRIORITY") otherPriority += 1;
  }
  const total = lettings.length;
  const share = total ? withPriority / total : 0;
  const targetShare = ruleSet.priority.targetShare;
  return {
    total,
    withPriority,
    otherPriority,
    regular: total - withPriority - otherPriority,
    share,
    targetShare,
    deviation: share - targetShare,
  };
}

/** One row of {@link urgentLettingsByCategory}: A = offer model (aanbodmodel), B = mediation (bemiddeling). */
export interface UrgencyCategoryRow {
  category: string;
  A: number;
  B: number;
  /** (A + B) / all urgent lettings. */
  share: number;
}

/** The shape of [001] Figuur 3 (urgent lettings 2017 by indication and model). */
export interface UrgencyCategoryReport {
  rows: UrgencyCategoryRow[];
  totals: { A: number; B: number; all: number };
  /** Urgent lettings / all lettings (21% in 2017 [001]). */
  shareOfAllLettings: number;
}

/**
 * Lettings to urgent seekers per urgency category and model, like [001] Figuur 3: a letting with
 * an `urgencyCategory` counts under B when made by direct mediation, else under A. Rows are sorted
 * by category code.
 */
export function urgentLettingsByCategory(lettings: readonly LettingRecord[]): UrgencyCategoryReport {
  const byCategory = new Map<string, { A: number; B: number }>();
  let A = 0;
  let B = 0;
  for (const l of lettings) {
    if (l.urgencyCategory === null) continue;
    const row = byCategory.get(l.urgencyCategory) ?? { A: 0, B: 0 };
    if (lettingClass(l) === "MEDIATION") {
      row.B += 1;
      B += 1;
    } else {
      row.A += 1;
      A += 1;
    }
    byCategory.set(l.urgencyCategory, row);
  }
  const all = A + B;
  const rows = [...byCategory.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, r]) => ({ category, A: r.A, B: r.B, share: all ? (r.A + r.B) / all : 0 }));
  return { rows, totals: { A, B, all }, shareOfAllLettings: lettings.length ? all / lettings.length : 0 };
}

/** One district's lettings (spreading over neighbourhoods, e.g. Overvecht [004], [000]). */
export interface DistrictRow {
  districtId: string | null;
  lettings: number;
  /** Lettings to special groups (URGENCY + MEDIATION). */
  withPriority: number;
  /** withPriority / lettings. */
  priorityShare: number;
  /** lettings / all lettings. */
  shareOfLettings: number;
}

/** Lettings per district, most lettings first (ties by district id; `null` = unknown district last). */
export function lettingsByDistrict(lettings: readonly LettingRecord[]): DistrictRow[] {
  const rows = new Map<string | null, { lettings: number; withPriority: number }>();
  for (const l of lettings) {
    const r = rows.get(l.districtId) ?? { lettings: 0, withPriority: 0 };
    r.lettings += 1;
    const c = lettingClass(l);
    if (c === "URGENCY" || c === "MEDIATION") r.withPriority += 1;
    rows.set(l.districtId, r);
  }
  const total = lettings.length;
  return [...rows.entries()]
    .map(([districtId, r]) => ({
      districtId,
      lettings: r.lettings,
      withPriority: r.withPriority,
      priorityShare: r.withPriority / r.lettings,
      shareOfLettings: r.lettings / total,
    }))
    .sort(
      (a, b) =>
        b.lettings - a.lettings ||
        (a.districtId === null ? 1 : b.districtId === null ? -1 : a.districtId < b.districtId ? -1 : 1),
    );
}

/** Count, mean and median of a group of numbers (0 when empty). */
export interface Summary {
  count: number;
  mean: number;
  median: number;
}

function summarise(values: number[]): Summary {
  if (values.length === 0) return { count: 0, mean: 0, median: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: values.length, mean: values.reduce((s, v) => s + v, 0) / values.length, median };
}

/**
 * Average registration years at letting for starters and movers, over lettings through the public
 * list (direct mediation left out: registration time plays no role there). [001] Figuur 2: 8.6
 * (starters) and 10.8 (movers) years in 2017.
 */
export function registrationYearsAtLetting(lettings: readonly LettingRecord[]): {
  starters: Summary;
  movers: Summary;
} {
  const starters: number[] = [];
  const movers: number[] = [];
  for (const l of lettings) {
    if (lettingClass(l) === "MEDIATION") continue;
    (l.seekerWasMover ? movers : starters).push(l.registrationYearsUsed);
  }
  return { starters: summarise(starters), movers: summarise(movers) };
}

/** Eligible responses per let listing, over listings through the public list, with the maximum. */
export function responsesPerListing(lettings: readonly LettingRecord[]): Summary & { max: number } {
  const counts = lettings.filter((l) => lettingClass(l) !== "MEDIATION").map((l) => l.responseCount);
  return { ...summarise(counts), max: counts.length ? Math.max(...counts) : 0 };
}

/** Days per month used for waiting times: 365.25 / 12. */
export const DAYS_PER_MONTH = 365.25 / 12;

const monthsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 86_400_000 / DAYS_PER_MONTH;

/** Waiting time of urgent seekers versus the target ([004] Vooraf: housed within 3 months). */
export interface UrgentWaitReport {
  targetMonths: number;
  /** Housed urgent seekers: months from grant to letting. */
  housed: Summary & { withinTarget: number; withinTargetShare: number };
  /** Still waiting on `asOf`: months since grant so far. */
  waiting: Summary & { overTarget: number };
  /** Housed, per urgency category (sorted by code). */
  byCategory: { category: string; housed: Summary; withinTargetShare: number }[];
}

/**
 * Waiting time of urgent seekers from grant to letting, in months of 365.25/12 days, against
 * `urgency.waitTargetMonths` (3) [004] Vooraf ("binnen drie maanden") and Afspraken en acties 2019
 * ("Prioritering": maximale wachttijd van 3 maanden). Lettings without `urgencyGrantedAt` are
 * left out. Optionally the seekers still waiting (granted, not yet housed) on `asOf`.
 */
export function urgentWaitingTimes(
  lettings: readonly LettingRecord[],
  ruleSet: RuleSet,
  stillWaiting: readonly { category: string; grantedAt: Date }[] = [],
  asOf: Date = new Date(),
): UrgentWaitReport {
  const target = ruleSet.urgency.waitTargetMonths;
  const housedMonths: number[] = [];
  const perCategory = new Map<string, number[]>();
  for (const l of lettings) {
    if (l.urgencyGrantedAt === null || l.urgencyCategory === null) continue;
    const m = Math.max(0, monthsBetween(l.urgencyGrantedAt, l.letAt));
    housedMonths.push(m);
    perCategory.set(l.urgencyCategory, [...(perCategory.get(l.urgencyCategory) ?? []), m]);
  }
  const within = housedMonths.filter((m) => m <= target).length;
  const waitingMonths = stillWaiting.map((w) => Math.max(0, monthsBetween(w.grantedAt, asOf)));
  return {
    targetMonths: target,
    housed: {
      ...summarise(housedMonths),
      withinTarget: within,
      withinTargetShare: housedMonths.length ? within / housedMonths.length : 0,
    },
    waiting: { ...summarise(waitingMonths), overTarget: waitingMonths.filter((m) => m > target).length },
    byCategory: [...perCategory.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([category, ms]) => ({
        category,
        housed: summarise(ms),
        withinTargetShare: ms.filter((m) => m <= target).length / ms.length,
      })),
  };
}

/** Shares of social lettings per income band (passend toewijzen, [001] §E.1: >= 80% / <= 10% / <= 10%). */
export interface IncomeBandReport {
  /** Lettings with rent up to the liberalisation limit. */
  socialLettings: number;
  upToDaeb: number;
  daebToMiddle: number;
  middleToOrdinance: number;
  aboveOrdinance: number;
  /** Shares of `socialLettings`. */
  shares: { upToDaeb: number; daebToMiddle: number; middleToOrdinance: number; aboveOrdinance: number };
  /** Whether at least `allocationShares.upToDaeb` (80%) went to incomes up to the DAEB limit. */
  meetsDaebMinimum: boolean;
}

/**
 * Income distribution of social lettings against the 80/10/10 rule [001] §E.1: at least 80% to
 * incomes up to the DAEB limit, up to 10% between DAEB and middle limit, the rest up to the
 * ordinance limit. (The landlord's per-year quota; per-seeker checks use the listing's band.)
 */
export function incomeBandShares(lettings: readonly LettingRecord[], ruleSet: RuleSet): IncomeBandReport {
  const limits = ruleSet.incomeLimits;
  let upToDaeb = 0;
  let daebToMiddle = 0;
  let middleToOrdinance = 0;
  let aboveOrdinance = 0;
  for (const l of lettings) {
    if (!atMost(l.netRent, ruleSet.rent.liberalisationLimit)) continue;
    if (atMost(l.householdIncome, limits.daeb)) upToDaeb += 1;
    else if (atMost(l.householdIncome, limits.middle)) daebToMiddle += 1;
    else if (atMost(l.householdIncome, limits.ordinance)) middleToOrdinance += 1;
    else aboveOrdinance += 1;
  }
  const n = upToDaeb + daebToMiddle + middleToOrdinance + aboveOrdinance;
  const share = (x: number) => (n ? x / n : 0);
  return {
    socialLettings: n,
    upToDaeb,
    daebToMiddle,
    middleToOrdinance,
    aboveOrdinance,
    shares: {
      upToDaeb: share(upToDaeb),
      daebToMiddle: share(daebToMiddle),
      middleToOrdinance: share(middleToOrdinance),
      aboveOrdinance: share(aboveOrdinance),
    },
    meetsDaebMinimum:
      n === 0 || upToDaeb * 1_000_000 >= Math.round(ruleSet.allocationShares.upToDaeb * 1_000_000) * n,
  };
}

/**
 * Whether one more listing may use a quota: `(used + 1) / (total + 1) <= maxShare`, in integers.
 * `total` counts the listings of the period before the new one, `used` those already using the
 * quota. Use for lotteries (at most 20% of the offer [001] §E.3) and local binding (at most 50% of
 * the designated stock [003]): see {@link lotteryQuotaAllows}, {@link bindingQuotaAllows}.
 */
export function quotaAllows(used: number, total: number, maxShare: number): boolean {
  return (used + 1) * 1_000_000 <= Math.round(maxShare * 1_000_000) * (total + 1);
}

/** Whether a new listing may be allocated by lottery, given the period's listings so far [001] §E.3. */
export function lotteryQuotaAllows(lotteryListings: number, allListings: number, ruleSet: RuleSet): boolean {
  return quotaAllows(lotteryListings, allListings, ruleSet.lottery.maxShare);
}

/** Whether a new designated listing may apply local binding priority [003] (max 50%). */
export function bindingQuotaAllows(
  bindingListings: number,
  designatedListings: number,
  ruleSet: RuleSet,
): boolean {
  return quotaAllows(bindingListings, designatedListings, ruleSet.priority.bindingMaxShare);
}

/** A cap on how listings of a year may be allocated. */
export type ListingCap = "LOTTERY" | "LOCAL_BINDING";

/**
 * The outcome of checking one more listing against a cap ({@link lotteryQuota},
 * {@link bindingQuota}). Shares are fractions 0..1; `currentShare` is `used / total` before the new
 * listing (0 when `total` is 0), `shareAfter` is `(used + 1) / (total + 1)` with it.
 */
export interface QuotaCheck {
  cap: ListingCap;
  /** The cap, a fraction (rule set: `lottery.maxShare` or `priority.bindingMaxShare`). */
  maxShare: number;
  /** Listings of the period already using the quota. */
  used: number;
  /** Listings of the period counted for the quota (the denominator), before the new one. */
  total: number;
  currentShare: number;
  shareAfter: number;
  /** Whether the new listing may use the quota: `shareAfter <= maxShare`. */
  allowed: boolean;
}

function quotaCheck(
  cap: ListingCap,
  used: number,
  total: number,
  maxShare: number,
  allowed: boolean,
): QuotaCheck {
  return {
    cap,
    maxShare,
    used,
    total,
    currentShare: total === 0 ? 0 : used / total,
    shareAfter: (used + 1) / (total + 1),
    allowed,
  };
}

/**
 * The period ("a year's listings") the lottery and binding caps count in: the calendar year of
 * publication on the Europe/Amsterdam calendar. Reading chosen because [001] §E.3 ("maximaal 20%
 * van het aanbod") and [003] ("maximaal 50% van het aanbod van de aangewezen categorie") state a
 * share of the offer without a period, the Huisvestingswet the binding rule comes from counts the
 * dwellings "die in een kalenderjaar beschikbaar komt", and monitoring reports per calendar year
 * [004]. A listing belongs to the year it was published in.
 *
 * @param publishedAt - publication instant
 * @returns the year, e.g. 2026
 */
export function quotaYear(publishedAt: Date): number {
  return amsterdamDate(publishedAt, "publishedAt").year;
}

/**
 * Lottery cap [001] §E.3: at most `lottery.maxShare` (20%) of a year's offer is allocated by lottery.
 * Count, over the whole region (the rule set is regional), the listings published in the
 * {@link quotaYear} and not withdrawn: `lotteryListings` LOTERIJ ones among `allListings` of every
 * publicly offered model (AANBOD, LOTERIJ, WOONGROEP; direct mediation is not offered). The new
 * listing is allowed when the share *with* it stays within the cap, so the cap holds at every
 * moment of the year, also at its start: the first lottery of a year needs at least four other
 * listings published that year (1/5 = 20%). A lawyer can defend that reading; allowing the first
 * listings regardless would let the share be 100% for as long as the year has few listings.
 */
export function lotteryQuota(lotteryListings: number, allListings: number, ruleSet: RuleSet): QuotaCheck {
  return quotaCheck(
    "LOTTERY",
    lotteryListings,
    allListings,
    ruleSet.lottery.maxShare,
    lotteryQuotaAllows(lotteryListings, allListings, ruleSet),
  );
}

/**
 * Binding cap [003] ("Voorrang ... met economische of maatschappelijke binding ... voor maximaal 50%
 * van het aanbod van de aangewezen categorie woonruimte regionaal of lokaal"): at most
 * `priority.bindingMaxShare` (50%) of the designated stock may carry LOCAL_BINDING priority. The
 * binding is with the municipality, so count per municipality of the dwelling: `bindingListings`
 * AANBOD/LOTERIJ listings with LOCAL_BINDING among `designatedListings` AANBOD/LOTERIJ listings
 * (the categories with priority tiers) published in the {@link quotaYear}, not withdrawn. Like the
 * lottery cap, the share with the new listing must stay within the cap (the first binding listing
 * of a municipality's year needs one other listing there).
 */
export function bindingQuota(
  bindingListings: number,
  designatedListings: number,
  ruleSet: RuleSet,
): QuotaCheck {
  return quotaCheck(
    "LOCAL_BINDING",
    bindingListings,
    designatedListings,
    ruleSet.priority.bindingMaxShare,
    bindingQuotaAllows(bindingListings, designatedListings, ruleSet),
  );
}

// ── Tables of the seeds computed from the system's own records (issue 14) ─────────────────────

/** Quarter 1–4 of an instant on the Europe/Amsterdam calendar. */
export function amsterdamQuarter(instant: Date): 1 | 2 | 3 | 4 {
  return (Math.floor((amsterdamDate(instant, "letAt").month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

/**
 * The 30/70 balance per quarter ([004] Vooraf and "Monitoring": priority lettings to special groups
 * against the 30% target, reported per quarter). Always four rows, quarter 1–4, each the
 * {@link priorityShare} of the lettings let in that quarter (Europe/Amsterdam).
 */
export function priorityShareByQuarter(
  lettings: readonly LettingRecord[],
  ruleSet: RuleSet,
): ({ quarter: 1 | 2 | 3 | 4 } & PriorityShareReport)[] {
  const by: LettingRecord[][] = [[], [], [], []];
  for (const l of lettings) by[amsterdamQuarter(l.letAt) - 1]!.push(l);
  return by.map((ls, i) => ({ quarter: (i + 1) as 1 | 2 | 3 | 4, ...priorityShare(ls, ruleSet) }));
}

/**
 * The nine statutory urgency categories (verplichte urgentiecategorieën) of the Wet versterking
 * regie volkshuisvesting as [003] lists them ("Negen verplichte urgentie categorieën"): mantelzorg,
 * chronische medische problematiek, uitstromers uit GGZ, uit opvang huiselijk geweld/mensenhandel,
 * uit daklozenopvang, uit beschermd wonen, uit jeugdzorg (18–23), uit gevangenis/jeugdinrichting,
 * deelnemers DUUP. Other categories (statushouders, stadsvernieuwing, …) are local additions.
 */
export const STATUTORY_URGENCY_CATEGORIES = [
  "MANTELZORG",
  "CHRONIC_MEDICAL",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "LEAVING_DETENTION",
  "DUUP_EXIT_PROGRAMME",
] as const;

/**
 * Urgent lettings of each of the nine statutory categories of [003], in that order, zero rows
 * included, next to [001] Figure 3's shape ({@link urgentLettingsByCategory}). `share` is of all
 * urgent lettings (statutory or not).
 */
export function statutoryUrgencyRows(lettings: readonly LettingRecord[]): UrgencyCategoryRow[] {
  const report = urgentLettingsByCategory(lettings);
  const found = new Map(report.rows.map((r) => [r.category, r]));
  return STATUTORY_URGENCY_CATEGORIES.map(
    (category) => found.get(category) ?? { category, A: 0, B: 0, share: 0 },
  );
}

/** A yearly quota (taakstelling) for housing a special group, with its source. */
export interface SpecialGroupQuota {
  /** Stable code, e.g. `STATUSHOUDERS`. */
  group: string;
  /** Urgency categories whose lettings count towards it. */
  categories: readonly string[];
  /** Dwellings per year. */
  dwellingsPerYear: number;
  /** CBS code of the municipality the quota is for. */
  municipalityCode: string;
  /** First and last year it applies to. */
  fromYear: number;
  untilYear: number;
  /** Where the number comes from. */
  source: string;
}

/**
 * The yearly quotas [004] sets for the municipality of Utrecht (GM0344): 150 dwellings a year for
 * permit holders in 2019–2020 ("voor geheel 2019 voor 300 statushouders 150 woningen ... Ook voor
 * 2020") and 385 a year for leaving shelter and protected living, women's shelter included, in
 * 2019–2023 ("De totale vraag komt daarmee op 385 woningen per jaar voor de periode 2019-2023").
 */
export const SPECIAL_GROUP_QUOTAS_004: readonly SpecialGroupQuota[] = [
  {
    group: "STATUSHOUDERS",
    categories: ["STATUSHOUDER"],
    dwellingsPerYear: 150,
    municipalityCode: "GM0344",
    fromYear: 2019,
    untilYear: 2020,
    source: "[004] Statushouders",
  },
  {
    group: "UITSTROOM_MO_BW",
    categories: ["LEAVING_HOMELESS_SHELTER", "LEAVING_PROTECTED_LIVING", "LEAVING_DOMESTIC_VIOLENCE_SHELTER"],
    dwellingsPerYear: 385,
    municipalityCode: "GM0344",
    fromYear: 2019,
    untilYear: 2023,
    source: "[004] Uitstroom en instroom MO/BW en Vrouwenopvang",
  },
];

/** One row of {@link specialGroupLettings}. */
export interface SpecialGroupRow {
  quota: SpecialGroupQuota;
  /** Lettings to the group's categories in the year (models A and B). */
  lettings: number;
  /** The quota for the year, or `null` when the quota does not cover the year. */
  dwellingsPerYear: number | null;
  /** lettings / dwellingsPerYear (0..; `null` without a quota for the year). */
  realisedShare: number | null;
}

/**
 * Special-group lettings of a year against the yearly quota ([004] "Opgaven en taakstellingen",
 * "De jaarlijkse realisatie wordt opgenomen in het ..."): pass the lettings of the quota's
 * municipality and year. A quota outside its years reports `dwellingsPerYear: null`.
 */
export function specialGroupLettings(
  lettings: readonly LettingRecord[],
  year: number,
  quotas: readonly SpecialGroupQuota[] = SPECIAL_GROUP_QUOTAS_004,
): SpecialGroupRow[] {
  return quotas.map((quota) => {
    const n = lettings.filter(
      (l) => l.urgencyCategory !== null && quota.categories.includes(l.urgencyCategory),
    ).length;
    const inForce = year >= quota.fromYear && year <= quota.untilYear;
    return {
      quota,
      lettings: n,
      dwellingsPerYear: inForce ? quota.dwellingsPerYear : null,
      realisedShare: inForce ? n / quota.dwellingsPerYear : null,
    };
  });
}

/** The rent classes of {@link rentClass} (position.ts) in ascending order. */
export const RENT_CLASSES: readonly RentClass[] = [
  "UP_TO_QUALITY_DISCOUNT",
  "UP_TO_CAPPING_LOW",
  "UP_TO_CAPPING_HIGH",
  "UP_TO_LIBERALISATION",
  "MIDDLE",
  "FREE",
];

/** One rent class of the stock and of the lettings. */
export interface RentClassRow {
  rentClass: RentClass;
  /** Upper bound of the class, EUR net rent per month (`null` for FREE). */
  upTo: number | null;
  stock: number;
  /** stock / all stock (0 without stock). */
  stockShare: number;
  lettings: number;
  /** lettings / all lettings (0 without lettings). */
  lettingsShare: number;
}

/**
 * Stock and lettings per rent class, like [004]'s two tables (2018: 19% / 56.2% / 14.2% / 10.5% of
 * the stock; 9.8% / 53.3% / 16.7% / 20.2% of the lettings), classes by the core's {@link rentClass}
 * (goedkoop up to the quality-discount limit, betaalbaar up to the capping thresholds, duur up to
 * the liberalisation limit, then middle rent and free sector). Six rows in {@link RENT_CLASSES} order.
 *
 * @param stockNetRents - net rent (EUR per month) of each dwelling of the stock
 * @param lettings - the lettings (their `netRent` at letting)
 */
export function rentClassTable(
  stockNetRents: readonly number[],
  lettings: readonly LettingRecord[],
  ruleSet: RuleSet,
): RentClassRow[] {
  const stock = new Map<RentClass, number>();
  const let_ = new Map<RentClass, number>();
  for (const rent of stockNetRents) {
    const c = rentClass(rent, ruleSet);
    stock.set(c, (stock.get(c) ?? 0) + 1);
  }
  for (const l of lettings) {
    const c = rentClass(l.netRent, ruleSet);
    let_.set(c, (let_.get(c) ?? 0) + 1);
  }
  const r = ruleSet.rent;
  const upTo: Record<RentClass, number | null> = {
    UP_TO_QUALITY_DISCOUNT: r.qualityDiscountLimit,
    UP_TO_CAPPING_LOW: r.cappingThresholdLow,
    UP_TO_CAPPING_HIGH: r.cappingThresholdHigh,
    UP_TO_LIBERALISATION: r.liberalisationLimit,
    MIDDLE: ruleSet.middleRent.maxRent,
    FREE: null,
  };
  return RENT_CLASSES.map((rentClass) => {
    const s = stock.get(rentClass) ?? 0;
    const n = let_.get(rentClass) ?? 0;
    return {
      rentClass,
      upTo: upTo[rentClass],
      stock: s,
      stockShare: stockNetRents.length ? s / stockNetRents.length : 0,
      lettings: n,
      lettingsShare: lettings.length ? n / lettings.length : 0,
    };
  });
}

/**
 * Districts the seeds watch for spreading: [004] "Spreiding over de stad" names Overvecht (22% of
 * the city's social stock, the most lettings to special groups).
 */
export const SPREADING_WATCHED_DISTRICTS: readonly string[] = ["Overvecht"];

/** One district in {@link spreading}. */
export interface SpreadingRow {
  districtId: string;
  municipalityId: string | null;
  lettings: number;
  withPriority: number;
  /** withPriority / lettings of the district. */
  priorityShare: number;
  /** withPriority / lettings of the whole municipality (the city). */
  municipalityPriorityShare: number;
  /** priorityShare > municipalityPriorityShare. */
  exceedsMunicipality: boolean;
  /** Named by the seeds ({@link SPREADING_WATCHED_DISTRICTS}). */
  watched: boolean;
  /** watched and exceedsMunicipality: the signal [004] asks to monitor. */
  flagged: boolean;
}

/**
 * Spreading over neighbourhoods ([004] "Spreiding over de stad"): per district with lettings, the
 * share of lettings to special groups (urgency and mediation) against the share in its whole
 * municipality; a district the seeds name is flagged when it exceeds the city's share. Lettings
 * without a district count for their municipality only. Rows sorted by lettings, most first.
 *
 * @param districtNames - district id → name (to recognise the watched districts)
 */
export function spreading(
  lettings: readonly LettingRecord[],
  districtNames: ReadonlyMap<string, string>,
  watched: readonly string[] = SPREADING_WATCHED_DISTRICTS,
): SpreadingRow[] {
  const city = new Map<string | null, { n: number; p: number }>();
  const district = new Map<string, { m: string | null; n: number; p: number }>();
  for (const l of lettings) {
    const c = lettingClass(l);
    const p = c === "URGENCY" || c === "MEDIATION" ? 1 : 0;
    const m = l.municipalityId ?? null;
    const cr = city.get(m) ?? { n: 0, p: 0 };
    cr.n += 1;
    cr.p += p;
    city.set(m, cr);
    if (l.districtId === null) continue;
    const dr = district.get(l.districtId) ?? { m, n: 0, p: 0 };
    dr.n += 1;
    dr.p += p;
    district.set(l.districtId, dr);
  }
  return [...district.entries()]
    .map(([districtId, d]) => {
      const c = city.get(d.m)!;
      const priorityShare = d.p / d.n;
      const municipalityPriorityShare = c.p / c.n;
      // compare d.p/d.n > c.p/c.n in integers
      const exceeds = d.p * c.n > c.p * d.n;
      const isWatched = watched.includes(districtNames.get(districtId) ?? "");
      return {
        districtId,
        municipalityId: d.m,
        lettings: d.n,
        withPriority: d.p,
        priorityShare,
        municipalityPriorityShare,
        exceedsMunicipality: exceeds,
        watched: isWatched,
        flagged: isWatched && exceeds,
      };
    })
    .sort((a, b) => b.lettings - a.lettings || (a.districtId < b.districtId ? -1 : 1));
}
