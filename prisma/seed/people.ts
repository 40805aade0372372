/**
 * Seekers (woningzoekenden): households with members and birth dates, incomes with source and
 * verification, current dwelling (starters: with parents, a room, none; movers: an independent
 * rental with its rooms), municipality and kern, work municipality, vital professions,
 * accessibility needs and registration dates.
 *
 * Calibration: incomes mostly up to the DAEB limit EUR 38,035, some up to EUR 42,436 and EUR
 * 48,655 and a few above (figures.json `rules2019`), so eligibility checks have failures.
 * Registration years of the active seekers are spread so that the best-placed respondents of a
 * listing sit around the registration years at letting of `regioUtrechtKeyFigures` (2017: 8.6
 * starters, 10.8 movers); the lettings calibrate the tenants exactly (history.ts).
 *
 * @module
 */
import type { CurrentDwellingKind, HouseholdRole, IncomeSource } from "../generated/prisma/enums.ts";
import { TableWriter, USER_COLUMNS, cols, type RawExecutor } from "./bulk.ts";
import { RULES_2019 } from "./calibration.ts";
import {
  DAY,
  YEAR_DAYS,
  cents,
  dateOfDay,
  dayOfYmd,
  registrationNumberOf,
  slugify,
  type Ctx,
  type IncomeRec,
  type MemberRec,
  type SeekerRec,
} from "./model.ts";
import { CHILD_NAMES, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, VITAL_PROFESSIONS } from "./places.ts";
import { PLATFORM_START_MS } from "./stock.ts";
import { uuidv7, type Rng } from "./random.ts";

const STATUSHOUDER_FIRST = [
  "Tesfay",
  "Dawit",
  "Yonas",
  "Selam",
  "Liya",
  "Rahaf",
  "Ali",
  "Hassan",
  "Amal",
  "Samir",
  "Mariam",
  "Feven",
];
const STATUSHOUDER_LAST = [
  "Tesfamariam",
  "Haile",
  "Al-Ahmad",
  "Kassab",
  "Mahamud",
  "Ghebre",
  "Al-Hassan",
  "Yohannes",
];

/** What the caller fixes about a generated household; everything else is drawn. */
export interface HouseholdOptions {
  mover: boolean;
  /** Registration years on `onDay` (the caller's calibration); drawn when absent. */
  years?: number;
  /** Day the registration years refer to (default: now). */
  onDay?: number;
  /** Household size bounds (inclusive). */
  minSize?: number;
  maxSize?: number;
  /** Age bounds of the applicant on `onDay`. */
  minAge?: number;
  maxAge?: number;
  /** Income bounds, cents per year. */
  minIncome?: number;
  maxIncome?: number;
  /** Rooms of the dwelling a mover leaves (>= 4 for the mover rule). */
  minCurrentRooms?: number;
  /** Municipality of residence (index), or work municipality. */
  municipalityIdx?: number | null;
  workMunicipalityIdx?: number | null;
  vitalProfession?: string | null;
  student?: boolean;
  statushouder?: boolean;
}

/** Draw the registration years of an active seeker (years on `now`). */
function drawActiveYears(rng: Rng, mover: boolean): number {
  const r = rng.next();
  if (mover) {
    if (r < 0.22) return rng.between(0.05, 3);
    if (r < 0.55) return rng.between(3, 8);
    if (r < 0.85) return rng.between(8, 14);
    return rng.between(14, 24);
  }
  if (r < 0.36) return rng.between(0.02, 3);
  if (r < 0.72) return rng.between(3, 8);
  if (r < 0.93) return rng.between(8, 13);
  return rng.between(13, 20);
}

function drawAge(rng: Rng, mover: boolean): number {
  const bands: [number, number, number][] = mover
    ? [
        [25, 34, 0.18],
        [35, 44, 0.24],
        [45, 54, 0.2],
        [55, 66, 0.2],
        [67, 88, 0.18],
      ]
    : [
        [18, 23, 0.3],
        [24, 29, 0.32],
        [30, 39, 0.2],
        [40, 54, 0.12],
        [55, 80, 0.06],
      ];
  const [lo, hi] = rng.weighted(bands.map((b) => [[b[0], b[1]] as const, b[2]] as const));
  return rng.intBetween(lo, hi);
}

