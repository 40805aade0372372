/**
 * A year of lettings (verhuringen): closed listings with status LET, their responses with final
 * positions, declined offers before the accepted one, and the letting with its published result.
 *
 * Calibration (figures.json):
 * - urgent lettings by indication and model A/B: `urgentLettings2017` (1391 of 6717 = 20.7%),
 *   mapped to categories by `URGENCY_GROUPS`; A = AANBOD with urgency priority, B = BEMIDDELING;
 * - lettings with priority (urgency + mediation to special groups) 30%:
 *   `rules2019.priorityLettingsTargetShare`, `utrechtPriorityLettings` 0.26–0.38;
 * - lottery lettings well under `rules2019.lotteryMaxShare` (20%);
 * - Utrecht lettings by rent class: `utrechtLettingsByRentClass` 2018;
 * - average registration years at letting, public-list lettings (mediation left out, as the
 *   allocation core's `registrationYearsAtLetting` does): starters 8.6, movers 10.8
 *   (`regioUtrechtKeyFigures` 2017). The tenants of registration-years lettings are solved for
 *   so that the averages come out on target; everyone else's years are drawn first.
 *
 * The order of each closed listing is consistent with the ranking rules: respondents ranked
 * above the tenant declined an offer; lottery orders are HMAC-SHA256(seed, responseId) ascending,
 * recomputable from the revealed seed (api/src/allocation/lottery.ts).
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  commitment,
  compareTickets,
  lotteryOrder,
  lotteryTicketer,
  registrationYears,
  retainedYearsOnAcceptance,
  RULE_SET_2019,
} from "../../api/src/allocation/index.ts";
import type { PriorityRule, UrgencyCategory } from "../generated/prisma/enums.ts";
import { entryCode } from "../../api/src/lottery-key.ts";
import { TableWriter, cols, type RawExecutor } from "./bulk.ts";
import {
  KEY_FIGURES_2017,
  LETTING_MIX,
  RULES_2019,
  URGENCY_GROUPS,
  UTRECHT_LETTINGS_BY_RENT_CLASS_2018,
} from "./calibration.ts";
import {
  DAY,
  YEAR_DAYS,
  bandLimitCents,
  cents,
  dateOfDay,
  dayOf,
  lowerBound,
  priorityTier,
  registrationNumberOf,
  roughlyEligible,
  round6,
  yearsOn,
  type Ctx,
  type DwellingRec,
  type ListingRec,
  type SeekerRec,
} from "./model.ts";
import { makeSeeker, type HouseholdOptions } from "./people.ts";
import { attractiveness, DwellingPicker, dwellingPools, makeListing } from "./listings.ts";
import { apportion, uuidv7, type Rng } from "./random.ts";
import { addApplication, defaultProfile } from "./urgency.ts";

/** Kind of letting in the plan. */
export type LettingKind =
  | "URGENT_A"
  | "URGENT_B"
  | "MEDIATION"
  | "MOVER"
  | "BINDING"
  | "VITAL"
  | "LOTTERY"
  | "WOONGROEP"
  | "STUDENT"
  | "REG";

/** One planned letting. */
export interface LettingPlan {
  kind: LettingKind;
  category: UrgencyCategory | null;
  group: string | null;
  mover: boolean;
  /** Registration years at the ranking moment (close), drawn or solved. */
  targetYears: number;
  letMs: number;
  acceptMs: number;
  listingIdx: number;
  tenantIdx: number;
  /** Exact registration years used (allocation core convention), stored on the letting. */
  yearsUsed: number;
  /** Tenant's priority tier on the listing at close (4 = none). */
  winnerTier: number;
  /** Tenant's registration day before the letting reset it. */
  origRegDay: number;
  plannedDecliners: number;
  householdSize: number;
  incomeCents: number;
}

const MEDIATED: ReadonlySet<LettingKind> = new Set(["URGENT_B", "MEDIATION"]);

const MOVER_PROBABILITY: Record<string, number> = {
  MEDISCH: 0.6,
  MANTELZORG: 0.5,
  VOLKSHUISVESTELIJK: 0.95,
  HARDHEID: 0.3,
  SOCIAAL_FINANCIEEL: 0.5,
  SOCIAAL_RELATIE: 0.1,
  STATUSHOUDERS: 0,
};

function drawYears(rng: Rng, p: LettingPlan): number {
  const u = rng.next();
  switch (p.kind) {
    case "URGENT_A":
      return 0.3 + 10 * u * u;
    case "URGENT_B":
      return p.category === "STATUSHOUDER" ? 0.25 + 1.0 * u : 0.25 + 7 * Math.pow(u, 1.5);
    case "MEDIATION":
      return 0.1 + 5 * u;
    case "MOVER":
      return 3 + 14 * u;
    case "BINDING":
      return 1 + 10 * u;
    case "VITAL":
      return 0.5 + 6 * u;
    case "LOTTERY":
      return 0.5 + 12 * Math.pow(u, 1.5);
    case "WOONGROEP":
      return 2 + 10 * u;
    case "STUDENT":
      return 0.3 + 3.5 * u;
    case "REG":
      return NaN;
  }
}

/**
 * The kinds of `n` lettings: urgency cells apportioned from `urgentLettings2017`, mediation to
 * special groups up to the 30% priority target, the other kinds from `LETTING_MIX`.
 */
