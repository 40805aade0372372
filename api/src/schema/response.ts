/**
 * Responses (reacties): respond to a listing, withdraw. One response per seeker and listing,
 * guarded by the database's unique constraint so concurrent double submits create one row.
 */
import { invalidatePublicListing } from "../cache.ts";
import { z } from "zod";
import { poolOf, type Response as ResponseRow } from "@woonbeurt/db";
import { recordResponseLimitRefusal } from "./response-limit-monitoring.ts";
import {
  checkEligibility,
  DEFAULT_RULE_SETS,
  failedChecks,
  responseLimitCheck,
  ruleSetInForce,
  type ListingInput,
  type RuleSet,
  type SeekerInput,
} from "../allocation/index.ts";
import {
  actorRole,
  committeeWoongroepIds,
  hasSeekerScope,
  landlordOrgIds,
  type Context,
} from "../auth/context.ts";
import { db, UTC_TYPES } from "../db.ts";
import { INVALIDATION_CHANNEL, invalidateHere, invalidationPayload } from "../invalidation.ts";
import { entryCode } from "../lottery-key.ts";
import { builder } from "./builder.ts";
import { CommitteeVerdictEnum, decodeGlobal, ResponseStatusEnum } from "./common.ts";
import { eur, RESPONSE_COLUMNS, ruleSetFromRow } from "./core.ts";
import {
  AlreadyRespondedError,
  InvalidStateError,
  ResponseLimitReachedError,
  NotEligibleError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  ValidationError,
  WindowClosedError,
} from "./errors.ts";
import { audit, requireSeeker } from "./guards.ts";
import { load } from "./loaders.ts";
import { viewerPosition } from "./position.ts";
import { ViewerPositionRef } from "./listing.ts";

/** Landlord and woongroep of listings, batched per request (for response visibility). */
function listingMeta(ctx: Context, listingId: string) {
  return load(ctx, "listingMeta", listingId, async (ids) => {
    const rows = await db().listing.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        landlordId: true,
        dwelling: { select: { complex: { select: { woongroep: { select: { id: true } } } } } },
      },
    });
    return new Map(
      rows.map((r) => [
        r.id,
        { landlordId: r.landlordId, woongroepId: r.dwelling.complex?.woongroep?.id ?? null },
      ]),
    );
  });
}

/** Whether the viewer may see a response: its seeker, the listing's landlord, or the woongroep committee. */
async function canSeeResponse(ctx: Context, r: { seekerId: string; listingId: string }): Promise<boolean> {
  if (ctx.viewer?.seekerId === r.seekerId) return hasSeekerScope(ctx.viewer, "SEEKER_READ");
  if (!ctx.viewer?.memberships.length) return false;
  const meta = await listingMeta(ctx, r.listingId);
  if (!meta) return false;
  return (
    landlordOrgIds(ctx.viewer).includes(meta.landlordId) ||
    (!!meta.woongroepId && committeeWoongroepIds(ctx.viewer).includes(meta.woongroepId))
  );
}

export const Response = builder.prismaNode("Response", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A seeker's response (reactie) on a listing. Visible to the seeker, the listing's landlord staff and, for woongroep listings, its committee.",
  authScopes: async (r, ctx) => canSeeResponse(ctx, r),
  fields: (t) => ({
    listing: t.relation("listing", { description: "The listing." }),
    status: t.expose("status", { type: ResponseStatusEnum, description: "Status." }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the seeker responded (tie-breaker after registration date).",
    }),
    withdrawnAt: t.expose("withdrawnAt", {
      type: "DateTime",
      nullable: true,
      description: "When withdrawn.",
    }),
    motivation: t.exposeString("motivation", {
      nullable: true,
      description: "Motivation (woongroep listings) [000].",
    }),
    committeeVerdict: t.expose("committeeVerdict", {
      type: CommitteeVerdictEnum,
      description: "Woongroep committee verdict.",
    }),
    committeeReason: t.exposeString("committeeReason", {
      nullable: true,
      description: "Reason given by the committee.",
    }),
    finalPosition: t.exposeInt("finalPosition", {
      nullable: true,
      description: "Position in the final ranking at close (1 = first).",
    }),
    lotteryEntryCode: t.string({
      nullable: true,
      description:
        "LOTERIJ: this response's pseudonymous entry code (64 hex characters), fixed before the listing's commitment; find it in the published draw (Listing.lottery.entries) after close. Null for other listings. Seeker only (null for staff and the committee).",
      select: {
        lotteryEntry: true,
        seeker: { select: { registrationNumber: true } },
        listing: { select: { reference: true, allocationModel: true } },
      },
      resolve: (r, _a, ctx) => {
        if (ctx.viewer?.seekerId !== r.seekerId || r.listing.allocationModel !== "LOTERIJ") return null;
        return r.lotteryEntry ?? entryCode(r.listing.reference, r.seeker.registrationNumber);
      },
    }),
    position: t.field({
      type: ViewerPositionRef,
      nullable: true,
      description: "The seeker's position on the listing now (seeker only; null for staff).",
      resolve: async (r, _a, ctx) => {
        if (ctx.viewer?.seekerId !== r.seekerId) return null;
        const { listingRow } = await import("./core.ts");
        const l = await listingRow(ctx, r.listingId);
        return l ? viewerPosition(ctx, l) : null;
      },
    }),
  }),
});

