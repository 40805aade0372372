/**
 * Verifiable lottery (loting) [001] §E.3: at most 20% of listings may be allocated by lot; the
 * order must be random, reproducible and checkable by anyone from public data (DOMAIN.md §Ranking).
 *
 * Algorithm (also in LOTTERY.md, with Python and openssl recomputations):
 * 1. When the listing opens: `seed` = 32 random bytes from the OS CSPRNG, written as 64 lowercase
 *    hex characters (kept secret). Publish `commitment = hex(SHA-256(seed bytes))` — the hash of
 *    the 32 raw bytes, not of the hex text.
 * 2. At close: publish the seed. Anyone checks `SHA-256(seed bytes) == commitment`.
 * 3. Each eligible entry has a pseudonymous **entry code** fixed before the commitment:
 *    `hex(HMAC-SHA256(key = pseudonym key, message = UTF-8 "<listing reference>:<registration
 *    number>"))` ({@link lotteryEntryCode}). The registration number is assigned when the seeker
 *    registers and never changes; the listing reference is fixed before publication. Neither is
 *    chosen by the platform after it knows the seed, and response ids play no part.
 * 4. Each entry gets a ticket `hex(HMAC-SHA256(key = seed bytes, message = UTF-8 entry code))`
 *    (64 lowercase hex characters).
 * 5. Order: tickets ascending (as hex text, which equals numeric order), ties — practically
 *    impossible — by entry code ascending (ASCII hex, so JavaScript string order is byte order).
 * A ticket depends only on the seed and the entry's own code, so adding or removing an entry never
 * changes the relative order of the others, and nobody (the landlord included) can steer the draw
 * after the commitment is published. The seed stays sealed (encrypted, see api/src/lottery-key.ts)
 * until close; LOTTERY.md states who must be trusted for what.
 *
 * @module
 */
import { createHash, createHmac, createSecretKey, randomBytes } from "node:crypto";
import { DuplicateResponseError, InvalidInputError, LotterySeedError } from "./errors.ts";

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
 * The pseudonymous entry code of one seeker in one lottery: `hex(HMAC-SHA256(key = pseudonymKey,
 * message = UTF-8 "<listingReference>:<registrationNumber>"))`, 64 lowercase hex characters. It is
 * what the ticket hashes and what the published draw lists. Both inputs are fixed before the
 * listing's commitment (the registration number at registration, the reference before
 * publication), so the platform cannot choose them once it knows the seed. The key keeps the
 * codes of one seeker unlinkable across listings for anyone without it (registration numbers are
 * small and sequential, so an unkeyed hash could be reversed by trying them all).
 *
 * @param pseudonymKey - the platform's entry-code key (at least 32 bytes, see api/src/lottery-key.ts)
 * @param listingReference - the listing's public reference, e.g. "WB-2019-0042"
 * @param registrationNumber - the seeker's registration number, an integer >= 1
 * @throws InvalidInputError when the key is shorter than 32 bytes, the reference is empty, or the
 *   registration number is not a positive integer
 */
export function lotteryEntryCode(
  pseudonymKey: Uint8Array,
  listingReference: string,
  registrationNumber: number,
): string {
  if (!(pseudonymKey instanceof Uint8Array) || pseudonymKey.byteLength < 32)
    throw new InvalidInputError("pseudonymKey", "an entry-code key has at least 32 bytes");
  if (typeof listingReference !== "string" || listingReference.length === 0)
    throw new InvalidInputError("listingReference", "a listing reference is a non-empty string");
  if (!Number.isSafeInteger(registrationNumber) || registrationNumber < 1)
    throw new InvalidInputError("registrationNumber", "a registration number is an integer >= 1");
  return createHmac("sha256", pseudonymKey)
    .update(`${listingReference}:${registrationNumber}`, "utf8")
    .digest("hex");
}

/**
 * Ticket of one entry: HMAC-SHA256 with the seed bytes as key over the UTF-8 entry code
 * ({@link lotteryEntryCode}), 64 lowercase hex characters. Lower tickets rank first.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTicket(seed: string, entryCode: string): string {
  return createHmac("sha256", seedBytes(seed)).update(entryCode, "utf8").digest("hex");
}

/** Tickets already computed, per seed (most recently used last); at most this many seeds. */
const TICKET_CACHE_SEEDS = 64;
const ticketCache = new Map<string, Map<string, string>>();

/**
 * A ticket function for one seed, decoding and checking the seed once (for loops). Tickets are a
 * pure function of (seed, entry code), so they are memoised per seed for the most recently used
 * {@link TICKET_CACHE_SEEDS} seeds: a closed lottery listing is ranked again for every position
 * and candidate-list request, and the HMACs are most of that cost.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTicketer(seed: string): (entryCode: string) => string {
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
  return (entryCode) => {
    let t = tickets.get(entryCode);
    if (t === undefined) {
      t = createHmac("sha256", key).update(entryCode, "utf8").digest("hex");
      tickets.set(entryCode, t);
    }
    return t;
  };
}

/**
 * Tickets for many entries, by entry code.
 * @throws LotterySeedError when `seed` is not 64 hex characters
 */
export function lotteryTickets(seed: string, entryCodes: readonly string[]): Map<string, string> {
  const ticket = lotteryTicketer(seed);
  return new Map(entryCodes.map((code) => [code, ticket(code)] as const));
}

/** Compares (ticket, entry code) pairs: ticket ascending, then entry code ascending. */
export function compareTickets(ticketA: string, idA: string, ticketB: string, idB: string): number {
  if (ticketA !== ticketB) return ticketA < ticketB ? -1 : 1;
  if (idA !== idB) return idA < idB ? -1 : 1;
  return 0;
}

/**
 * The lottery order of entries: by ticket ascending, ties by entry code.
 *
 * @param seed - the revealed seed (64 hex characters)
 * @param entryCodes - entry codes ({@link lotteryEntryCode}) of the eligible entries, each once
 * @returns the entry codes, first drawn first
 * @throws LotterySeedError on a malformed seed; DuplicateResponseError when an entry code repeats
 */
export function lotteryOrder(seed: string, entryCodes: readonly string[]): string[] {
  const tickets = lotteryTickets(seed, entryCodes);
  if (tickets.size !== entryCodes.length) {
    const seen = new Set<string>();
    for (const code of entryCodes) {
      if (seen.has(code)) throw new DuplicateResponseError("lottery entry", code);
      seen.add(code);
    }
  }
  return [...entryCodes].sort((a, b) => compareTickets(tickets.get(a)!, a, tickets.get(b)!, b));
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
 * @param entryCodes - entry codes of the entries that took part
 * @returns `{ valid: true, order }`, or `{ valid: false, order: [], reason }`
 * @throws DuplicateResponseError when an entry code repeats
 */
export function verifyLottery(
  publishedCommitment: string,
  seed: string,
  entryCodes: readonly string[],
): LotteryVerification {
  if (typeof seed !== "string" || !SEED_PATTERN.test(seed))
    return { valid: false, order: [], reason: "SEED_MALFORMED" };
  if (commitment(seed) !== publishedCommitment.toLowerCase()) {
    return { valid: false, order: [], reason: "COMMITMENT_MISMATCH" };
  }
  return { valid: true, order: lotteryOrder(seed, entryCodes) };
}
