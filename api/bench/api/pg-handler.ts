/**
 * The hand-written baseline of `pnpm bench:api`: plain node:http + pg, no GraphQL engine, answering
 * the benchmark's operations (by `operationName`) with the same JSON as the Woonbeurt API. Ranking
 * and eligibility come from the same allocation core (api/src/allocation), so the comparison is
 * about the data access around it.
 *
 * Operations: A `PortalListings`, C `BenchCandidates`, D `PortalListingRespond` (B is not
 * implemented here). Usage: `DATABASE_URL=… PG_HANDLER_PORT=4142 tsx bench/api/pg-handler.ts`.
 */
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import {
  checkEligibility,
  DEFAULT_RULE_SETS,
  explainRankReason,
  rankCandidates,
  responseLimitCheck,
  ruleSetInForce,
  type CandidateInput,
  type ListingInput,
  type RuleSet,
  type SeekerInput,
} from "../../src/allocation/index.ts";
import { ruleSetFromRow } from "../../src/schema/core.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const port = Number(process.env.PG_HANDLER_PORT ?? 4142);
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");
const cursor = (id: string) => Buffer.from(`GPC:S:${id}`).toString("base64");
const eur = (c: number) => c / 100;
let ruleSets: RuleSet[] = [];

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LISTING_INPUT_SQL = `
  SELECT l.id, l."allocationModel", l."netRentCents", l."incomeBand", l."householdMin", l."householdMax",
         l."ageLabel", l."priorityRules", l."vitalProfessions", l."bindingCores", l."lotterySeed", l."lotterySeedRevealedAt",
         l.status, l."closesAt", l."landlordId", l.reference,
         d.rooms, d.type, d.floor, d.accessibility, d."municipalityId", d."districtId", d."isNewBuild",
         (SELECT m.code FROM "Municipality" m WHERE m.id = d."municipalityId") AS "municipalityCode",
         d."complexId", c."isStudentComplex",
         CASE WHEN c."isStudentComplex" THEN (SELECT count(*)::int FROM "Dwelling" x WHERE x."complexId" = c.id) END AS units,
         CASE WHEN c."isStudentComplex" THEN (SELECT count(DISTINCT le."dwellingId")::int FROM "Letting" le
              JOIN "Dwelling" x ON x.id = le."dwellingId" WHERE x."complexId" = c.id AND le."urgencyCategory" IS NOT NULL) END AS special
    FROM "Listing" l JOIN "Dwelling" d ON d.id = l."dwellingId" LEFT JOIN "Complex" c ON c.id = d."complexId"
   WHERE l.id = $1`;

function listingInput(l: Row): ListingInput {
  return {
    id: l.id,
    allocationModel: l.allocationModel,
    netRent: eur(l.netRentCents),
    incomeBand: l.incomeBand,
    isNewBuild: l.isNewBuild,
    rooms: l.rooms,
    dwellingType: l.type,
    floor: l.floor,
    accessibility: l.accessibility,
    municipalityId: l.municipalityId,
    municipalityCode: l.municipalityCode,
    districtId: l.districtId,
    householdMin: l.householdMin,
    householdMax: l.householdMax,
    ageLabel: l.ageLabel,
    priorityRules: l.priorityRules,
    vitalProfessions: l.vitalProfessions,
    bindingCores: l.bindingCores ?? [],
    studentComplex: l.isStudentComplex
      ? { units: Math.max(1, l.units), specialGroupTenants: l.special }
      : null,
    lotterySeed: l.lotterySeedRevealedAt ? l.lotterySeed : null,
  };
}