const ListingRespondInput = builder.inputType("ListingRespondInput", {
  description: "Input of listingRespond.",
  fields: (t) => ({
    listingId: t.id({ required: true, description: "Global ID of the listing." }),
    motivation: t.string({
      required: false,
      description:
        "Motivation: what you will contribute to the woongroep (required for WOONGROEP listings, 50–5000 characters) [000].",
    }),
  }),
});
const ResponseWithdrawInput = builder.inputType("ResponseWithdrawInput", {
  description: "Input of responseWithdraw.",
  fields: (t) => ({ responseId: t.id({ required: true, description: "Global ID of your response." }) }),
});

/** Woongroep motivation length bounds (characters). */
export const MOTIVATION_MIN = 50;
export const MOTIVATION_MAX = 5000;

// ── listingRespond's transaction ─────────────────────────────────────────────────────────────
// Every check runs inside one transaction, on rows read after the locks were taken, in a fixed
// number of statements whatever the seeker or listing (api/test/respond-statements.test.ts):
// BEGIN, the locks (seeker, listing; with the rule sets' stamp), one read (seeker with its latest
// urgency and granted search profile, listing with dwelling and student-complex counts, the
// existing response, the response counts), one write (the response, its audit row, the
// invalidation notice for the other API processes), COMMIT. Response count and rank version of
// the listing follow by the database's triggers on "Response", in the same transaction.

/** Rule set versions kept between requests, with the stamp of the `RuleSet` rows they came from. */
let keptRuleSets: { stamp: string; versions: readonly RuleSet[] } | null = null;

/** A stamp of the `RuleSet` rows that changes with every insert, update or delete (row versions). */
const RULE_SET_STAMP = `(SELECT coalesce(string_agg(rs.id::text || ':' || rs.xmin::text, ',' ORDER BY rs.version), '')
  FROM "RuleSet" rs)`;

/**
 * The locks, first statement of the transaction: the seeker row FOR UPDATE when a response limit
 * applies (two responses of one seeker at once must not both take the last free place) and FOR
 * KEY SHARE otherwise (a merge of duplicate registrations, which takes it FOR UPDATE and withdraws
 * its responses, waits for this response or makes it see MERGED); then the listing FOR KEY SHARE
 * (closing takes it FOR UPDATE, so this response commits before the close ranks the listing, or
 * waits and sees it closed; locks.ts). The rows returned are the locked, latest versions.
 */
const lockSql = (seekerLock: "UPDATE" | "KEY SHARE") => `
  SELECT s.status::text AS "seekerStatus", l.status::text AS "listingStatus", l."closesAt",
         l."allocationModel"::text AS "allocationModel", ${RULE_SET_STAMP} AS "ruleSetStamp"
    FROM "Seeker" s, "Listing" l
   WHERE s.id = $1::uuid AND l.id = $2::uuid
     FOR ${seekerLock} OF s FOR KEY SHARE OF l`;

interface LockRow {
  seekerStatus: string;
  listingStatus: string;
  closesAt: Date;
  allocationModel: string;
  ruleSetStamp: string;
}

/**
 * The one read after the locks (a new snapshot, so it sees what the lock waits let commit): what
 * the allocation core needs of seeker and listing (as `seekerInclude` / `listingInputTx` read
 * them), the seeker's response on this listing, and with a response limit the seeker's counted
 * responses (`responseCounts`: $3 the time, $4 a week before it).
 */
