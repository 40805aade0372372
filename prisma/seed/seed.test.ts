/**
 * The calibrated dataset at `small` scale: distributions against figures.json within stated
 * tolerances, internal consistency, and determinism (two databases seeded alike hold identical
 * rows).
 *
 * Tolerances (absolute):
 * - Utrecht social stock by rent class and by district: ±0.01 (the seed apportions exactly).
 * - Urgent lettings: share of all lettings ±0.01; model A/B split ±0.02; each indication group's
 *   share of urgent lettings ±0.02 (small has ~120 urgent lettings; one letting is ~0.8 points).
 * - Lettings with priority (urgency + mediation): 0.30 ±0.02, and inside 0.26–0.35.
 * - Average registration years at letting (public list): starters 8.6 ±0.5, movers 10.8 ±0.5.
 * - Lottery listings: at most 20% of listings (rules2019.lotteryMaxShare), and some.
 * - Lettings to incomes <= EUR 38,035: at least 80% (rules2019.allocationShares.upToDaeb).
 */
import { verify } from "@node-rs/argon2";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../src/index.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import type {} from "../../test/support/global-setup.ts"; // vitest's ProvidedContext (pgAdminUrl, pgTemplate)
import {
  commitment,
  lotteryOrder,
  priorityShare,
  registrationYearsAtLetting,
  RULE_SET_2019,
} from "../../api/src/allocation/index.ts";
import {
  KEY_FIGURES_2017,
  RULES_2019,
  URGENCY_GROUPS,
  URGENT_LETTINGS_2017,
  UTRECHT_DISTRICTS,
  UTRECHT_RENT_CLASSES,
  urgencyGroupOf,
} from "./calibration.ts";
import { DEMO_ACCOUNTS, seed, type SeedReport } from "./index.ts";
import { entryCode, lotteryKey, unsealSeed } from "../../api/src/lottery-key.ts";

let a: TestDatabase;
let b: TestDatabase;
let report: SeedReport;

type Row = Record<string, unknown>;
const q = <T = Row>(t: TestDatabase, sql: string, ...values: unknown[]) =>
  t.db.$queryRawUnsafe<T[]>(sql, ...values);

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  report = await seed(a.db, { scale: "small" });
  await seed(b.db, { scale: "small" });
});

afterAll(async () => {
  await a?.drop();
  await b?.drop();
});