/** Seeker columns plus the latest granted (or expired) urgency with its granted search profile, as JSON. */
const SEEKER_JSON = `json_build_object(
  'id', s.id, 'birthDate', s."birthDate", 'householdSize', s."householdSize", 'householdIncomeCents', s."householdIncomeCents",
  'registrationDate', s."registrationDate", 'retainedRegistrationYears', s."retainedRegistrationYears",
  'accessibilityNeed', s."accessibilityNeed", 'currentDwellingKind', s."currentDwellingKind",
  'currentDwellingRooms', s."currentDwellingRooms", 'municipalityId', s."municipalityId", 'core', s.core, 'workCore', s."workCore",
  'workMunicipalityId', s."workMunicipalityId", 'vitalProfession', s."vitalProfession", 'isStudent', s."isStudent",
  'firstName', s."firstName", 'lastName', s."lastName", 'phone', s.phone,
  'urgency', (SELECT json_build_object('category', ua."grantedCategory", 'validFrom', ua."validFrom", 'validUntil', ua."validUntil",
                'profile', (SELECT row_to_json(sp) FROM "SearchProfile" sp WHERE sp."applicationId" = ua.id AND sp.kind = 'GRANTED'))
                FROM "UrgencyApplication" ua WHERE ua."seekerId" = s.id AND ua.status IN ('GRANTED', 'EXPIRED')
               ORDER BY ua."decidedAt" DESC NULLS LAST LIMIT 1))`;

function seekerInput(s: Row): SeekerInput {
  const u = s.urgency;
  const p = u?.profile;
  return {
    id: s.id,
    birthDate: new Date(s.birthDate),
    householdSize: s.householdSize,
    householdIncome: eur(s.householdIncomeCents),
    registrationDate: new Date(s.registrationDate),
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
      u && u.category && u.validFrom && u.validUntil
        ? {
            category: u.category,
            validFrom: new Date(u.validFrom),
            validUntil: new Date(u.validUntil),
            searchProfile: {
              dwellingTypes: p?.dwellingTypes ?? [],
              minFloor: p?.minFloor ?? null,
              maxFloor: p?.maxFloor ?? null,
              minRooms: p?.minRooms ?? null,
              maxRooms: p?.maxRooms ?? null,
              municipalityIds: p?.municipalityIds ?? [],
              districtIds: p?.districtIds ?? [],
              requiresAccessibility: p?.requiresAccessibility ?? "NONE",
            },
          }
        : null,
  };
}

/** A. The portal's listings page (anonymous): published listings by closing time. */
async function listings(v: { first?: number }) {
  const first = Math.min(100, v.first ?? 20);
  const [page, total, municipalities] = await Promise.all([
    pool.query(
      `SELECT l.id, l.reference, l.title, l."allocationModel", l.status, l."netRentCents", l."serviceCostsCents", l."closesAt",
              (SELECT count(*)::int FROM "Response" r WHERE r."listingId" = l.id AND r.status <> 'WITHDRAWN') AS "responseCount",
              d.type, d.rooms, d."areaM2", d.floor, d.accessibility, d.city, di.id AS "districtId", di.name AS "districtName"
         FROM "Listing" l JOIN "Dwelling" d ON d.id = l."dwellingId" LEFT JOIN "District" di ON di.id = d."districtId"
        WHERE l.status = 'PUBLISHED' ORDER BY l."closesAt", l.id LIMIT $1`,
      [first + 1],
    ),
    pool.query(`SELECT count(*)::int AS n FROM "Listing" WHERE status = 'PUBLISHED'`),
    pool.query(
      `SELECT m.id, m.name, coalesce(json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.name, d.id)
              FILTER (WHERE d.id IS NOT NULL), '[]') AS districts
         FROM "Municipality" m LEFT JOIN "District" d ON d."municipalityId" = m.id GROUP BY m.id ORDER BY m.name, m.id`,
    ),
  ]);
  const rows = page.rows.slice(0, first);
  const now = Date.now();
  return {
    data: {
      listings: {
        totalCount: total.rows[0].n,
        pageInfo: {
          hasNextPage: page.rows.length > first,
          hasPreviousPage: false,
          startCursor: rows[0] ? cursor(rows[0].id) : null,
          endCursor: rows.at(-1) ? cursor(rows.at(-1).id) : null,
        },
        edges: rows.map((l: Row) => ({
          node: {
            id: gid("Listing", l.id),
            reference: l.reference,
            title: l.title,
            allocationModel: l.allocationModel,
            status: l.status,
            isOpen: l.status === "PUBLISHED" && l.closesAt.getTime() > now,
            netRent: eur(l.netRentCents),
            serviceCosts: eur(l.serviceCostsCents),
            totalRent: eur(l.netRentCents + l.serviceCostsCents),
            closesAt: l.closesAt.toISOString(),
            responseCount: l.responseCount,
            dwelling: {
              type: l.type,
              rooms: l.rooms,
              areaM2: l.areaM2,
              floor: l.floor,
              accessibility: l.accessibility,
              city: l.city,
              district: l.districtId ? { id: gid("District", l.districtId), name: l.districtName } : null,
            },
          },
        })),
      },
      municipalities: municipalities.rows.map((m: Row) => ({
        id: gid("Municipality", m.id),
        name: m.name,
        districts: m.districts.map((d: Row) => ({ id: gid("District", d.id), name: d.name })),
      })),
    },
  };
}

