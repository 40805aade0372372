/**
 * Independent recomputation of a published lottery draw (api/src/allocation/LOTTERY.md) from the
 * draw document alone, with Web Crypto only: it runs in the browser (the lottery page's verify
 * step) and in Node (`pnpm lottery:verify`). It deliberately does not reuse the API's allocation
 * core, so that it checks the core rather than repeating it.
 *
 * Checks, in order, stopping at the first mismatch:
 * 1. the document's shape (hex lengths, orders 1..n, no entry twice);
 * 2. `SHA-256(seed bytes) = commitment`;
 * 3. every `ticket = HMAC-SHA256(key = seed bytes, message = UTF-8 entry code)`;
 * 4. the order: tickets ascending, ties by entry code, equals the published `order`.
 *
 * @module
 */

/** Format name of the draw document (`format` field). */
export const DRAW_FORMAT = "woonbeurt-lottery-draw/1";

/** One eligible entry of a draw as published. */
export interface DrawEntry {
  /** Place in the lottery order, 1 = first. */
  order: number;
  /** Pseudonymous entry code, 64 lowercase hex characters. */
  entryCode: string;
  /** HMAC-SHA256 ticket, 64 lowercase hex characters. */
  ticket: string;
}

/** The published draw of one lottery listing (the JSON download). */
export interface DrawDocument {
  format: typeof DRAW_FORMAT;
  listing: { reference: string; title: string; url: string | null };
  /** hex(SHA-256(seed bytes)), published when the listing opened. */
  commitment: string;
  /** When the commitment was published (ISO 8601). */
  committedAt: string | null;
  /** The revealed seed, 64 hex characters. */
  seed: string;
  /** When the seed was revealed (ISO 8601). */
  seedRevealedAt: string | null;
  /** The algorithm in one paragraph. */
  algorithm: string;
  /** Every eligible entry, in lottery order. */
  entries: DrawEntry[];
}

/** Which check failed. */
export type MismatchKind = "FORMAT" | "COMMITMENT" | "TICKET" | "ORDER";

/** Outcome of {@link verifyDraw}. */
export type DrawVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      kind: MismatchKind;
      /** 1-based place in the published order where it failed (TICKET, ORDER), else null. */
      order: number | null;
      /** What the recomputation gives. */
      expected: string | null;
      /** What the document says. */
      actual: string | null;
      /** The mismatch in one English sentence. */
      message: string;
    };

const HEX64 = /^[0-9a-f]{64}$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fail(
  kind: MismatchKind,
  message: string,
  order: number | null = null,
  expected: string | null = null,
  actual: string | null = null,
): DrawVerification {
  return { ok: false, kind, order, expected, actual, message };
}

/** The document's shape, or a FORMAT mismatch. */
function checkShape(doc: unknown): DrawVerification | DrawDocument {
  if (!doc || typeof doc !== "object") return fail("FORMAT", "the document is not a JSON object");
  const d = doc as Record<string, unknown>;
  if (d.format !== DRAW_FORMAT) return fail("FORMAT", `format is not ${DRAW_FORMAT}`);
  for (const field of ["commitment", "seed"] as const)
    if (typeof d[field] !== "string" || !HEX64.test(d[field] as string))
      return fail("FORMAT", `${field} is not 64 lowercase hexadecimal characters`);
  if (!Array.isArray(d.entries)) return fail("FORMAT", "entries is not a list");
  const seen = new Set<string>();
  const orders = new Set<number>();
  for (const [i, e] of (d.entries as unknown[]).entries()) {
    const en = e as Record<string, unknown> | null;
    if (!en || typeof en !== "object") return fail("FORMAT", `entry ${i + 1} is not an object`);
    if (typeof en.entryCode !== "string" || !HEX64.test(en.entryCode))
      return fail("FORMAT", `entry ${i + 1}: entryCode is not 64 lowercase hexadecimal characters`);
    if (typeof en.ticket !== "string" || !HEX64.test(en.ticket))
      return fail("FORMAT", `entry ${i + 1}: ticket is not 64 lowercase hexadecimal characters`);
    if (!Number.isInteger(en.order) || (en.order as number) < 1 || (en.order as number) > d.entries.length)
      return fail("FORMAT", `entry ${i + 1}: order is not a whole number from 1 to ${d.entries.length}`);
    if (seen.has(en.entryCode)) return fail("FORMAT", `entry ${i + 1}: entry code listed twice`);
    if (orders.has(en.order as number))
      return fail("FORMAT", `entry ${i + 1}: order ${en.order} listed twice`);
    seen.add(en.entryCode);
    orders.add(en.order as number);
  }
  return d as unknown as DrawDocument;
}