export function planComposition(
  n: number,
): { kind: LettingKind; category: UrgencyCategory | null; group: string | null }[] {
  const out: { kind: LettingKind; category: UrgencyCategory | null; group: string | null }[] = [];
  const urgent = Math.round(n * LETTING_MIX.urgentShare);
  const cells: { group: (typeof URGENCY_GROUPS)[number]; model: "A" | "B"; w: number }[] = [];
  for (const g of URGENCY_GROUPS) {
    cells.push({ group: g, model: "A", w: g.A });
    cells.push({ group: g, model: "B", w: g.B });
  }
  const cellCounts = apportion(
    urgent,
    cells.map((c) => c.w),
  );
  cells.forEach((c, i) => {
    const count = cellCounts[i]!;
    const cats = apportion(
      count,
      c.group.categories.map(([, w]) => w),
    );
    c.group.categories.forEach(([cat], ci) => {
      for (let j = 0; j < cats[ci]!; j++)
        out.push({ kind: c.model === "A" ? "URGENT_A" : "URGENT_B", category: cat, group: c.group.key });
    });
  });
  const withPriority = Math.round(n * LETTING_MIX.withPriorityShare);
  const push = (kind: LettingKind, count: number) => {
    for (let i = 0; i < count; i++) out.push({ kind, category: null, group: null });
  };
  push("MEDIATION", Math.max(0, withPriority - urgent));
  push("MOVER", Math.round(n * LETTING_MIX.mover));
  push("BINDING", Math.round(n * LETTING_MIX.localBinding));
  push("VITAL", Math.round(n * LETTING_MIX.vitalProfession));
  push("LOTTERY", Math.round(n * LETTING_MIX.lottery));
  push("WOONGROEP", Math.max(4, Math.round(n * LETTING_MIX.woongroep)));
  push("STUDENT", Math.max(3, Math.round(n * LETTING_MIX.studentComplex)));
  push("REG", n - out.length);
  return out;
}

/** Solve `m` so that mean(clip(m + sd*z)) = target (bisection). */
function solveMean(z: number[], target: number, sd: number, lo: number, hi: number): number[] {
  const clip = (x: number) => Math.min(hi, Math.max(lo, x));
  let a = lo - 10;
  let b = hi + 10;
  for (let it = 0; it < 80; it++) {
    const m = (a + b) / 2;
    const mean = z.reduce((s, v) => s + clip(m + sd * v), 0) / Math.max(1, z.length);
    if (mean < target) a = m;
    else b = m;
  }
  const m = (a + b) / 2;
  return z.map((v) => clip(m + sd * v));
}

/** Plans, their listings and tenants (appended to ctx.listings / ctx.seekers). */
export function planHistory(ctx: Ctx): LettingPlan[] {
  const rng = ctx.rng("history");
  const n = ctx.scale.lettings;
  const kinds = rng.shuffle(planComposition(n));
  const plans: LettingPlan[] = kinds.map((k, i) => {
    const mover =
      k.kind === "MOVER"
        ? true
        : k.kind === "URGENT_A" || k.kind === "URGENT_B"
          ? rng.chance(MOVER_PROBABILITY[k.group!] ?? 0.03)
          : rng.chance(
              {
                MEDIATION: 0.05,
                BINDING: 0.4,
                VITAL: 0.25,
                LOTTERY: 0.2,
                WOONGROEP: 0.3,
                STUDENT: 0,
                REG: 0.4,
              }[k.kind as string] ?? 0.3,
            );
    // Let dates spread evenly over the year before now (2..364 days ago), at office hours.
    const letDay = ctx.nowDay - 2 - Math.floor(((i + rng.next()) * 362) / n);
    return {
      kind: k.kind,
      category: k.category,
      group: k.group,
      mover,
      targetYears: 0,
      letMs: letDay * DAY + rng.intBetween(8, 15) * 3_600_000 + rng.int(3600) * 1000,
      acceptMs: 0,
      listingIdx: -1,
      tenantIdx: -1,
      yearsUsed: 0,
      winnerTier: 4,
      origRegDay: 0,
      plannedDecliners: 0,
      householdSize: 0,
      incomeCents: 0,
    };
  });
  const picker = new DwellingPicker(ctx, dwellingPools(ctx, rng));
  const utrechtIdx = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  const regionWeights = ctx.municipalities.map((m, i) => [i, i === utrechtIdx ? 0 : m.stock] as const);
  const utrechtShare =
    UTRECHT_LETTINGS_BY_RENT_CLASS_2018.reduce((s, v) => s + v, 0) / KEY_FIGURES_2017.lettings;
  let woongroepTurn = 0;
  for (const p of plans) {
    const ok = (d: DwellingRec): boolean => {
      switch (p.kind) {
        case "URGENT_A":
          return d.type === "APARTMENT" && d.floor >= 1;
        case "MOVER":
          return d.rooms >= 2 && d.rooms <= 3 && d.type !== "STUDIO";
        case "BINDING":
          return d.type !== "STUDIO";
        default:
          return true;
      }
    };
    let d: DwellingRec | null = null;
    if (p.kind === "STUDENT") d = picker.pick("student");
    else if (p.kind === "WOONGROEP") {
      for (let t = 0; t < ctx.woongroepen.length && !d; t++)
        d = picker.pick(`woongroep:${woongroepTurn++ % ctx.woongroepen.length}`);
    } else if (p.kind === "REG" && rng.chance(0.025)) d = picker.pick("middle");
    if (!d && p.kind !== "STUDENT" && p.kind !== "WOONGROEP") {
      for (let t = 0; t < 20 && !d; t++) {
        if (p.kind !== "BINDING" && rng.chance(utrechtShare)) {
          const cls = rng.weighted(UTRECHT_LETTINGS_BY_RENT_CLASS_2018.map((c, ci) => [ci, c] as const));
          d = picker.pick(`utrecht:${cls}`, ok);
        } else {
          const mi = rng.weighted(regionWeights);
          const cores = ctx.municipalities[mi]!.cores;
          d = picker.pick(
            `region:${mi}`,
            (x) => ok(x) && (p.kind !== "BINDING" || cores.length === 1 || x.city !== cores[0]),
          );
        }
      }
    }
    if (!d) {
      // The special pools ran dry: fall back to an ordinary registration-years letting.
      p.kind = p.kind === "STUDENT" || p.kind === "WOONGROEP" ? "REG" : p.kind;
      for (let t = 0; t < 50 && !d; t++) d = picker.pick(`region:${rng.weighted(regionWeights)}`, ok);
      if (!d) throw new Error("seed: not enough dwellings for the lettings");
    }
    buildClosedListing(ctx, rng, p, d);
  }

  // Registration years: drawn per kind (youth listings: short, the applicant is 18-23), then the
  // registration-years lettings solved per group so that the averages over public-list lettings
  // hit regioUtrechtKeyFigures 2017 (starters 8.6, movers 10.8).
  const youth = (p: LettingPlan) =>
    ctx.listings[p.listingIdx]!.ageLabel === "YOUTH_18_23" || p.category === "LEAVING_YOUTH_CARE";
  for (const p of plans) {
    if (youth(p)) p.targetYears = 0.3 + 4 * rng.next();
    else if (p.kind !== "REG") p.targetYears = drawYears(rng, p);
  }
  for (const mover of [false, true]) {
    const target = mover
      ? KEY_FIGURES_2017.avgRegistrationYearsMovers
      : KEY_FIGURES_2017.avgRegistrationYearsStarters;
    const group = plans.filter((p) => p.mover === mover && !MEDIATED.has(p.kind));
    const reg = group.filter((p) => p.kind === "REG" && !youth(p));
    const other = group.filter((p) => !reg.includes(p)).reduce((s, p) => s + p.targetYears, 0);
    const needed = (target * group.length - other) / Math.max(1, reg.length);
    const years = solveMean(
      reg.map(() => rng.normal()),
      needed,
      3.2,
      1.5,
      28,
    );
    reg.forEach((p, i) => (p.targetYears = years[i]!));
  }
  for (const p of plans) {
    const l = ctx.listings[p.listingIdx]!;
    buildTenant(ctx, rng, p, l, ctx.dwellings[l.dwellingIdx]!);
  }
  return plans;
}

