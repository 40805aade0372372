/**
 * HTTP and response caching of anonymous public reads (issue 10, item 3).
 *
 * - Anonymous GraphQL queries (no `Authorization` header) are answered from yoga's response cache
 *   (`@graphql-yoga/plugin-response-cache`, in memory, per API process) for at most
 *   {@link PUBLIC_CACHE_TTL_MS}. Each answer carries an `ETag`; a request with a matching
 *   `If-None-Match` gets `304 Not Modified`. Anonymous answers get
 *   `Cache-Control: public, max-age=0, must-revalidate` (shared caches may keep them but must
 *   revalidate with the ETag), every authenticated answer `Cache-Control: private, no-store`.
 * - Invalidation, after the write has committed: `listingRespond` / `responseWithdraw` forget the
 *   answers that show that listing ({@link invalidatePublicListing}); every other mutation except
 *   the ones in {@link PRIVATE_MUTATIONS} (which change nothing an anonymous caller can see)
 *   forgets every cached answer, as does each scheduled-jobs run that changed something (jobs.ts).
 *   Both also tell every other API process (invalidation.ts, LISTEN/NOTIFY), which forgets the
 *   same answers milliseconds later. Writes outside the API (an administrator's SQL) show after at
 *   most the TTL, as does `isOpen` turning false at `closesAt` before the close job runs.
 * - An answer computed while an invalidation happened is not stored (it may predate the write).
 * - The ETag names the stored answer, not just the query: `<cache key>.<store number>`. (The
 *   plugin's own ETag is the cache key alone, so a client would get 304 for a newer answer.)
 */
import { createInMemoryCache, type Cache } from "@graphql-yoga/plugin-response-cache";
import type { Db } from "@woonbeurt/db";
import { invalidate, onInvalidation } from "./invalidation.ts";
import { encodeGlobal } from "./schema/common.ts";

/** Longest time an anonymous answer is served from the cache, milliseconds. */
export const PUBLIC_CACHE_TTL_MS = 30_000;
/** Most answers kept (least recently used are dropped first). */
const MAX_ENTRIES = 1000;

/**
 * Mutations that change nothing an anonymous caller can read: they leave the cache alone. Any
 * mutation not listed here (and not invalidating precisely itself) empties the cache.
 */
export const PRIVATE_MUTATIONS: ReadonlySet<string> = new Set([
  // closing a duplicate candidate changes no registration (a merge withdraws responses: not here)
  "duplicateCandidateClose",
  // a new dwelling is seen only through a listing, whose own publication empties the cache
  "dwellingCreate",
  "authorisationCreate",
  "authorisationRevoke",
  "householdUpdate",
  // queues a job run; the run itself empties the cache when it changes public data (queue.ts)
  "jobDeadLetterRetry",
  "objectionDecisionPeriodExtend",
  "objectionFile",
  "objectionHearingPlan",
  "incomeUpdate",
  "passwordReset",
  "passwordResetRequest",
  "personalAccessTokenCreate",
  "personalAccessTokenRevoke",
  "seekerDocumentAttach",
  "seekerDocumentRemove",
  "seekerDocumentUpload",
  "seekerRegister",
  "sessionCreate",
  "sessionDelete",
  // saved searches are their seeker's own (saved-search.ts)
  "savedSearchCreate",
  "savedSearchDelete",
  "savedSearchUpdate",
  // a queued scenario is administrators-only until simulationScenarioPublish (which does empty it)
  "simulationScenarioCreate",
  "staffAccountCreate",
  "staffMembershipCreate",
  "staffMembershipRevoke",
  "urgencyApplicationCreate",
  "urgencyApplicationInformationProvide",
  "urgencyApplicationReviewStart",
  "urgencyApplicationSubmit",
  "urgencyApplicationUpdate",
  "urgencyApplicationWithdraw",
  "viewerDataExport",
  // these two invalidate the one listing they change themselves (response.ts)
  "listingRespond",
  "responseWithdraw",
]);

let memory = createInMemoryCache({ max: MAX_ENTRIES });
/** Bumped by every invalidation. */
let generation = 0;
/** Generation at the first cache miss of a key whose answer is being computed. */
const missedAt = new Map<string, number>();
/** Answers stored so far (numbers the ETags). */
let stored = 0;

type Answer = NonNullable<Awaited<ReturnType<Cache["get"]>>>;
const headersOf = (answer: Answer) =>
  (answer.extensions as { http?: { headers?: Record<string, string> } } | undefined)?.http?.headers;

/** The store behind the response cache plugin: the in-memory LRU, minus answers that raced a write. */
export const publicCache: Cache = {
  get(id) {
    const dot = id.lastIndexOf(".");
    if (dot > 0) {
      // an ETag from If-None-Match: the stored answer only if it is still that answer
      const answer = memory.get(id.slice(0, dot)) as Answer | null | undefined;
      return answer && headersOf(answer)?.ETag === id ? answer : null;
    }
    const hit = memory.get(id) as Answer | null | undefined;
    if (!hit && !missedAt.has(id)) {
      if (missedAt.size > 10 * MAX_ENTRIES) missedAt.clear(); // misses whose answer was never stored
      missedAt.set(id, generation);
    }
    return hit;
  },
  set(id, data, entities, ttl) {
    const startedAt = missedAt.get(id);
    missedAt.delete(id);
    if (startedAt !== generation) return; // computed across an invalidation (or unknown start)
    const headers = headersOf(data);
    if (headers) headers.ETag = `${id}.${++stored}`;
    return memory.set(id, data, entities, ttl);
  },
  invalidate(entities) {
    generation++;
    return memory.invalidate(entities);
  },
};

onInvalidation("listing", ({ listingId }) => {
  void publicCache.invalidate([{ typename: "Listing", id: encodeGlobal("Listing", listingId) }]);
});
onInvalidation("publicReads", () => {
  generation++;
  memory = createInMemoryCache({ max: MAX_ENTRIES });
});

/**
 * Forget the cached anonymous answers that show this listing (its response count changed), in
 * this process and in every other API process (invalidation.ts). Call after the write committed.
 *
 * @param listingId - the listing's database id (uuid)
 * @returns when the other processes have been notified (never rejects)
 */
export function invalidatePublicListing(listingId: string): Promise<void> {
  return invalidate({ kind: "listing", listingId });
}

/**
 * Forget every cached anonymous answer (a write whose public effect is not narrowed down), in this
 * process and in every other API process (invalidation.ts). Call after the write committed.
 *
 * @param via - the database to notify through (jobs pass theirs; default the installed one)
 * @returns when the other processes have been notified (never rejects)
 */
export function invalidateAllPublicReads(via?: Db): Promise<void> {
  return invalidate({ kind: "publicReads" }, via);
}
