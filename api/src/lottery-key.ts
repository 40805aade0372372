/**
 * The platform's lottery key (LOTTERY.md §Who can see what): it keeps a lottery's seed secret until
 * close, and it pseudonymises the published entries.
 *
 * - **Sealed seed.** The seed drawn at publication is stored only encrypted (AES-256-GCM, random
 *   96-bit IV, 128-bit tag, the listing id bound in as additional authenticated data so a sealed
 *   seed cannot be moved to another listing) in `Listing.lotterySeedSealed`; the plain text goes
 *   into `Listing.lotterySeed` only when the listing closes (lifecycle.ts closeListingTx). Staff and
 *   anyone with read access to the database therefore see only the commitment before close.
 * - **Entry codes.** `lotteryEntryCode` (allocation/lottery.ts) keyed with a second key derived
 *   from the same secret, so the codes published for one seeker on two listings cannot be linked
 *   by trying every registration number.
 *
 * Key: `LOTTERY_KEY`, base64 of exactly 32 random bytes (`openssl rand -base64 32`); both working
 * keys are derived from it with HKDF-SHA256 (distinct `info` strings). Development default: when
 * `LOTTERY_KEY` is unset and NODE_ENV is not `production`, SHA-256 of the public string
 * "woonbeurt-development-lottery-key-NOT-SECRET" — anyone can derive it, so it protects nothing; in
 * production the API refuses to start without `LOTTERY_KEY`. Do not change the key while a lottery
 * listing is published: its sealed seed could not be opened and its entry codes would change.
 * Closed draws stay verifiable, because their entry codes are published with them.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { commitment, drawSeed, lotteryEntryCode } from "./allocation/index.ts";

const DEV_KEY_MATERIAL = "woonbeurt-development-lottery-key-NOT-SECRET";

/**
 * The public development key as a LOTTERY_KEY value (base64 of 32 bytes): what a process without
 * LOTTERY_KEY uses outside production. For benchmarks that run the API with NODE_ENV=production
 * on a database seeded in development; never for a real region.
 */
export const DEVELOPMENT_LOTTERY_KEY = createHash("sha256").update(DEV_KEY_MATERIAL).digest("base64");

/** The working keys derived from LOTTERY_KEY. */
export interface LotteryKey {
  /** AES-256-GCM key sealing secret seeds. */
  sealKey: Buffer;
  /** HMAC key of entry codes (allocation/lottery.ts lotteryEntryCode). */
  pseudonymKey: Buffer;
  /** First 16 hex characters of SHA-256 of the master key; stored with each sealed seed. */
  keyId: string;
  /** True for the public development default. */
  development: boolean;
}

/**
 * Resolve the lottery key from the environment.
 * @throws Error when LOTTERY_KEY is not base64 of 32 bytes, or is missing with NODE_ENV=production
 */
export function lotteryKeyFromEnv(env: NodeJS.ProcessEnv = process.env): LotteryKey {
  const raw = env.LOTTERY_KEY;
  let master: Buffer;
  let development = false;
  if (raw) {
    master = Buffer.from(raw, "base64");
    if (master.length !== 32)
      throw new Error("LOTTERY_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)");
  } else {
    if (env.NODE_ENV === "production") throw new Error("LOTTERY_KEY is required in production");
    master = createHash("sha256").update(DEV_KEY_MATERIAL).digest();
    development = true;
  }
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), info, 32));
  return {
    sealKey: derive("woonbeurt lottery seed seal v1"),
    pseudonymKey: derive("woonbeurt lottery entry code v1"),
    keyId: createHash("sha256").update(master).digest("hex").slice(0, 16),
    development,
  };
}

let current: LotteryKey | null = null;

/** The process's lottery key (from the environment on first use). @throws as {@link lotteryKeyFromEnv} */
export function lotteryKey(): LotteryKey {
  current ??= lotteryKeyFromEnv();
  return current;
}

const b64 = (b: Buffer) => b.toString("base64url");

/**
 * Seal a seed for one listing: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts).
 * @param listingId - bound in as additional authenticated data
 * @param iv - 12 bytes, random by default; pass one only when it is never reused under the key
 *   (the deterministic demo seed derives it from the listing id)
 */
export function sealSeed(
  key: LotteryKey,
  listingId: string,
  seed: string,
  iv: Uint8Array = randomBytes(12),
): string {
  const cipher = createCipheriv("aes-256-gcm", key.sealKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(listingId, "utf8"));
  const ct = Buffer.concat([cipher.update(seed, "utf8"), cipher.final()]);
  return ["v1", key.keyId, b64(Buffer.from(iv)), b64(ct), b64(cipher.getAuthTag())].join(".");
}

/**
 * Open a sealed seed.
 * @throws Error when the format or key id differs, or the sealed text or listing id was altered
 */
export function unsealSeed(key: LotteryKey, listingId: string, sealed: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") throw new Error("sealed lottery seed: unknown format");
  const [, keyId, iv, ct, tag] = parts as [string, string, string, string, string];
  if (keyId !== key.keyId)
    throw new Error(`sealed lottery seed: sealed with key ${keyId}, current key is ${key.keyId}`);
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== 12 || tagBytes.length !== 16)
    throw new Error("sealed lottery seed: IV or authentication tag has the wrong length");
  const decipher = createDecipheriv("aes-256-gcm", key.sealKey, ivBytes, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(listingId, "utf8"));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * A new seed for a lottery listing as stored at publication: the public commitment and the sealed
 * seed (the plain seed is not returned, so it cannot end up in a row or a log by mistake).
 */
export function drawSealedSeed(
  key: LotteryKey,
  listingId: string,
): { lotteryCommitment: string; lotterySeedSealed: string } {
  const seed = drawSeed();
  return { lotteryCommitment: commitment(seed), lotterySeedSealed: sealSeed(key, listingId, seed) };
}

/**
 * A seeker's pseudonymous entry code on a lottery listing (allocation/lottery.ts lotteryEntryCode
 * with this platform's key): 64 hex characters.
 * @throws InvalidInputError when the reference is empty or the number is not an integer >= 1
 */
export function entryCode(listingReference: string, registrationNumber: number): string {
  return lotteryEntryCode(lotteryKey().pseudonymKey, listingReference, registrationNumber);
}

/** The slice of a Prisma client {@link sealPlainLotterySeeds} needs. */
interface SeedStore {
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

/**
 * Seal every seed still stored in plain text on a listing whose seed is not revealed (databases
 * from before sealed seeds), and remove the plain text. Idempotent; run when the API starts.
 * @returns how many seeds were sealed
 */
export async function sealPlainLotterySeeds(db: SeedStore, key: LotteryKey = lotteryKey()): Promise<number> {
  const rows = await db.$queryRaw<{ id: string; seed: string }[]>`
    SELECT id::text AS id, "lotterySeed" AS seed FROM "Listing"
    WHERE "lotterySeed" IS NOT NULL AND "lotterySeedRevealedAt" IS NULL`;
  let n = 0;
  for (const r of rows)
    n += await db.$executeRaw`
      UPDATE "Listing" SET "lotterySeedSealed" = ${sealSeed(key, r.id, r.seed)}, "lotterySeed" = NULL
      WHERE id = ${r.id}::uuid AND "lotterySeed" = ${r.seed} AND "lotterySeedRevealedAt" IS NULL`;
  return n;
}