function buildClosedListing(ctx: Ctx, rng: Rng, p: LettingPlan, d: DwellingRec): void {
  const model =
    p.kind === "URGENT_B" || p.kind === "MEDIATION"
      ? "BEMIDDELING"
      : p.kind === "LOTTERY"
        ? "LOTERIJ"
        : p.kind === "WOONGROEP"
          ? "WOONGROEP"
          : "AANBOD";
  const extra: PriorityRule[] = [];
  if (p.kind === "MOVER") extra.push("MOVER");
  if (p.kind === "BINDING") extra.push("LOCAL_BINDING");
  if (p.kind === "VITAL") extra.push("VITAL_PROFESSION");
  if (p.kind === "REG" && d.rooms >= 2 && d.rooms <= 3 && rng.chance(0.2)) extra.push("MOVER");
  p.plannedDecliners =
    p.kind === "REG" || p.kind === "LOTTERY"
      ? rng.weighted([
          [0, 0.45],
          [1, 0.25],
          [2, 0.15],
          [3, 0.1],
          [4, 0.05],
        ] as const)
      : p.kind === "WOONGROEP"
        ? rng.weighted([
            [0, 0.5],
            [1, 0.3],
            [2, 0.2],
          ] as const)
        : 0;
  const contract = rng.intBetween(1, 5) * DAY;
  p.acceptMs = p.letMs - contract;
  const window = rng.chance(0.6) ? 7 : 14;
  let closesMs: number;
  let publishedMs: number | null;
  let createdMs: number;
  if (model === "BEMIDDELING") {
    closesMs = p.acceptMs - rng.intBetween(2, 6) * DAY;
    publishedMs = null;
    createdMs = closesMs - rng.intBetween(2, 10) * DAY;
  } else {
    const offersSpan = (2 + 3 * p.plannedDecliners + rng.intBetween(1, 4)) * DAY;
    closesMs = dayOf(p.acceptMs - offersSpan) * DAY + 22 * 3_600_000;
    publishedMs = closesMs - window * DAY - 14 * 3_600_000;
    createdMs = publishedMs - rng.intBetween(1, 5) * DAY;
  }
  let seed: string | null = null;
  if (model === "LOTERIJ") seed = rng.hex(32);
  const woongroep =
    model === "WOONGROEP"
      ? (ctx.woongroepen.find((w) => ctx.complexes[w.complexIdx]!.index === d.complexIdx) ?? null)
      : null;
  const listing = makeListing(ctx, rng, uuidv7(createdMs, rng), d, {
    model,
    status: "LET",
    publishedMs,
    closesMs,
    createdMs,
    updatedMs: p.letMs + DAY,
    closedMs: closesMs,
    extraRules: extra,
    lotterySeed: seed,
    lotteryCommitment: seed ? commitment(seed) : null,
    lotteryRevealedMs: seed ? closesMs : null,
    woongroepName: woongroep?.name ?? null,
    ageLabel: p.kind === "STUDENT" ? "YOUTH_18_23" : undefined,
  });
  ctx.listings.push(listing);
  p.listingIdx = listing.index;
}

