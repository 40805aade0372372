/**
 * The scheduled jobs (jobs.ts, simulations.ts, mail/outbox.ts) on a PostgreSQL job queue (pg-boss,
 * schema `pgboss`, created by `startJobQueue` when missing).
 *
 * - Each job is a queue with a schedule: every minute (cron `* * * * *`, Europe/Amsterdam), plus one
 *   run right at start, plus a run within a second or two when a mail or a what-if scenario is
 *   queued. pg-boss sends each cron job once per minute however many processes schedule it.
 * - One runner per job at a time: the queues use pg-boss's `stately` policy (at most one job queued,
 *   one retrying and one running per queue), so two API processes never run the same job
 *   concurrently and a slow run does not pile up queued runs.
 * - A run that could not handle a row (jobs.ts counts them as `failures`) or threw fails its job:
 *   retried up to {@link RETRY_LIMIT} times with exponential backoff from {@link RETRY_DELAY_SECONDS};
 *   after that it is copied to the {@link DEAD_LETTER_QUEUE} queue (nobody works it), where an
 *   administrator sees it (`jobQueues`) and can retry it (`jobDeadLetterRetry`). Error messages
 *   stored with a job name counts only, never rows' contents (no personal data); details go to the
 *   API log.
 * - `JOBS=off` in a process: `startJobQueue({ work: false })` runs no job there (no workers, no
 *   schedule, no maintenance) but can still queue runs (mail, scenarios, retries) for the others.
 */
import PgBoss from "pg-boss";
import type { Db } from "@woonbeurt/db";
import { invalidateAllPublicReads } from "./cache.ts";
import {
  closeDueListings,
  deleteExpiredDocuments,
  deliverMail,
  DOCUMENT_RETENTION_MONTHS,
  emptyJobReport,
  expireUrgencyDeclarations,
  lapseOverdueOffers,
  findDuplicateRegistrations,
  remindDeadlines,
  type JobReport,
} from "./jobs.ts";
import { logger } from "./log.ts";
import { onMailQueued } from "./mail/outbox.ts";
import { onScenarioQueued, runQueuedScenarios } from "./simulations.ts";
import { onListingPublished, runSearchAlerts } from "./saved-search-alerts.ts";
import { deleteExpiredSeekerDocuments } from "./seeker-document-retention.ts";

/** PostgreSQL schema of the job queue's tables. */
export const QUEUE_SCHEMA = "pgboss";
/** Queue that receives a copy of every job that failed all its retries (a dead letter). */
export const DEAD_LETTER_QUEUE = "dead-letters";
/** Retries of a failed run before it becomes a dead letter. */
export const RETRY_LIMIT = 3;
/** Delay before the first retry, in seconds; doubled for each further retry (backoff). */
export const RETRY_DELAY_SECONDS = 30;
/** Schedule of every job: cron, every minute. */
export const EVERY_MINUTE = "* * * * *";

/** What a run changed: counts only (stored with the finished job). */
export type RunOutput = Record<string, number>;

/** One scheduled job. */
export interface JobDefinition {
  /** Queue name (letters, digits, hyphens). */
  name: string;
  /** What the job does, in English (shown to administrators). */
  description: string;
  /** Cron schedule (Europe/Amsterdam). */
  schedule: string;
  /** How long one run may take before pg-boss counts it as failed, in seconds. */
  expireInSeconds: number;
  /**
   * Run the job once at `now`; throws (or reports `failures`) when it could not do all its work.
   * `signal` is aborted when the queue stops: a run over many rows stops after the row in hand
   * (each row commits on its own) and the next run continues.
   */
  run(db: Db, now: Date, signal: AbortSignal): Promise<RunOutput>;
}

/** A jobs.ts job as a run function returning its non-zero counts. */
function reportJob(job: (db: Db, now: Date, report: JobReport, signal: AbortSignal) => Promise<void>) {
  return async (db: Db, now: Date, signal: AbortSignal): Promise<RunOutput> => {
    const report = emptyJobReport();
    await job(db, now, report, signal);
    // lapsed offers change public reads (cache.ts), in every API process (invalidation.ts); each
    // closed listing already told them at its commit (closeListingTx)
    if (report.offersLapsed > 0) await invalidateAllPublicReads(db);
    return Object.fromEntries(Object.entries(report).filter(([, v]) => v !== 0));
  };
}

/** The scheduled jobs, in the order of jobs.ts. */
export const JOBS: readonly JobDefinition[] = [
  {
    name: "close-listings",
    description: "Close published listings whose closing time has passed (final positions, lottery draw).",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob(closeDueListings),
  },
  {
    name: "lapse-offers",
    description: "Record offers not answered by their deadline as NO_RESPONSE.",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob(lapseOverdueOffers),
  },
  {
    name: "expire-urgency",
    description: "Expire urgency declarations past their last valid day.",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob(expireUrgencyDeclarations),
  },
  {
    name: "document-retention",
    description: `Delete urgency documents ${DOCUMENT_RETENTION_MONTHS} months after their application ended (audited).`,
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob((db, now, report, signal) =>
      deleteExpiredDocuments(db, now, DOCUMENT_RETENTION_MONTHS, report, signal),
    ),
  },
  {
    name: "stored-document-retention",
    description:
      "Delete documents of seekers' document stores 12 months after their validity ended, unless an open application uses them (audited).",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: async (db, now) => ({ seekerDocumentsDeleted: await deleteExpiredSeekerDocuments(db, now) }),
  },
  {
    name: "offer-reminders",
    description: "Remind candidates 24 hours before their offer's deadline (once per offer).",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob(remindDeadlines),
  },
  {
    name: "search-alerts",
    description:
      "Mail seekers the new listings matching their saved searches (immediate ones; daily digests at 08:00); also runs as soon as a listing is published.",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: async (db, now) => ({ searchAlertsWritten: (await runSearchAlerts(db, now)).mailsWritten }),
  },
  {
    name: "find-duplicates",
    description: "Look for likely duplicate registrations of one household, for staff to review.",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob((db, _now, report, signal) => findDuplicateRegistrations(db, report, signal)),
  },
  {
    name: "deliver-mail",
    description: "Send due mail from the outbox; also runs as soon as a mail is queued.",
    schedule: EVERY_MINUTE,
    expireInSeconds: 15 * 60,
    run: reportJob(deliverMail),
  },
  {
    name: "run-simulations",
    description: "Replay queued what-if scenarios; also runs as soon as a scenario is queued.",
    schedule: EVERY_MINUTE,
    // a region year takes minutes
    expireInSeconds: 60 * 60,
    run: async (db, now, signal) => ({ scenariosRun: await runQueuedScenarios(db, now, 10, signal) }),
  },
];

