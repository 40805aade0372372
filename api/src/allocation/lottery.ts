/**
 * Verifiable lottery (loting) [001] §E.3: at most 20% of listings may be allocated by lot; the
 * order must be random, reproducible and checkable by anyone from public data (DOMAIN.md §Ranking).
 *
 * Algorithm (also in LOTTERY.md, with Python and openssl recomputations):
 * 1. When the listing opens: `seed` = 32 random bytes from the OS CSPRNG, written as 64 lowercase
 *    hex characters (kept secret). Publish `commitment = hex(SHA-256(seed bytes))` — the hash of
 *    the 32 raw bytes, not of the hex text.
 * 2. At close: publish the seed. Anyone checks `SHA-256(seed bytes) == commitment`.
 * 3. Each response gets a ticket `hex(HMAC-SHA256(key = seed bytes, message = UTF-8 bytes of the
 *    response id))` (64 lowercase hex characters).
 * 4. Order: tickets ascending (as hex text, which equals numeric order), ties — practically
 *    impossible — by response id ascending in JavaScript string order (UTF-16 code units; equal to
 *    code-point order for the ASCII ids the platform issues).
 * A ticket depends only on the seed and the response's own id, so adding or removing a response
 * never changes the relative order of the others, and nobody (the landlord included) can steer
 * the draw after the commitment is published.
 *
 * @module
 */
import { createHash, createHmac, createSecretKey, randomBytes } from "node:crypto";
import { DuplicateResponseError, LotterySeedError } from "./errors.ts";

const SEED_PATTERN = /^[0-9a-fA-F]{64}$/;

function seedBytes(seed: string): Buffer {
  if (typeof seed !== "string" || !SEED_PATTERN.test(seed)) {
    throw new LotterySeedError("a lottery seed is 32 bytes written as 64 hexadecimal characters");
  }
  return Buffer.from(seed, "hex");
}

/** A new secret seed: 32 bytes from `crypto.randomBytes`, as 64 lowercase hex characters. */
export function drawSeed(): string {
  return randomBytes(32).toString("hex");
}

/**
 * The public commitment to a seed: SHA-256 of the 32 seed bytes, 64 lowercase hex characters.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function commitment(seed: string): string {
  return createHash("sha256").update(seedBytes(seed)).digest("hex");
}

/**
 * Ticket of one response: HMAC-SHA256 with the seed bytes as key over the UTF-8 response id,
 * 64 lowercase hex characters. Lower tickets rank first.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTicket(seed: string, responseId: string): string {
  return createHmac("sha256", seedBytes(seed)).update(responseId, "utf8").digest("hex");
}

/** Tickets already computed, per seed (most recently used last); at most this many seeds. */
const TICKET_CACHE_SEEDS = 64;
const ticketCache = new Map<string, Map<string, string>>();

/**
 * A ticket function for one seed, decoding and checking the seed once (for loops). Tickets are a
 * pure function of (seed, responseId), so they are memoised per seed for the most recently used
 * {@link TICKET_CACHE_SEEDS} seeds: a closed lottery listing is ranked again for every position
 * and candidate-list request, and the HMACs are most of that cost.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTicketer(seed: string): (responseId: string) => string {
  const key = createSecretKey(seedBytes(seed));
  let cached = ticketCache.get(seed);
  if (cached) {
    ticketCache.delete(seed); // re-insert as most recently used
  } else {
    cached = new Map();
    if (ticketCache.size >= TICKET_CACHE_SEEDS) ticketCache.delete(ticketCache.keys().next().value!);
  }
  ticketCache.set(seed, cached);
  const tickets = cached;
  return (responseId) => {
    let t = tickets.get(responseId);
    if (t === undefined) {
      t = createHmac("sha256", key).update(responseId, "utf8").digest("hex");
      tickets.set(responseId, t);
    }
    return t;
  };
}

/**
 * Tickets for many responses, by response id.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTickets(seed: string, responseIds: readonly string[]): Map<string, string> {
  const ticket = lotteryTicketer(seed);
  return new Map(responseIds.map((id) => [id, ticket(id)] as const));
}

/** Compares (ticket, id) pairs: ticket ascending, then id ascending. */
export function compareTickets(ticketA: string, idA: string, ticketB: string, idB: string): number {
  if (ticketA !== ticketB) return ticketA < ticketB ? -1 : 1;
  if (idA !== idB) return idA < idB ? -1 : 1;
  return 0;
}

/**
 * The lottery order of responses: by ticket ascending, ties by id.
 *
 * @param seed - the revealed seed (64 hex characters)
 * @param responseIds - ids of the responses taking part, each once
 * @returns the ids, first drawn first
 * @throws LotterySeedError on a malformed seed; DuplicateResponseError when an id repeats
 */
export function lotteryOrder(seed: string, responseIds: readonly string[]): string[] {
  const tickets = lotteryTickets(seed, responseIds);
  if (tickets.size !== responseIds.length) {
    const seen = new Set<string>();
    for (const id of responseIds) {
      if (seen.has(id)) throw new DuplicateResponseError("response", id);
      seen.add(id);
    }
  }
  return [...responseIds].sort((a, b) => compareTickets(tickets.get(a)!, a, tickets.get(b)!, b));
}

/** Outcome of {@link verifyLottery}. `order` is empty when `valid` is false. */
export interface LotteryVerification {
  valid: boolean;
  order: string[];
  /** Why it is invalid: the seed is not 64 hex characters, or does not hash to the commitment. */
  reason?: "SEED_MALFORMED" | "COMMITMENT_MISMATCH";
}

/**
 * Checks a published draw: the seed must hash to the commitment published at opening; then
 * recomputes the order. Hex comparison ignores letter case.
 *
 * @param publishedCommitment - SHA-256 hex published when the listing opened
 * @param seed - seed revealed at close
 * @param responseIds - ids of the responses that took part
 * @returns `{ valid: true, order }`, or `{ valid: false, order: [], reason }`
 * @throws DuplicateResponseError when an id repeats
 */
export function verifyLottery(
  publishedCommitment: string,
  seed: string,
  responseIds: readonly string[],
): LotteryVerification {
  if (typeof seed !== "string" || !SEED_PATTERN.test(seed))
    return { valid: false, order: [], reason: "SEED_MALFORMED" };
  if (commitment(seed) !== publishedCommitment.toLowerCase()) {
    return { valid: false, order: [], reason: "COMMITMENT_MISMATCH" };
  }
  return { valid: true, order: lotteryOrder(seed, responseIds) };
}