function tenantOptions(
  rng: Rng,
  p: LettingPlan,
  l: ListingRec,
  d: DwellingRec,
  closeDay: number,
): HouseholdOptions {
  const o: HouseholdOptions = {
    mover: p.mover,
    years: p.targetYears,
    onDay: closeDay,
    minSize: l.householdMin,
    maxSize: l.householdMax,
    maxIncome: bandLimitCents(l.incomeBand),
  };
  // Passend toewijzen 80/10/10 (rules2019.allocationShares): listings in the higher bands go to
  // incomes above the DAEB limit about half of the time.
  const daeb = cents(RULES_2019.incomeLimitDaeb) + 100;
  const middle = cents(RULES_2019.incomeLimitMiddle) + 100;
  if (l.incomeBand === "MIDDLE" && p.kind !== "URGENT_B") o.minIncome = rng.chance(0.6) ? daeb : cents(30000);
  if (l.incomeBand === "ORDINANCE" && p.kind !== "URGENT_B")
    o.minIncome = rng.chance(0.45) ? middle : rng.chance(0.45) ? daeb : cents(33000);
  if (l.incomeBand === "MIDDLE_RENT") o.minIncome = cents(36000);
  if (l.ageLabel === "AGE_55_PLUS") o.minAge = 55;
  if (l.ageLabel === "AGE_65_PLUS") o.minAge = 65;
  if (l.ageLabel === "YOUTH_18_23") {
    o.minAge = 18;
    o.maxAge = 23;
  }
  if (p.kind === "MOVER") o.minCurrentRooms = 4;
  if (p.kind === "BINDING") o.municipalityIdx = d.municipalityIdx;
  if (p.kind === "VITAL") {
    o.workMunicipalityIdx = d.municipalityIdx;
    o.vitalProfession = l.vitalProfessions[0] ?? "verpleegkundige";
  }
  if (p.kind === "STUDENT") o.student = true;
  if (p.category === "STATUSHOUDER") o.statushouder = true;
  if (p.category === "LEAVING_YOUTH_CARE") {
    o.minAge = 18;
    o.maxAge = 23;
  }
  if (p.kind === "URGENT_A" || p.kind === "URGENT_B" || p.kind === "MEDIATION")
    o.maxIncome = Math.min(o.maxIncome!, cents(36000));
  return o;
}

function buildTenant(ctx: Ctx, rng: Rng, p: LettingPlan, l: ListingRec, d: DwellingRec): void {
  const closeDay = dayOf(l.closesMs);
  const o = tenantOptions(rng, p, l, d, closeDay);
  const expectedTier =
    p.kind === "URGENT_A"
      ? 0
      : p.kind === "MOVER"
        ? 1
        : p.kind === "BINDING"
          ? 2
          : p.kind === "VITAL"
            ? 3
            : 4;
  let s: SeekerRec | null = null;
  for (let tries = 0; tries < 40; tries++) {
    const c = makeSeeker(ctx, rng, ctx.seekers.length, o);
    // The tenant must not fall in a priority tier the letting was not decided by.
    if (expectedTier === 4 || expectedTier === 0) {
      if (c.currentKind === "INDEPENDENT_RENTAL" && l.priorityRules.includes("MOVER"))
        c.currentRooms = Math.min(c.currentRooms ?? 3, 3);
      if (l.priorityRules.includes("VITAL_PROFESSION")) c.vitalProfession = null;
      if (l.priorityRules.includes("LOCAL_BINDING") && c.municipalityIdx === d.municipalityIdx)
        c.municipalityIdx = null;
    }
    if (expectedTier === 2) c.core = d.city;
    if (roughlyEligible(c, l, closeDay) || tries === 39) {
      s = c;
      break;
    }
  }
  s = s!;
  if (s.municipalityIdx === null) s.core = null;
  if (p.kind === "URGENT_A" || p.kind === "URGENT_B") {
    // Granted on a day before close, valid at close; most housed within 3 months of the grant
    // (figures.json rules2019.urgentWaitTargetMonths).
    const minWait = (p.letMs - l.closesMs) / DAY + 2;
    const wait = Math.min(175, minWait + Math.round(-Math.log(1 - rng.next()) * 45));
    const earliest = s.createdMs + 50 * DAY; // application and review take up to ~7 weeks
    const latest = l.closesMs - DAY;
    const desired = p.letMs - wait * DAY;
    const decidedMs =
      dayOf(Math.max(earliest, Math.min(latest, desired))) * DAY + rng.intBetween(9, 15) * 3_600_000;
    addApplication(ctx, rng, s, p.category!, "GRANTED", ctx.nowMs, ctx.assessors, {
      decidedMs,
      granted: defaultProfile(),
    });
  }
  ctx.seekers.push(s);
  p.tenantIdx = s.index;
  p.winnerTier = expectedTier;
  p.origRegDay = s.regDay;
  p.householdSize = s.householdSize;
  p.incomeCents = s.incomeCents;
  p.yearsUsed = registrationYears(dateOfDay(s.regDay), s.retained, new Date(l.closesMs));
  // Housed: 75% of the registration years kept, registration restarts on the acceptance day.
  const kept = retainedYearsOnAcceptance(
    dateOfDay(s.regDay),
    s.retained,
    new Date(p.acceptMs),
    RULE_SET_2019,
  );
  s.status = "HOUSED";
  s.retained = round6(kept);
  s.regDay = dayOf(p.acceptMs);
  s.currentKind = "INDEPENDENT_RENTAL";
  s.currentRooms = d.rooms;
  s.currentSocial = d.rentClass < 4;
  s.municipalityIdx = d.municipalityIdx;
  const cores = ctx.municipalities[d.municipalityIdx]!.cores;
  s.core = cores.includes(d.city) ? d.city : cores[0]!;
  s.updatedMs = p.letMs + DAY;
  s.createdMs = Math.min(s.createdMs, p.acceptMs - DAY);
}