const readSql = (limited: boolean) => `
  SELECT s.id, s."birthDate", s."householdSize", s."householdIncomeCents", s."registrationDate",
         s."retainedRegistrationYears", s."accessibilityNeed"::text AS "accessibilityNeed",
         s."currentDwellingKind"::text AS "currentDwellingKind", s."currentDwellingRooms", s."municipalityId",
         s.core, s."workMunicipalityId", s."workCore", s."vitalProfession", s."isStudent",
         u."grantedCategory"::text AS "urgencyCategory", u."validFrom" AS "urgencyValidFrom",
         u."validUntil" AS "urgencyValidUntil", p.id AS "profileId", p."dwellingTypes"::text[] AS "profileDwellingTypes",
         p."minFloor" AS "profileMinFloor", p."maxFloor" AS "profileMaxFloor", p."minRooms" AS "profileMinRooms",
         p."maxRooms" AS "profileMaxRooms", p."municipalityIds" AS "profileMunicipalityIds",
         p."districtIds" AS "profileDistrictIds", p."requiresAccessibility"::text AS "profileRequiresAccessibility",
         l."netRentCents", l."incomeBand"::text AS "incomeBand", l."householdMin", l."householdMax",
         l."ageLabel"::text AS "ageLabel", l."priorityRules"::text[] AS "priorityRules", l."vitalProfessions",
         l."bindingCores", l."lotterySeed", l."lotterySeedRevealedAt",
         d.rooms, d.type::text AS "dwellingType", d.floor, d.accessibility::text AS accessibility,
         d."municipalityId" AS "dwellingMunicipalityId", m.code AS "municipalityCode", d."districtId", d."isNewBuild",
         CASE WHEN c."isStudentComplex" THEN
           (SELECT count(*)::int FROM "Dwelling" x WHERE x."complexId" = c.id) END AS "complexUnits",
         CASE WHEN c."isStudentComplex" THEN
           (SELECT count(DISTINCT le."dwellingId")::int FROM "Letting" le JOIN "Dwelling" x ON x.id = le."dwellingId"
             WHERE x."complexId" = c.id AND le."urgencyCategory" IS NOT NULL) END AS "complexSpecial",
         e.id AS "existingId", e.status::text AS "existingStatus",
         ${
           limited
             ? `(SELECT count(*) FILTER (WHERE r.status <> 'WITHDRAWN' AND rl.status = 'PUBLISHED' AND rl."closesAt" > $3)::int
                  FROM "Response" r JOIN "Listing" rl ON rl.id = r."listingId" WHERE r."seekerId" = s.id) AS "countActive",
                (SELECT count(*)::int FROM "Response" r WHERE r."seekerId" = s.id AND r."createdAt" > $4) AS "countWeek"`
             : `NULL::int AS "countActive", NULL::int AS "countWeek"`
         }
    FROM "Seeker" s
   CROSS JOIN "Listing" l
    JOIN "Dwelling" d ON d.id = l."dwellingId"
    JOIN "Municipality" m ON m.id = d."municipalityId"
    LEFT JOIN "Complex" c ON c.id = d."complexId"
    LEFT JOIN LATERAL (
      SELECT ua.id, ua."grantedCategory", ua."validFrom", ua."validUntil" FROM "UrgencyApplication" ua
       WHERE ua."seekerId" = s.id AND ua.status IN ('GRANTED', 'EXPIRED')
       ORDER BY ua."decidedAt" DESC LIMIT 1) u ON true
    LEFT JOIN LATERAL (
      SELECT sp.* FROM "SearchProfile" sp WHERE sp."applicationId" = u.id AND sp.kind = 'GRANTED'
       ORDER BY sp.id LIMIT 1) p ON true
    LEFT JOIN "Response" e ON e."listingId" = l.id AND e."seekerId" = s.id
   WHERE s.id = $1::uuid AND l.id = $2::uuid`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw row, mapped field by field below
type ReadRow = Record<string, any>;

/** The read row's seeker as the core's SeekerInput (as `seekerInput` maps a `seekerInclude` row). */
function seekerFromRead(r: ReadRow): SeekerInput {
  return {
    id: r.id,
    birthDate: r.birthDate,
    householdSize: r.householdSize,
    householdIncome: eur(r.householdIncomeCents),
    registrationDate: r.registrationDate,
    retainedRegistrationYears: r.retainedRegistrationYears,
    accessibilityNeed: r.accessibilityNeed,
    currentDwellingKind: r.currentDwellingKind,
    currentDwellingRooms: r.currentDwellingRooms,
    municipalityId: r.municipalityId,
    core: r.core,
    workMunicipalityId: r.workMunicipalityId,
    workCore: r.workCore,
    vitalProfession: r.vitalProfession,
    isStudent: r.isStudent,
    urgency:
      r.urgencyCategory && r.urgencyValidFrom && r.urgencyValidUntil
        ? {
            category: r.urgencyCategory,
            validFrom: r.urgencyValidFrom,
            validUntil: r.urgencyValidUntil,
            searchProfile: {
              dwellingTypes: r.profileDwellingTypes ?? [],
              minFloor: r.profileMinFloor ?? null,
              maxFloor: r.profileMaxFloor ?? null,
              minRooms: r.profileMinRooms ?? null,
              maxRooms: r.profileMaxRooms ?? null,
              municipalityIds: r.profileMunicipalityIds ?? [],
              districtIds: r.profileDistrictIds ?? [],
              requiresAccessibility: r.profileRequiresAccessibility ?? "NONE",
            },
          }
        : null,
  };
}