function drawSize(rng: Rng, mover: boolean, age: number): number {
  let table: [number, number][];
  if (!mover) {
    table =
      age < 24
        ? [
            [1, 0.88],
            [2, 0.1],
            [3, 0.02],
          ]
        : [
            [1, 0.62],
            [2, 0.24],
            [3, 0.09],
            [4, 0.05],
          ];
  } else if (age < 45) {
    table = [
      [1, 0.25],
      [2, 0.25],
      [3, 0.22],
      [4, 0.18],
      [5, 0.07],
      [6, 0.03],
    ];
  } else if (age < 67) {
    table = [
      [1, 0.4],
      [2, 0.35],
      [3, 0.13],
      [4, 0.09],
      [5, 0.03],
    ];
  } else {
    table = [
      [1, 0.55],
      [2, 0.45],
    ];
  }
  return rng.weighted(table);
}

/** Yearly household income in cents, by band shares (80% <= DAEB, 8% middle, 7% ordinance, 5% above). */
function drawIncome(rng: Rng, size: number, age: number, student: boolean): number {
  const daeb = RULES_2019.incomeLimitDaeb;
  if (student) return cents(Math.round(rng.between(6000, 17000)));
  const r = rng.next();
  let eur: number;
  if (r < 0.8) {
    const lo = age >= 67 ? 15500 : size === 1 ? 12500 : 17000;
    const u = Math.pow(rng.next(), size === 1 ? 1.25 : 0.9);
    eur = lo + (daeb - lo) * u;
  } else if (r < 0.88) eur = rng.between(daeb + 1, RULES_2019.incomeLimitMiddle);
  else if (r < 0.95) eur = rng.between(RULES_2019.incomeLimitMiddle + 1, RULES_2019.incomeLimitOrdinance);
  else eur = rng.between(RULES_2019.incomeLimitOrdinance + 1, 66000);
  return cents(Math.round(eur));
}

function personName(rng: Rng, statushouder: boolean): { first: string; last: string; female: boolean } {
  const female = rng.chance(0.52);
  if (statushouder) return { first: rng.pick(STATUSHOUDER_FIRST), last: rng.pick(STATUSHOUDER_LAST), female };
  return { first: rng.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M), last: rng.pick(LAST_NAMES), female };
}

function birthDayFor(rng: Rng, age: number, onDay: number): number {
  // Born between (age+1) years and age years before onDay.
  return Math.floor(onDay - age * YEAR_DAYS - rng.between(1, YEAR_DAYS - 1));
}

/**
 * Generate one household (a `SeekerRec` without ids for user/email yet filled by the caller).
 *
 * @param idx - running seeker index (email uniqueness)
 */