const DECLINE_REASONS = [
  "Woning past niet bij de gezinssituatie",
  "Te ver van werk of school",
  "Huur te hoog voor ons budget",
  "Verdieping zonder lift is niet haalbaar",
  "Heeft inmiddels andere woonruimte gevonden",
  "Buurt spreekt niet aan na bezichtiging",
];
const MOTIVATIONS = [
  "Ik wil graag een wekelijkse koffieochtend organiseren in de gemeenschappelijke ruimte.",
  "Ik help graag buren met boodschappen, post en formulieren.",
  "Ik werk in de wijk en wil de moestuin van de groep bijhouden.",
  "Ik geef taalles als vrijwilliger en wil nieuwe buren op weg helpen.",
  "Samen koken en eten vind ik belangrijk; ik wil één keer per week een maaltijd verzorgen.",
  "Ik heb ervaring als buurtbemiddelaar en wil meedenken in de bewonerscommissie.",
  "Ik wil graag een plek waar ik kan bijdragen, ik ben handig en help met klusjes.",
];
const SUITABLE_REASONS = [
  "Concrete bijdrage die past bij de groep.",
  "Heldere motivatie, betrokken bij de wijk.",
];
const UNSUITABLE_REASONS = [
  "Motivatie is te algemeen: geen concrete bijdrage aan de groep.",
  "Bijdrage sluit niet aan bij de behoefte van de woongroep.",
];

export { DECLINE_REASONS, MOTIVATIONS, SUITABLE_REASONS, UNSUITABLE_REASONS };

/** Seekers who can appear as respondents, sorted by registration years now (ascending). */
export interface Pool {
  order: Int32Array;
  years: Float64Array;
}

/** The active non-demo seekers sorted by registration years on `now`. */
export function buildPool(ctx: Ctx): Pool {
  const idx = ctx.seekers.filter((s) => s.status === "ACTIVE" && s.demo === null).map((s) => s.index);
  const yrs = new Map(idx.map((i) => [i, yearsOn(ctx.seekers[i]!, ctx.nowDay)]));
  idx.sort((a, b) => yrs.get(a)! - yrs.get(b)! || a - b);
  return { order: Int32Array.from(idx), years: Float64Array.from(idx.map((i) => yrs.get(i)!)) };
}

/** A candidate on a closed listing. */
interface Cand {
  /** LOTERIJ: the entry code drawn at close (ranked candidates only). */
  lotteryEntry?: string;
  s: SeekerRec;
  tier: number;
  years: number;
  regDay: number;
  createdMs: number;
  id: string;
  withdrawn: boolean;
  verdict: "PENDING" | "SUITABLE" | "UNSUITABLE";
  motivation: string | null;
  position: number | null;
  /** Withdrawn before close: ranked candidates that would have stood ahead (Response.rankedAheadAtClose). */
  aheadAtClose?: number;
  tenant: boolean;
}

/** Writers for responses, offers and lettings, flushed in foreign-key order. */
export class ResponseWriters {
  readonly responses: TableWriter;
  readonly offers: TableWriter;
  readonly lettings: TableWriter;
  constructor(db: RawExecutor) {
    const never = Number.POSITIVE_INFINITY;
    this.responses = new TableWriter(
      db,
      "Response",
      cols(
        "id:uuid",
        "listingId:uuid",
        "seekerId:uuid",
        "motivation:text",
        'status:"ResponseStatus"',
        'committeeVerdict:"CommitteeVerdict"',
        "committeeReason:text",
        "reviewedById:uuid",
        "reviewedAt:timestamp",
        "finalPosition:int4",
        "createdAt:timestamp",
        "withdrawnAt:timestamp",
        "lotteryEntry:text",
        "rankedAheadAtClose:int4",
      ),
      never,
    );
    this.offers = new TableWriter(
      db,
      "Offer",
      cols(
        "id:uuid",
        "listingId:uuid",
        "responseId:uuid",
        "seekerId:uuid",
        "position:int4",
        "madeById:uuid",
        "offeredAt:timestamp",
        "respondBy:timestamp",
        'outcome:"OfferOutcome"',
        "outcomeAt:timestamp",
        "outcomeReason:text",
      ),
      never,
    );
    this.lettings = new TableWriter(
      db,
      "Letting",
      cols(
        "id:uuid",
        "listingId:uuid",
        "dwellingId:uuid",
        "seekerId:uuid",
        "responseId:uuid",
        "offerId:uuid",
        "letAt:timestamp",
        "registrationYearsUsed:float8",
        "seekerWasMover:bool",
        'decidedBy:"LettingDecidedBy"',
        'priorityRule:"PriorityRule"',
        'urgencyCategory:"UrgencyCategory"',
        'allocationModel:"AllocationModel"',
        "responseCount:int4",
        "netRentCents:int4",
        "householdSize:int4",
        "householdIncomeCents:int4",
        "publishedAt:timestamp",
      ),
      never,
    );
  }
  /** Buffered response rows. */
  get pending(): number {
    return this.responses.buffered;
  }
  /**
   * Start writing everything buffered — responses, then offers, then lettings — after the
   * previous write finished, without waiting for this one: the next batch is generated while the
   * database inserts this one. {@link drain} waits for the last write.
   */
  async flush(): Promise<void> {
    await this.inflight;
    const writes = [this.responses.take(), this.offers.take(), this.lettings.take()];
    const run = (async () => {
      for (const write of writes) await write();
    })();
    run.catch(() => {}); // rejections surface in the next flush() or drain()
    this.inflight = run;
  }
  /** Wait until everything is written. */
  async drain(): Promise<void> {
    await this.flush();
    await this.inflight;
  }
  private inflight: Promise<void> = Promise.resolve();
}

