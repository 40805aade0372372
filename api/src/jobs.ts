/**
 * Scheduled jobs: the clock's part of the workflows. `runJobsOnce(db, now)` runs each job once (tests
 * call it directly with a chosen `now`); `startJobs({ db, intervalMs })` runs them every interval in
 * the API process (api/src/main.ts, scripts/start.ts) and returns a stop function.
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
 *    `startJobs` also runs it alone within a second of a mail being written (onMailQueued).
 *
 * 7. What-if scenarios (simulations.ts `runQueuedScenarios`): queued scenarios are claimed with
 *    SELECT … FOR UPDATE SKIP LOCKED and replayed. Not part of `runJobsOnce` (a region year takes
 *    minutes and must not hold up closing listings): `startJobs` runs it on its own, every interval
 *    and right after a scenario is queued (onScenarioQueued), never twice at once within a process.
 *
 * Every job is idempotent and safe when two processes run it at the same time: each change is a
 * conditional update (`where: { status: 'PUBLISHED', closesAt: { lte: now } }`, `outcome: 'PENDING'`,
 * …) in its own transaction, and its audit entry is written only when the update matched the row.
 */
import { invalidateAllPublicReads } from "./cache.ts";
import type { Db } from "@woonbeurt/db";
import { addMonths, amsterdamDate, toUtcMidnight } from "./allocation/index.ts";
import { closeListingTx, endOfferTx, SYSTEM_ACTOR, auditAs } from "./lifecycle.ts";
import { clearHistoryCache } from "./schema/position.ts";
import { InvalidStateError } from "./schema/errors.ts";
import { deliverOutbox, onMailQueued } from "./mail/outbox.ts";
import { remindOfferDeadlines } from "./mail/notify.ts";
import { onScenarioQueued, runQueuedScenarios } from "./simulations.ts";
import { deleteExpiredSeekerDocuments } from "./seeker-document-retention.ts";

/** Default retention of urgency documents after the application ended, in months. */
export const DOCUMENT_RETENTION_MONTHS = 12;
/** Default interval between runs: one minute. */
export const DEFAULT_JOB_INTERVAL_MS = 60_000;
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
  /** Mails sent by the delivery job. */
  mailsSent: number;
  /** Rows a job could not handle (logged; retried next run). */
  failures: number;
}

/** Run every job once at `now`. */
export async function runJobsOnce(
  db: Db,
  now: Date = new Date(),
  options: JobOptions = {},
): Promise<JobReport> {
  const report: JobReport = {
    listingsClosed: 0,
    offersLapsed: 0,
    urgencyExpired: 0,
    documentsDeleted: 0,
    seekerDocumentsDeleted: 0,
    remindersWritten: 0,
    mailsSent: 0,
    failures: 0,
  };
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
  // last: mails written by the jobs above go out in the same run
  await deliverMail(db, now, report);
  // closed listings and lapsed offers change public reads (cache.ts)
  if (report.listingsClosed + report.offersLapsed > 0) invalidateAllPublicReads();
  return report;
}

function failed(report: JobReport, job: string, id: string, e: unknown) {
  report.failures += 1;
  console.error(`[jobs] ${job} ${id} failed:`, e);
}

async function closeDueListings(db: Db, now: Date, report: JobReport) {
  const due = await db.listing.findMany({
    where: { status: "PUBLISHED", closesAt: { lte: now } },
    select: { id: true },
    orderBy: { closesAt: "asc" },
    take: BATCH,
  });
  for (const { id } of due) {
    try {
      await db.$transaction((tx) => closeListingTx(tx, id, now, SYSTEM_ACTOR), { timeout: 60_000 });
      report.listingsClosed += 1;
    } catch (e) {
      if (e instanceof InvalidStateError) continue; // closed by someone else meanwhile
      failed(report, "close listing", id, e);
    }
  }
  if (report.listingsClosed) clearHistoryCache();
}

async function lapseOverdueOffers(db: Db, now: Date, report: JobReport) {
  const due = await db.offer.findMany({
    where: { outcome: "PENDING", respondBy: { lte: now } },
    select: { id: true, responseId: true },
    orderBy: { respondBy: "asc" },
    take: BATCH,
  });
  for (const offer of due) {
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

async function expireUrgencyDeclarations(db: Db, now: Date, report: JobReport) {
  // `validUntil` is the last valid calendar day (stored as its UTC midnight); the declaration
  // expires when that day is before today in Amsterdam.
  const today = toUtcMidnight(amsterdamDate(now));
  const due = await db.urgencyApplication.findMany({
    where: { status: "GRANTED", validUntil: { lt: today } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of due) {
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

async function deleteExpiredDocuments(db: Db, now: Date, months: number, report: JobReport) {
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

/**
 * Run the jobs every `intervalMs` (default one minute; first run right away). Runs never overlap
 * within a process; across processes the conditional updates keep them safe. Returns a function that
 * stops the schedule and waits for a run in progress.
 */
export function startJobs(options: {
  db: Db;
  intervalMs?: number;
  documentRetentionMonths?: number;
  /** Log each run that changed something (default true). */
  log?: boolean;
}): () => Promise<void> {
  const interval = options.intervalMs ?? DEFAULT_JOB_INTERVAL_MS;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runJobsOnce(options.db, new Date(), options)
      .then((r) => {
        const changed =
          r.listingsClosed +
          r.offersLapsed +
          r.urgencyExpired +
          r.documentsDeleted +
          r.seekerDocumentsDeleted +
          r.mailsSent;
        if (options.log !== false && (changed || r.failures)) console.info(`[jobs] ${JSON.stringify(r)}`);
      })
      .catch((e) => console.error("[jobs] run failed:", e))
      .finally(() => {
        running = null;
      });
  };
  // What-if scenarios run beside the other jobs, one run at a time (item 7).
  let simulating: Promise<void> | null = null;
  let simulateAgain = false;
  const simulateSoon = () => {
    if (stopped) return;
    if (simulating) {
      simulateAgain = true;
      return;
    }
    simulating = runQueuedScenarios(options.db)
      .then((n) => {
        if (options.log !== false && n) console.info(`[jobs] {"scenariosRun":${n}}`);
      })
      .catch((e) => console.error("[jobs] simulation run failed:", e))
      .finally(() => {
        simulating = null;
        if (simulateAgain) {
          simulateAgain = false;
          simulateSoon();
        }
      });
  };
  onScenarioQueued(simulateSoon);
  const timer = setInterval(() => {
    tick();
    simulateSoon();
  }, interval);
  timer.unref();
  tick();
  simulateSoon();
  // A mail written by a request goes out within a second, not at the next run.
  let delivering: Promise<void> | null = null;
  let again = false;
  const deliverSoon = () => {
    if (stopped) return;
    if (delivering) {
      again = true;
      return;
    }
    const report = { mailsSent: 0, failures: 0 } as JobReport;
    delivering = deliverMail(options.db, new Date(), report).finally(() => {
      delivering = null;
      if (again) {
        again = false;
        deliverSoon();
      }
    });
  };
  onMailQueued(deliverSoon);
  return async () => {
    stopped = true;
    onMailQueued(null);
    onScenarioQueued(null);
    clearInterval(timer);
    await running;
    await delivering;
    await simulating;
  };
}
