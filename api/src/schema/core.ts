/**
 * Translation between database rows and the allocation core (api/src/allocation): the core is
 * pure and knows no Prisma; this module builds its inputs (money cents → EUR), loads the rule set
 * in force, and batches the loads per request. No domain rule is decided here.
 */
import type { Prisma } from "@woonbeurt/db";
import {
  amsterdamDate,
  compareDates,
  dateOnly,
  DEFAULT_RULE_SETS,
  parseRuleSet,
  ruleSetInForce,
  type CandidateInput,
  type ListingInput,
  type ResponseCounts,
  type RuleSet,
  type SeekerInput,
} from "../allocation/index.ts";
import type { Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { load, memo } from "./loaders.ts";

/** Database cents → EUR (the API's money unit). */
export const eur = (cents: number): number => cents / 100;
/** EUR → database cents, rounded to the cent. */
export const cents = (eurAmount: number): number => Math.round(eurAmount * 100);

/** A `RuleSet` row as the core's RuleSet. */
export function ruleSetFromRow(row: {
  id: string;
  version: number;
  name: string;
  effectiveFrom: Date;
  parameters: unknown;
}): RuleSet {
  return parseRuleSet({
    ...(row.parameters as object),
    id: row.id,
    version: row.version,
    name: row.name,
    effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
    effectiveUntil: null,
  });
}

/** All rule set versions: the database's, or the core's built-in defaults when none is stored. */
export async function loadRuleSets(client: Tx | ReturnType<typeof db> = db()): Promise<readonly RuleSet[]> {
  const rows = await client.ruleSet.findMany({ orderBy: { version: "asc" } });
  return rows.length ? rows.map(ruleSetFromRow) : DEFAULT_RULE_SETS;
}

/** The rule set in force at `date` (memoised per request). */
export async function ruleSetAt(ctx: Context, date: Date): Promise<RuleSet> {
  const versions = await memo(ctx, "ruleSets", () => loadRuleSets());
  return ruleSetInForce(versions, date);
}

/** What a seeker query must include to build a SeekerInput. */
export const seekerInclude = {
  urgencyApplications: {
    // EXPIRED too: the expiry job (jobs.ts) may mark a declaration EXPIRED after a listing closed
    // while it was still valid; the core checks validity on the ranking date itself.
    where: { status: { in: ["GRANTED" as const, "EXPIRED" as const] } },
    orderBy: { decidedAt: "desc" as const },
    take: 1,
    include: { searchProfiles: { where: { kind: "GRANTED" as const } } },
  },
} satisfies Prisma.SeekerInclude;

export type SeekerRow = Prisma.SeekerGetPayload<{ include: typeof seekerInclude }>;

/** A seeker row (with its latest granted urgency) as the core's SeekerInput. */
export function seekerInput(s: SeekerRow): SeekerInput {
  const app = s.urgencyApplications[0];
  const profile = app?.searchProfiles[0];
  return {
    id: s.id,
    birthDate: s.birthDate,
    householdSize: s.householdSize,
    householdIncome: eur(s.householdIncomeCents),
    registrationDate: s.registrationDate,
    retainedRegistrationYears: s.retainedRegistrationYears,
    accessibilityNeed: s.accessibilityNeed,
    currentDwellingKind: s.currentDwellingKind,
    currentDwellingRooms: s.currentDwellingRooms,
    municipalityId: s.municipalityId,
    core: s.core,
    workMunicipalityId: s.workMunicipalityId,
    workCore: s.workCore,
    vitalProfession: s.vitalProfession,
    isStudent: s.isStudent,
    urgency:
      app && app.grantedCategory && app.validFrom && app.validUntil
        ? {
            category: app.grantedCategory,
            validFrom: app.validFrom,
            validUntil: app.validUntil,
            searchProfile: {
              dwellingTypes: profile?.dwellingTypes ?? [],
              minFloor: profile?.minFloor ?? null,
              maxFloor: profile?.maxFloor ?? null,
              minRooms: profile?.minRooms ?? null,
              maxRooms: profile?.maxRooms ?? null,
              municipalityIds: profile?.municipalityIds ?? [],
              districtIds: profile?.districtIds ?? [],
              requiresAccessibility: profile?.requiresAccessibility ?? "NONE",
            },
          }
        : null,
  };
}

/**
 * A SeekerInput as JSON for `Response.seekerAtClose`: the seeker's ranking inputs frozen at close
 * (dates as `YYYY-MM-DD`, the date-only values the core takes). Read back with
 * {@link seekerFromSnapshot}.
 */
export function seekerSnapshot(s: SeekerInput): Prisma.InputJsonValue {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    ...s,
    birthDate: day(s.birthDate),
    registrationDate: day(s.registrationDate),
    urgency: s.urgency
      ? {
          ...s.urgency,
          validFrom: day(s.urgency.validFrom),
          validUntil: day(s.urgency.validUntil),
          searchProfile: { ...s.urgency.searchProfile },
        }
      : null,
  } as unknown as Prisma.InputJsonValue;
}

