/**
 * The rank keys of an open listing's candidates, kept in the process between requests
 * (rangschikkingssleutels): what a seeker's position on an open listing is counted against.
 *
 * Classifying every candidate of a listing (load each response with its seeker and urgency, check
 * eligibility, find the tier) is the expensive part of a position; it gives the same keys to every
 * seeker who looks at the listing until something that can move a candidate changes. So the keys
 * (allocation core `candidateRankKeys`) are kept per listing under
 * - `Listing.rankVersion`, raised by database triggers in the same transaction as every write that
 *   can move a candidate (a response written, withdrawn or reviewed; a responding seeker's row; a
 *   granted or expired urgency declaration or its search profile; see the migration
 *   `listing_rank_version`) and read with the listing row itself, so a page costs no extra statement;
 * - the listing's own ranking input (dwelling, criteria, priority rules, student-complex counts)
 *   as the core receives it;
 * - the rule set version in force and the Europe/Amsterdam calendar day (registration years and
 *   urgency validity are taken per day).
 * Any change to one of these is a different key: a stale order cannot be served. Only the
 * seeker's own response is classified per request (fresh checks and explanation). Closed listings
 * do not come here: their order is the one fixed at close (fixed-order.ts).
 *
 * Memory: at most {@link RANK_KEY_LISTINGS} listings and {@link RANK_KEYS_MAX} keys in all (least
 * recently used listings dropped first), each a few numbers and strings per response (~200 bytes
 * with its index; a listing with 1,500 responses ~0.3 MB, the region seed's 155 open listings with
 * 47,500 responses ~10 MB).
 */
import {
  amsterdamDate,
  candidateRankKeys,
  indexRankKeys,
  type CandidateInput,
  type IndexedRankKeys,
  type ListingInput,
  type RuleSet,
  type SeekerInput,
} from "../allocation/index.ts";
import type { Context } from "../auth/context.ts";
import { db } from "../db.ts";
import { eur, evaluableOn } from "./core.ts";
import { load } from "./loaders.ts";

/** Listings whose rank keys are kept (least recently used first out). */
export const RANK_KEY_LISTINGS = 2_000;

/** Rank keys kept in all listings together (~60 MB): least recently used listings go first. */
export const RANK_KEYS_MAX = 300_000;

const kept = new Map<string, Promise<IndexedRankKeys>>();
/** Number of keys of each settled entry of `kept`. */
const sizes = new Map<string, number>();
let keptKeys = 0;
const keyByListing = new Map<string, string>();

function forget(key: string): void {
  kept.delete(key);
  keptKeys -= sizes.get(key) ?? 0;
  sizes.delete(key);
  const id = key.slice(0, key.indexOf("|"));
  if (keyByListing.get(id) === key) keyByListing.delete(id);
}

/** How often the kept keys answered and how often they had to be computed (for tests and the benchmark). */
export const rankKeyStats = { hits: 0, misses: 0 };

/**
 * The rank keys of an open listing's candidates on `date` (responses not withdrawn, of seekers
 * whose data can be evaluated on that day), from the process's store when the listing's
 * `rankVersion`, its ranking input, the rule set and the day are unchanged, otherwise computed by
 * the allocation core from the candidates (loaded in one batch with the other listings of the
 * request) and kept.
 *
 * @param listing - the listing row with its `rankVersion` as read in this request
 * @param input - the listing as the core's ListingInput
 * @param ruleSet - the rule set in force on `date`
 * @param date - the evaluation moment (now, for an open listing)
 * @throws as `candidateRankKeys` (DuplicateResponseError, InvalidInputError) on corrupt data
 */
