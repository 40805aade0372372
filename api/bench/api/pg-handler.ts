/**
 * The hand-written baseline of `pnpm bench:api`: plain node:http + pg, no GraphQL engine, answering
 * the benchmark's operations (by `operationName`) with the same JSON as the Woonbeurt API. Ranking
 * and eligibility come from the same allocation core (api/src/allocation), so the comparison is
 * about the data access around it.
 *
 * Operations: A `PortalListings`, C `BenchCandidates`, D `PortalListingRespond` (B is not
 * implemented here). Usage: `DATABASE_URL=… PG_HANDLER_PORT=4142 tsx bench/api/pg-handler.ts`.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";
import {
  checkEligibility,
  explainRankReason,
  rankCandidates,
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

/** D. Respond to an open listing as a seeker (eligibility checked with the rule set in force). */
async function respond(v: { input: { listingId: string } }, authorization: string | undefined, ip: string) {
  const user = await viewerUser(authorization);
  if (!user?.seekerId)
    return { data: { listingRespond: { __typename: "NotAuthorizedError", code: "NOT_AUTHORIZED" } } };
  const listingId = Buffer.from(v.input.listingId, "base64")
    .toString()
    .replace(/^Listing:/, "");
  const now = new Date();
  const [listingRows, existing, seekerRows] = await Promise.all([
    pool.query(LISTING_INPUT_SQL, [listingId]),
    pool.query(`SELECT id, status FROM "Response" WHERE "listingId" = $1 AND "seekerId" = $2`, [
      listingId,
      user.seekerId,
    ]),
    pool.query(`SELECT ${SEEKER_JSON} AS seeker FROM "Seeker" s WHERE s.id = $1`, [user.seekerId]),
  ]);
  const l = listingRows.rows[0];
  if (!l || l.status === "DRAFT")
    return { data: { listingRespond: { __typename: "NotFoundError", code: "NOT_FOUND" } } };
  if (l.status !== "PUBLISHED" || l.closesAt <= now)
    return { data: { listingRespond: { __typename: "WindowClosedError", code: "WINDOW_CLOSED" } } };
  if (existing.rows[0] && existing.rows[0].status !== "WITHDRAWN")
    return { data: { listingRespond: { __typename: "AlreadyRespondedError", code: "ALREADY_RESPONDED" } } };
  const result = checkEligibility(
    seekerInput(seekerRows.rows[0].seeker),
    listingInput(l),
    ruleSetInForce(ruleSets, now),
    now,
    {
      motivation: null,
      committeeVerdict: "PENDING",
    },
  );
  if (!result.eligible)
    return { data: { listingRespond: { __typename: "NotEligibleError", code: "NOT_ELIGIBLE" } } };
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(
      `INSERT INTO "Response" (id, "listingId", "seekerId", "createdAt") VALUES (gen_random_uuid(), $1, $2, $3)
       ON CONFLICT ("listingId", "seekerId") DO NOTHING RETURNING id`,
      [listingId, user.seekerId, now],
    );
    if (!rows[0]) {
      await client.query("ROLLBACK");
      return { data: { listingRespond: { __typename: "AlreadyRespondedError", code: "ALREADY_RESPONDED" } } };
    }
    await client.query(
      `INSERT INTO "AuditLog" ("actorUserId", "actorRole", action, "entityType", "entityId", ip) VALUES ($1, 'SEEKER', 'CREATE', 'Response', $2, $3)`,
      [user.id, rows[0].id, ip],
    );
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