export function makeSeeker(ctx: Ctx, rng: Rng, idx: number, o: HouseholdOptions): SeekerRec {
  const onDay = o.onDay ?? ctx.nowDay;
  const statushouder = o.statushouder ?? false;
  const student = o.student ?? false;
  let age = student ? rng.intBetween(18, 23) : drawAge(rng, o.mover);
  if (o.minAge !== undefined) age = Math.max(age, o.minAge);
  if (o.maxAge !== undefined) age = Math.min(age, o.maxAge);
  let years = o.years ?? drawActiveYears(rng, o.mover);
  if (o.years === undefined) years = Math.min(years, Math.max(0.02, age - 18 + rng.next() * 0.8));
  // Registration is possible from 18: make the applicant old enough for the years.
  if (age - 18 < years) age = Math.min(o.maxAge ?? 99, Math.ceil(18 + years + rng.between(0, 6)));
  let size = statushouder
    ? rng.weighted([
        [1, 0.45],
        [2, 0.15],
        [3, 0.12],
        [4, 0.14],
        [5, 0.1],
        [6, 0.04],
      ] as const)
    : student
      ? 1
      : drawSize(rng, o.mover, age);
  if (o.minSize !== undefined && size < o.minSize) size = o.minSize + (rng.chance(0.3) ? 1 : 0);
  if (o.maxSize !== undefined && size > o.maxSize) size = o.maxSize;
  if (o.minSize !== undefined && size < o.minSize) size = o.minSize;

  const name = personName(rng, statushouder);
  const birthDay = birthDayFor(rng, age, onDay);
  const members: MemberRec[] = [];
  for (let i = 1; i < size; i++) {
    let role: HouseholdRole;
    let memberAge: number;
    if (i === 1 && age >= 21 && rng.chance(size === 2 ? 0.8 : 0.75)) {
      role = "PARTNER";
      memberAge = Math.max(18, age + rng.intBetween(-6, 6));
    } else if (age >= 20) {
      role = "CHILD";
      memberAge = rng.intBetween(0, Math.min(24, age - 19));
    } else {
      role = "OTHER";
      memberAge = rng.intBetween(0, 17);
    }
    const female = rng.chance(0.5);
    members.push({
      role,
      firstName:
        role === "CHILD" || role === "OTHER"
          ? rng.pick(statushouder ? STATUSHOUDER_FIRST : CHILD_NAMES)
          : rng.pick(statushouder ? STATUSHOUDER_FIRST : female ? FIRST_NAMES_F : FIRST_NAMES_M),
      birthDay: birthDayFor(rng, memberAge, onDay),
    });
  }

  let income = drawIncome(rng, size, age, student);
  if (statushouder) income = cents(Math.round(rng.between(13000, 24000)));
  for (
    let tries = 0;
    tries < 30 &&
    ((o.minIncome !== undefined && income < o.minIncome) ||
      (o.maxIncome !== undefined && income > o.maxIncome));
    tries++
  ) {
    income = drawIncome(rng, size, age, student);
  }
  if (o.minIncome !== undefined && income < o.minIncome)
    income = o.minIncome + cents(rng.intBetween(0, 1500));
  if (o.maxIncome !== undefined && income > o.maxIncome)
    income = o.maxIncome - cents(rng.intBetween(0, 1500));
  income = Math.max(0, Math.round(income / 100) * 100);

  let currentKind: CurrentDwellingKind;
  let currentRooms: number | null = null;
  let currentSocial = false;
  if (o.mover) {
    currentKind = "INDEPENDENT_RENTAL";
    currentRooms = rng.weighted([
      [1, 0.06],
      [2, 0.25],
      [3, 0.4],
      [4, 0.22],
      [5, 0.07],
    ] as const);
    if (size >= 4) currentRooms = Math.max(currentRooms, 3);
    if (o.minCurrentRooms !== undefined) currentRooms = Math.max(currentRooms, o.minCurrentRooms);
    currentSocial = rng.chance(0.85);
  } else if (statushouder) {
    currentKind = rng.chance(0.8) ? "INSTITUTION" : "NONE";
  } else if (student) {
    currentKind = rng.chance(0.6) ? "ROOM" : "WITH_PARENTS";
    currentRooms = currentKind === "ROOM" ? 1 : null;
  } else if (age < 26) {
    currentKind = rng.weighted<CurrentDwellingKind>([
      ["WITH_PARENTS", 0.55],
      ["ROOM", 0.35],
      ["NONE", 0.05],
      ["INSTITUTION", 0.05],
    ]);
    currentRooms = currentKind === "ROOM" ? 1 : null;
  } else {
    currentKind = rng.weighted<CurrentDwellingKind>([
      ["WITH_PARENTS", 0.2],
      ["ROOM", 0.35],
      ["NONE", 0.15],
      ["INSTITUTION", 0.08],
      ["OWNER_OCCUPIED", 0.22],
    ]);
    currentRooms =
      currentKind === "ROOM" ? 1 : currentKind === "OWNER_OCCUPIED" ? rng.intBetween(2, 5) : null;
  }

  let muni: number | null;
  if (o.municipalityIdx !== undefined) muni = o.municipalityIdx;
  else if (rng.chance(0.05)) muni = null;
  else muni = rng.weighted(ctx.municipalities.map((m, i) => [i, m.seekerShare] as const));
  const m = muni === null ? null : ctx.municipalities[muni]!;
  const core =
    m === null ? null : m.cores.length > 1 && rng.chance(0.3) ? rng.pick(m.cores.slice(1)) : m.cores[0]!;
  let work: number | null = null;
  if (o.workMunicipalityIdx !== undefined) work = o.workMunicipalityIdx;
  else if (!statushouder && !student && age < 67 && rng.chance(0.55)) {
    const r = rng.next();
    const utrecht = ctx.municipalities.findIndex((x) => x.code === "GM0344");
    work = r < 0.55 ? utrecht : r < 0.8 && muni !== null ? muni : rng.int(ctx.municipalities.length);
  }
  let vital: string | null = null;
  if (o.vitalProfession !== undefined) vital = o.vitalProfession;
  else if (work !== null && rng.chance(0.07)) vital = rng.pick(VITAL_PROFESSIONS);

  const accessR = rng.next();
  const accessibilityNeed =
    age >= 65
      ? accessR < 0.02
        ? "WHEELCHAIR"
        : accessR < 0.12
          ? "WALKER"
          : "NONE"
      : accessR < 0.005
        ? "WHEELCHAIR"
        : accessR < 0.015
          ? "WALKER"
          : "NONE";

  // Registration date from the years on onDay (retained years for some earlier-housed movers).
  let retained = 0;
  if (o.mover && o.years === undefined && rng.chance(0.08))
    retained = Math.round(rng.between(1, 7) * 1e6) / 1e6;
  if (retained > years) retained = 0;
  const regDay = Math.max(
    birthDay + Math.ceil(18 * YEAR_DAYS),
    Math.round(onDay - (years - retained) * YEAR_DAYS),
  );
  const createdMs = Math.min(
    Math.max(regDay * DAY, PLATFORM_START_MS) + rng.int(8 * 3600) * 1000 + 7 * 3600 * 1000,
    ctx.nowMs - 60_000,
  );

  const sourceR = rng.next();
  const source: IncomeSource = statushouder
    ? "BENEFIT_STATEMENT"
    : income < cents(17000) && sourceR < 0.6
      ? "BENEFIT_STATEMENT"
      : rng.weighted<IncomeSource>([
          ["TAX_STATEMENT", 0.45],
          ["PAYSLIPS", 0.25],
          ["BENEFIT_STATEMENT", 0.18],
          ["SELF_DECLARED", 0.12],
        ]);
  const verified =
    source === "TAX_STATEMENT"
      ? rng.chance(0.96)
      : source === "PAYSLIPS"
        ? rng.chance(0.7)
        : source === "BENEFIT_STATEMENT"
          ? rng.chance(0.8)
          : false;
  const incomeYear = new Date(onDay * DAY).getUTCFullYear() - 1;
  const incCreated = Math.max(createdMs, Date.UTC(incomeYear + 1, 1, 1) + rng.int(200) * DAY);
  const incomes: IncomeRec[] = [
    {
      year: incomeYear,
      cents: income,
      source,
      verified,
      verifiedMs: verified ? incCreated + rng.intBetween(1, 20) * DAY : null,
      createdMs: Math.min(incCreated, onDay * DAY - DAY),
    },
  ];
  if (rng.chance(0.35) && regDay < dayOfYmd(incomeYear, 1, 1)) {
    const prevCreated = Math.max(createdMs, Date.UTC(incomeYear, 1, 1) + rng.int(250) * DAY);
    incomes.unshift({
      year: incomeYear - 1,
      cents: Math.round((income * rng.between(0.9, 1.0)) / 100) * 100,
      source: source === "SELF_DECLARED" ? "PAYSLIPS" : source,
      verified: true,
      verifiedMs: prevCreated + rng.intBetween(1, 20) * DAY,
      createdMs: prevCreated,
    });
  }
  for (const inc of incomes) {
    inc.createdMs = Math.max(inc.createdMs, createdMs);
    if (inc.verifiedMs !== null) {
      // Verified some days after the declaration, never after the reference date.
      inc.verifiedMs = Math.min(Math.max(inc.verifiedMs, inc.createdMs + DAY), ctx.nowMs - 3_600_000);
      if (inc.verifiedMs <= inc.createdMs) {
        inc.verified = false;
        inc.verifiedMs = null;
      }
    }
  }

  const activityR = rng.next();
  const domains = ["example.org", "example.net", "example.com"];
  const email = `${slugify(name.first, "")}.${slugify(name.last, "")}.${idx}@${domains[idx % 3]}`;
  return {
    index: idx,
    id: uuidv7(createdMs, rng),
    userId: uuidv7(createdMs, rng),
    email,
    // "!" marks an account without a password (sign-in impossible; see DEMO_ACCOUNTS for usable ones).
    passwordHash: `!no-password:${rng.hex(16)}`,
    firstName: name.first,
    lastName: name.last,
    birthDay,
    phone: rng.chance(0.7) ? `06${String(rng.intBetween(10000000, 99999999))}` : null,
    regDay,
    retained,
    status: "ACTIVE",
    householdSize: size,
    incomeCents: income,
    currentKind,
    currentRooms,
    currentSocial,
    municipalityIdx: muni,
    core,
    workMunicipalityIdx: work,
    vitalProfession: vital,
    accessibilityNeed,
    isStudent: student,
    createdMs,
    updatedMs: Math.max(createdMs, ctx.nowMs - rng.intBetween(1, 300) * DAY),
    members,
    incomes,
    activity: activityR < 0.3 ? 0.2 : activityR < 0.8 ? 0.55 : 1,
    urgency: null,
    urgentEver: false,
    demo: null,
  };
}