/** The read row's listing as the core's ListingInput (as `listingInputTx` maps a `listingSelect` row). */
function listingFromRead(r: ReadRow, listingId: string, allocationModel: string): ListingInput {
  return {
    id: listingId,
    allocationModel: allocationModel as ListingInput["allocationModel"],
    netRent: eur(r.netRentCents),
    incomeBand: r.incomeBand,
    isNewBuild: r.isNewBuild,
    rooms: r.rooms,
    dwellingType: r.dwellingType,
    floor: r.floor,
    accessibility: r.accessibility,
    municipalityId: r.dwellingMunicipalityId,
    municipalityCode: r.municipalityCode,
    districtId: r.districtId,
    householdMin: r.householdMin,
    householdMax: r.householdMax,
    ageLabel: r.ageLabel,
    priorityRules: r.priorityRules,
    vitalProfessions: r.vitalProfessions,
    bindingCores: r.bindingCores,
    studentComplex:
      r.complexUnits === null || r.complexUnits === undefined
        ? null
        : { units: Math.max(1, r.complexUnits), specialGroupTenants: r.complexSpecial ?? 0 },
    lotterySeed: r.lotterySeedRevealedAt ? r.lotterySeed : null,
  };
}

/**
 * The write, one statement: the response (a new row, or the seeker's withdrawn one re-activated
 * with a new response time; $1 listing, $2 seeker, $3 motivation, $4 time, $11 the withdrawn
 * response's id), its audit row ($5 actor, $6 role, $7 detail, $8 ip), and the notice that tells
 * the other API processes at commit to forget the listing's cached answers ($9 channel,
 * $10 payload; invalidation.ts). No row when the response already exists (a concurrent call won).
 */
const writeSql = (reactivate: boolean) => `
  WITH r AS (${
    reactivate
      ? `UPDATE "Response" SET status = 'ACTIVE', "withdrawnAt" = NULL, "createdAt" = $4, motivation = $3,
                "committeeVerdict" = 'PENDING', "committeeReason" = NULL, "reviewedAt" = NULL, "reviewedById" = NULL
          WHERE id = $11::uuid AND "listingId" = $1::uuid AND "seekerId" = $2::uuid AND status = 'WITHDRAWN'
          RETURNING *`
      : `INSERT INTO "Response" (id, "listingId", "seekerId", motivation, "createdAt")
         VALUES (uuidv7(), $1::uuid, $2::uuid, $3, $4)
         ON CONFLICT ("listingId", "seekerId") DO NOTHING
         RETURNING *`
  }), a AS (
    INSERT INTO "AuditLog" ("actorUserId", "actorRole", action, "entityType", "entityId", detail, ip)
    SELECT $5::uuid, $6, 'CREATE', 'Response', r.id::text, $7::jsonb, $8 FROM r
  )
  SELECT ${RESPONSE_COLUMNS}, pg_notify($9, $10)::text AS notified FROM r`;

/**
 * listingRespond's checks and write, in one transaction (see above). Errors: NotFoundError,
 * WindowClosedError, ValidationError (motivation), NotEligibleError, InvalidStateError (MERGED),
 * AlreadyRespondedError, ResponseLimitReachedError, NotAuthorizedError (a representative's
 * authorisation ended).
 */
