/**
 * Duplicate registrations (dubbele inschrijvingen, issue 15 item 3): one registration per
 * household. Registration years (inschrijfduur) decide the order of candidates in the aanbodmodel
 * ([001] §E.3: "komen aan de beurt als ze de langste inschrijfduur hebben"), so a household with
 * two registrations responds twice; staff therefore review likely duplicates and merge or close
 * them. Detection never blocks anyone: it only records a DuplicateCandidate for review.
 *
 * Detection works on normalised identity keys per seeker (model SeekerIdentity, GIN-indexed):
 * - `NAME:<first last>|<birth date>`  → SAME_NAME_AND_BIRTH_DATE
 * - `EMAIL:<mailbox>`                  → SAME_EMAIL
 * - `PHONE:<digits>`                   → SAME_PHONE
 * - `MEMBER:<first name>|<birth date>` of each household member against the other seeker's
 *   `FIRST:<first name>|<birth date>`  → MEMBER_IS_APPLICANT_ELSEWHERE (members have no last name)
 * One indexed statement (`keys && ARRAY[…]`) finds every seeker sharing a key.
 *
 * When: right after registration (schema/seeker.ts `seekerRegister`, its own transaction after the
 * registration committed, errors logged and left to the job), and by the job
 * {@link detectDuplicatesJob} for every seeker whose data or account changed since its keys were
 * last built (new registrations, household or phone changes, address changes), in batches.
 * Seekers with status MERGED take no part. A pair is stored once (seekerAId < seekerBId); an OPEN
 * candidate gains new reasons (its version goes up), a decided one is left as decided.
 */
import type { Db, DuplicateReason } from "@woonbeurt/db";
import type { Tx } from "./db.ts";
import { InvalidStateError } from "./schema/errors.ts";

/** Seekers handled per batch by the duplicate job. */
export const DUPLICATE_BATCH = 500;
/** Batches per job run at most (the next run continues). */
export const DUPLICATE_BATCHES_PER_RUN = 10;

/**
 * A name (or first name) in comparable form: diacritics removed (é → e, ĳ → ij), lower case,
 * punctuation (hyphens, apostrophes, dots) read as spaces, whitespace collapsed and trimmed.
 * "  José-María  d'Ávila " → "jose maria d avila".
 */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/ł/g, "l")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * An e-mail address as a mailbox: lower case, trimmed, and a "+tag" in the local part dropped
 * (jan+woning@x.nl and jan@x.nl reach one mailbox). Null for an address without "@".
 */
export function normaliseEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf("@");
  if (at < 1) return null;
  const local = e.slice(0, at).split("+")[0]!;
  return local ? `${local}@${e.slice(at + 1)}` : null;
}

/**
 * A phone number as digits in Dutch national form: everything but digits dropped, an international
 * prefix +31 / 0031 read as 0 (+31 6 1234 5678 → 0612345678). Null for fewer than 8 digits.
 */
export function normalisePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  let d = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+31")) d = `0${d.slice(2)}`;
  else if (d.startsWith("0031")) d = `0${d.slice(4)}`;
  return d.length >= 8 ? d : null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What the keys are built from. */
export interface IdentityInput {
  firstName: string;
  lastName: string;
  birthDate: Date;
  phone: string | null;
  email: string;
  members: { firstName: string; birthDate: Date }[];
}

/** The seeker's identity keys (see the module comment), without repeats, sorted. */
export function identityKeys(s: IdentityInput): string[] {
  const first = normaliseName(s.firstName);
  const full = normaliseName(`${s.firstName} ${s.lastName}`);
  const keys = new Set<string>();
  if (full) keys.add(`NAME:${full}|${day(s.birthDate)}`);
  if (first) keys.add(`FIRST:${first}|${day(s.birthDate)}`);
  const email = normaliseEmail(s.email);
  if (email) keys.add(`EMAIL:${email}`);
  const phone = normalisePhone(s.phone);
  if (phone) keys.add(`PHONE:${phone}`);
  for (const m of s.members) {
    const n = normaliseName(m.firstName);
    if (n) keys.add(`MEMBER:${n}|${day(m.birthDate)}`);
  }
  return [...keys].sort();
}

