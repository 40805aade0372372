/**
 * Scheduled jobs: the clock's part of the workflows. `runJobsOnce(db, now)` runs each job once (tests
 * call it directly with a chosen `now`); in the API process each job is a queue on the PostgreSQL job
 * queue (queue.ts `startJobQueue`: pg-boss, every minute, one runner per job at a time across
 * processes, retries with backoff, dead letters), which calls the job functions exported here.
 *
 * 1. Close listings: PUBLISHED listings whose `closesAt` has passed are closed exactly as the staff
 *    `listingClose` mutation does (same function, lifecycle.ts `closeListingTx`): status CLOSED,
 *    lottery seed revealed, final positions stored, ineligible responses NOT_SELECTED.
 * 2. Lapse offers: PENDING offers past `respondBy` become NO_RESPONSE and the candidate's response
 *    DECLINED (lifecycle.ts `endOfferTx`, as `offerRecordOutcome` does). The job does not offer the
 *    dwelling to the next candidate: the landlord does that with `offerMake` and sets the deadline.
 * 3. Expire urgency declarations: GRANTED applications whose `validUntil` has passed become EXPIRED.
 * 4. Retention of urgency documents (GDPR art. 5(1)(e), storage limitation): the documents of an
 *    application are deleted `documentRetentionMonths` (default 12) after the application ended,
 *    and each deletion is written to the audit log. "Ended" is the decision for REJECTED, the
 *    withdrawal for WITHDRAWN, and the end of validity (`validUntil`) for GRANTED/EXPIRED: while a
 *    declaration is in force its evidence may still be needed (re-assessment, objection), so the
 *    clock starts when it lapses. The application record and its decision stay (they are needed to
 *    explain past rankings and for monitoring); only the special-category attachments go.
 *    The retention period is a constant here because the allocation core's rule set has no
 *    parameter for it yet (its schema is strict, so a rule set version cannot carry one).
 *    The seeker's document store (mijn documenten) is cleaned in the same step: a stored document
 *    goes 12 months after its `validUntil` unless an open application used it
 *    (seeker-document-retention.ts), audited the same way.
 *
 * 5. Remind offer deadlines (mail/notify.ts): OFFER_DEADLINE_NEAR once per pending offer, 24 hours
 *    before `respondBy`.
 * 6. Deliver mail (mail/outbox.ts `deliverOutbox`): send due outbox messages through SMTP, retrying
 *    with backoff; claimed with SELECT … FOR UPDATE SKIP LOCKED, so two runners never send one twice.
 *    The job queue also runs it within a second or two of a mail being written (onMailQueued).
 *
 * 8. Duplicate registrations (duplicates.ts `detectDuplicatesJob`): seekers registered or changed
 *    since their identity keys were built are checked for likely duplicates; new pairs become OPEN
 *    DuplicateCandidates for staff review (`duplicatesFound`). Never blocks a seeker.
 *
 * 7. What-if scenarios (simulations.ts `runQueuedScenarios`): queued scenarios are claimed with
 *    SELECT … FOR UPDATE SKIP LOCKED and replayed. Not part of `runJobsOnce` (a region year takes
 *    minutes and must not hold up closing listings): the job queue runs it as its own queue, every
 *    minute and right after a scenario is queued (onScenarioQueued).
 *
 * Every job is idempotent and safe when two processes run it at the same time: each change is a
 * conditional update (`where: { status: 'PUBLISHED', closesAt: { lte: now } }`, `outcome: 'PENDING'`,
 * …) in its own transaction, and its audit entry is written only when the update matched the row.
 */
import { invalidateAllPublicReads } from "./cache.ts";
import type { Db } from "@woonbeurt/db";
import { addMonths, amsterdamDate, toUtcMidnight } from "./allocation/index.ts";
import { closeListingTx, endOfferTx, SYSTEM_ACTOR, auditAs } from "./lifecycle.ts";
import { historyChanged } from "./schema/position.ts";
import { InvalidStateError } from "./schema/errors.ts";
import { deliverOutbox } from "./mail/outbox.ts";
import { remindOfferDeadlines } from "./mail/notify.ts";
import { runSearchAlerts } from "./saved-search-alerts.ts";
import { detectDuplicatesJob } from "./duplicates.ts";
import { deleteExpiredSeekerDocuments } from "./seeker-document-retention.ts";

/** Default retention of urgency documents after the application ended, in months. */
export const DOCUMENT_RETENTION_MONTHS = 12;
/** Rows handled per job and run (the next run continues). */
const BATCH = 200;

