/**
 * The calibrated regional dataset: a Regio Utrecht-like housing market built from the published
 * figures in figures.json (copied, with their keys, into calibration.ts).
 *
 * ```ts
 * const report = await seed(db, { scale: "small" });   // into an empty, migrated database
 * ```
 *
 * Deterministic: a fixed-seed PRNG (random.ts) and a fixed reference date (`now`, default
 * 2026-11-21T12:00:00Z) — no clock, no Math.random — and ids generated from both (UUID v7
 * shape), so the same options give byte-identical rows. Everything is written in one
 * transaction: on failure nothing is left behind.
 *
 * @module
 */
import { parseRuleSetParameters, RULE_SET_2019 } from "../../api/src/allocation/index.ts";
import { buildDemoSeekers, buildStaff, writeStaff } from "./accounts.ts";
import { TableWriter, cols, type RawExecutor } from "./bulk.ts";
import { DEFAULT_NOW, DEFAULT_SEED, SCALES } from "./calibration.ts";
import { buildPool, planHistory, writeHistory } from "./history.ts";
import { assignReferences, writeListings } from "./listings.ts";
import { DAY, dayOf, type Ctx, type SeekerRec } from "./model.ts";
import { planOpen, writeOpen } from "./open.ts";
import { buildActiveSeekers, writeSeekers } from "./people.ts";
import { Rng, uuidv7 } from "./random.ts";
import type { Db } from "../src/client.ts";
import { countRows, measure, TABLES, type SeedReport } from "./report.ts";
import { buildPlaces, buildStock, writePlaces, writeStock } from "./stock.ts";
import { addApplication, buildActiveUrgency, defaultProfile, writeUrgency } from "./urgency.ts";

export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from "./accounts.ts";
export {
  SCALES,
  URGENCY_GROUPS,
  urgencyGroupOf,
  DEFAULT_NOW,
  DEFAULT_SEED,
  type ScaleConfig,
} from "./calibration.ts";
export { formatReport, type SeedReport, type Distribution } from "./report.ts";

/** Options of {@link seed}. */
export interface SeedOptions {
  /** `small` (about 3,000 seekers; start-up and tests) or `region` (35,000 active seekers). */
  scale: "small" | "region";
  /** Reference date; every generated date is relative to it. Default 2026-11-21T12:00:00Z. */
  now?: Date;
  /** PRNG seed (32-bit integer). Default 20261121. */
  seed?: number;
  /** Empty all tables first (in the same transaction). Without it a non-empty database is refused. */
  reset?: boolean;
  /** Progress lines (phase names as they start). */
  log?: (line: string) => void;
}

/** Thrown when the database is not empty and `reset` was not asked for. */
export class DatabaseNotEmptyError extends Error {
  constructor(readonly counts: Record<string, number>) {
    const filled = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ");
    super(`the database is not empty (${filled})`);
    this.name = "DatabaseNotEmptyError";
  }
}

/**
 * Seed the calibrated regional dataset into a migrated database.
 *
 * @param db - Prisma client from `createPrismaClient` (the seed runs one interactive transaction)
 * @param options - scale, reference date, PRNG seed, reset
 * @returns counts per table, measured distributions next to their figures.json targets, and
 *   elapsed milliseconds per phase
 * @throws DatabaseNotEmptyError when a table has rows and `reset` is not set; any database error
 *   (the transaction is rolled back: nothing is written)
 */
