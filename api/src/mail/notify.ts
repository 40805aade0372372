/**
 * Notifications (meldingen) of the allocation workflow, written to the outbox in the transaction of
 * the event (mail and portal inbox alike, in each seeker's language):
 * - POSITION_FIXED: every responder when a listing closes (lifecycle.ts closeListingTx), with the
 *   final position (null = not eligible on the closing date) and the number ranked;
 * - OFFER_MADE: the candidate an offer is made to (schema/letting.ts offerNext);
 * - OFFER_DEADLINE_NEAR: once per offer, 24 hours before `respondBy` (job, jobs.ts);
 * - URGENCY_DECISION: the applicant when an assessor grants or rejects (schema/urgency.ts);
 * - LETTING_RESULT: the new tenant and every other responder still in the race when a listing is
 *   let (schema/letting.ts acceptOfferTx).
 */
import type { Db } from "@woonbeurt/db";
import type { Tx } from "../db.ts";
import { enqueueMail, enqueueNotifications } from "./outbox.ts";

/** How long before an offer's deadline the reminder goes out: 24 hours. */
export const OFFER_REMINDER_MS = 24 * 3600_000;

const listingOf = (tx: Tx, id: string) =>
  tx.listing.findUniqueOrThrow({ where: { id }, select: { title: true, reference: true } });

/** POSITION_FIXED to every responder of a listing that just closed (positions stored). */
export async function notifyPositionsFixed(tx: Tx, listingId: string): Promise<number> {
  const l = await listingOf(tx, listingId);
  const rows = await tx.response.findMany({
    where: { listingId, status: { not: "WITHDRAWN" } },
    select: { finalPosition: true, seeker: { select: { userId: true } } },
  });
  const candidates = rows.filter((r) => r.finalPosition != null).length;
  return enqueueNotifications(
    tx,
    "POSITION_FIXED",
    rows.map((r) => ({
      userId: r.seeker.userId,
      params: { listingTitle: l.title, reference: l.reference, position: r.finalPosition, candidates },
    })),
  );
}

/** OFFER_MADE to the candidate of a new offer. */
export async function notifyOfferMade(tx: Tx, offerId: string): Promise<void> {
  const o = await tx.offer.findUniqueOrThrow({
    where: { id: offerId },
    select: {
      respondBy: true,
      listing: { select: { title: true, reference: true } },
      seeker: { select: { user: { select: { id: true, email: true, locale: true } } } },
    },
  });
  const u = o.seeker.user;
  await enqueueMail(tx, {
    kind: "OFFER_MADE",
    params: { listingTitle: o.listing.title, reference: o.listing.reference, respondBy: o.respondBy },
    to: u.email,
    userId: u.id,
    locale: u.locale,
  });
}

/** URGENCY_DECISION to the applicant of a decided application. */
export async function notifyUrgencyDecision(tx: Tx, applicationId: string): Promise<void> {
  const a = await tx.urgencyApplication.findUniqueOrThrow({
    where: { id: applicationId },
    select: {
      status: true,
      category: true,
      validUntil: true,
      seeker: { select: { user: { select: { id: true, email: true, locale: true } } } },
    },
  });
  const u = a.seeker.user;
  await enqueueMail(tx, {
    kind: "URGENCY_DECISION",
    params: { granted: a.status === "GRANTED", category: a.category ?? null, validUntil: a.validUntil },
    to: u.email,
    userId: u.id,
    locale: u.locale,
  });
}

/** LETTING_RESULT to the new tenant (won) and the responders whose response just ended (lost). */
export async function notifyLettingResult(
  tx: Tx,
  listingId: string,
  tenantSeekerId: string,
  loserResponseIds: string[],
): Promise<number> {
  const l = await listingOf(tx, listingId);
  const rows = await tx.response.findMany({
    where: { listingId, OR: [{ seekerId: tenantSeekerId }, { id: { in: loserResponseIds } }] },
    select: { seekerId: true, seeker: { select: { userId: true } } },
  });
  return enqueueNotifications(
    tx,
    "LETTING_RESULT",
    rows.map((r) => ({
      userId: r.seeker.userId,
      params: { listingTitle: l.title, reference: l.reference, won: r.seekerId === tenantSeekerId },
    })),
  );
}

/**
 * Job: OFFER_DEADLINE_NEAR for PENDING offers whose `respondBy` is within 24 hours, once per offer
 * (dedupe key `offer-deadline:<offerId>`; safe with two runners).
 * @returns reminders written
 */
export async function remindOfferDeadlines(db: Db, now: Date): Promise<number> {
  const due = await db.offer.findMany({
    where: {
      outcome: "PENDING",
      respondBy: { gt: now, lte: new Date(now.getTime() + OFFER_REMINDER_MS) },
    },
    select: {
      id: true,
      respondBy: true,
      listing: { select: { title: true, reference: true } },
      seeker: { select: { user: { select: { id: true, email: true, locale: true } } } },
    },
    take: 200,
  });
  let n = 0;
  for (const o of due) {
    const u = o.seeker.user;
    const id = await db.$transaction((tx) =>
      enqueueMail(tx, {
        kind: "OFFER_DEADLINE_NEAR",
        params: { listingTitle: o.listing.title, reference: o.listing.reference, respondBy: o.respondBy },
        to: u.email,
        userId: u.id,
        locale: u.locale,
        dedupeKey: `offer-deadline:${o.id}`,
      }),
    );
    if (id) n += 1;
  }
  return n;
}
