/**
 * State transitions shared by the staff mutations (schema/*.ts) and the scheduled jobs (jobs.ts),
 * so that closing a listing by hand and by the clock is the same code in the same transaction.
 *
 * Every function here runs inside a caller's transaction (`tx`), makes its change with a
 * conditional update (`where: { status: 'PUBLISHED' }` …) so that two processes racing on the same
 * row cannot both apply it, and writes the audit entry in the same transaction.
 */
import { notifyPositionsFixed } from "./mail/notify.ts";
import type { AuditAction, Prisma } from "@woonbeurt/db";
import {
  commitment,
  rankCandidates,
  ruleSetInForce,
  type CandidateInput,
  type RuleSet,
} from "./allocation/index.ts";
import type { Tx } from "./db.ts";
import { invalidateAtCommit } from "./invalidation.ts";
import { lockListingForUpdate } from "./locks.ts";
import { entryCode, lotteryKey, unsealSeed } from "./lottery-key.ts";
import {
  candidateInclude,
  candidateInput,
  evaluableOn,
  listingInputTx,
  listingSelect,
  loadRuleSets,
  seekerSnapshot,
  type ListingRow,
} from "./schema/core.ts";
import { InvalidStateError } from "./schema/errors.ts";
import { closedCandidateInputs } from "./schema/fixed-order.ts";

/** Who makes a change, as written to the audit log. */
export interface Actor {
  /** The acting user; null for the system (scheduled jobs). */
  userId: string | null;
  /** Role acted in, e.g. LANDLORD_STAFF, ASSESSOR, SYSTEM. */
  role: string;
  /** Client IP, when a request caused the change. */
  ip: string | null;
}

/** The scheduled jobs (jobs.ts). */
export const SYSTEM_ACTOR: Actor = { userId: null, role: "SYSTEM", ip: null };

/** Append an audit entry inside `tx`. */
export async function auditAs(
  tx: Tx,
  actor: Actor,
  action: AuditAction,
  entityType: string,
  entityId: string,
  detail?: Prisma.InputJsonValue,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorUserId: actor.userId,
      actorRole: actor.role,
      action,
      entityType,
      entityId,
      detail: detail ?? undefined,
      ip: actor.ip,
    },
  });
}

/** What closing a listing did. */
export interface ListingCloseOutcome {
  listingId: string;
  /** Responses ranked (their final position stored). */
  ranked: number;
  /** Ineligible responses marked NOT_SELECTED. */
  excluded: number;
}

/**
 * Close a PUBLISHED listing whose response window has ended (at `now`): status CLOSED, the lottery
 * seed unsealed and revealed (LOTERIJ; each ranked response's entry code stored as the published
 * draw), the final ranking computed by the allocation core on the close date,
 * each ranked response's `finalPosition` stored, every response's ranking inputs frozen in
 * `seekerAtClose` (the order is never re-ranked with later data, see schema/fixed-order.ts), and
 * ineligible responses NOT_SELECTED. Audited. Other API processes are told to forget their public
 * answers and closed history at the commit (invalidation.ts).
 *
 * The listing row is locked FOR UPDATE first, so responses (which lock it FOR SHARE) are either all
 * committed before the ranking or refused with WindowClosedError afterwards.
 *
 * @throws InvalidStateError when the listing is not PUBLISHED, the window is still open, or another
 *   transaction closed it first (the conditional update matched no row); Error when the sealed
 *   seed cannot be opened with LOTTERY_KEY or does not match the published commitment (a broken
 *   key or tampered row: the listing stays PUBLISHED)
 */