/** A job queue started by {@link startJobQueue}. */
export interface JobQueue {
  /** The pg-boss instance (tests, the retry mutation). */
  boss: PgBoss;
  /** Queue a run of the job `name` now (deduplicated: at most one queued run per job). */
  runNow(name: string): Promise<void>;
  /**
   * Stop gracefully: no new runs; runs in progress are told to stop after the row in hand (their
   * `signal`) and waited for up to `timeoutMs` (default 30 s); a run still busy then is failed and
   * retried by a later run.
   */
  stop(timeoutMs?: number): Promise<void>;
}

let current: JobQueue | null = null;

/** The job queue this process started, if any (the retry mutation queues through it). */
export function currentJobQueue(): JobQueue | null {
  return current;
}

/** Data stored with each job: which job it is (the dead letter keeps it). */
interface JobData {
  job: string;
}

/**
 * Start the job queue on the database at `url`: create the pg-boss schema and the queues when
 * missing, store the schedules and, with `work` (default true), run the jobs in this process.
 * Returns a handle whose `stop()` shuts it down gracefully. `jobs` replaces the job list (tests).
 * @throws when the database is unreachable.
 */
export async function startJobQueue(options: {
  db: Db;
  url: string;
  work?: boolean;
  /** Seconds between a worker's polls for queued runs (default 2). */
  pollingIntervalSeconds?: number;
  /** Log runs that changed something and failures (default true). */
  log?: boolean;
  jobs?: readonly JobDefinition[];
  /** Retries before a dead letter (default {@link RETRY_LIMIT}; tests use fewer). */
  retryLimit?: number;
  /** First retry delay in seconds (default {@link RETRY_DELAY_SECONDS}). */
  retryDelaySeconds?: number;
}): Promise<JobQueue> {
  const work = options.work ?? true;
  const jobs = options.jobs ?? JOBS;
  const boss = new PgBoss({
    connectionString: options.url,
    schema: QUEUE_SCHEMA,
    application_name: "woonbeurt-jobs",
    max: 4,
    schedule: work,
    supervise: work,
  });
  boss.on("error", (e) => logger.error({ err: e }, "[jobs] queue error"));
  // aborted by stop(): long runs end after the row in hand instead of holding up the shutdown
  const stopping = new AbortController();
  await boss.start();
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, policy: "standard" });
  const workers = new Map<string, string>();
  for (const job of jobs) {
    const queue = {
      name: job.name,
      policy: "stately" as const,
      retryLimit: options.retryLimit ?? RETRY_LIMIT,
      retryDelay: options.retryDelaySeconds ?? RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    };
    await boss.createQueue(job.name, queue);
    await boss.updateQueue(job.name, queue); // keep an existing queue's options in step
    const data: JobData = { job: job.name };
    await boss.schedule(job.name, job.schedule, data, { tz: "Europe/Amsterdam" });
    if (!work) continue;
    const id = await boss.work<JobData>(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async () => {
        const output = await job.run(options.db, new Date(), stopping.signal);
        if (output.failures) {
          // counts only: rows' contents stay in the log (jobs.ts `failed`)
          throw new Error(`${job.name}: ${output.failures} item(s) failed; details in the API log`);
        }
        // log a run that changed something (some runs report their counts even when zero)
        const changed = Object.fromEntries(Object.entries(output).filter(([, n]) => n !== 0));
        if (options.log !== false && Object.keys(changed).length)
          logger.info(`[jobs] ${job.name} ${JSON.stringify(changed)}`);
        return output;
      },
    );
    workers.set(job.name, id);
  }

  const runNow = async (name: string) => {
    await boss.send(name, { job: name } satisfies JobData);
    const worker = workers.get(name);
    if (worker) boss.notifyWorker(worker);
  };
  const soon = (name: string) => () => {
    runNow(name).catch((e) => logger.error({ err: e }, `[jobs] could not queue ${name}`));
  };
  onMailQueued(soon("deliver-mail"));
  onScenarioQueued(soon("run-simulations"));
  onListingPublished(soon("search-alerts"));
  // first run right away (the schedule's first falls on the next minute)
  if (work) for (const job of jobs) await runNow(job.name);

  let stopped: Promise<void> | null = null;
  const queue: JobQueue = {
    boss,
    runNow,
    stop: (timeoutMs = 30_000) =>
      (stopped ??= (async () => {
        onMailQueued(null);
        onScenarioQueued(null);
        onListingPublished(null);
        if (current === queue) current = null;
        stopping.abort();
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      })()),
  };
  current = queue;
  return queue;
}