/** The keys another seeker must hold to match one of `keys`: the same key, FIRST ↔ MEMBER crossed. */
function wantedKeys(keys: string[]): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    if (k.startsWith("MEMBER:")) out.add(`FIRST:${k.slice(7)}`);
    else if (k.startsWith("FIRST:")) out.add(`MEMBER:${k.slice(6)}`);
    else out.add(k);
  }
  return [...out];
}

/** Reasons two key sets make a likely duplicate (in enum order); empty = not a duplicate. */
export function matchReasons(mine: string[], theirs: string[]): DuplicateReason[] {
  const other = new Set(theirs);
  const has = (prefix: string, crossed?: string) =>
    mine.some((k) => k.startsWith(prefix) && other.has(crossed ? crossed + k.slice(prefix.length) : k));
  const reasons: DuplicateReason[] = [];
  if (has("NAME:")) reasons.push("SAME_NAME_AND_BIRTH_DATE");
  if (has("EMAIL:")) reasons.push("SAME_EMAIL");
  if (has("PHONE:")) reasons.push("SAME_PHONE");
  if (has("MEMBER:", "FIRST:") || has("FIRST:", "MEMBER:")) reasons.push("MEMBER_IS_APPLICANT_ELSEWHERE");
  return reasons;
}

/** A likely duplicate of a seeker: the other seeker and why. */
export interface DuplicateMatch {
  seekerId: string;
  reasons: DuplicateReason[];
}

/**
 * Build (or rebuild) the identity keys of `seekerId` and find the seekers that share one: the
 * likely duplicates with their reasons, ordered by seeker id. A seeker that is MERGED (or gone) has
 * no keys and no matches; MERGED seekers are never matched. The keys' `scannedAt` is the later
 * `updatedAt` of the seeker and its account as read, so the job rebuilds them after any later change.
 */
export async function findDuplicates(tx: Tx, seekerId: string): Promise<DuplicateMatch[]> {
  const s = await tx.seeker.findUnique({
    where: { id: seekerId },
    select: {
      firstName: true,
      lastName: true,
      birthDate: true,
      phone: true,
      status: true,
      updatedAt: true,
      user: { select: { email: true, updatedAt: true } },
      members: { select: { firstName: true, birthDate: true } },
    },
  });
  if (!s || s.status === "MERGED") {
    await tx.seekerIdentity.deleteMany({ where: { seekerId } });
    return [];
  }
  const keys = identityKeys({ ...s, email: s.user.email });
  const scannedAt = s.updatedAt > s.user.updatedAt ? s.updatedAt : s.user.updatedAt;
  await tx.seekerIdentity.upsert({
    where: { seekerId },
    create: { seekerId, keys, scannedAt },
    update: { keys, scannedAt },
  });
  // one statement on the GIN index: `keys && ARRAY[…]`
  const others = await tx.seekerIdentity.findMany({
    where: {
      seekerId: { not: seekerId },
      keys: { hasSome: wantedKeys(keys) },
      seeker: { status: { not: "MERGED" } },
    },
    select: { seekerId: true, keys: true },
    orderBy: { seekerId: "asc" },
  });
  return others
    .map((o) => ({ seekerId: o.seekerId, reasons: matchReasons(keys, o.keys) }))
    .filter((m) => m.reasons.length > 0);
}

/**
 * Record matches of `seekerId` as DuplicateCandidates: a new pair OPEN, an OPEN pair with reasons
 * it lacked updated (version + 1), a decided pair untouched. Idempotent.
 * @returns candidates created
 */