export async function closeListingTx(
  tx: Tx,
  listingId: string,
  now: Date,
  actor: Actor,
): Promise<ListingCloseOutcome> {
  // Waits for every listingRespond holding the listing FOR SHARE, and keeps new ones out until
  // this transaction commits: no response is added after the ranking below (locks.ts).
  await lockListingForUpdate(tx, listingId);
  const row = await tx.listing.findUniqueOrThrow({
    where: { id: listingId },
    select: { ...listingSelect, reference: true, lotteryCommitment: true, lotterySeedSealed: true },
  });
  if (row.status !== "PUBLISHED")
    throw new InvalidStateError(row.status, "Only a published listing can be closed");
  if (row.closesAt > now)
    throw new InvalidStateError(
      row.status,
      `The response window is open until ${row.closesAt.toISOString()}`,
    );
  // The seed is opened only here (sealed since publication, lottery-key.ts); a seed stored in plain
  // text before sealing existed is taken as it is.
  const seed = row.lotterySeedSealed
    ? unsealSeed(lotteryKey(), row.id, row.lotterySeedSealed)
    : row.lotterySeed;
  if (seed && row.lotteryCommitment && commitment(seed) !== row.lotteryCommitment)
    throw new Error(`listing ${row.id}: the lottery seed does not match its published commitment`);
  const n = await tx.listing.updateMany({
    where: { id: row.id, status: "PUBLISHED", closesAt: { lte: now } },
    data: {
      status: "CLOSED",
      closedAt: now,
      lotterySeed: seed,
      lotterySeedSealed: null,
      lotterySeedRevealedAt: seed ? now : null,
    },
  });
  if (n.count !== 1) throw new InvalidStateError("CLOSED", "The listing was closed concurrently");
  const revealed = { ...row, lotterySeed: seed, lotterySeedRevealedAt: seed ? now : null };
  const rows = await tx.response.findMany({
    where: { listingId: row.id, status: { not: "WITHDRAWN" } },
    include: candidateInclude,
  });
  const ruleSet = ruleSetInForce(await loadRuleSets(tx), row.closesAt);
  // LOTERIJ: each candidate's entry code, fixed before the commitment (LOTTERY.md).
  const inputs = rows.map((r) => ({
    ...candidateInput(r),
    lotteryEntry: seed ? (r.lotteryEntry ?? entryCode(row.reference, r.seeker.registrationNumber)) : null,
  }));
  const ranking = rankCandidates(await listingInputTx(tx, revealed), inputs, ruleSet, row.closesAt);
  // One statement for every response: its final position (null when not ranked), its seeker's
  // ranking inputs frozen at close, so that nothing after close re-ranks with today's data, and
  // for a lottery the entry code of each ranked response (the published draw, LOTTERY.md).
  const position = new Map(ranking.ranked.map((r) => [r.responseId, r.position]));
  const drawn = (c: (typeof inputs)[number]) =>
    seed && position.has(c.responseId) ? (c.lotteryEntry ?? null) : null;
  if (inputs.length)
    await tx.$executeRaw`
      UPDATE "Response" AS r SET "finalPosition" = v.pos, "seekerAtClose" = v.snap, "lotteryEntry" = v.entry
      FROM unnest(${inputs.map((c) => c.responseId)}::uuid[], ${inputs.map((c) => position.get(c.responseId) ?? null)}::int4[], ${inputs.map((c) => JSON.stringify(seekerSnapshot(c.seeker)))}::jsonb[], ${inputs.map(drawn)}::text[]) AS v(id, pos, snap, entry)
      WHERE r.id = v.id`;
  const excluded = ranking.excluded.filter((e) => e.reason === "INELIGIBLE").map((e) => e.responseId);
  if (excluded.length)
    await tx.response.updateMany({ where: { id: { in: excluded } }, data: { status: "NOT_SELECTED" } });
  await recordWithdrawnPlacesTx(tx, revealed, inputs, ruleSet, seed);
  // every responder learns the final position, in this transaction (mail/notify.ts)
  await notifyPositionsFixed(tx, row.id);
  await auditAs(tx, actor, "UPDATE", "Listing", row.id, {
    action: "close",
    ranked: ranking.ranked.length,
    excluded: excluded.length,
  });
  // the other API processes forget the open listing's answers and the history as it commits
  // (invalidation.ts); the caller forgets this process's after the commit
  await invalidateAtCommit(tx, { kind: "publicReads" });
  await invalidateAtCommit(tx, { kind: "history" });
  return { listingId: row.id, ranked: ranking.ranked.length, excluded: excluded.length };
}

/**
 * For the position back-test (allocation core `backtest`): where each response withdrawn before
 * close would have stood among the ranked ones had it stayed — `Response.rankedAheadAtClose`, the
 * number of ranked responses ahead of it. The withdrawn responses are ranked by the same core, on
 * the close date, together with the ranked ones (adding them does not reorder those: each
 * candidate's place follows from its own rank key, ranking.ts `compareRankKeys`); a withdrawer who would not have been
 * eligible, or whose data cannot be evaluated on the close day (housed since, registration reset),
 * keeps null. Changes no position and no status.
 */