describe("seed (small)", () => {
  it("matches the figures it copies from figures.json", () => {
    // ../shared sits beside the repository (on developer machines and in CI).
    const file = path.join(repoRoot(), "..", "shared", "data", "figures.json");
    if (!existsSync(file))
      throw new Error(`${file} is missing: the shared folder must sit beside the repository`);
    const f = JSON.parse(readFileSync(file, "utf8"));
    expect(f.utrechtStock2018.rentClasses.map((c: { count: number }) => c.count)).toEqual(
      UTRECHT_RENT_CLASSES.map((c) => c.count),
    );
    expect(f.urgentLettings2017.totals).toEqual(URGENT_LETTINGS_2017);
    const k2017 = f.regioUtrechtKeyFigures.rows.find((r: { year: number }) => r.year === 2017);
    expect(k2017.avgRegistrationYearsStarters).toBe(KEY_FIGURES_2017.avgRegistrationYearsStarters);
    expect(k2017.avgRegistrationYearsMovers).toBe(KEY_FIGURES_2017.avgRegistrationYearsMovers);
    for (const row of f.utrechtNeighbourhoods.rows) {
      expect(UTRECHT_DISTRICTS.find((d) => d.name === row.district)?.shareOfStock).toBe(row.shareOfStock);
    }
    const groupA = URGENCY_GROUPS.reduce((s, g) => s + g.A, 0);
    const groupB = URGENCY_GROUPS.reduce((s, g) => s + g.B, 0);
    expect([groupA, groupB]).toEqual([f.urgentLettings2017.totals.A, f.urgentLettings2017.totals.B]);
  });

  it("has the small scale's volumes", async () => {
    expect(report.counts.Letting).toBe(574);
    const [s] = await q<{ n: number }>(a, `SELECT count(*)::int AS n FROM "Seeker" WHERE status = 'ACTIVE'`);
    expect(s!.n).toBe(3000 + 3); // generated + the three demo seekers
  });

  it("splits Utrecht's social stock by rent class like utrechtStock2018 (±0.01)", async () => {
    const rows = await q<{ c: number; n: number }>(
      a,
      `SELECT CASE WHEN d."netRentCents" <= 41734 THEN 0 WHEN d."netRentCents" <= 59730 THEN 1 WHEN d."netRentCents" <= 64014 THEN 2 ELSE 3 END AS c,
              count(*)::int AS n
       FROM "Dwelling" d JOIN "Municipality" m ON m.id = d."municipalityId"
       WHERE m.code = 'GM0344' AND d.type <> 'ROOM' AND d."netRentCents" <= 72042 GROUP BY 1`,
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThan(3000);
    const sum = UTRECHT_RENT_CLASSES.reduce((s, c) => s + c.count, 0);
    UTRECHT_RENT_CLASSES.forEach((c, i) => {
      expect(Math.abs((rows.find((r) => r.c === i)?.n ?? 0) / total - c.count / sum)).toBeLessThanOrEqual(
        0.01,
      );
    });
    const [max] = await q<{ max: number }>(
      a,
      `SELECT max("netRentCents")::int AS max FROM "Dwelling" WHERE "netRentCents" <= 72042`,
    );
    expect(max!.max).toBeLessThanOrEqual(71068);
  });

  it("spreads Utrecht's social stock over districts like utrechtNeighbourhoods (±0.01)", async () => {
    const rows = await q<{ name: string; n: number }>(
      a,
      `SELECT di.name, count(*)::int AS n FROM "Dwelling" d JOIN "District" di ON di.id = d."districtId"
       WHERE d."netRentCents" <= 72042 GROUP BY 1`,
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    for (const d of UTRECHT_DISTRICTS) {
      expect(
        Math.abs((rows.find((r) => r.name === d.name)?.n ?? 0) / total - d.shareOfStock),
        d.name,
      ).toBeLessThanOrEqual(0.01);
    }
  });

  it("lets to urgent seekers like urgentLettings2017 by indication group and model A/B", async () => {
    const rows = await q<{ cat: string | null; mediated: boolean; n: number }>(
      a,
      `SELECT "urgencyCategory"::text AS cat, ("allocationModel" = 'BEMIDDELING') AS mediated, count(*)::int AS n FROM "Letting" GROUP BY 1, 2`,
    );
    const all = rows.reduce((s, r) => s + r.n, 0);
    const urgent = rows.filter((r) => r.cat !== null);
    const urgentN = urgent.reduce((s, r) => s + r.n, 0);
    expect(
      Math.abs(urgentN / all - URGENT_LETTINGS_2017.all / KEY_FIGURES_2017.lettings),
    ).toBeLessThanOrEqual(0.01);
    const B = urgent.filter((r) => r.mediated).reduce((s, r) => s + r.n, 0);
    expect(Math.abs(B / urgentN - URGENT_LETTINGS_2017.B / URGENT_LETTINGS_2017.all)).toBeLessThanOrEqual(
      0.02,
    );
    for (const g of URGENCY_GROUPS) {
      const rowsG = urgent.filter((r) => urgencyGroupOf(r.cat as never) === g.key);
      const n = rowsG.reduce((s, r) => s + r.n, 0);
      expect(Math.abs(n / urgentN - (g.A + g.B) / URGENT_LETTINGS_2017.all), g.key).toBeLessThanOrEqual(0.02);
      // A group with no B lettings in 2017 has none here either, and vice versa.
      if (g.B === 0) expect(rowsG.filter((r) => r.mediated).length, g.key).toBe(0);
      if (g.A === 0) expect(rowsG.filter((r) => !r.mediated).length, g.key).toBe(0);
    }
  });

  it("has about 30% lettings with priority, registration years at letting near 8.6 / 10.8, and agrees with the allocation core's monitoring", async () => {
    const rows = await q<{
      letAt: Date;
      allocationModel: string;
      decidedBy: string;
      priorityRule: string | null;
      urgencyCategory: string | null;
      registrationYearsUsed: number;
      seekerWasMover: boolean;
      responseCount: number;
      netRentCents: number;
      householdIncomeCents: number;
      id: string;
    }>(a, `SELECT * FROM "Letting"`);
    const records = rows.map((r) => ({
      id: r.id,
      letAt: r.letAt,
      allocationModel: r.allocationModel as never,
      decidedBy: r.decidedBy as never,
      priorityRule: r.priorityRule as never,
      urgencyCategory: r.urgencyCategory,
      districtId: null,
      registrationYearsUsed: r.registrationYearsUsed,
      seekerWasMover: r.seekerWasMover,
      responseCount: r.responseCount,
      netRent: r.netRentCents / 100,
      householdIncome: r.householdIncomeCents / 100,
      urgencyGrantedAt: null,
    }));
    const ps = priorityShare(records, RULE_SET_2019);
    expect(Math.abs(ps.share - RULES_2019.priorityLettingsTargetShare)).toBeLessThanOrEqual(0.02);
    expect(ps.share).toBeGreaterThanOrEqual(0.26);
    expect(ps.share).toBeLessThanOrEqual(0.35);
    const years = registrationYearsAtLetting(records);
    expect(Math.abs(years.starters.mean - KEY_FIGURES_2017.avgRegistrationYearsStarters)).toBeLessThanOrEqual(
      0.5,
    );
    expect(Math.abs(years.movers.mean - KEY_FIGURES_2017.avgRegistrationYearsMovers)).toBeLessThanOrEqual(
      0.5,
    );
    expect(report.distributions.registrationYears[0]!.actual).toBeCloseTo(years.starters.mean, 6);
    expect(report.distributions.priorityShare.actual).toBeCloseTo(ps.share, 6);
    const daeb =
      rows.filter((r) => r.householdIncomeCents <= RULES_2019.incomeLimitDaeb * 100).length / rows.length;
    expect(daeb).toBeGreaterThanOrEqual(RULES_2019.allocationShares.upToDaeb);
  });

  it("keeps lottery listings at or under 20% and makes every draw verifiable", async () => {
    const [c] = await q<{ all: number; lottery: number }>(
      a,
      `SELECT count(*)::int AS all, sum(CASE WHEN "allocationModel" = 'LOTERIJ' THEN 1 ELSE 0 END)::int AS lottery FROM "Listing"`,
    );
    expect(c!.lottery).toBeGreaterThan(0);
    expect(c!.lottery / c!.all).toBeLessThanOrEqual(RULES_2019.lotteryMaxShare);
    const lotteries = await q<{
      id: string;
      reference: string;
      status: string;
      lotteryCommitment: string;
      lotterySeed: string | null;
      lotterySeedSealed: string | null;
      lotterySeedRevealedAt: Date | null;
    }>(
      a,
      `SELECT id, reference, status::text, "lotteryCommitment", "lotterySeed", "lotterySeedSealed", "lotterySeedRevealedAt" FROM "Listing" WHERE "allocationModel" = 'LOTERIJ'`,
    );
    for (const l of lotteries) {
      const unrevealed = l.status === "PUBLISHED" || l.status === "DRAFT";
      expect(l.lotterySeedRevealedAt === null).toBe(unrevealed);
      // Before close the seed is only stored sealed; after close only in plain text.
      expect(l.lotterySeed === null).toBe(unrevealed);
      expect(l.lotterySeedSealed === null).toBe(!unrevealed);
      const seed = l.lotterySeed ?? unsealSeed(lotteryKey(), l.id, l.lotterySeedSealed!);
      expect(commitment(seed)).toBe(l.lotteryCommitment);
    }
    const drawn = lotteries.filter((l) => l.status !== "PUBLISHED" && l.status !== "DRAFT");
    expect(drawn.filter((l) => l.status === "LET").length).toBeGreaterThan(10);
    for (const l of drawn) {
      // The published draw: every ranked response with the entry code of its seeker, whose
      // tickets order them (each tier in lottery order; the seed's history uses one tier).
      const responses = await q<{ finalPosition: number; lotteryEntry: string; registrationNumber: number }>(
        a,
        `SELECT r."finalPosition", r."lotteryEntry", s."registrationNumber" FROM "Response" r JOIN "Seeker" s ON s.id = r."seekerId"
         WHERE r."listingId" = $1::uuid AND r."finalPosition" IS NOT NULL ORDER BY r."finalPosition"`,
        l.id,
      );
      for (const r of responses) expect(r.lotteryEntry).toBe(entryCode(l.reference, r.registrationNumber));
      if (l.status === "LET")
        expect(
          lotteryOrder(
            l.lotterySeed!,
            responses.map((r) => r.lotteryEntry),
          ),
        ).toEqual(responses.map((r) => r.lotteryEntry));
    }
  });

  it("records lettings consistently: accepted offer, declined offers above, final positions", async () => {
    const bad = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "Letting" le
       JOIN "Offer" o ON o.id = le."offerId" JOIN "Response" r ON r.id = le."responseId"
       WHERE o.outcome <> 'ACCEPTED' OR o."responseId" <> r.id OR r.status <> 'ACCEPTED' OR r."seekerId" <> le."seekerId"`,
    );
    expect(bad[0]!.n).toBe(0);
    const [let_] = await q<{ listings: number; lettings: number }>(
      a,
      `SELECT (SELECT count(*)::int FROM "Listing" WHERE status = 'LET') AS listings, (SELECT count(*)::int FROM "Letting" WHERE "offerId" IS NOT NULL) AS lettings`,
    );
    expect(let_!.listings).toBe(let_!.lettings);
    // Everyone ranked above the tenant was offered the dwelling and declined (or did not answer).
    const above = await q<{ n: number; declined: number }>(
      a,
      `SELECT count(*)::int AS n, sum(CASE WHEN r.status = 'DECLINED' AND o.outcome IN ('DECLINED', 'NO_RESPONSE') THEN 1 ELSE 0 END)::int AS declined
       FROM "Letting" le JOIN "Response" w ON w.id = le."responseId"
       JOIN "Response" r ON r."listingId" = le."listingId" AND r."finalPosition" < w."finalPosition"
       LEFT JOIN "Offer" o ON o."responseId" = r.id`,
    );
    expect(above[0]!.n).toBeGreaterThan(0);
    expect(above[0]!.declined).toBe(above[0]!.n);
    // Published response count = ranked responses.
    const counts = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "Letting" le
       WHERE le."allocationModel" <> 'BEMIDDELING'
         AND le."responseCount" <> (SELECT count(*) FROM "Response" r WHERE r."listingId" = le."listingId" AND r."finalPosition" IS NOT NULL)`,
    );
    expect(counts[0]!.n).toBe(0);
    // Every listing's stored response counter (the public listings page reads it) = its responses
    // that are not withdrawn, and the seed has listings with responses.
    const [stored] = await q<{ wrong: number; counted: number }>(
      a,
      `SELECT count(*) FILTER (WHERE l."responseCount" <> (SELECT count(*) FROM "Response" r
                WHERE r."listingId" = l.id AND r.status <> 'WITHDRAWN'))::int AS wrong,
              count(*) FILTER (WHERE l."responseCount" > 0)::int AS counted
         FROM "Listing" l`,
    );
    expect(stored!.wrong).toBe(0);
    expect(stored!.counted).toBeGreaterThan(0);
    // The closed history keeps where each withdrawn response would have stood (the position
    // back-test counts them ahead while they were live): never more than the ranked responses.
    const [gone] = await q<{ kept: number; wrong: number }>(
      a,
      `SELECT count(*) FILTER (WHERE r."rankedAheadAtClose" IS NOT NULL)::int AS kept,
              count(*) FILTER (WHERE r."rankedAheadAtClose" > (SELECT count(*) FROM "Response" x
                WHERE x."listingId" = r."listingId" AND x."finalPosition" IS NOT NULL))::int AS wrong
         FROM "Response" r JOIN "Letting" le ON le."listingId" = r."listingId"
        WHERE r.status = 'WITHDRAWN' AND le."allocationModel" <> 'BEMIDDELING'`,
    );
    expect(gone!.kept).toBeGreaterThan(0);
    expect(gone!.wrong).toBe(0);
  });

  it("keeps households and incomes in step and has eligibility failures to show", async () => {
    const [h] = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "Seeker" s WHERE s."householdSize" <> 1 + (SELECT count(*) FROM "HouseholdMember" m WHERE m."seekerId" = s.id)
         OR s."householdIncomeCents" <> (SELECT i."amountCents" FROM "HouseholdIncome" i WHERE i."seekerId" = s.id ORDER BY i.year DESC LIMIT 1)`,
    );
    expect(h!.n).toBe(0);
    const [inc] = await q<{ daeb: number; middle: number; ordinance: number; above: number; all: number }>(
      a,
      `SELECT count(*) FILTER (WHERE "householdIncomeCents" <= 3803500)::int AS daeb,
              count(*) FILTER (WHERE "householdIncomeCents" > 3803500 AND "householdIncomeCents" <= 4243600)::int AS middle,
              count(*) FILTER (WHERE "householdIncomeCents" > 4243600 AND "householdIncomeCents" <= 4865500)::int AS ordinance,
              count(*) FILTER (WHERE "householdIncomeCents" > 4865500)::int AS above, count(*)::int AS all
       FROM "Seeker" WHERE status = 'ACTIVE'`,
    );
    expect(inc!.daeb / inc!.all).toBeGreaterThan(0.7);
    expect(inc!.middle).toBeGreaterThan(0);
    expect(inc!.ordinance).toBeGreaterThan(0);
    expect(inc!.above).toBeGreaterThan(0);
    const [movers] = await q<{ big: number }>(
      a,
      `SELECT count(*)::int AS big FROM "Seeker" WHERE status = 'ACTIVE' AND "currentDwellingKind" = 'INDEPENDENT_RENTAL' AND "currentDwellingRooms" >= 4`,
    );
    expect(movers!.big).toBeGreaterThan(100);
  });

  it("has urgency applications in every state, with profiles, reasons and validity", async () => {
    const rows = await q<{ status: string; n: number }>(
      a,
      `SELECT status::text, count(*)::int AS n FROM "UrgencyApplication" GROUP BY 1`,
    );
    for (const s of ["DRAFT", "SUBMITTED", "IN_REVIEW", "GRANTED", "REJECTED", "WITHDRAWN", "EXPIRED"]) {
      expect(rows.find((r) => r.status === s)?.n ?? 0, s).toBeGreaterThan(0);
    }
    const [g] = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "UrgencyApplication" u WHERE u.status IN ('GRANTED','EXPIRED')
         AND NOT EXISTS (SELECT 1 FROM "SearchProfile" p WHERE p."applicationId" = u.id AND p.kind = 'GRANTED')`,
    );
    expect(g!.n).toBe(0);
    const [def] = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "SearchProfile" WHERE kind = 'GRANTED' AND "dwellingTypes" = ARRAY['APARTMENT']::"DwellingType"[] AND "minFloor" = 1`,
    );
    expect(def!.n).toBeGreaterThan(50);
  });

  it("has open listings in every state and model, with responses", async () => {
    const rows = await q<{ status: string; model: string; n: number; responses: number }>(
      a,
      `SELECT l.status::text, l."allocationModel"::text AS model, count(DISTINCT l.id)::int AS n, count(r.id)::int AS responses
       FROM "Listing" l LEFT JOIN "Response" r ON r."listingId" = l.id WHERE l.status <> 'LET' GROUP BY 1, 2`,
    );
    const n = (status: string, model?: string) =>
      rows.filter((r) => r.status === status && (!model || r.model === model)).reduce((s, r) => s + r.n, 0);
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(60);
    for (const s of ["DRAFT", "PUBLISHED", "CLOSED", "OFFERING"]) expect(n(s), s).toBeGreaterThan(0);
    for (const m of ["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"])
      expect(rows.filter((r) => r.model === m).length, m).toBeGreaterThan(0);
    const [win] = await q<{ early: number; late: number }>(
      a,
      `SELECT count(*) FILTER (WHERE "closesAt" < '2026-11-22T12:00:00Z')::int AS early, count(*) FILTER (WHERE "closesAt" > '2026-12-05T23:59:59Z')::int AS late
       FROM "Listing" WHERE status = 'PUBLISHED'`,
    );
    expect(win!.early + win!.late).toBe(0);
    const [wg] = await q<{ motivations: number; judged: number }>(
      a,
      `SELECT count(r.motivation)::int AS motivations, count(*) FILTER (WHERE r."committeeVerdict" <> 'PENDING')::int AS judged
       FROM "Response" r JOIN "Listing" l ON l.id = r."listingId" WHERE l."allocationModel" = 'WOONGROEP' AND l.status = 'PUBLISHED'`,
    );
    expect(wg!.motivations).toBeGreaterThan(0);
    expect(wg!.judged).toBeGreaterThan(0);
  });

  it("creates the demo accounts with working passwords and a rich seeker history", async () => {
    for (const acc of DEMO_ACCOUNTS) {
      const [u] = await q<{ passwordHash: string; kind: string }>(
        a,
        `SELECT "passwordHash", kind::text FROM "User" WHERE email = $1`,
        acc.email,
      );
      expect(u, acc.email).toBeDefined();
      expect(await verify(u!.passwordHash, acc.password), acc.email).toBe(true);
      expect(u!.kind).toBe(acc.role === "SEEKER" ? "SEEKER" : "STAFF");
    }
    const [generated] = await q<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM "User" WHERE "passwordHash" NOT LIKE '!%' `,
    );
    expect(generated!.n).toBe(DEMO_ACCOUNTS.length);
    const [z] = await q<{ open: number; declined: number; notSelected: number; apps: number }>(
      a,
      `SELECT count(*) FILTER (WHERE r.status = 'ACTIVE' AND l.status = 'PUBLISHED')::int AS open,
              count(*) FILTER (WHERE r.status = 'DECLINED')::int AS declined,
              count(*) FILTER (WHERE r.status = 'NOT_SELECTED')::int AS "notSelected",
              (SELECT count(*)::int FROM "UrgencyApplication" ua WHERE ua."seekerId" = s.id) AS apps
       FROM "User" u JOIN "Seeker" s ON s."userId" = u.id JOIN "Response" r ON r."seekerId" = s.id JOIN "Listing" l ON l.id = r."listingId"
       WHERE u.email = 'zoeker@demo.woonbeurt.nl' GROUP BY s.id`,
    );
    expect(z!.open).toBeGreaterThanOrEqual(3);
    expect(z!.declined).toBeGreaterThanOrEqual(1);
    expect(z!.notSelected).toBeGreaterThanOrEqual(1);
    expect(z!.apps).toBe(2);
    const [rs] = await q<{ version: number; parameters: { incomeLimits: { daeb: number } } }>(
      a,
      `SELECT version, parameters FROM "RuleSet"`,
    );
    expect(rs!.version).toBe(1);
    expect(rs!.parameters.incomeLimits.daeb).toBe(RULES_2019.incomeLimitDaeb);
  });

  it("keeps every timeline in order and nothing after the reference date", async () => {
    const now = "'2026-11-21T12:00:00'";
    const checks: Record<string, string> = {
      "application steps in order": `SELECT count(*)::int AS n FROM "UrgencyApplication" WHERE NOT ("createdAt" <= coalesce("submittedAt", "createdAt")
        AND coalesce("submittedAt", "createdAt") <= coalesce("reviewStartedAt", "submittedAt", "createdAt")
        AND coalesce("reviewStartedAt", "submittedAt", "createdAt") <= coalesce("decidedAt", "withdrawnAt", "reviewStartedAt", "submittedAt", "createdAt"))`,
      "application after registration": `SELECT count(*)::int AS n FROM "UrgencyApplication" ua JOIN "Seeker" s ON s.id = ua."seekerId" WHERE ua."createdAt" < s."createdAt"`,
      "urgency valid at close": `SELECT count(*)::int AS n FROM "Letting" le JOIN "Listing" l ON l.id = le."listingId"
        JOIN "UrgencyApplication" ua ON ua."seekerId" = le."seekerId" AND ua.status = 'GRANTED'
        WHERE le."urgencyCategory" IS NOT NULL AND NOT (ua."validFrom" <= l."closesAt" AND l."closesAt" <= ua."validUntil")`,
      "responses inside the window": `SELECT count(*)::int AS n FROM "Response" r JOIN "Listing" l ON l.id = r."listingId"
        WHERE l."publishedAt" IS NOT NULL AND (r."createdAt" < l."publishedAt" OR r."createdAt" > l."closesAt")`,
      "responses after registration": `SELECT count(*)::int AS n FROM "Response" r JOIN "Seeker" s ON s.id = r."seekerId" WHERE r."createdAt" < s."createdAt"`,
      "offers after close, answered after offered": `SELECT count(*)::int AS n FROM "Offer" o JOIN "Listing" l ON l.id = o."listingId"
        WHERE o."offeredAt" < l."closesAt" OR o."outcomeAt" < o."offeredAt"`,
      "offers one after another": `SELECT count(*)::int AS n FROM "Offer" a JOIN "Offer" b ON a."listingId" = b."listingId" AND a.position < b.position
        WHERE a."outcomeAt" > b."offeredAt"`,
      "let after acceptance": `SELECT count(*)::int AS n FROM "Letting" le JOIN "Offer" o ON o.id = le."offerId" WHERE le."letAt" < o."outcomeAt"`,
      "nothing in the future": `SELECT (SELECT count(*) FROM "Response" WHERE "createdAt" > ${now} OR "withdrawnAt" > ${now} OR "reviewedAt" > ${now})
        + (SELECT count(*) FROM "Seeker" WHERE "createdAt" > ${now} OR "updatedAt" > ${now} OR "registrationDate" > ${now})
        + (SELECT count(*) FROM "Listing" WHERE "createdAt" > ${now} OR "updatedAt" > ${now} OR "publishedAt" > ${now})
        + (SELECT count(*) FROM "UrgencyApplication" WHERE "createdAt" > ${now} OR "decidedAt" > ${now} OR "updatedAt" > ${now})
        + (SELECT count(*) FROM "HouseholdIncome" WHERE "createdAt" > ${now} OR "verifiedAt" > ${now})
        + (SELECT count(*) FROM "Letting" WHERE "letAt" > ${now} OR "publishedAt" > ${now})
        + (SELECT count(*) FROM "Offer" WHERE "offeredAt" > ${now} OR "outcomeAt" > ${now}) AS n`,
      "registered from 18": `SELECT count(*)::int AS n FROM "Seeker" WHERE status = 'ACTIVE' AND "registrationDate" < "birthDate" + interval '18 years'`,
    };
    for (const [name, sql] of Object.entries(checks)) {
      const [r] = await q<{ n: number }>(a, sql);
      expect(Number(r!.n), name).toBe(0);
    }
  });

  it("is deterministic: a second database seeded alike holds identical rows", async () => {
    for (const table of [
      "Municipality",
      "Organisation",
      "Dwelling",
      "User",
      "Seeker",
      "HouseholdIncome",
      "UrgencyApplication",
      "SearchProfile",
      "Listing",
      "Response",
      "Offer",
      "Letting",
      "RuleSet",
    ]) {
      const sql = `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t.id)) AS h FROM "${table}" t`;
      const [ra] = await q<{ n: number; h: string }>(a, sql);
      const [rb] = await q<{ n: number; h: string }>(b, sql);
      expect(ra!.n, table).toBeGreaterThan(0);
      expect(rb, table).toEqual(ra);
    }
  });

  it("refuses a non-empty database unless reset", async () => {
    await expect(seed(b.db, { scale: "small" })).rejects.toThrow(/not empty/);
  });
});