export async function recordDuplicates(tx: Tx, seekerId: string, matches: DuplicateMatch[]): Promise<number> {
  let created = 0;
  for (const m of matches) {
    const [a, b] = seekerId < m.seekerId ? [seekerId, m.seekerId] : [m.seekerId, seekerId];
    const n = await tx.duplicateCandidate.createMany({
      data: [{ seekerAId: a, seekerBId: b, reasons: m.reasons }],
      skipDuplicates: true,
    });
    if (n.count === 1) {
      created += 1;
      continue;
    }
    const existing = await tx.duplicateCandidate.findUnique({
      where: { seekerAId_seekerBId: { seekerAId: a, seekerBId: b } },
      select: { id: true, status: true, reasons: true },
    });
    if (!existing || existing.status !== "OPEN") continue;
    const missing = m.reasons.filter((r) => !existing.reasons.includes(r));
    if (!missing.length) continue;
    await tx.duplicateCandidate.updateMany({
      where: { id: existing.id, status: "OPEN" },
      data: { reasons: [...existing.reasons, ...missing], version: { increment: 1 } },
    });
  }
  return created;
}

/**
 * Detect and record the likely duplicates of one seeker in its own transaction (used right after
 * registration). Never throws: a failure is logged and the job finds the pair later.
 * @returns candidates created
 */
export async function detectDuplicatesOf(db: Db, seekerId: string): Promise<number> {
  try {
    return await db.$transaction(async (tx) =>
      recordDuplicates(tx, seekerId, await findDuplicates(tx, seekerId)),
    );
  } catch (e) {
    console.error(`[duplicates] detection for seeker ${seekerId} failed:`, e);
    return 0;
  }
}

/**
 * The duplicate job: every seeker (not MERGED) without identity keys, or changed (seeker or account
 * `updatedAt`) after its keys were built, gets its keys rebuilt and its matches recorded — in
 * batches of {@link DUPLICATE_BATCH}, at most {@link DUPLICATE_BATCHES_PER_RUN} per run (a large
 * first sweep continues at the next run). Idempotent: a second run with nothing changed finds no
 * seeker to scan and creates nothing. An aborted `signal` (the job queue stopping) ends the run
 * after the seeker in hand; the seekers left are due at the next run.
 * @returns seekers scanned and candidates created
 */
export async function detectDuplicatesJob(
  db: Db,
  signal?: AbortSignal,
): Promise<{ scanned: number; created: number; failures: number }> {
  const out = { scanned: 0, created: 0, failures: 0 };
  // a cursor within the run: a seeker that failed is not retried until the next run
  let after = "00000000-0000-0000-0000-000000000000";
  for (let batch = 0; batch < DUPLICATE_BATCHES_PER_RUN && !signal?.aborted; batch++) {
    const due = await db.$queryRaw<{ id: string }[]>`
      SELECT s."id"::text AS id
        FROM "Seeker" s
        JOIN "User" u ON u."id" = s."userId"
        LEFT JOIN "SeekerIdentity" i ON i."seekerId" = s."id"
       WHERE s."status" <> 'MERGED'
         AND s."id" > ${after}::uuid
         AND (i."seekerId" IS NULL OR s."updatedAt" > i."scannedAt" OR u."updatedAt" > i."scannedAt")
       ORDER BY s."id"
       LIMIT ${DUPLICATE_BATCH}`;
    if (!due.length) break;
    after = due[due.length - 1]!.id;
    for (const { id } of due) {
      if (signal?.aborted) break;
      try {
        out.created += await db.$transaction(async (tx) =>
          recordDuplicates(tx, id, await findDuplicates(tx, id)),
        );
        out.scanned += 1;
      } catch (e) {
        out.failures += 1;
        console.error(`[duplicates] job: seeker ${id} failed:`, e);
      }
    }
    if (due.length < DUPLICATE_BATCH) break;
  }
  return out;
}

/**
 * Refuse when the seeker's registration was closed by a merge (status MERGED): InvalidStateError.
 * Takes the seeker row FOR KEY SHARE, so a merge in progress (FOR UPDATE) finishes first.
 */
export async function assertSeekerNotMerged(tx: Tx, seekerId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT "status"::text AS status FROM "Seeker" WHERE "id" = ${seekerId}::uuid FOR KEY SHARE`;
  if (rows[0]?.status === "MERGED")
    throw new InvalidStateError(
      "MERGED",
      "This registration was merged into another registration of your household; respond with the registration that was kept",
    );
}