/** Options for sampling respondents. */
interface SampleOptions {
  l: ListingRec;
  closeDay: number;
  pubDay: number;
  count: number;
  /** Registration years at close: respondents strictly below / above. */
  maxYears: number;
  minYears: number;
  /** Exclude seekers whose tier on the listing is <= this (priority winners), or < 4 for regular. */
  winnerTier: number;
  stamp: Int32Array;
  stampValue: number;
  ignoreTier?: boolean;
  ignoreActivity?: boolean;
}

function sample(ctx: Ctx, rng: Rng, pool: Pool, o: SampleOptions): SeekerRec[] {
  const delta = (ctx.nowDay - o.closeDay) / YEAR_DAYS;
  const lo = lowerBound(pool.years, o.minYears + delta);
  const hi = lowerBound(pool.years, o.maxYears + delta);
  const out: SeekerRec[] = [];
  if (hi <= lo || o.count <= 0) return out;
  const maxAttempts = o.count * 30 + 50;
  const closeMs = o.l.closesMs;
  for (let a = 0; a < maxAttempts && out.length < o.count; a++) {
    const s = ctx.seekers[pool.order[lo + rng.int(hi - lo)]!]!;
    if (o.stamp[s.index] === o.stampValue) continue;
    if (!o.ignoreActivity && rng.next() >= s.activity) continue;
    if (s.regDay >= o.pubDay || s.urgentEver) continue;
    if (!roughlyEligible(s, o.l, o.closeDay)) continue;
    if (!o.ignoreTier) {
      const tier = priorityTier(ctx, s, o.l, closeMs);
      if (tier < o.winnerTier || (tier === o.winnerTier && o.winnerTier < 4)) continue;
    }
    o.stamp[s.index] = o.stampValue;
    out.push(s);
  }
  return out;
}

/** Order for registration-years ranking: tier, years desc, registration date, response time, id. */
function compareCand(a: Cand, b: Cand): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.years !== b.years) return b.years - a.years;
  if (a.regDay !== b.regDay) return a.regDay - b.regDay;
  if (a.createdMs !== b.createdMs) return a.createdMs - b.createdMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Generate and write the responses, offers and lettings of the planned lettings.
 *
 * @param demo - the rich demo seeker (gets a declined offer and unsuccessful responses)
 */
