/**
 * Translation between database rows and the allocation core (api/src/allocation): the core is
 * pure and knows no Prisma; this module builds its inputs (money cents → EUR), loads the rule set
 * in force, and batches the loads per request. No domain rule is decided here.
 */
import { Prisma, type Response, type Seeker } from "@woonbeurt/db";
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
import { db, readRows, type Tx } from "../db.ts";
import { onInvalidation } from "../invalidation.ts";
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

/**
 * Longest time this process keeps the rule set versions read outside a transaction, milliseconds:
 * bounds how long a version written outside the API (an administrator's SQL, a seed) goes unseen.
 * Versions added through the API (`ruleSetCreate`) are seen at once in every API process
 * (invalidation kind `ruleSets`).
 */
export const RULE_SETS_MAX_AGE_MS = 60_000;

interface KeptRuleSets {
  /** When the load started (ms since the epoch). */
  at: number;
  /** {@link ruleSetGeneration} when the load started. */
  generation: number;
  versions: Promise<readonly RuleSet[]>;
}
/** Kept versions per database client (a test's own client never sees another's). */
const keptRuleSets = new WeakMap<object, KeptRuleSets>();
/** Raised by every `ruleSets` invalidation: a load started before it is never served after it. */
let ruleSetGeneration = 0;
onInvalidation("ruleSets", () => {
  ruleSetGeneration += 1;
});

/**
 * All rule set versions as {@link loadRuleSets} reads them, kept per process for at most
 * {@link RULE_SETS_MAX_AGE_MS} and forgotten when a version is added (invalidation.ts). For reads;
 * writes that check against the rule set read it inside their transaction (`loadRuleSets(tx)`).
 */
export function keptRuleSetVersions(client: ReturnType<typeof db> = db()): Promise<readonly RuleSet[]> {
  const now = Date.now();
  const hit = keptRuleSets.get(client);
  if (hit && hit.generation === ruleSetGeneration && now - hit.at < RULE_SETS_MAX_AGE_MS) return hit.versions;
  const entry: KeptRuleSets = { at: now, generation: ruleSetGeneration, versions: loadRuleSets(client) };
  keptRuleSets.set(client, entry);
  entry.versions.catch(() => {
    if (keptRuleSets.get(client) === entry) keptRuleSets.delete(client);
  });
  return entry.versions;
}