/**
 * Recompute a published draw from the document alone (see the module notes).
 *
 * @param doc - the parsed JSON download (anything: its shape is checked first)
 * @param subtle - Web Crypto (`crypto.subtle` of the browser or of Node >= 20)
 * @returns `{ ok: true, entries }`, or the first mismatch with what was expected and found
 */
export async function verifyDraw(
  doc: unknown,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<DrawVerification> {
  const shaped = checkShape(doc);
  if ("ok" in shaped) return shaped;
  const d = shaped;
  const seed = hexToBytes(d.seed);
  const digest = bytesToHex(await subtle.digest("SHA-256", seed));
  if (digest !== d.commitment)
    return fail(
      "COMMITMENT",
      "SHA-256 of the seed bytes is not the published commitment",
      null,
      digest,
      d.commitment,
    );
  const key = await subtle.importKey("raw", seed, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const enc = new TextEncoder();
  const published = [...d.entries].sort((a, b) => a.order - b.order);
  for (const e of published) {
    const ticket = bytesToHex(await subtle.sign("HMAC", key, enc.encode(e.entryCode)));
    if (ticket !== e.ticket)
      return fail(
        "TICKET",
        `order ${e.order}: the ticket is not HMAC-SHA256(seed, entry code)`,
        e.order,
        ticket,
        e.ticket,
      );
  }
  const recomputed = [...published].sort((a, b) =>
    a.ticket !== b.ticket ? (a.ticket < b.ticket ? -1 : 1) : a.entryCode < b.entryCode ? -1 : 1,
  );
  for (let i = 0; i < recomputed.length; i++) {
    if (recomputed[i]!.entryCode !== published[i]!.entryCode)
      return fail(
        "ORDER",
        `order ${i + 1}: sorting the tickets gives entry ${recomputed[i]!.entryCode.slice(0, 12)}…, the draw lists ${published[i]!.entryCode.slice(0, 12)}…`,
        i + 1,
        recomputed[i]!.entryCode,
        published[i]!.entryCode,
      );
  }
  return { ok: true, entries: published.length };
}

/** The API's `Listing.lottery` fields the draw document is made of. */
export interface LotteryDrawData {
  reference: string;
  title: string;
  lottery: {
    commitment: string;
    committedAt: string | null;
    seed: string | null;
    seedRevealedAt: string | null;
    algorithm: string;
    entries: DrawEntry[];
  } | null;
}

/** The GraphQL selection giving {@link LotteryDrawData} (public; no token needed). */
export const LOTTERY_DRAW_QUERY = /* GraphQL */ `
  query LotteryDraw($reference: String!) {
    listing(reference: $reference) {
      reference
      title
      lottery {
        commitment
        committedAt
        seed
        seedRevealedAt
        algorithm
        entries {
          order
          entryCode
          ticket
        }
      }
    }
  }
`;

/**
 * The draw document of a closed lottery listing, or null when the listing has no revealed draw
 * (not a lottery, or not closed yet).
 * @param url - where the listing's draw page is published, when known
 */
export function drawDocument(data: LotteryDrawData, url: string | null): DrawDocument | null {
  const l = data.lottery;
  if (!l || !l.seed) return null;
  return {
    format: DRAW_FORMAT,
    listing: { reference: data.reference, title: data.title, url },
    commitment: l.commitment,
    committedAt: l.committedAt,
    seed: l.seed,
    seedRevealedAt: l.seedRevealedAt,
    algorithm: l.algorithm,
    entries: [...l.entries].sort((a, b) => a.order - b.order),
  };
}
