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
 * Memory: at most {@link RANK_KEY_LISTINGS} listings (least recently used dropped), each a few
 * numbers and strings per response (~150 bytes; a listing with 1,500 responses ~0.2 MB).
 */
import {
  amsterdamDate,
  candidateRankKeys,
  type ListingInput,
  type RankKey,
  type RuleSet,
} from "../allocation/index.ts";
import type { Context } from "../auth/context.ts";
import { candidateInput, evaluableOn, listingCandidates } from "./core.ts";

/** Listings whose rank keys are kept (least recently used first out). */
export const RANK_KEY_LISTINGS = 2_000;

const kept = new Map<string, Promise<readonly RankKey[]>>();
const keyByListing = new Map<string, string>();

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
): Promise<readonly RankKey[]> {
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
  const computed = listingCandidates(ctx, listing.id).then((rows) => {
    const candidates = rows.map(candidateInput).filter((c) => evaluableOn(c.seeker, date));
    return candidateRankKeys(input, candidates, ruleSet, date);
  });
  // One entry per listing: an older generation is dropped when a newer one is computed.
  const previous = keyByListing.get(listing.id);
  if (previous !== undefined) kept.delete(previous);
  keyByListing.set(listing.id, key);
  kept.set(key, computed);
  computed.catch(() => {
    if (kept.get(key) === computed) kept.delete(key);
    if (keyByListing.get(listing.id) === key) keyByListing.delete(listing.id);
  });
  while (kept.size > RANK_KEY_LISTINGS) {
    const oldest = kept.keys().next().value as string;
    kept.delete(oldest);
    const id = oldest.slice(0, oldest.indexOf("|"));
    if (keyByListing.get(id) === oldest) keyByListing.delete(id);
  }
  return computed;
}

/** Forget every kept rank key (tests). */
export function clearRankKeys(): void {
  kept.clear();
  keyByListing.clear();
  rankKeyStats.hits = 0;
  rankKeyStats.misses = 0;
}