export function listingRankKeys(
  ctx: Context,
  listing: { id: string; rankVersion: number },
  input: ListingInput,
  ruleSet: RuleSet,
  date: Date,
): Promise<IndexedRankKeys> {
  const day = amsterdamDate(date);
  const key = [
    listing.id,
    listing.rankVersion,
    `${day.year}-${day.month}-${day.day}`,
    `${ruleSet.id}@${ruleSet.version}`,
    JSON.stringify(input),
  ].join("|");
  const hit = kept.get(key);
  if (hit) {
    rankKeyStats.hits += 1;
    // Most recently used last.
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  rankKeyStats.misses += 1;
  const computed = rankingCandidates(ctx, listing.id).then((rows) => {
    const candidates = rows.filter((c) => evaluableOn(c.seeker, date));
    return indexRankKeys(candidateRankKeys(input, candidates, ruleSet, date));
  });
  // One entry per listing: an older generation is dropped when a newer one is computed.
  const previous = keyByListing.get(listing.id);
  if (previous !== undefined) forget(previous);
  keyByListing.set(listing.id, key);
  kept.set(key, computed);
  computed.then(
    (index) => {
      if (kept.get(key) !== computed) return;
      sizes.set(key, index.keys.length);
      keptKeys += index.keys.length;
      evict();
    },
    () => {
      if (kept.get(key) === computed) forget(key);
    },
  );
  evict();
  return computed;
}

/** Drop the least recently used listings while more listings or keys are kept than allowed (the newest stays). */
function evict(): void {
  while (kept.size > RANK_KEY_LISTINGS || (keptKeys > RANK_KEYS_MAX && kept.size > 1)) {
    forget(kept.keys().next().value as string);
  }
}

/** Forget every kept rank key (tests). */
export function clearRankKeys(): void {
  kept.clear();
  sizes.clear();
  keptKeys = 0;
  keyByListing.clear();
  rankKeyStats.hits = 0;
  rankKeyStats.misses = 0;
}

/** One candidate as {@link rankingCandidates}' statement returns it (JSON; dates as ISO text). */
interface CandidateJson {
  id: string;
  at: string;
  motivation: string | null;
  verdict: CandidateInput["committeeVerdict"];
  entry: string | null;
  s: {
    id: string;
    birthDate: string;
    householdSize: number;
    incomeCents: number;
    registrationDate: string;
    retained: number;
    accessibilityNeed: SeekerInput["accessibilityNeed"];
    dwellingKind: SeekerInput["currentDwellingKind"];
    dwellingRooms: number | null;
    municipalityId: string | null;
    core: string | null;
    workMunicipalityId: string | null;
    workCore: string | null;
    vitalProfession: string | null;
    isStudent: boolean;
  };
  /** The seeker's latest GRANTED or EXPIRED urgency declaration (by decision time), if any. */
  u: {
    category: string | null;
    from: string | null;
    until: string | null;
    p: {
      dwellingTypes: string[];
      minFloor: number | null;
      maxFloor: number | null;
      minRooms: number | null;
      maxRooms: number | null;
      municipalityIds: string[];
      districtIds: string[];
      requiresAccessibility: string;
    } | null;
  } | null;
}

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

/** A candidate row of {@link rankingCandidates} as the core's CandidateInput (cents → EUR), as `candidateInput(row)` in core.ts. */
function toCandidate(c: CandidateJson): CandidateInput {
  const u = c.u;
  const profile = u?.p;
  return {
    responseId: c.id,
    respondedAt: new Date(c.at),
    motivation: c.motivation,
    committeeVerdict: c.verdict,
    lotteryEntry: c.entry ?? null,
    seeker: {
      id: c.s.id,
      birthDate: day(c.s.birthDate),
      householdSize: c.s.householdSize,
      householdIncome: eur(c.s.incomeCents),
      registrationDate: day(c.s.registrationDate),
      retainedRegistrationYears: c.s.retained,
      accessibilityNeed: c.s.accessibilityNeed,
      currentDwellingKind: c.s.dwellingKind,
      currentDwellingRooms: c.s.dwellingRooms,
      municipalityId: c.s.municipalityId,
      core: c.s.core,
      workMunicipalityId: c.s.workMunicipalityId,
      workCore: c.s.workCore,
      vitalProfession: c.s.vitalProfession,
      isStudent: c.s.isStudent,
      urgency:
        u && u.category && u.from && u.until
          ? {
              category: u.category as NonNullable<SeekerInput["urgency"]>["category"],
              validFrom: new Date(u.from),
              validUntil: new Date(u.until),
              searchProfile: {
                dwellingTypes: (profile?.dwellingTypes ?? []) as NonNullable<
                  SeekerInput["urgency"]
                >["searchProfile"]["dwellingTypes"],
                minFloor: profile?.minFloor ?? null,
                maxFloor: profile?.maxFloor ?? null,
                minRooms: profile?.minRooms ?? null,
                maxRooms: profile?.maxRooms ?? null,
                municipalityIds: profile?.municipalityIds ?? [],
                districtIds: profile?.districtIds ?? [],
                requiresAccessibility: (profile?.requiresAccessibility ?? "NONE") as NonNullable<
                  SeekerInput["urgency"]
                >["searchProfile"]["requiresAccessibility"],
              },
            }
          : null,
    },
  };
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The candidates of listings (responses not withdrawn, with what the core ranks them on: the
 * seeker's ranking columns and their latest GRANTED or EXPIRED urgency declaration with its
 * GRANTED search profile), batched per request into one statement with exact column lists — the
 * same inputs `listingCandidates` + `candidateInput` (core.ts) build, without mapping whole rows.
 */
export function rankingCandidates(ctx: Context, listingId: string): Promise<CandidateInput[]> {
  return load(ctx, "rankingCandidates", listingId, async (ids) => {
    const rows = await db().$queryRawUnsafe<{ l: string; j: string }[]>(
      `SELECT r."listingId"::text AS l, json_build_object(
         'id', r.id, 'at', to_char(r."createdAt", ${ISO}), 'motivation', r.motivation,
         'verdict', r."committeeVerdict", 'entry', r."lotteryEntry",
         's', json_build_object('id', s.id, 'birthDate', to_char(s."birthDate", 'YYYY-MM-DD'),
           'householdSize', s."householdSize", 'incomeCents', s."householdIncomeCents",
           'registrationDate', to_char(s."registrationDate", 'YYYY-MM-DD'),
           'retained', s."retainedRegistrationYears", 'accessibilityNeed', s."accessibilityNeed",
           'dwellingKind', s."currentDwellingKind", 'dwellingRooms', s."currentDwellingRooms",
           'municipalityId', s."municipalityId", 'core', s.core, 'workMunicipalityId', s."workMunicipalityId",
           'workCore', s."workCore", 'vitalProfession', s."vitalProfession", 'isStudent', s."isStudent"),
         'u', u.j)::text AS j
       FROM "Response" r JOIN "Seeker" s ON s.id = r."seekerId"
       LEFT JOIN LATERAL (
         SELECT json_build_object('category', a."grantedCategory", 'from', to_char(a."validFrom", ${ISO}),
                  'until', to_char(a."validUntil", ${ISO}),
                  'p', (SELECT json_build_object('dwellingTypes', p."dwellingTypes", 'minFloor', p."minFloor",
                          'maxFloor', p."maxFloor", 'minRooms', p."minRooms", 'maxRooms', p."maxRooms",
                          'municipalityIds', p."municipalityIds", 'districtIds', p."districtIds",
                          'requiresAccessibility', p."requiresAccessibility")
                          FROM "SearchProfile" p WHERE p."applicationId" = a.id AND p.kind = 'GRANTED' LIMIT 1)) AS j
           FROM "UrgencyApplication" a
          WHERE a."seekerId" = s.id AND a.status IN ('GRANTED', 'EXPIRED')
          ORDER BY a."decidedAt" DESC LIMIT 1) u ON TRUE
      WHERE r."listingId" = ANY($1::uuid[]) AND r.status <> 'WITHDRAWN'`,
      ids,
    );
    const map = new Map<string, CandidateInput[]>(ids.map((id) => [id, []]));
    for (const r of rows) map.get(r.l)!.push(toCandidate(JSON.parse(r.j) as CandidateJson));
    return map;
  }).then((v) => v ?? []);
}