/**
 * The SeekerInput stored by {@link seekerSnapshot}, or null when there is none (responses on
 * listings closed before snapshots were kept) or it does not have the expected shape.
 */
export function seekerFromSnapshot(json: Prisma.JsonValue | null | undefined): SeekerInput | null {
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const date = (v: unknown) => {
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
    const d = new Date(`${v.slice(0, 10)}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const birthDate = date(o.birthDate);
  const registrationDate = date(o.registrationDate);
  if (!birthDate || !registrationDate || typeof o.id !== "string") return null;
  let urgency: SeekerInput["urgency"] = null;
  if (o.urgency && typeof o.urgency === "object") {
    const u = o.urgency as Record<string, unknown>;
    const validFrom = date(u.validFrom);
    const validUntil = date(u.validUntil);
    if (!validFrom || !validUntil) return null;
    urgency = {
      ...(u as unknown as NonNullable<SeekerInput["urgency"]>),
      validFrom,
      validUntil,
    };
  }
  return {
    ...(o as unknown as SeekerInput),
    // Snapshots from before kern-level binding hold no kernen.
    core: typeof o.core === "string" ? o.core : null,
    workCore: typeof o.workCore === "string" ? o.workCore : null,
    birthDate,
    registrationDate,
    urgency,
  };
}

/**
 * Whether the core can evaluate a seeker on `date`: born and registered on or before that day.
 * A seeker housed after a listing closed has a registration date after its close (it restarts at
 * letting, [001] Voorstel IV); their live data cannot say where they stood then.
 */
export function evaluableOn(s: SeekerInput, date: Date): boolean {
  const day = amsterdamDate(date);
  return (
    compareDates(dateOnly(s.registrationDate), day) <= 0 && compareDates(dateOnly(s.birthDate), day) <= 0
  );
}

/** The signed-in seeker as a SeekerInput (one query per request), or null. */
export function viewerSeeker(ctx: Context): Promise<SeekerRow | null> {
  const id = ctx.viewer?.seekerId;
  if (!id) return Promise.resolve(null);
  return memo(ctx, `seeker:${id}`, () => db().seeker.findUnique({ where: { id }, include: seekerInclude }));
}

/** What a listing query must select to build a ListingInput. */
export const listingSelect = {
  id: true,
  allocationModel: true,
  netRentCents: true,
  incomeBand: true,
  householdMin: true,
  householdMax: true,
  ageLabel: true,
  priorityRules: true,
  vitalProfessions: true,
  bindingCores: true,
  lotterySeed: true,
  lotterySeedRevealedAt: true,
  status: true,
  closesAt: true,
  landlordId: true,
  rankVersion: true,
  dwelling: {
    select: {
      rooms: true,
      type: true,
      floor: true,
      accessibility: true,
      municipalityId: true,
      municipality: { select: { code: true } },
      districtId: true,
      isNewBuild: true,
      complexId: true,
      complex: { select: { isStudentComplex: true, woongroep: { select: { id: true } } } },
    },
  },
} satisfies Prisma.ListingSelect;

export type ListingRow = Prisma.ListingGetPayload<{ select: typeof listingSelect }>;

/** Units and special-group tenants of student complexes, batched per request. */
function studentComplex(ctx: Context, complexId: string) {
  return load(ctx, "studentComplex", complexId, async (ids) => {
    const [units, special] = await Promise.all([
      db().dwelling.groupBy({ by: ["complexId"], where: { complexId: { in: ids } }, _count: { _all: true } }),
      db().letting.groupBy({
        by: ["dwellingId"],
        where: { dwelling: { complexId: { in: ids } }, urgencyCategory: { not: null } },
        _count: { _all: true },
      }),
    ]);
    const specialDwellings = special.map((s) => s.dwellingId);
    const dwellings = specialDwellings.length
      ? await db().dwelling.findMany({
          where: { id: { in: specialDwellings } },
          select: { id: true, complexId: true },
        })
      : [];
    const map = new Map<string, { units: number; specialGroupTenants: number }>();
    for (const u of units)
      if (u.complexId) map.set(u.complexId, { units: Math.max(1, u._count._all), specialGroupTenants: 0 });
    for (const d of dwellings) {
      const e = d.complexId ? map.get(d.complexId) : undefined;
      if (e) e.specialGroupTenants += 1;
    }
    return map;
  });
}

/** A listing row and its student-complex counts as the core's ListingInput (the seed only once revealed). */
function toListingInput(l: ListingRow, studentComplex: StudentComplexCounts | null): ListingInput {
  return {
    id: l.id,
    allocationModel: l.allocationModel,
    netRent: eur(l.netRentCents),
    incomeBand: l.incomeBand,
    isNewBuild: l.dwelling.isNewBuild,
    rooms: l.dwelling.rooms,
    dwellingType: l.dwelling.type,
    floor: l.dwelling.floor,
    accessibility: l.dwelling.accessibility,
    municipalityId: l.dwelling.municipalityId,
    municipalityCode: l.dwelling.municipality.code,
    districtId: l.dwelling.districtId,
    householdMin: l.householdMin,
    householdMax: l.householdMax,
    ageLabel: l.ageLabel,
    priorityRules: l.priorityRules,
    vitalProfessions: l.vitalProfessions,
    bindingCores: l.bindingCores,
    studentComplex,
    lotterySeed: l.lotterySeedRevealedAt ? l.lotterySeed : null,
  };
}

type StudentComplexCounts = { units: number; specialGroupTenants: number };

/** A listing row as the core's ListingInput, with the student-complex counts batched per request. */
export async function listingInput(ctx: Context, l: ListingRow): Promise<ListingInput> {
  const sc =
    l.dwelling.complex?.isStudentComplex && l.dwelling.complexId
      ? await studentComplex(ctx, l.dwelling.complexId)
      : null;
  return toListingInput(l, sc ?? null);
}

/** Same as {@link listingInput} without request batching (mutations, inside transactions). */
export async function listingInputTx(tx: Tx, l: ListingRow): Promise<ListingInput> {
  let sc: StudentComplexCounts | null = null;
  if (l.dwelling.complex?.isStudentComplex && l.dwelling.complexId) {
    const units = await tx.dwelling.count({ where: { complexId: l.dwelling.complexId } });
    const special = await tx.letting.findMany({
      where: { dwelling: { complexId: l.dwelling.complexId }, urgencyCategory: { not: null } },
      distinct: ["dwellingId"],
      select: { dwellingId: true },
    });
    sc = { units: Math.max(1, units), specialGroupTenants: special.length };
  }
  return toListingInput(l, sc);
}

/** Statuses of a response that still take part in the ranking. */
export const RANKED_RESPONSE_STATUSES = [
  "ACTIVE",
  "OFFERED",
  "ACCEPTED",
  "DECLINED",
  "NOT_SELECTED",
] as const;

/** Candidate rows of listings (responses not withdrawn, with seekers), batched per request. */
export const candidateInclude = {
  seeker: { include: seekerInclude },
} satisfies Prisma.ResponseInclude;
export type CandidateRow = Prisma.ResponseGetPayload<{ include: typeof candidateInclude }>;

/**
 * A response's lottery entry code as fixed at close (LOTTERY.md), or null (not a lottery, or not
 * closed yet: before close no ticket is computed; `closeListingTx` derives the codes it stores).
 */
export function lotteryEntryOf(r: CandidateRow): string | null {
  return r.lotteryEntry ?? null;
}

export function candidateInput(r: CandidateRow): CandidateInput {
  return {
    responseId: r.id,
    respondedAt: r.createdAt,
    motivation: r.motivation,
    committeeVerdict: r.committeeVerdict,
    lotteryEntry: lotteryEntryOf(r),
    seeker: seekerInput(r.seeker),
  };
}

/** Active candidates of a listing (responses that were not withdrawn), batched per request. */
export function listingCandidates(ctx: Context, listingId: string): Promise<CandidateRow[]> {
  return load(ctx, "candidates", listingId, async (ids) => {
    const rows = await db().response.findMany({
      where: { listingId: { in: ids }, status: { not: "WITHDRAWN" } },
      include: candidateInclude,
    });
    const map = new Map<string, CandidateRow[]>(ids.map((id) => [id, []]));
    for (const r of rows) map.get(r.listingId)!.push(r);
    return map;
  }).then((v) => v ?? []);
}

/** Listing rows by id (with the ListingInput selection), batched per request. */
export function listingRow(ctx: Context, id: string): Promise<ListingRow | undefined> {
  return load(ctx, "listingRow", id, async (ids) => {
    const rows = await db().listing.findMany({ where: { id: { in: ids } }, select: listingSelect });
    return new Map(rows.map((r) => [r.id, r]));
  });
}

/**
 * A seeker's responses counted against the response limits at `at` (allocation core
 * `ResponseCounts`): open ones (not withdrawn, on published listings whose window has not ended)
 * and those made in the 7 days before `at` (withdrawn ones included). One statement.
 */
export async function responseCounts(client: Tx, seekerId: string, at: Date): Promise<ResponseCounts> {
  const weekAgo = new Date(at.getTime() - 7 * 86_400_000);
  const [row] = await client.$queryRaw<{ active: number; week: number }[]>`
    SELECT count(*) FILTER (WHERE r.status <> 'WITHDRAWN' AND l.status = 'PUBLISHED' AND l."closesAt" > ${at})::int AS active,
           count(*) FILTER (WHERE r."createdAt" > ${weekAgo})::int AS week
      FROM "Response" r JOIN "Listing" l ON l.id = r."listingId"
     WHERE r."seekerId" = ${seekerId}::uuid`;
  return { active: row?.active ?? 0, lastWeek: row?.week ?? 0 };
}