async function respondTx(
  ctx: Context,
  seekerId: string,
  listingId: string,
  motivation: string | null,
): Promise<ResponseRow> {
  return inTransaction(async (q) => {
    // The response limit decides the seeker lock; the kept rule sets tell it (FOR UPDATE when
    // none are kept yet), and the stamp read with the locks says whether they are still current.
    const limitedIn = (rs: RuleSet) =>
      !!rs.responses && (rs.responses.maxActive !== null || rs.responses.maxPerWeek !== null);
    const kept = keptRuleSets;
    const seekerLock = !kept || limitedIn(ruleSetInForce(kept.versions, new Date())) ? "UPDATE" : "KEY SHARE";
    const [lock] = await q<LockRow>(lockSql(seekerLock), [seekerId, listingId]);
    const now = new Date();
    if (!lock || lock.listingStatus === "DRAFT") throw new NotFoundError("Listing");
    if (lock.listingStatus !== "PUBLISHED" || lock.closesAt <= now)
      throw new WindowClosedError(lock.closesAt);
    let versions = kept?.versions;
    if (!kept || kept.stamp !== lock.ruleSetStamp) {
      // as loadRuleSets (core.ts) reads them
      const rows = await q<Parameters<typeof ruleSetFromRow>[0]>(`SELECT * FROM "RuleSet" ORDER BY version`);
      versions = rows.length ? rows.map(ruleSetFromRow) : DEFAULT_RULE_SETS;
      keptRuleSets = { stamp: lock.ruleSetStamp, versions };
    }
    const ruleSet = ruleSetInForce(versions!, now);
    const limited = limitedIn(ruleSet);
    // a rule set with a limit came into force since the kept one: the seeker row FOR UPDATE now
    if (limited && seekerLock !== "UPDATE")
      await q(`SELECT id FROM "Seeker" WHERE id = $1::uuid FOR UPDATE`, [seekerId]);
    validateMotivation(lock.allocationModel, motivation);

    const [row] = await q<ReadRow>(
      readSql(limited),
      limited
        ? [seekerId, listingId, now.toISOString(), new Date(now.getTime() - 7 * 86_400_000).toISOString()]
        : [seekerId, listingId],
    );
    if (!row) throw new NotFoundError("Listing");
    const result = checkEligibility(
      seekerFromRead(row),
      listingFromRead(row, listingId, lock.allocationModel),
      ruleSet,
      now,
      { motivation, committeeVerdict: "PENDING" },
    );
    if (!result.eligible) throw new NotEligibleError(failedChecks(result));
    if (lock.seekerStatus === "MERGED")
      throw new InvalidStateError(
        "MERGED",
        "This registration was merged into another registration of your household; respond with the registration that was kept",
      );
    if (row.existingId && row.existingStatus !== "WITHDRAWN") throw new AlreadyRespondedError(row.existingId);
    if (limited) {
      const counts = { active: row.countActive as number, lastWeek: row.countWeek as number };
      const allowance = responseLimitCheck(counts, ruleSet);
      if (allowance.reached === "ACTIVE")
        throw new ResponseLimitReachedError("ACTIVE", allowance.maxActive!, counts.active);
      if (allowance.reached === "WEEK")
        throw new ResponseLimitReachedError("WEEK", allowance.maxPerWeek!, counts.lastWeek);
    }

    const acting = ctx.viewer?.actingFor;
    if (acting) {
      // A representative's authorisation, locked and still unrevoked and in force: a revocation
      // committed after the request was authenticated wins (the same check as checkActingFor in
      // guards.ts, on this transaction's connection).
      const valid = await q(
        `SELECT id FROM "Authorisation" WHERE id = $1::uuid AND "revokedAt" IS NULL AND "validUntil" > now() FOR SHARE`,
        [acting.authorisationId],
      );
      if (valid.length === 0) throw new NotAuthorizedError("Your authorisation (machtiging) has ended");
    }
    const [written] = await q<ResponseRow & { notified: unknown }>(writeSql(!!row.existingId), [
      listingId,
      seekerId,
      motivation,
      now.toISOString(),
      ctx.viewer?.userId ?? null,
      actorRole(ctx.viewer),
      acting
        ? JSON.stringify({
            onBehalfOf: { seekerId: acting.seekerId, authorisationId: acting.authorisationId },
          })
        : null,
      ctx.ip || null,
      INVALIDATION_CHANNEL,
      invalidationPayload({ kind: "listing", listingId }),
      ...(row.existingId ? [row.existingId] : []),
    ]);
    if (!written) {
      // a concurrent call of the same seeker responded (or re-activated) first
      const [other] = await q<{ id: string }>(
        `SELECT id FROM "Response" WHERE "listingId" = $1::uuid AND "seekerId" = $2::uuid`,
        [listingId, seekerId],
      );
      throw new AlreadyRespondedError(other?.id ?? "");
    }
    const { notified: _notified, ...response } = written;
    return response;
  });
}