export interface JobOptions {
  /** Months to keep urgency documents after the application ended (default 12). */
  documentRetentionMonths?: number;
}

/** What one run changed. */
export interface JobReport {
  listingsClosed: number;
  offersLapsed: number;
  urgencyExpired: number;
  documentsDeleted: number;
  /** Documents of seekers' stores (mijn documenten) deleted by retention. */
  seekerDocumentsDeleted: number;
  /** Offer-deadline reminders written (once per offer, 24 h before respondBy). */
  remindersWritten: number;
  /** Saved-search alert mails written (one per seeker per run at most). */
  searchAlertsWritten?: number;
  /** Mails sent by the delivery job. */
  mailsSent: number;
  /** New likely duplicate registrations recorded for review (DuplicateCandidate, dubbele inschrijving). */
  duplicatesFound: number;
  /** Rows a job could not handle (logged; retried next run). */
  failures: number;
}

/** A report of a run that changed nothing yet (all counts 0). */
export function emptyJobReport(): JobReport {
  return {
    listingsClosed: 0,
    offersLapsed: 0,
    urgencyExpired: 0,
    documentsDeleted: 0,
    seekerDocumentsDeleted: 0,
    remindersWritten: 0,
    mailsSent: 0,
    duplicatesFound: 0,
    failures: 0,
  };
}

/**
 * Run every job once at `now`, in order (tests; the job queue runs each job on its own). Simulations
 * are not part of it (see item 7). Returns what the run changed; row failures are counted, not thrown.
 */
export async function runJobsOnce(
  db: Db,
  now: Date = new Date(),
  options: JobOptions = {},
): Promise<JobReport> {
  const report = emptyJobReport();
  // Order matters: close listings before expiring declarations, so that a declaration valid at a
  // listing's close time still counts (the core checks validity on the close date either way).
  await closeDueListings(db, now, report);
  await lapseOverdueOffers(db, now, report);
  await expireUrgencyDeclarations(db, now, report);
  await deleteExpiredDocuments(db, now, options.documentRetentionMonths ?? DOCUMENT_RETENTION_MONTHS, report);
  try {
    report.seekerDocumentsDeleted += await deleteExpiredSeekerDocuments(db, now);
  } catch (e) {
    failed(report, "delete stored documents", "seeker documents", e);
  }
  await remindDeadlines(db, now, report);
  // saved-search alerts (saved-search-alerts.ts): mails written here go out below
  try {
    report.searchAlertsWritten = (await runSearchAlerts(db, now)).mailsWritten;
  } catch (e) {
    failed(report, "search alerts", "saved searches", e);
  }
  await findDuplicateRegistrations(db, report);
  // last: mails written by the jobs above go out in the same run
  await deliverMail(db, now, report);
  // lapsed offers change public reads (cache.ts); closed listings did so as each closed
  if (report.offersLapsed > 0) await invalidateAllPublicReads(db);
  return report;
}

function failed(report: JobReport, job: string, id: string, e: unknown) {
  report.failures += 1;
  console.error(`[jobs] ${job} ${id} failed:`, e);
}

/** Job 1: close PUBLISHED listings whose `closesAt` is at or before `now` (at most 200 per run). */
export async function closeDueListings(db: Db, now: Date, report: JobReport, signal?: AbortSignal) {
  const due = await db.listing.findMany({
    where: { status: "PUBLISHED", closesAt: { lte: now } },
    select: { id: true },
    orderBy: { closesAt: "asc" },
    take: BATCH,
  });
  for (const { id } of due) {
    if (signal?.aborted) break; // stopping: the next run closes the rest
    try {
      await db.$transaction((tx) => closeListingTx(tx, id, now, SYSTEM_ACTOR), { timeout: 60_000 });
      report.listingsClosed += 1;
      // this process's kept answers and history, at once (the others were told at the commit)
      await invalidateAllPublicReads(db);
      await historyChanged(db);
    } catch (e) {
      if (e instanceof InvalidStateError) continue; // closed by someone else meanwhile
      failed(report, "close listing", id, e);
    }
  }
}

/** Job 2: PENDING offers past `respondBy` become NO_RESPONSE (at most 200 per run). */
export async function lapseOverdueOffers(db: Db, now: Date, report: JobReport, signal?: AbortSignal) {
  const due = await db.offer.findMany({
    where: { outcome: "PENDING", respondBy: { lte: now } },
    select: { id: true, responseId: true },
    orderBy: { respondBy: "asc" },
    take: BATCH,
  });
  for (const offer of due) {
    if (signal?.aborted) break;
    try {
      const ended = await db.$transaction((tx) =>
        endOfferTx(tx, offer, "NO_RESPONSE", "No answer by the deadline", now, SYSTEM_ACTOR),
      );
      if (ended) report.offersLapsed += 1;
    } catch (e) {
      failed(report, "lapse offer", offer.id, e);
    }
  }
}