async function recordWithdrawnPlacesTx(
  tx: Tx,
  listing: ListingRow & { reference: string },
  ranked: readonly CandidateInput[],
  ruleSet: RuleSet,
  seed: string | null,
): Promise<void> {
  if (listing.allocationModel === "BEMIDDELING") return;
  const withdrawn = await tx.response.findMany({
    where: { listingId: listing.id, status: "WITHDRAWN" },
    include: candidateInclude,
  });
  const inputs = withdrawn
    .map((r) => ({
      ...candidateInput(r),
      lotteryEntry: seed ? entryCode(listing.reference, r.seeker.registrationNumber) : null,
    }))
    .filter((c) => evaluableOn(c.seeker, listing.closesAt));
  if (inputs.length === 0) return;
  const all = rankCandidates(
    await listingInputTx(tx, listing),
    [...ranked, ...inputs],
    ruleSet,
    listing.closesAt,
  );
  const isWithdrawn = new Set(inputs.map((c) => c.responseId));
  const ahead = new Map<string, number>();
  let stayed = 0;
  for (const r of all.ranked) {
    if (isWithdrawn.has(r.responseId)) ahead.set(r.responseId, stayed);
    else stayed += 1;
  }
  if (ahead.size)
    await tx.$executeRaw`
      UPDATE "Response" AS r SET "rankedAheadAtClose" = v.ahead
      FROM unnest(${[...ahead.keys()]}::uuid[], ${[...ahead.values()]}::int4[]) AS v(id, ahead)
      WHERE r.id = v.id`;
}

/**
 * Re-ranks a CLOSED listing after a woongroep committee verdict given after close (verdicts may
 * come until the first offer): the allocation core ranks again on the inputs frozen at close
 * (`seekerAtClose`; for listings closed before those were kept, the seeker's data where it can
 * still be evaluated on the close day, see schema/fixed-order.ts) with the verdicts as they are
 * now, on the close date; the stored `finalPosition`s are replaced, and a candidate the verdict
 * made ineligible (UNSUITABLE removes [000]) becomes NOT_SELECTED. Nothing happens for a listing
 * that is not CLOSED (before close the close itself ranks; once offers are made, verdicts are
 * refused). Call inside the verdict's transaction, after locking the listing row.
 */
export async function reRankClosedListingTx(tx: Tx, listingId: string): Promise<void> {
  const row = await tx.listing.findUniqueOrThrow({ where: { id: listingId }, select: listingSelect });
  if (row.status !== "CLOSED") return;
  const rows = await tx.response.findMany({
    where: { listingId, status: { not: "WITHDRAWN" } },
    include: candidateInclude,
  });
  const ruleSet = ruleSetInForce(await loadRuleSets(tx), row.closesAt);
  const { inputs } = closedCandidateInputs(rows, row.closesAt);
  const ranking = rankCandidates(await listingInputTx(tx, row), inputs, ruleSet, row.closesAt);
  const position = new Map(ranking.ranked.map((r) => [r.responseId, r.position]));
  if (rows.length)
    await tx.$executeRaw`
      UPDATE "Response" AS r SET "finalPosition" = v.pos
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => position.get(r.id) ?? null)}::int4[]) AS v(id, pos)
      WHERE r.id = v.id`;
  const excluded = ranking.excluded.filter((e) => e.reason === "INELIGIBLE").map((e) => e.responseId);
  if (excluded.length)
    await tx.response.updateMany({
      where: { id: { in: excluded }, status: "ACTIVE" },
      data: { status: "NOT_SELECTED" },
    });
}

/**
 * End a PENDING offer without a letting: DECLINED (the candidate said no) or NO_RESPONSE (no answer
 * by `respondBy`). The candidate's response becomes DECLINED so the next offer skips them; the
 * listing stays OFFERING. Audited. Returns false when the offer was no longer pending (another
 * transaction recorded an outcome first) — then nothing was changed.
 */
export async function endOfferTx(
  tx: Tx,
  offer: { id: string; responseId: string },
  outcome: "DECLINED" | "NO_RESPONSE",
  reason: string | null,
  now: Date,
  actor: Actor,
): Promise<boolean> {
  const n = await tx.offer.updateMany({
    where: { id: offer.id, outcome: "PENDING" },
    data: { outcome, outcomeAt: now, outcomeReason: reason },
  });
  if (n.count !== 1) return false;
  await tx.response.update({ where: { id: offer.responseId }, data: { status: "DECLINED" } });
  await auditAs(tx, actor, "UPDATE", "Offer", offer.id, { outcome });
  return true;
}