export async function writeHistory(
  db: RawExecutor,
  ctx: Ctx,
  plans: LettingPlan[],
  pool: Pool,
  demo: SeekerRec | null,
): Promise<void> {
  const rng = ctx.rng("history-responses");
  const w = new ResponseWriters(db);
  const stamp = new Int32Array(ctx.seekers.length).fill(-1);
  const M = ctx.scale.responsesPerListing;
  const demoWanted = { declined: 1, notSelected: 4 };
  const ordered = [...plans].sort((a, b) => a.letMs - b.letMs);
  const staffOf = (key: string) => ctx.landlordStaff.get(key)!;
  const reseeded: ListingRec[] = [];
  for (const p of ordered) {
    const l = ctx.listings[p.listingIdx]!;
    const d = ctx.dwellings[l.dwellingIdx]!;
    const tenant = ctx.seekers[p.tenantIdx]!;
    const closeDay = dayOf(l.closesMs);
    const pubMs = l.publishedMs ?? l.closesMs - 2 * DAY;
    const pubDay = dayOf(pubMs);
    const windowMs = l.closesMs - pubMs;
    const stampValue = p.listingIdx;
    stamp[tenant.index] = stampValue;
    const respondAt = () => pubMs + Math.floor(windowMs * Math.pow(rng.next(), 1.7));
    const cands: Cand[] = [];
    const addCand = (s: SeekerRec, years: number, tier: number, isTenant: boolean, regDay: number) => {
      const createdMs = isTenant && l.allocationModel === "BEMIDDELING" ? l.closesMs - DAY : respondAt();
      cands.push({
        s,
        tier,
        years,
        regDay,
        createdMs,
        id: uuidv7(createdMs, rng),
        withdrawn: false,
        verdict: "PENDING",
        motivation: null,
        position: null,
        tenant: isTenant,
      });
    };
    addCand(tenant, p.yearsUsed, p.winnerTier, true, p.origRegDay);

    if (l.allocationModel !== "BEMIDDELING") {
      const target = Math.max(3, Math.round(M * attractiveness(ctx, l, rng)));
      const base = { l, closeDay, pubDay, stamp, stampValue };
      if (p.kind === "LOTTERY" || p.winnerTier < 4) {
        const others = sample(ctx, rng, pool, {
          ...base,
          count: target - 1,
          minYears: -1,
          maxYears: 99,
          winnerTier: p.winnerTier,
        });
        for (const s of others) addCand(s, yearsOn(s, closeDay), 4, false, s.regDay);
      } else {
        // Registration years (and woongroep suitable): below the tenant, plus decliners above.
        const below = sample(ctx, rng, pool, {
          ...base,
          count: target - 1 - p.plannedDecliners,
          minYears: -1,
          maxYears: p.yearsUsed - 0.01,
          winnerTier: 4,
        });
        const above = sample(ctx, rng, pool, {
          ...base,
          count: p.plannedDecliners,
          minYears: p.yearsUsed + 0.01,
          maxYears: 99,
          winnerTier: 4,
          ignoreActivity: true,
        });
        for (const s of [...below, ...above]) addCand(s, yearsOn(s, closeDay), 4, false, s.regDay);
        if (l.allocationModel === "WOONGROEP") {
          const unsuitable = sample(ctx, rng, pool, {
            ...base,
            count: Math.round(target * 0.4),
            minYears: -1,
            maxYears: 99,
            winnerTier: 4,
            ignoreTier: true,
          });
          for (const s of unsuitable) {
            addCand(s, yearsOn(s, closeDay), 4, false, s.regDay);
            cands[cands.length - 1]!.verdict = "UNSUITABLE";
          }
        }
        if (
          demo &&
          p.kind === "REG" &&
          l.closesMs > ctx.nowMs - 240 * DAY &&
          stamp[demo.index] !== stampValue &&
          roughlyEligible(demo, l, closeDay) &&
          priorityTier(ctx, demo, l, l.closesMs) === 4
        ) {
          const y = yearsOn(demo, closeDay);
          if (y > p.yearsUsed + 0.01 && demoWanted.declined > 0) {
            demoWanted.declined--;
            stamp[demo.index] = stampValue;
            addCand(demo, y, 4, false, demo.regDay);
          } else if (y < p.yearsUsed - 0.01 && demoWanted.notSelected > 0 && rng.chance(0.2)) {
            demoWanted.notSelected--;
            stamp[demo.index] = stampValue;
            addCand(demo, y, 4, false, demo.regDay);
          }
        }
      }
      // A few responses were withdrawn before close.
      for (const c of cands) if (!c.tenant && c.s.demo === null && rng.chance(0.03)) c.withdrawn = true;
    }

    // Woongroep: committee verdicts and motivations.
    if (l.allocationModel === "WOONGROEP") {
      for (const c of cands) {
        c.motivation = rng.pick(MOTIVATIONS);
        if (c.verdict === "PENDING") c.verdict = "SUITABLE";
      }
    }

    // Final ranking.
    let ranked: Cand[];
    const eligible = cands.filter((c) => !c.withdrawn && c.verdict !== "UNSUITABLE");
    if (l.allocationModel === "BEMIDDELING") {
      ranked = [];
    } else if (l.allocationModel === "LOTERIJ") {
      // Demo history only: the plan fixes the tenant and how many declined before them, so this
      // picks (deterministically, from the planned seed) the seed under which the tenant draws
      // that place. In operation the seed is drawn once at publication and sealed until close,
      // and tickets hash entry codes fixed before it (LOTTERY.md): nobody can do this there.
      const codes = eligible.map((c) => entryCode(l.reference, registrationNumberOf(c.s)));
      const code = new Map(eligible.map((c, i) => [c, codes[i]!] as const));
      const tenantCode = code.get(cands[0]!)!;
      const want = Math.min(p.plannedDecliners, Math.max(0, eligible.length - 1));
      const seed0 = l.lotterySeed!;
      let best = seed0;
      let bestGap = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 8 * eligible.length + 8 && bestGap > 0; k++) {
        const candidate = k === 0 ? seed0 : createHash("sha256").update(`${seed0}:${k}`).digest("hex");
        const ticketOf = lotteryTicketer(candidate);
        const tenantTicket = ticketOf(tenantCode);
        let above = 0;
        for (const c of codes) if (compareTickets(ticketOf(c), c, tenantTicket, tenantCode) < 0) above++;
        if (above <= want && want - above < bestGap) {
          best = candidate;
          bestGap = want - above;
        }
      }
      if (best !== seed0) {
        l.lotterySeed = best;
        l.lotteryCommitment = commitment(best);
        reseeded.push(l);
      }
      const order = lotteryOrder(best, codes);
      const byCode = new Map(eligible.map((c) => [code.get(c)!, c] as const));
      ranked = order.map((c) => byCode.get(c)!);
      for (const c of ranked) c.lotteryEntry = code.get(c)!;
      // As the close does (lifecycle.ts recordWithdrawnPlacesTx): the withdrawn drawn with the rest.
      const gone = cands.filter((c) => c.withdrawn && c.verdict !== "UNSUITABLE");
      if (gone.length) {
        const goneCode = new Map(
          gone.map((c) => [entryCode(l.reference, registrationNumberOf(c.s)), c] as const),
        );
        let stayed = 0;
        for (const c of lotteryOrder(best, [...codes, ...goneCode.keys()])) {
          const w = goneCode.get(c);
          if (w) w.aheadAtClose = stayed;
          else stayed += 1;
        }
      }
    } else {
      ranked = [...eligible].sort(compareCand);
      let stayed = 0;
      // As the close does (lifecycle.ts recordWithdrawnPlacesTx): the withdrawn ranked with the rest.
      if (cands.some((c) => c.withdrawn))
        for (const c of cands.filter((x) => x.verdict !== "UNSUITABLE").sort(compareCand)) {
          if (!c.withdrawn) stayed += 1;
          else c.aheadAtClose = stayed;
        }
    }
    ranked.forEach((c, i) => (c.position = i + 1));
    const tenantCand = cands.find((c) => c.tenant)!;
    const winnerPos = tenantCand.position ?? 1;

    // Offers: everyone above the tenant declined (or did not answer), then the tenant accepted.
    const above = ranked.slice(0, winnerPos - 1);
    const first = Math.max(
      l.closesMs + 3_600_000,
      Math.min(
        l.closesMs + rng.intBetween(1, 3) * DAY - 6 * 3_600_000,
        p.acceptMs - (above.length + 1) * 12 * 3_600_000,
      ),
    );
    const slot = Math.max(3_600_000, (p.acceptMs - first) / (above.length + 1));
    const staff = staffOf(l.landlordKey);
    const reviewer =
      l.allocationModel === "WOONGROEP"
        ? ctx.committee.get(ctx.complexes[d.complexIdx!]!.woongroepIdx!)![0]!
        : null;
    let offerIdOfTenant: string | null = null;
    for (const c of cands) {
      let status: string;
      if (c.withdrawn) status = "WITHDRAWN";
      else if (c.tenant) status = "ACCEPTED";
      else if (above.includes(c)) status = "DECLINED";
      else status = "NOT_SELECTED";
      const reviewedMs =
        reviewer && c.verdict !== "PENDING"
          ? Math.min(l.closesMs - 3_600_000, c.createdMs + rng.intBetween(1, 3) * DAY)
          : null;
      await w.responses.push([
        c.id,
        l.id,
        c.s.id,
        c.motivation,
        status,
        c.verdict,
        c.verdict === "UNSUITABLE"
          ? rng.pick(UNSUITABLE_REASONS)
          : c.verdict === "SUITABLE"
            ? rng.pick(SUITABLE_REASONS)
            : null,
        reviewedMs === null ? null : reviewer,
        reviewedMs === null ? null : new Date(Math.max(reviewedMs, c.createdMs + 60_000)),
        c.position,
        new Date(c.createdMs),
        c.withdrawn ? new Date(c.createdMs + Math.floor((l.closesMs - c.createdMs) * rng.next())) : null,
        c.lotteryEntry ?? null,
        c.aheadAtClose ?? null,
      ]);
    }
    const offered = [...above, tenantCand];
    for (let i = 0; i < offered.length; i++) {
      const c = offered[i]!;
      const offeredMs = Math.floor(first + i * slot);
      const respondBy = offeredMs + 3 * DAY;
      const isTenant = c.tenant;
      const noResponse = !isTenant && rng.chance(0.2);
      const outcomeMs = isTenant
        ? p.acceptMs
        : noResponse
          ? Math.min(respondBy, Math.floor(first + (i + 1) * slot) - 60_000)
          : Math.floor(offeredMs + slot * 0.6);
      const id = uuidv7(offeredMs, rng);
      if (isTenant) offerIdOfTenant = id;
      await w.offers.push([
        id,
        l.id,
        c.id,
        c.s.id,
        c.position ?? 1,
        rng.pick(staff),
        new Date(offeredMs),
        new Date(respondBy),
        isTenant ? "ACCEPTED" : noResponse ? "NO_RESPONSE" : "DECLINED",
        new Date(Math.max(outcomeMs, offeredMs + 60_000)),
        isTenant ? null : noResponse ? "Geen reactie binnen de termijn" : rng.pick(DECLINE_REASONS),
      ]);
    }
    const decidedBy =
      l.allocationModel === "BEMIDDELING"
        ? "MEDIATION"
        : l.allocationModel === "LOTERIJ"
          ? "LOTTERY"
          : l.allocationModel === "WOONGROEP"
            ? "WOONGROEP"
            : p.winnerTier < 4
              ? "PRIORITY"
              : "REGISTRATION_YEARS";
    const priorityRule: PriorityRule | null =
      p.kind === "URGENT_A" || p.kind === "URGENT_B"
        ? "URGENCY"
        : p.winnerTier === 1
          ? "MOVER"
          : p.winnerTier === 2
            ? "LOCAL_BINDING"
            : p.winnerTier === 3
              ? "VITAL_PROFESSION"
              : null;
    await w.lettings.push([
      uuidv7(p.letMs, rng),
      l.id,
      d.id,
      tenant.id,
      tenantCand.id,
      offerIdOfTenant,
      new Date(p.letMs),
      p.yearsUsed,
      p.mover,
      decidedBy,
      priorityRule,
      p.category,
      l.allocationModel,
      l.allocationModel === "BEMIDDELING" ? 1 : ranked.length,
      l.netRentCents,
      p.householdSize,
      p.incomeCents,
      l.allocationModel === "BEMIDDELING" ? null : new Date(p.letMs + DAY),
    ]);
    if (w.pending >= 30_000) await w.flush();
  }
  await w.drain();
  // Listings whose demo seed was chosen above: store the seed and commitment of that draw.
  if (reseeded.length)
    await db.$executeRawUnsafe(
      `UPDATE "Listing" AS l SET "lotterySeed" = v.seed, "lotteryCommitment" = v.c
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, seed, c) WHERE l.id = v.id`,
      reseeded.map((l) => l.id),
      reseeded.map((l) => l.lotterySeed),
      reseeded.map((l) => l.lotteryCommitment),
    );
}