async function viewerUser(authorization: string | undefined) {
  const token = authorization?.replace(/^Bearer /, "");
  if (!token) return null;
  const id = createHash("sha256").update(token).digest("hex");
  const { rows } = await pool.query(
    `SELECT u.id, (SELECT se.id FROM "Seeker" se WHERE se."userId" = u.id) AS "seekerId", (SELECT array_agg(m."organisationId") FROM "StaffMembership" m WHERE m."userId" = u.id) AS orgs
       FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1 AND s."expiresAt" > now()`,
    [id],
  );
  return rows[0] ?? null;
}

/** C. A listing's ranked candidates, as the landlord's staff. */
async function candidates(v: { id: string }, authorization: string | undefined) {
  const listingId = Buffer.from(v.id, "base64")
    .toString()
    .replace(/^Listing:/, "");
  const [user, listingRows, rows] = await Promise.all([
    viewerUser(authorization),
    pool.query(LISTING_INPUT_SQL, [listingId]),
    pool.query(
      `SELECT r.id, r."createdAt", r.motivation, r."committeeVerdict", ${SEEKER_JSON} AS seeker
         FROM "Response" r JOIN "Seeker" s ON s.id = r."seekerId" WHERE r."listingId" = $1 AND r.status <> 'WITHDRAWN'`,
      [listingId],
    ),
  ]);
  const l = listingRows.rows[0];
  if (!l || !user?.orgs?.includes(l.landlordId)) return { data: { node: null } };
  const date = l.closesAt < new Date() ? l.closesAt : new Date();
  const input: CandidateInput[] = rows.rows.map((r: Row) => ({
    responseId: r.id,
    respondedAt: r.createdAt,
    motivation: r.motivation,
    committeeVerdict: r.committeeVerdict,
    seeker: seekerInput(r.seeker),
  }));
  const result = rankCandidates(listingInput(l), input, ruleSetInForce(ruleSets, date), date);
  const byId = new Map(rows.rows.map((r: Row) => [r.id, r]));
  const applicant = (id: string) => {
    const s = byId.get(id)!.seeker;
    return {
      firstName: s.firstName,
      lastName: s.lastName,
      householdSize: s.householdSize,
      householdIncome: eur(s.householdIncomeCents),
      isMover: s.currentDwellingKind === "INDEPENDENT_RENTAL",
    };
  };
  return {
    data: {
      node: {
        reference: l.reference,
        candidates: {
          final: l.status !== "PUBLISHED",
          ranked: result.ranked.map((r) => ({
            position: r.position,
            registrationYears: r.registrationYears,
            reason: explainRankReason(r.reason, "nl"),
            applicant: applicant(r.responseId),
          })),
          excluded: result.excluded.map((e) => ({
            excludedReason: e.reason,
            applicant: applicant(e.responseId),
          })),
        },
      },
    },
  };
}