/** The rule set in force at `date` (the versions kept per process, see {@link keptRuleSetVersions}). */
export async function ruleSetAt(ctx: Context, date: Date): Promise<RuleSet> {
  const versions = await memo(ctx, "ruleSets", () => keptRuleSetVersions());
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

/**
 * The seeker fields {@link seekerInput} reads: a {@link SeekerRow}, or a row read with raw SQL
 * ({@link listingCandidates}). `urgencyApplications` holds at most the latest granted (or expired)
 * declaration, with its GRANTED search profile when there is one.
 */
export type SeekerInputRow = Pick<
  SeekerRow,
  | "id"
  | "birthDate"
  | "householdSize"
  | "householdIncomeCents"
  | "registrationDate"
  | "retainedRegistrationYears"
  | "accessibilityNeed"
  | "currentDwellingKind"
  | "currentDwellingRooms"
  | "municipalityId"
  | "core"
  | "workMunicipalityId"
  | "workCore"
  | "vitalProfession"
  | "isStudent"
> & {
  urgencyApplications: (Pick<
    SeekerRow["urgencyApplications"][number],
    "grantedCategory" | "validFrom" | "validUntil"
  > & {
    searchProfiles: Pick<
      SeekerRow["urgencyApplications"][number]["searchProfiles"][number],
      | "dwellingTypes"
      | "minFloor"
      | "maxFloor"
      | "minRooms"
      | "maxRooms"
      | "municipalityIds"
      | "districtIds"
      | "requiresAccessibility"
    >[];
  })[];
};

/** A seeker row (with its latest granted urgency) as the core's SeekerInput. */
export function seekerInput(s: SeekerInputRow): SeekerInput {
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

/** A row of {@link viewerSeekerSql}: the seeker's columns and its urgency fields, flat. */
interface SeekerSqlRow extends Seeker {
  hasUrgency: boolean;
  grantedCategory: SeekerInputRow["urgencyApplications"][number]["grantedCategory"];
  validFrom: Date | null;
  validUntil: Date | null;
  hasProfile: boolean;
  dwellingTypes: SeekerInputRow["urgencyApplications"][number]["searchProfiles"][number]["dwellingTypes"];
  minFloor: number | null;
  maxFloor: number | null;
  minRooms: number | null;
  maxRooms: number | null;
  municipalityIds: string[];
  districtIds: string[];
  requiresAccessibility: SeekerInputRow["urgencyApplications"][number]["searchProfiles"][number]["requiresAccessibility"];
}

/** One seeker's row and ranking inputs, as {@link loadViewerSeeker} returns them. */
export interface ViewerSeekerRow {
  row: Seeker;
  input: SeekerInputRow;
}

/**
 * The statement behind {@link loadViewerSeeker}, for the seeker `where` selects over `"Seeker" s`
 * (at most one row): every column of the seeker, and its latest GRANTED or EXPIRED urgency
 * declaration (latest decision first, as {@link seekerInclude}) with that declaration's GRANTED
 * search profile (unique per declaration), flat. Also embedded, as JSON, in the session statement
 * (auth/session.ts) so that a seeker's signed-in request reads both at once.
 */
export function viewerSeekerSql(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, s."userId", s."firstName", s."lastName", s."birthDate", s.phone, s."registrationNumber",
           s."registrationDate", s."retainedRegistrationYears", s.status::text AS status, s."householdSize",
           s."householdIncomeCents", s."currentDwellingKind"::text AS "currentDwellingKind",
           s."currentDwellingRooms", s."currentDwellingIsSocialRental", s."municipalityId", s.core,
           s."workMunicipalityId", s."workCore", s."vitalProfession",
           s."accessibilityNeed"::text AS "accessibilityNeed", s."isStudent", s."createdAt", s."updatedAt",
           u.id IS NOT NULL AS "hasUrgency", u."grantedCategory"::text AS "grantedCategory",
           u."validFrom", u."validUntil",
           p.id IS NOT NULL AS "hasProfile", coalesce(p."dwellingTypes", '{}')::text[] AS "dwellingTypes",
           p."minFloor", p."maxFloor", p."minRooms", p."maxRooms",
           coalesce(p."municipalityIds", '{}') AS "municipalityIds", coalesce(p."districtIds", '{}') AS "districtIds",
           p."requiresAccessibility"::text AS "requiresAccessibility"
      FROM "Seeker" s
      LEFT JOIN LATERAL (
             SELECT ua.id, ua."grantedCategory", ua."validFrom", ua."validUntil"
               FROM "UrgencyApplication" ua
              WHERE ua."seekerId" = s.id AND ua.status IN ('GRANTED', 'EXPIRED')
              ORDER BY ua."decidedAt" DESC, ua.id
              LIMIT 1) u ON true
      LEFT JOIN "SearchProfile" p ON p."applicationId" = u.id AND p.kind = 'GRANTED'
     WHERE ${where}`;
}

/** A {@link viewerSeekerSql} row as its seeker row (every column, as Prisma's) and ranking inputs. */
function viewerSeekerFromSql(r: SeekerSqlRow): ViewerSeekerRow {
  // the seeker's own columns are the row; the rest are its urgency declaration and profile
  const {
    hasUrgency,
    grantedCategory,
    validFrom,
    validUntil,
    hasProfile,
    dwellingTypes,
    minFloor,
    maxFloor,
    minRooms,
    maxRooms,
    municipalityIds,
    districtIds,
    requiresAccessibility,
    ...row
  } = r;
  const input: SeekerInputRow = {
    ...row,
    urgencyApplications: hasUrgency
      ? [
          {
            grantedCategory,
            validFrom,
            validUntil,
            searchProfiles: hasProfile
              ? [
                  {
                    dwellingTypes,
                    minFloor,
                    maxFloor,
                    minRooms,
                    maxRooms,
                    municipalityIds,
                    districtIds,
                    requiresAccessibility,
                  },
                ]
              : [],
          },
        ]
      : [],
  };
  return { row, input };
}

/** A {@link viewerSeekerSql} row as PostgreSQL's `row_to_json` writes it: dates and timestamps as text. */
export type ViewerSeekerJson = Omit<
  SeekerSqlRow,
  "birthDate" | "registrationDate" | "createdAt" | "updatedAt" | "validFrom" | "validUntil"
> & {
  birthDate: string;
  registrationDate: string;
  createdAt: string;
  updatedAt: string;
  validFrom: string | null;
  validUntil: string | null;
};

/**
 * The seeker row and ranking inputs of a {@link viewerSeekerSql} row read as JSON (the session
 * statement's): exactly what {@link loadViewerSeeker} returns for the same row (`date` columns as
 * UTC midnight, `timestamp(3)` columns as UTC, as Prisma reads them).
 */
export function viewerSeekerFromJson(j: ViewerSeekerJson): ViewerSeekerRow {
  const day = (v: string) => new Date(`${v}T00:00:00.000Z`);
  const time = (v: string) => new Date(`${v}Z`);
  return viewerSeekerFromSql({
    ...j,
    birthDate: day(j.birthDate),
    registrationDate: day(j.registrationDate),
    createdAt: time(j.createdAt),
    updatedAt: time(j.updatedAt),
    validFrom: j.validFrom === null ? null : time(j.validFrom),
    validUntil: j.validUntil === null ? null : time(j.validUntil),
  });
}

/**
 * One seeker in one statement ({@link viewerSeekerSql}): their row (every column, as Prisma's
 * `seeker.findUnique` returns it) and their ranking inputs as a {@link SeekerInputRow}; null when
 * there is no such seeker.
 */
export async function loadViewerSeeker(
  client: Pick<Tx, "$queryRaw">,
  id: string,
): Promise<ViewerSeekerRow | null> {
  const [r] = await readRows<SeekerSqlRow>(viewerSeekerSql(Prisma.sql`s.id = ${id}::uuid`), client);
  return r ? viewerSeekerFromSql(r) : null;
}

/**
 * The signed-in seeker's row and ranking inputs, memoised per request: as the session statement
 * read them (`Viewer.seekerRow`), else {@link loadViewerSeeker} (one statement); null when the
 * viewer has no seeker.
 */
export function viewerSeekerRow(ctx: Context): Promise<ViewerSeekerRow | null> {
  const id = ctx.viewer?.seekerId;
  if (!id) return Promise.resolve(null);
  return memo(ctx, `seeker:${id}`, () => {
    // read with the session when the request is not a mutation (a mutation may change the seeker
    // before its payload is resolved: its payload reads the row afresh)
    const primed = ctx.viewer?.seekerRow;
    if (primed && primed.row.id === id && !ctx.cache.has(MUTATION_MARK)) return Promise.resolve(primed);
    return loadViewerSeeker(db(), id);
  });
}

/** `ctx.cache` key set while a mutation executes (server.ts): the session's seeker row is not used. */
export const MUTATION_MARK = "operation:mutation";

/** The signed-in seeker's ranking inputs ({@link viewerSeekerRow}), or null when the viewer has no seeker. */
export async function viewerSeeker(ctx: Context): Promise<SeekerInputRow | null> {
  return (await viewerSeekerRow(ctx))?.input ?? null;
}

/**
 * Every column of a `"Response" r` row (enums as text), as Prisma returns a Response and the
 * GraphQL `Response` object needs it.
 */
export const RESPONSE_COLUMNS = `r.id, r."listingId", r."seekerId", r.motivation, r.status::text AS status,
  r."committeeVerdict"::text AS "committeeVerdict", r."committeeReason", r."reviewedById", r."reviewedAt",
  r."finalPosition", r."seekerAtClose", r."lotteryEntry", r."rankedAheadAtClose", r."createdAt", r."withdrawnAt"`;

/** A `"Response"` row of {@link RESPONSE_COLUMNS} as PostgreSQL's `row_to_json` writes it (see {@link responseJsonSql}). */
export type ResponseJson = Omit<Response, "createdAt" | "reviewedAt" | "withdrawnAt"> & {
  createdAt: string;
  reviewedAt: string | null;
  withdrawnAt: string | null;
};

/**
 * SQL for a statement's column: seeker `seekerId`'s response on the listing `listingId` (an SQL
 * expression, e.g. a joined listing's id) as JSON ({@link ResponseJson}), or null when there is
 * none (a seeker has at most one response per listing). Turn it into the row with
 * {@link responseFromJson}.
 */
export function responseJsonSql(listingId: Prisma.Sql, seekerId: string | null): Prisma.Sql {
  return Prisma.sql`(SELECT row_to_json(o) FROM (SELECT ${Prisma.raw(RESPONSE_COLUMNS)} FROM "Response" r
    WHERE r."listingId" = ${listingId} AND r."seekerId" = ${seekerId}::uuid) o)`;
}

/**
 * The Response row as Prisma returns it for a {@link ResponseJson}: the timestamps (UTC wall-clock
 * time, as `timestamp(3)` columns hold it) as `Date`s; every other column is JSON already.
 */
export function responseFromJson(o: ResponseJson): Response {
  const time = (v: string | null) => (v === null ? null : new Date(`${v}Z`));
  return {
    ...o,
    createdAt: new Date(`${o.createdAt}Z`),
    reviewedAt: time(o.reviewedAt),
    withdrawnAt: time(o.withdrawnAt),
  };
}

/** Every response of one seeker (any status, any listing), as Prisma's `response.findMany` returns them: one statement. */
export function loadResponsesOfSeeker(client: Pick<Tx, "$queryRaw">, seekerId: string): Promise<Response[]> {
  return readRows<Response>(
    Prisma.sql`SELECT ${Prisma.raw(RESPONSE_COLUMNS)} FROM "Response" r WHERE r."seekerId" = ${seekerId}::uuid`,
    client,
  );
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

/** What a Prisma response query must include to build a {@link CandidateRow}. */
export const candidateInclude = {
  seeker: { include: seekerInclude },
} satisfies Prisma.ResponseInclude;

/**
 * A candidate: a response that was not withdrawn, with what ranking, the fixed order of a closed
 * listing and the landlord's view of the applicant read. A Prisma response row with
 * {@link candidateInclude} is one; {@link listingCandidates} reads them with one statement.
 */
export type CandidateRow = Pick<
  Prisma.ResponseGetPayload<{ include: typeof candidateInclude }>,
  | "id"
  | "listingId"
  | "seekerId"
  | "motivation"
  | "status"
  | "committeeVerdict"
  | "finalPosition"
  | "seekerAtClose"
  | "lotteryEntry"
  | "createdAt"
> & { seeker: CandidateSeeker };

/** A candidate's seeker: the ranking inputs and the applicant's details the landlord sees. */
export type CandidateSeeker = SeekerInputRow &
  Pick<SeekerRow, "firstName" | "lastName" | "birthDate" | "phone">;

/**
 * A response's lottery entry code as fixed at close (LOTTERY.md), or null (not a lottery, or not
 * closed yet: before close no ticket is computed; `closeListingTx` derives the codes it stores).
 */
export function lotteryEntryOf(r: Pick<CandidateRow, "lotteryEntry">): string | null {
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

/** A candidate's search profile as {@link loadCandidates} reads it: the GRANTED one's fields in order. */
type ProfileTuple = [
  dwellingTypes: CandidateSeeker["urgencyApplications"][number]["searchProfiles"][number]["dwellingTypes"],
  minFloor: number | null,
  maxFloor: number | null,
  minRooms: number | null,
  maxRooms: number | null,
  municipalityIds: string[],
  districtIds: string[],
  requiresAccessibility: CandidateSeeker["urgencyApplications"][number]["searchProfiles"][number]["requiresAccessibility"],
];
/** The latest granted (or expired) urgency declaration as {@link loadCandidates} reads it (dates in ms). */
type UrgencyTuple = [
  grantedCategory: SeekerRow["urgencyApplications"][number]["grantedCategory"],
  validFrom: number | null,
  validUntil: number | null,
  profile: ProfileTuple | null,
];
/** A candidate as {@link loadCandidates} reads it: response and seeker fields in order (dates in ms). */
type CandidateTuple = [
  id: string,
  seekerId: string,
  motivation: string | null,
  status: CandidateRow["status"],
  committeeVerdict: CandidateRow["committeeVerdict"],
  finalPosition: number | null,
  seekerAtClose: CandidateRow["seekerAtClose"],
  lotteryEntry: string | null,
  createdAt: number,
  firstName: string,
  lastName: string,
  birthDate: number,
  phone: string | null,
  registrationDate: number,
  retainedRegistrationYears: number,
  householdSize: number,
  householdIncomeCents: number,
  currentDwellingKind: SeekerRow["currentDwellingKind"],
  currentDwellingRooms: number | null,
  municipalityId: string | null,
  core: string | null,
  workMunicipalityId: string | null,
  workCore: string | null,
  vitalProfession: string | null,
  accessibilityNeed: SeekerRow["accessibilityNeed"],
  isStudent: boolean,
  urgency: UrgencyTuple | null,
];

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function candidateFromTuple(listingId: string, t: CandidateTuple): CandidateRow {
  const [
    id,
    seekerId,
    motivation,
    status,
    committeeVerdict,
    finalPosition,
    seekerAtClose,
    lotteryEntry,
    createdAt,
    firstName,
    lastName,
    birthDate,
    phone,
    registrationDate,
    retainedRegistrationYears,
    householdSize,
    householdIncomeCents,
    currentDwellingKind,
    currentDwellingRooms,
    municipalityId,
    core,
    workMunicipalityId,
    workCore,
    vitalProfession,
    accessibilityNeed,
    isStudent,
    urgency,
  ] = t;
  const profile = urgency?.[3];
  return {
    id,
    listingId,
    seekerId,
    motivation,
    status,
    committeeVerdict,
    finalPosition,
    seekerAtClose,
    lotteryEntry,
    createdAt: new Date(createdAt),
    seeker: {
      id: seekerId,
      firstName,
      lastName,
      birthDate: new Date(birthDate),
      phone,
      registrationDate: new Date(registrationDate),
      retainedRegistrationYears,
      householdSize,
      householdIncomeCents,
      currentDwellingKind,
      currentDwellingRooms,
      municipalityId,
      core,
      workMunicipalityId,
      workCore,
      vitalProfession,
      accessibilityNeed,
      isStudent,
      urgencyApplications: urgency
        ? [
            {
              grantedCategory: urgency[0],
              validFrom: dateOrNull(urgency[1]),
              validUntil: dateOrNull(urgency[2]),
              searchProfiles: profile
                ? [
                    {
                      dwellingTypes: profile[0],
                      minFloor: profile[1],
                      maxFloor: profile[2],
                      minRooms: profile[3],
                      maxRooms: profile[4],
                      municipalityIds: profile[5],
                      districtIds: profile[6],
                      requiresAccessibility: profile[7],
                    },
                  ]
                : [],
            },
          ]
        : [],
    },
  };
}

/**
 * Active candidates of listings (responses that were not withdrawn) in one statement, by listing
 * id, each listing's in response order (oldest first). The seeker's latest GRANTED or EXPIRED
 * urgency declaration is the one with the latest decision (as `seekerInclude`: PostgreSQL's
 * `DESC` puts undecided ones first), with its GRANTED search profile.
 *
 * Each listing's candidates come back as one JSON text of arrays ({@link CandidateTuple}, times
 * as milliseconds since the epoch): for a listing's thousand candidates that is a fraction of the
 * work of decoding the same values column by column, or as objects with their keys repeated.
 */
async function loadCandidates(listingIds: string[]): Promise<Map<string, CandidateRow[]>> {
  const rows = await db().$queryRaw<{ listingId: string; candidates: string }[]>`
    SELECT r."listingId",
           json_agg(json_build_array(
             r.id, r."seekerId", r.motivation, r.status, r."committeeVerdict", r."finalPosition",
             r."seekerAtClose", r."lotteryEntry", (extract(epoch FROM r."createdAt") * 1000)::bigint,
             s."firstName", s."lastName", (extract(epoch FROM s."birthDate") * 1000)::bigint, s.phone,
             (extract(epoch FROM s."registrationDate") * 1000)::bigint, s."retainedRegistrationYears",
             s."householdSize", s."householdIncomeCents", s."currentDwellingKind", s."currentDwellingRooms",
             s."municipalityId", s.core, s."workMunicipalityId", s."workCore", s."vitalProfession",
             s."accessibilityNeed", s."isStudent",
             CASE WHEN u.id IS NOT NULL THEN json_build_array(
               u."grantedCategory", (extract(epoch FROM u."validFrom") * 1000)::bigint,
               (extract(epoch FROM u."validUntil") * 1000)::bigint,
               CASE WHEN p.id IS NOT NULL THEN json_build_array(
                 coalesce(p."dwellingTypes", '{}'), p."minFloor", p."maxFloor", p."minRooms", p."maxRooms",
                 coalesce(p."municipalityIds", '{}'), coalesce(p."districtIds", '{}'), p."requiresAccessibility"
               ) END) END
           ) ORDER BY r."createdAt", r.id)::text AS candidates
      FROM "Response" r
      -- one index lookup per candidate (LIMIT keeps the planner from hashing the whole table)
      JOIN LATERAL (
             SELECT s."firstName", s."lastName", s."birthDate", s.phone, s."registrationDate",
                    s."retainedRegistrationYears", s."householdSize", s."householdIncomeCents",
                    s."currentDwellingKind", s."currentDwellingRooms", s."municipalityId", s.core,
                    s."workMunicipalityId", s."workCore", s."vitalProfession", s."accessibilityNeed", s."isStudent"
               FROM "Seeker" s WHERE s.id = r."seekerId" LIMIT 1) s ON true
      LEFT JOIN LATERAL (
             SELECT ua.id, ua."grantedCategory", ua."validFrom", ua."validUntil"
               FROM "UrgencyApplication" ua
              WHERE ua."seekerId" = r."seekerId" AND ua.status IN ('GRANTED', 'EXPIRED')
              ORDER BY ua."decidedAt" DESC, ua.id
              LIMIT 1) u ON true
      LEFT JOIN "SearchProfile" p ON p."applicationId" = u.id AND p.kind = 'GRANTED'
     WHERE r."listingId" = ANY(${listingIds}::uuid[]) AND r.status <> 'WITHDRAWN'
     GROUP BY r."listingId"`;
  const map = new Map<string, CandidateRow[]>(listingIds.map((id) => [id, []]));
  for (const { listingId, candidates } of rows) {
    const tuples = JSON.parse(candidates) as CandidateTuple[];
    map.set(
      listingId,
      tuples.map((t) => candidateFromTuple(listingId, t)),
    );
  }
  return map;
}

/** Active candidates of a listing (responses that were not withdrawn), batched per request. */
export function listingCandidates(ctx: Context, listingId: string): Promise<CandidateRow[]> {
  return load(ctx, "candidates", listingId, loadCandidates).then((v) => v ?? []);
}

/** A {@link ListingRow} read by {@link listingRow}, with its student-complex counts. */
export type CountedListingRow = ListingRow & {
  /** Units and special-group tenants of its student complex; null when not in one. */
  studentComplexCounts: StudentComplexCounts | null;
};

/** A row of {@link loadListingRows}: the listingSelect fields, flat. */
interface ListingSqlRow {
  id: string;
  allocationModel: ListingRow["allocationModel"];
  netRentCents: number;
  incomeBand: ListingRow["incomeBand"];
  householdMin: number | null;
  householdMax: number | null;
  ageLabel: ListingRow["ageLabel"];
  priorityRules: ListingRow["priorityRules"];
  vitalProfessions: string[];
  bindingCores: string[];
  lotterySeed: string | null;
  lotterySeedRevealedAt: Date | null;
  status: ListingRow["status"];
  closesAt: Date;
  landlordId: string;
  rankVersion: number;
  rooms: number;
  type: ListingRow["dwelling"]["type"];
  floor: number;
  accessibility: ListingRow["dwelling"]["accessibility"];
  municipalityId: string;
  municipalityCode: string;
  districtId: string | null;
  isNewBuild: boolean;
  complexId: string | null;
  isStudentComplex: boolean | null;
  woongroepId: string | null;
  units: number | null;
  special: number | null;
}

/**
 * Listing rows by id with the {@link listingSelect} fields and, for a student complex, its counts
 * (as {@link listingInputTx} counts them): one statement.
 */
async function loadListingRows(ids: string[]): Promise<Map<string, CountedListingRow>> {
  const rows = await db().$queryRaw<ListingSqlRow[]>`
    SELECT l.id, l."allocationModel"::text AS "allocationModel", l."netRentCents",
           l."incomeBand"::text AS "incomeBand", l."householdMin", l."householdMax",
           l."ageLabel"::text AS "ageLabel", coalesce(l."priorityRules", '{}')::text[] AS "priorityRules",
           coalesce(l."vitalProfessions", '{}') AS "vitalProfessions",
           coalesce(l."bindingCores", '{}') AS "bindingCores", l."lotterySeed", l."lotterySeedRevealedAt",
           l.status::text AS status, l."closesAt", l."landlordId", l."rankVersion",
           d.rooms, d.type::text AS type, d.floor, d.accessibility::text AS accessibility,
           d."municipalityId", m.code AS "municipalityCode", d."districtId", d."isNewBuild", d."complexId",
           c."isStudentComplex", w.id AS "woongroepId",
           CASE WHEN c."isStudentComplex" THEN
             (SELECT count(*)::int FROM "Dwelling" x WHERE x."complexId" = c.id) END AS units,
           CASE WHEN c."isStudentComplex" THEN
             (SELECT count(DISTINCT le."dwellingId")::int FROM "Letting" le JOIN "Dwelling" x ON x.id = le."dwellingId"
               WHERE x."complexId" = c.id AND le."urgencyCategory" IS NOT NULL) END AS special
      FROM "Listing" l
      JOIN "Dwelling" d ON d.id = l."dwellingId"
      JOIN "Municipality" m ON m.id = d."municipalityId"
      LEFT JOIN "Complex" c ON c.id = d."complexId"
      LEFT JOIN "Woongroep" w ON w."complexId" = c.id
     WHERE l.id = ANY(${ids}::uuid[])`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        allocationModel: r.allocationModel,
        netRentCents: r.netRentCents,
        incomeBand: r.incomeBand,
        householdMin: r.householdMin,
        householdMax: r.householdMax,
        ageLabel: r.ageLabel,
        priorityRules: r.priorityRules,
        vitalProfessions: r.vitalProfessions,
        bindingCores: r.bindingCores,
        lotterySeed: r.lotterySeed,
        lotterySeedRevealedAt: r.lotterySeedRevealedAt,
        status: r.status,
        closesAt: r.closesAt,
        landlordId: r.landlordId,
        rankVersion: r.rankVersion,
        dwelling: {
          rooms: r.rooms,
          type: r.type,
          floor: r.floor,
          accessibility: r.accessibility,
          municipalityId: r.municipalityId,
          municipality: { code: r.municipalityCode },
          districtId: r.districtId,
          isNewBuild: r.isNewBuild,
          complexId: r.complexId,
          complex:
            r.isStudentComplex === null
              ? null
              : {
                  isStudentComplex: r.isStudentComplex,
                  woongroep: r.woongroepId ? { id: r.woongroepId } : null,
                },
        },
        studentComplexCounts:
          r.isStudentComplex && r.complexId
            ? { units: Math.max(1, r.units ?? 0), specialGroupTenants: r.special ?? 0 }
            : null,
      },
    ]),
  );
}

/** Listing rows by id (with the ListingInput selection and student-complex counts), batched per request. */
export function listingRow(ctx: Context, id: string): Promise<CountedListingRow | undefined> {
  return load(ctx, "listingRow", id, loadListingRows);
}

/** A listing read by {@link listingRow} as the core's ListingInput (no further statement). */
export function countedListingInput(l: CountedListingRow): ListingInput {
  return toListingInput(l, l.studentComplexCounts);
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