/** Build the active seekers (status ACTIVE) of the scale. */
export function buildActiveSeekers(ctx: Ctx): void {
  const rng = ctx.rng("seekers");
  const n = ctx.scale.activeSeekers;
  for (let i = 0; i < n; i++) {
    const mover = rng.chance(0.38);
    const student = !mover && rng.chance(0.06);
    const s = makeSeeker(ctx, rng, ctx.seekers.length, { mover, student });
    ctx.seekers.push(s);
  }
}

/** Write users, seekers, household members and incomes. */
export async function writeSeekers(db: RawExecutor, ctx: Ctx): Promise<void> {
  const rng = ctx.rng("seeker-rows");
  const users = new TableWriter(db, "User", USER_COLUMNS);
  for (const s of ctx.seekers) {
    await users.push([
      s.userId,
      s.email,
      s.passwordHash,
      "SEEKER",
      `${s.firstName} ${s.lastName}`,
      "nl",
      new Date(s.createdMs),
      new Date(s.updatedMs),
      new Date(s.createdMs),
    ]);
  }
  await users.flush();
  const seekers = new TableWriter(
    db,
    "Seeker",
    cols(
      "id:uuid",
      "userId:uuid",
      "firstName:text",
      "lastName:text",
      "birthDate:date",
      "phone:text",
      "registrationNumber:int4",
      "registrationDate:date",
      "retainedRegistrationYears:float8",
      'status:"SeekerStatus"',
      "householdSize:int4",
      "householdIncomeCents:int4",
      'currentDwellingKind:"CurrentDwellingKind"',
      "currentDwellingRooms:int4",
      "currentDwellingIsSocialRental:bool",
      "municipalityId:uuid",
      "core:text",
      "workMunicipalityId:uuid",
      "vitalProfession:text",
      'accessibilityNeed:"AccessibilityNeed"',
      "isStudent:bool",
      "createdAt:timestamp",
      "updatedAt:timestamp",
    ),
    15_000,
  );
  const muniId = (i: number | null) => (i === null ? null : ctx.municipalities[i]!.id);
  for (const s of ctx.seekers) {
    await seekers.push([
      s.id,
      s.userId,
      s.firstName,
      s.lastName,
      dateOfDay(s.birthDay),
      s.phone,
      registrationNumberOf(s),
      dateOfDay(s.regDay),
      s.retained,
      s.status,
      s.householdSize,
      s.incomeCents,
      s.currentKind,
      s.currentRooms,
      s.currentSocial,
      muniId(s.municipalityIdx),
      s.core,
      muniId(s.workMunicipalityIdx),
      s.vitalProfession,
      s.accessibilityNeed,
      s.isStudent,
      new Date(s.createdMs),
      new Date(s.updatedMs),
    ]);
  }
  await seekers.flush();
  // Seekers registering later (the API) continue after the seeded numbers.
  await db.$executeRawUnsafe(
    `SELECT setval('"Seeker_registrationNumber_seq"', (SELECT COALESCE(max("registrationNumber"), 0) + 1 FROM "Seeker"), false)`,
  );
  const members = new TableWriter(
    db,
    "HouseholdMember",
    cols("id:uuid", "seekerId:uuid", 'role:"HouseholdRole"', "firstName:text", "birthDate:date"),
  );
  const incomes = new TableWriter(
    db,
    "HouseholdIncome",
    cols(
      "id:uuid",
      "seekerId:uuid",
      "year:int4",
      "amountCents:int4",
      'source:"IncomeSource"',
      "verified:bool",
      "verifiedAt:timestamp",
      "createdAt:timestamp",
    ),
  );
  for (const s of ctx.seekers) {
    for (const m of s.members)
      await members.push([uuidv7(s.createdMs, rng), s.id, m.role, m.firstName, dateOfDay(m.birthDay)]);
    for (const inc of s.incomes) {
      await incomes.push([
        uuidv7(inc.createdMs, rng),
        s.id,
        inc.year,
        inc.cents,
        inc.source,
        inc.verified,
        inc.verifiedMs === null ? null : new Date(inc.verifiedMs),
        new Date(inc.createdMs),
      ]);
    }
  }
  await members.flush();
  await incomes.flush();
}