// ── D. listingRespond ───────────────────────────────────────────────────────────────────────
// Every rule the API's listingRespond applies (api/src/schema/response.ts), written by hand: the
// session as the API checks it (unknown, idle-expired or past its absolute lifetime: refused, an
// expired row deleted; its idle expiry extended when less than half remains), the global id, then
// in one transaction the seeker row lock (FOR UPDATE under a response limit, else FOR KEY SHARE)
// and the listing's FOR KEY SHARE, the listing published and open (NotFound for a draft), the
// woongroep motivation, eligibility by the allocation core with the rule set in force, the seeker
// not MERGED, no response yet (a withdrawn one is re-activated), the response limits, then the
// response, its audit row and the cache-invalidation NOTIFY the API's other processes listen to.
// Response count and rank version follow by the database's triggers. Personal access tokens and
// representatives (X-Acting-For) are not implemented here: the benchmark signs in with sessions.

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MOTIVATION_MAX = 5000;
const MOTIVATION_MIN = 50;
/** Rule set versions kept between requests under the stamp of the RuleSet rows (reloaded when one changes). */
let keptRuleSets: { stamp: string; versions: readonly RuleSet[] } | null = null;
const PROCESS_ID = randomUUID();

/** A refusal: rolls the transaction back and answers the typed error. */
class Refusal extends Error {
  constructor(
    readonly typename: string,
    readonly code: string,
  ) {
    super(code);
  }
}
const refused = (e: Refusal) => ({ data: { listingRespond: { __typename: e.typename, code: e.code } } });