/** Job 3: GRANTED urgency declarations whose last valid day is before today (Amsterdam) expire. */
export async function expireUrgencyDeclarations(db: Db, now: Date, report: JobReport, signal?: AbortSignal) {
  // `validUntil` is the last valid calendar day (stored as its UTC midnight); the declaration
  // expires when that day is before today in Amsterdam.
  const today = toUtcMidnight(amsterdamDate(now));
  const due = await db.urgencyApplication.findMany({
    where: { status: "GRANTED", validUntil: { lt: today } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of due) {
    if (signal?.aborted) break;
    try {
      const expired = await db.$transaction(async (tx) => {
        const n = await tx.urgencyApplication.updateMany({
          where: { id, status: "GRANTED", validUntil: { lt: today } },
          data: { status: "EXPIRED" },
        });
        if (n.count !== 1) return false;
        await auditAs(tx, SYSTEM_ACTOR, "UPDATE", "UrgencyApplication", id, { action: "expire" });
        return true;
      });
      if (expired) report.urgencyExpired += 1;
    } catch (e) {
      failed(report, "expire urgency", id, e);
    }
  }
}

/** Job 4: delete urgency documents `months` after their application ended (audited). */
export async function deleteExpiredDocuments(
  db: Db,
  now: Date,
  months: number,
  report: JobReport,
  signal?: AbortSignal,
) {
  const cutoff = toUtcMidnight(addMonths(amsterdamDate(now), -months));
  const due = await db.urgencyApplication.findMany({
    where: {
      documents: { some: {} },
      OR: [
        { status: "REJECTED", decidedAt: { lte: cutoff } },
        { status: "WITHDRAWN", withdrawnAt: { lte: cutoff } },
        { status: { in: ["GRANTED", "EXPIRED"] }, validUntil: { lte: cutoff } },
      ],
    },
    select: { id: true, status: true },
    take: BATCH,
  });
  for (const app of due) {
    if (signal?.aborted) break;
    try {
      report.documentsDeleted += await db.$transaction(async (tx) => {
        const docs = await tx.urgencyDocument.findMany({
          where: { applicationId: app.id },
          select: { id: true, sha256: true, sizeBytes: true },
        });
        let deleted = 0;
        for (const d of docs) {
          // Only the process whose delete matched the row writes the audit entry.
          const n = await tx.urgencyDocument.deleteMany({ where: { id: d.id } });
          if (n.count !== 1) continue;
          deleted += 1;
          await auditAs(tx, SYSTEM_ACTOR, "DELETE", "UrgencyDocument", d.id, {
            applicationId: app.id,
            applicationStatus: app.status,
            reason: "retention",
            retentionMonths: months,
            sha256: d.sha256,
            sizeBytes: d.sizeBytes,
          });
        }
        return deleted;
      });
    } catch (e) {
      failed(report, "delete documents of", app.id, e);
    }
  }
}

/** Job: OFFER_DEADLINE_NEAR reminders (mail/notify.ts remindOfferDeadlines). */
export async function remindDeadlines(db: Db, now: Date, report: JobReport) {
  try {
    report.remindersWritten += await remindOfferDeadlines(db, now);
  } catch (e) {
    failed(report, "offer reminders", "offers", e);
  }
}

/** Job 8: likely duplicate registrations (duplicates.ts detectDuplicatesJob). */
export async function findDuplicateRegistrations(db: Db, report: JobReport, signal?: AbortSignal) {
  try {
    const r = await detectDuplicatesJob(db, signal);
    report.duplicatesFound += r.created;
    report.failures += r.failures;
  } catch (e) {
    failed(report, "duplicate registrations", "seekers", e);
  }
}

/**
 * Job 5: deliver due outbox mail (mail/outbox.ts). A failed send counts as a failure of the run and
 * is retried with backoff by a later run.
 */
export async function deliverMail(db: Db, now: Date, report: JobReport) {
  try {
    const r = await deliverOutbox(db, now);
    report.mailsSent += r.sent;
    report.failures += r.failed;
  } catch (e) {
    failed(report, "deliver mail", "outbox", e);
  }
}