/**
 * Run `fn` in a transaction on a connection of the API's pool (the one under the Prisma client,
 * `poolOf`): plain node-postgres, for the hot write path of listingRespond (a Prisma interactive
 * transaction and its raw queries cost more CPU than the statements themselves). `q` runs one
 * statement; Date parameters must be passed as ISO strings (UTC). Rolled back when `fn` throws.
 */
async function inTransaction<T>(
  fn: (q: <R = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const client = await poolOf(db()).connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(async <R>(text: string, values: unknown[] = []) => {
      const r = await client.query({ text, values, types: UTC_TYPES });
      return r.rows as R[];
    });
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw e;
  } finally {
    client.release(broken);
  }
}

/** WOONGROEP listings need a motivation of 50-5000 characters; others at most 5000 [000]. */
function validateMotivation(allocationModel: string, motivation: string | null): void {
  if (allocationModel === "WOONGROEP") {
    parseInput(
      z
        .string({ error: "a motivation is required for woongroep listings" })
        .min(MOTIVATION_MIN, `must be at least ${MOTIVATION_MIN} characters`)
        .max(MOTIVATION_MAX, `must be at most ${MOTIVATION_MAX} characters`),
      motivation ?? undefined,
      ["input", "motivation"],
    );
  } else if (motivation && motivation.length > MOTIVATION_MAX) {
    throw new ValidationError([
      { path: ["input", "motivation"], message: `must be at most ${MOTIVATION_MAX} characters` },
    ]);
  }
}

builder.mutationFields((t) => ({
  listingRespond: t.field({
    type: Response,
    description:
      "Respond to an open listing. Eligibility is checked with the rule set in force (all checks must pass). WOONGROEP listings need a motivation. One response per seeker and listing: a repeated or concurrent call returns AlreadyRespondedError; a withdrawn response is re-activated with a new response time. Where the rule set in force limits responses (`responses.maxActive` open at once, `responses.maxPerWeek` in 7 days), the limit is checked in the response's own transaction (see `Seeker.responseAllowance`). A registration closed by a merge of duplicate registrations (status MERGED) cannot respond: InvalidStateError (respond with the registration that was kept). Token scope RESPONSES_WRITE. Errors: NotAuthorizedError, NotFoundError, WindowClosedError, NotEligibleError, AlreadyRespondedError, ResponseLimitReachedError, InvalidStateError, ValidationError.",
    errors: {
      types: [
        ValidationError,
        NotFoundError,
        WindowClosedError,
        NotEligibleError,
        AlreadyRespondedError,
        ResponseLimitReachedError,
        InvalidStateError,
      ],
      dataField: { name: "response", description: "The response." },
    },
    args: {
      input: t.arg({ type: ListingRespondInput, required: true, description: "Listing and motivation." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      const listingId = decodeGlobal(String(input.listingId), "Listing", "listingId");
      const motivation = input.motivation?.trim() || null;
      try {
        const response = await respondTx(ctx, seekerId, listingId, motivation);
        // the other processes were told at the commit (respondTx); this one's cache now
        invalidateHere({ kind: "listing", listingId });
        return response;
      } catch (e) {
        // counted for monitoring (response-limit-monitoring.ts), outside the rolled-back transaction
        if (e instanceof ResponseLimitReachedError) await recordResponseLimitRefusal(e.limit);
        throw e;
      }
    },
  }),
  responseWithdraw: t.field({
    type: Response,
    description:
      "Withdraw your active response. Token scope RESPONSES_WRITE. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not active: offered, accepted, already withdrawn…).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "response", description: "The withdrawn response." },
    },
    args: { input: t.arg({ type: ResponseWithdrawInput, required: true, description: "The response." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      const id = decodeGlobal(String(input.responseId), "Response", "responseId");
      const current = await db().response.findFirst({ where: { id, seekerId } });
      if (!current) throw new NotFoundError("Response");
      const withdrawn = await db().$transaction(async (tx) => {
        const n = await tx.response.updateMany({
          where: { id, seekerId, status: "ACTIVE" },
          data: { status: "WITHDRAWN", withdrawnAt: new Date() },
        });
        if (n.count !== 1)
          throw new InvalidStateError(current.status, "Only an active response can be withdrawn");
        await audit(ctx, "UPDATE", "Response", id, { action: "withdraw" }, tx);
        return tx.response.findUniqueOrThrow({ where: { id } });
      });
      await invalidatePublicListing(withdrawn.listingId); // its response count changed (cache.ts)
      return withdrawn;
    },
  }),
}));