/** The signed-in session's user and seeker (the API's validateSessionToken), or null. */
async function sessionSeeker(authorization: string | undefined, now: Date) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m || m[1]!.length > 200 || m[1]!.startsWith("wbt_pat_")) return null;
  const id = createHash("sha256").update(m[1]!).digest("hex");
  const { rows } = await pool.query(
    `SELECT s."expiresAt", s."absoluteExpiresAt", s."userId", se.id AS "seekerId"
       FROM "Session" s LEFT JOIN "Seeker" se ON se."userId" = s."userId" WHERE s.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  if (now >= row.expiresAt || now >= row.absoluteExpiresAt) {
    await pool.query(`DELETE FROM "Session" WHERE id = $1`, [id]);
    return null;
  }
  if (row.expiresAt.getTime() - now.getTime() < 15 * DAY_MS) {
    const expiresAt = new Date(Math.min(now.getTime() + 30 * DAY_MS, row.absoluteExpiresAt.getTime()));
    await pool.query(`UPDATE "Session" SET "expiresAt" = $2, "lastSeenAt" = $3 WHERE id = $1`, [
      id,
      expiresAt.toISOString(),
      now.toISOString(),
    ]);
  }
  return { userId: row.userId as string, seekerId: row.seekerId as string | null };
}

const RESPOND_LOCK_SQL = (seekerLock: string) => `
  SELECT s.status::text AS "seekerStatus", l.status::text AS "listingStatus", l."closesAt", l."allocationModel"::text AS model,
         (SELECT coalesce(string_agg(rs.id::text || ':' || rs.xmin::text, ',' ORDER BY rs.version), '') FROM "RuleSet" rs) AS stamp
    FROM "Seeker" s, "Listing" l WHERE s.id = $1 AND l.id = $2
     FOR ${seekerLock} OF s FOR KEY SHARE OF l`;

const RESPOND_READ_SQL = (limited: boolean) => `
  SELECT ${SEEKER_JSON} AS seeker,
         l."netRentCents", l."incomeBand"::text AS "incomeBand", l."householdMin", l."householdMax", l."ageLabel"::text AS "ageLabel",
         l."priorityRules"::text[] AS "priorityRules", l."vitalProfessions", l."bindingCores", l."lotterySeed", l."lotterySeedRevealedAt",
         d.rooms, d.type::text AS type, d.floor, d.accessibility::text AS accessibility, d."municipalityId", d."districtId", d."isNewBuild",
         m.code AS "municipalityCode", c."isStudentComplex",
         CASE WHEN c."isStudentComplex" THEN (SELECT count(*)::int FROM "Dwelling" x WHERE x."complexId" = c.id) END AS units,
         CASE WHEN c."isStudentComplex" THEN (SELECT count(DISTINCT le."dwellingId")::int FROM "Letting" le
              JOIN "Dwelling" x ON x.id = le."dwellingId" WHERE x."complexId" = c.id AND le."urgencyCategory" IS NOT NULL) END AS special,
         e.id AS "existingId", e.status::text AS "existingStatus",
         ${
           limited
             ? `(SELECT count(*) FILTER (WHERE r.status <> 'WITHDRAWN' AND rl.status = 'PUBLISHED' AND rl."closesAt" > $3)::int
                  FROM "Response" r JOIN "Listing" rl ON rl.id = r."listingId" WHERE r."seekerId" = s.id) AS active,
                (SELECT count(*)::int FROM "Response" r WHERE r."seekerId" = s.id AND r."createdAt" > $4) AS week`
             : `NULL::int AS active, NULL::int AS week`
         }
    FROM "Seeker" s CROSS JOIN "Listing" l JOIN "Dwelling" d ON d.id = l."dwellingId"
    JOIN "Municipality" m ON m.id = d."municipalityId" LEFT JOIN "Complex" c ON c.id = d."complexId"
    LEFT JOIN "Response" e ON e."listingId" = l.id AND e."seekerId" = s.id
   WHERE s.id = $1 AND l.id = $2`;

const RESPOND_WRITE_SQL = (reactivate: boolean) => `
  WITH r AS (${
    reactivate
      ? `UPDATE "Response" SET status = 'ACTIVE', "withdrawnAt" = NULL, "createdAt" = $4, motivation = $3,
                "committeeVerdict" = 'PENDING', "committeeReason" = NULL, "reviewedAt" = NULL, "reviewedById" = NULL
          WHERE id = $9 AND status = 'WITHDRAWN' RETURNING id`
      : `INSERT INTO "Response" (id, "listingId", "seekerId", motivation, "createdAt") VALUES (uuidv7(), $1, $2, $3, $4)
         ON CONFLICT ("listingId", "seekerId") DO NOTHING RETURNING id`
  }), a AS (
    INSERT INTO "AuditLog" ("actorUserId", "actorRole", action, "entityType", "entityId", ip)
    SELECT $5, 'SEEKER', 'CREATE', 'Response', r.id::text, $6 FROM r)
  SELECT r.id, pg_notify($7, $8)::text AS notified FROM r`;

/** D. Respond to an open listing as a seeker: every rule of the API's listingRespond (above). */
async function respond(
  v: { input: { listingId: string; motivation?: string | null } },
  authorization: string | undefined,
  ip: string,
) {
  const viewer = await sessionSeeker(authorization, new Date());
  if (!viewer?.seekerId)
    return { data: { listingRespond: { __typename: "NotAuthorizedError", code: "NOT_AUTHORIZED" } } };
  const seekerId = viewer.seekerId;
  const decoded = Buffer.from(String(v.input.listingId), "base64").toString("utf8");
  const listingId = decoded.slice("Listing:".length);
  if (
    !decoded.startsWith("Listing:") ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(listingId)
  )
    return { data: { listingRespond: { __typename: "ValidationError", code: "VALIDATION" } } };
  const motivation = v.input.motivation?.trim() || null;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const limitedIn = (rs: RuleSet) =>
      !!rs.responses && (rs.responses.maxActive !== null || rs.responses.maxPerWeek !== null);
    const kept = keptRuleSets;
    const seekerLock = !kept || limitedIn(ruleSetInForce(kept.versions, new Date())) ? "UPDATE" : "KEY SHARE";
    const lock = (await client.query(RESPOND_LOCK_SQL(seekerLock), [seekerId, listingId])).rows[0];
    const now = new Date();
    if (!lock || lock.listingStatus === "DRAFT") throw new Refusal("NotFoundError", "NOT_FOUND");
    if (lock.listingStatus !== "PUBLISHED" || lock.closesAt <= now)
      throw new Refusal("WindowClosedError", "WINDOW_CLOSED");
    let versions = kept?.versions;
    if (!kept || kept.stamp !== lock.stamp) {
      const rows = (await client.query(`SELECT * FROM "RuleSet" ORDER BY version`)).rows;
      versions = rows.length ? rows.map(ruleSetFromRow) : DEFAULT_RULE_SETS;
      keptRuleSets = { stamp: lock.stamp, versions };
    }
    const ruleSet = ruleSetInForce(versions!, now);
    const limited = limitedIn(ruleSet);
    if (limited && seekerLock !== "UPDATE")
      await client.query(`SELECT id FROM "Seeker" WHERE id = $1 FOR UPDATE`, [seekerId]);
    if (
      lock.model === "WOONGROEP"
        ? !motivation || motivation.length < MOTIVATION_MIN || motivation.length > MOTIVATION_MAX
        : !!motivation && motivation.length > MOTIVATION_MAX
    )
      throw new Refusal("ValidationError", "VALIDATION");
    const week = new Date(now.getTime() - WEEK_MS);
    const r = (
      await client.query(
        RESPOND_READ_SQL(limited),
        limited ? [seekerId, listingId, now.toISOString(), week.toISOString()] : [seekerId, listingId],
      )
    ).rows[0];
    if (!r) throw new Refusal("NotFoundError", "NOT_FOUND");
    const listing = listingInput({ ...r, id: listingId, allocationModel: lock.model });
    const result = checkEligibility(seekerInput(r.seeker), listing, ruleSet, now, {
      motivation,
      committeeVerdict: "PENDING",
    });
    if (!result.eligible) throw new Refusal("NotEligibleError", "NOT_ELIGIBLE");
    if (lock.seekerStatus === "MERGED") throw new Refusal("InvalidStateError", "INVALID_STATE");
    if (r.existingId && r.existingStatus !== "WITHDRAWN")
      throw new Refusal("AlreadyRespondedError", "ALREADY_RESPONDED");
    if (limited) {
      const allowance = responseLimitCheck({ active: r.active, lastWeek: r.week }, ruleSet);
      if (!allowance.allowed) throw new Refusal("ResponseLimitReachedError", "RESPONSE_LIMIT_REACHED");
    }
    const payload = JSON.stringify({ kind: "listing", listingId, origin: PROCESS_ID });
    const { rows } = await client.query(RESPOND_WRITE_SQL(!!r.existingId), [
      listingId,
      seekerId,
      motivation,
      now.toISOString(),
      viewer.userId,
      ip || null,
      "woonbeurt_invalidate",
      payload,
      ...(r.existingId ? [r.existingId] : []),
    ]);
    if (!rows[0]) throw new Refusal("AlreadyRespondedError", "ALREADY_RESPONDED");
    await client.query("COMMIT");
    return {
      data: {
        listingRespond: {
          __typename: "ListingRespondSuccess",
          response: { id: gid("Response", rows[0].id) },
        },
      },
    };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    if (e instanceof Refusal) return refused(e);
    throw e;
  } finally {
    client.release();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variables are untyped JSON
const handlers: Record<string, (v: any, auth: string | undefined, ip: string) => Promise<unknown>> = {
  PortalListings: listings,
  BenchCandidates: candidates,
  PortalListingRespond: respond,
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      const handler = handlers[body.operationName];
      const out = handler
        ? await handler(body.variables ?? {}, req.headers.authorization, req.socket.remoteAddress ?? "")
        : { errors: [{ message: `operation ${body.operationName} is not implemented here` }] };
      res.writeHead(handler ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify(out));
    } catch (e) {
      console.error(e);
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ message: "Unexpected error." }] }));
    }
  });
});

ruleSets = (await pool.query(`SELECT * FROM "RuleSet" ORDER BY version`)).rows.map(ruleSetFromRow);
server.listen(port, "127.0.0.1", () => console.log(`pg handler on http://127.0.0.1:${port}/graphql`));
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