export async function seed(db: Db, options: SeedOptions): Promise<SeedReport> {
  const scale = SCALES[options.scale];
  if (!scale) throw new Error(`unknown scale ${String(options.scale)} (small | region)`);
  const now = options.now ?? DEFAULT_NOW;
  const seedValue = (options.seed ?? DEFAULT_SEED) | 0;
  const log = options.log ?? (() => {});
  const timings: { phase: string; ms: number }[] = [];
  const start = performance.now();
  let mark = start;
  const phase = (name: string) => {
    const t = performance.now();
    timings.push({ phase: name, ms: t - mark });
    mark = t;
  };
  const announce = (name: string) => log(name);

  const ctx: Ctx = {
    seed: seedValue,
    nowMs: now.getTime(),
    nowDay: dayOf(now.getTime()),
    scale,
    municipalities: [],
    districts: [],
    orgs: [],
    complexes: [],
    woongroepen: [],
    dwellings: [],
    seekers: [],
    listings: [],
    urgencyApps: [],
    landlordStaff: new Map(),
    assessors: [],
    committee: new Map(),
    adminUserId: "",
    rng: (name: string) => Rng.stream(seedValue, name),
  };

  announce("building places, organisations and housing stock");
  buildPlaces(ctx);
  buildStock(ctx);
  phase("build: places and stock");
  announce("building staff and demo accounts (argon2id)");
  const staff = await buildStaff(ctx);
  const demo = await buildDemoSeekers(ctx);
  phase("build: staff and demo accounts");
  announce("building seekers and urgency applications");
  buildActiveSeekers(ctx);
  buildActiveUrgency(ctx, ctx.assessors);
  buildDemoUrgency(ctx, demo);
  phase("build: seekers and urgency");
  announce("planning a year of lettings and the open listings");
  const history = planHistory(ctx);
  const open = planOpen(ctx);
  assignReferences(ctx);
  const pool = buildPool(ctx);
  phase("build: lettings and open listings");

  const report = await db.$transaction(
    async (tx) => {
      const before = await countRows(tx);
      if (Object.values(before).some((n) => n > 0)) {
        if (!options.reset) throw new DatabaseNotEmptyError(before);
        announce("emptying all tables");
        await tx.$executeRawUnsafe(
          `TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`,
        );
        phase("reset: truncate");
      }
      await tx.$executeRawUnsafe("SET LOCAL synchronous_commit = off");
      announce("writing places, organisations, stock and staff");
      await writePlaces(tx, ctx);
      await writeStock(tx, ctx);
      await writeStaff(tx, ctx, staff);
      phase("write: places, stock, staff");
      announce("writing seekers");
      await writeSeekers(tx, ctx);
      await writeUrgency(tx, ctx);
      phase("write: seekers, households, incomes, urgency");
      announce("writing listings");
      await writeListings(tx, ctx);
      phase("write: listings");
      announce("writing the year of lettings (responses, offers, lettings)");
      await writeHistory(tx, ctx, history, pool, demo.get("zoeker") ?? null);
      phase("write: history (responses, offers, lettings)");
      announce("writing responses on open listings");
      await writeOpen(tx, ctx, open, pool, demo);
      phase("write: open listings' responses and offers");
      await writeGrantedClaims(tx);
      await writeRuleSet(tx, ctx);
      phase("write: rule set");
      announce("measuring");
      const counts = await countRows(tx);
      const distributions = await measure(tx, scale);
      phase("measure");
      return { counts, distributions };
    },
    { maxWait: 60_000, timeout: 30 * 60_000 },
  );
  phase("commit");
  return {
    scale: scale.name,
    seed: seedValue,
    now: now.toISOString(),
    counts: report.counts,
    distributions: report.distributions,
    timings,
    elapsedMs: performance.now() - start,
  };
}

/**
 * The care indications and vital professions the seeded seekers hold count only once staff
 * granted them ([003]; api/src/schema/claims.ts), so each gets its GRANTED claim: decided by the
 * first assessor at the seeker's registration, with deterministic ids (md5 of the seeker id).
 * A vital profession without a municipality of work never counts and gets no claim.
 */
async function writeGrantedClaims(tx: RawExecutor): Promise<void> {
  const assessor = `(SELECT m."userId" FROM "StaffMembership" m JOIN "User" u ON u.id = m."userId" WHERE m.role = 'ASSESSOR' ORDER BY u.email LIMIT 1)`;
  await tx.$executeRawUnsafe(`
    INSERT INTO "CareIndication" ("id", "seekerId", "need", "motivation", "status", "requestedAt", "decidedAt", "decidedById", "decisionReason")
    SELECT md5('care-indication:' || s.id)::uuid, s.id, s."accessibilityNeed", '', 'GRANTED', s."createdAt", s."createdAt", ${assessor},
           'WMO-indicatie woonvoorziening toegekend door de gemeente.'
    FROM "Seeker" s WHERE s."accessibilityNeed" <> 'NONE'`);
  await tx.$executeRawUnsafe(`
    INSERT INTO "VitalProfessionClaim" ("id", "seekerId", "profession", "workMunicipalityId", "employer", "status", "requestedAt", "decidedAt", "decidedById", "decisionReason")
    SELECT md5('vital-profession:' || s.id)::uuid, s.id, s."vitalProfession", s."workMunicipalityId", '', 'GRANTED', s."createdAt", s."createdAt", ${assessor},
           'Arbeidsovereenkomst gezien.'
    FROM "Seeker" s WHERE s."vitalProfession" IS NOT NULL AND s."workMunicipalityId" IS NOT NULL`);
}

/** Urgency applications of the demo seekers (see DEMO_ACCOUNTS). */
function buildDemoUrgency(ctx: Ctx, demo: Map<string, SeekerRec>): void {
  const rng = ctx.rng("demo-urgency");
  const zoeker = demo.get("zoeker");
  if (zoeker) {
    addApplication(ctx, rng, zoeker, "SOCIAL_FINANCIAL", "REJECTED", ctx.nowMs, ctx.assessors, {
      decidedMs: ctx.nowMs - 160 * DAY,
      situation:
        "Mijn partner verloor vorig jaar zijn baan; we hebben een betalingsachterstand bij de huur opgebouwd.",
      decisionReason:
        "De inkomensterugval is tijdelijk en u kunt de huur van uw huidige woning blijven betalen; er is geen acute noodsituatie.",
    });
    const inReview = addApplication(ctx, rng, zoeker, "MANTELZORG", "IN_REVIEW", ctx.nowMs, ctx.assessors);
    inReview.situation =
      "Mijn vader (82) woont alleen in Zeist en heeft dagelijks hulp nodig. Ik reis nu elke dag heen en weer naast mijn werk als verpleegkundige; een woning in Zeist of Utrecht-Oost zou de zorg haalbaar maken.";
    inReview.preferred = {
      dwellingTypes: ["APARTMENT", "GROUND_FLOOR_APARTMENT"],
      minFloor: null,
      maxFloor: null,
      minRooms: 3,
      maxRooms: null,
      municipalityIdxs: ctx.municipalities
        .map((m, i) => (m.code === "GM0344" || m.code === "GM0355" ? i : -1))
        .filter((i) => i >= 0),
      requiresAccessibility: "NONE",
    };
  }
  const urgent = demo.get("urgentie");
  if (urgent) {
    addApplication(
      ctx,
      rng,
      urgent,
      "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
      "GRANTED",
      ctx.nowMs,
      ctx.assessors,
      {
        decidedMs: Date.UTC(2026, 10, 2, 10, 30),
        granted: defaultProfile(),
      },
    );
  }
  const starter = demo.get("starter");
  if (starter) addApplication(ctx, rng, starter, "SOCIAL_FINANCIAL", "DRAFT", ctx.nowMs, ctx.assessors);
}

/** The rule set in force since 2019-01-01: version 1 with the allocation core's defaults. */
async function writeRuleSet(db: RawExecutor, ctx: Ctx): Promise<void> {
  const rng = ctx.rng("ruleset");
  const { id: _id, version, name, effectiveFrom, effectiveUntil: _until, ...parameters } = RULE_SET_2019;
  const validated = parseRuleSetParameters(parameters);
  const created = Date.UTC(2018, 11, 15, 10, 0, 0);
  const w = new TableWriter(
    db,
    "RuleSet",
    cols(
      "id:uuid",
      "version:int4",
      "name:text",
      "effectiveFrom:timestamp",
      "parameters:jsonb",
      "note:text",
      "createdById:uuid",
      "createdAt:timestamp",
    ),
  );
  await w.push([
    uuidv7(created, rng),
    version,
    name,
    new Date(`${effectiveFrom}T00:00:00.000Z`),
    JSON.stringify(validated),
    "Standaardregels Regio Utrecht, prijspeil 2019 (figures.json rules2019; api/src/allocation/ruleset.ts RULE_SET_2019).",
    ctx.adminUserId,
    new Date(created),
  ]);
  await w.flush();
}
