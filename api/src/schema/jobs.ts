/**
 * The scheduled jobs' queues for administrators (issue 13 item 1): `jobQueues` shows each job's
 * schedule, its last run, how many runs are in each state, recent failures and dead letters;
 * `jobDeadLetterRetry` queues a dead letter's job again. Read from the job queue's tables (queue.ts,
 * schema `pgboss`) with SQL, so any API process can answer, also one that runs no jobs (JOBS=off).
 * Error messages are the job runner's own (counts only, no personal data; queue.ts).
 */
import { Prisma } from "@woonbeurt/db";
import { db, type Tx } from "../db.ts";
import { currentJobQueue, DEAD_LETTER_QUEUE, JOBS, QUEUE_SCHEMA } from "../queue.ts";
import { builder } from "./builder.ts";
import { InvalidStateError, NotFoundError, ValidationError } from "./errors.ts";
import { audit, requireRole } from "./guards.ts";

/** Failures listed per queue (newest first). */
const RECENT_FAILURES = 5;
/** Dead letters listed per queue (newest first). */
const DEAD_LETTERS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StateCounts {
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
  cancelled: number;
}

interface Failure {
  jobId: string;
  failedAt: Date;
  retryCount: number;
  final: boolean;
  message: string;
}

interface DeadLetter {
  id: string;
  job: string;
  queuedAt: Date;
  message: string;
}

interface QueueView {
  name: string;
  description: string;
  schedule: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastState: string | null;
  counts: StateCounts;
  recentFailures: Failure[];
  deadLetters: DeadLetter[];
}

const emptyCounts = (): StateCounts => ({
  created: 0,
  retry: 0,
  active: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
});

/** The job's stored error message (pg-boss keeps the thrown error as `output`), at most 500 chars. */
function errorMessage(output: unknown): string {
  const o = output as { message?: unknown } | null;
  return (typeof o?.message === "string" ? o.message : "Unknown error").slice(0, 500);
}

/**
 * Every job queue with its runs, from the pgboss tables (empty figures before the queue first
 * started), read in one snapshot so counts, failures and dead letters agree.
 */
export function loadJobQueues(): Promise<QueueView[]> {
  return db().$transaction((tx) => readJobQueues(tx), { isolationLevel: "RepeatableRead" });
}

async function readJobQueues(tx: Tx): Promise<QueueView[]> {
  const views = new Map<string, QueueView>(
    JOBS.map((j) => [
      j.name,
      {
        name: j.name,
        description: j.description,
        schedule: j.schedule,
        lastStartedAt: null,
        lastFinishedAt: null,
        lastState: null,
        counts: emptyCounts(),
        recentFailures: [],
        deadLetters: [],
      },
    ]),
  );
  const exists = await tx.$queryRaw<{ t: string | null }[]>`
    SELECT to_regclass(${`${QUEUE_SCHEMA}.job`})::text AS t`;
  if (!exists[0]?.t) return [...views.values()];
  const names = [...views.keys()];
  const schedules = await tx.$queryRaw<{ name: string; cron: string }[]>`
    SELECT name, cron FROM pgboss.schedule WHERE name = ANY(${names}::text[])`;
  for (const s of schedules) views.get(s.name)!.schedule = s.cron;
  const counts = await tx.$queryRaw<{ name: string; state: keyof StateCounts; n: number }[]>`
    SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job
    WHERE name = ANY(${names}::text[]) GROUP BY name, state`;
  for (const c of counts) views.get(c.name)!.counts[c.state] = c.n;
  const last = await tx.$queryRaw<
    { name: string; started_on: Date; completed_on: Date | null; state: string }[]
  >`
    SELECT DISTINCT ON (name) name, started_on, completed_on, state::text AS state FROM pgboss.job
    WHERE name = ANY(${names}::text[]) AND started_on IS NOT NULL
    ORDER BY name, started_on DESC`;
  for (const l of last) {
    const v = views.get(l.name)!;
    v.lastStartedAt = l.started_on;
    v.lastState = l.state;
    v.lastFinishedAt = l.state === "active" ? null : l.completed_on;
  }
  const failures = await tx.$queryRaw<
    {
      id: string;
      name: string;
      state: string;
      retry_count: number;
      at: Date;
      output: unknown;
      rank: number;
    }[]
  >`
    SELECT * FROM (
      SELECT id::text, name, state::text AS state, retry_count, output,
             COALESCE(completed_on, started_on, created_on) AS at,
             row_number() OVER (PARTITION BY name ORDER BY COALESCE(completed_on, started_on, created_on) DESC)::int AS rank
      FROM pgboss.job
      WHERE name = ANY(${names}::text[]) AND output ? 'message'
        AND (state = 'failed' OR (state = 'retry' AND retry_count > 0))
    ) f WHERE rank <= ${RECENT_FAILURES} ORDER BY at DESC`;
  for (const f of failures)
    views.get(f.name)!.recentFailures.push({
      jobId: f.id,
      failedAt: f.at,
      retryCount: f.retry_count,
      final: f.state === "failed",
      message: errorMessage(f.output),
    });
  const dead = await tx.$queryRaw<{ id: string; job: string | null; created_on: Date; output: unknown }[]>`
    SELECT id::text, data->>'job' AS job, created_on, output FROM pgboss.job
    WHERE name = ${DEAD_LETTER_QUEUE} AND state = 'created'
    ORDER BY created_on DESC LIMIT ${DEAD_LETTERS * names.length}`;
  for (const d of dead) {
    const v = d.job ? views.get(d.job) : undefined;
    if (v && v.deadLetters.length < DEAD_LETTERS)
      v.deadLetters.push({ id: d.id, job: v.name, queuedAt: d.created_on, message: errorMessage(d.output) });
  }
  return [...views.values()];
}

// ── Types ───────────────────────────────────────────────────────────────────────────────────

const JobStateCountsRef = builder.objectRef<StateCounts>("JobStateCounts").implement({
  description:
    "How many runs of a job are in each state (runs are kept 7 days after they finished; pg-boss states).",
  fields: (t) => ({
    created: t.exposeInt("created", { description: "Queued, waiting for a runner." }),
    retry: t.exposeInt("retry", { description: "Failed, waiting for a retry (backoff)." }),
    active: t.exposeInt("active", { description: "Running now (at most one per job)." }),
    completed: t.exposeInt("completed", { description: "Finished without failure." }),
    failed: t.exposeInt("failed", {
      description: "Failed after every retry (each also became a dead letter).",
    }),
    cancelled: t.exposeInt("cancelled", { description: "Cancelled." }),
  }),
});

const JobFailureRef = builder.objectRef<Failure>("JobFailure").implement({
  description: "A failed run of a job. The message names counts only, never personal data.",
  fields: (t) => ({
    jobId: t.exposeID("jobId", { description: "The run's id in the job queue (a UUID)." }),
    failedAt: t.expose("failedAt", { type: "DateTime", description: "When it failed." }),
    retryCount: t.exposeInt("retryCount", { description: "Retries made before this failure." }),
    final: t.exposeBoolean("final", {
      description: "True when no retry is left (it became a dead letter); false while a retry waits.",
    }),
    message: t.exposeString("message", { description: "The error message (English)." }),
  }),
});

const JobDeadLetterRef = builder.objectRef<DeadLetter>("JobDeadLetter").implement({
  description: "A run that failed all its retries, kept until an administrator retries it (or 14 days).",
  fields: (t) => ({
    id: t.exposeID("id", {
      description: "The dead letter's id in the job queue (a UUID); pass it to `jobDeadLetterRetry`.",
    }),
    job: t.exposeString("job", { description: "Name of the job whose run failed." }),
    queuedAt: t.expose("queuedAt", { type: "DateTime", description: "When it became a dead letter." }),
    message: t.exposeString("message", { description: "The last error message (English)." }),
  }),
});

const JobQueueRef = builder.objectRef<QueueView>("JobQueue").implement({
  description:
    "A scheduled job (close listings, lapse offers, expire urgency, document retention, offer reminders, mail delivery, simulations) and its runs on the PostgreSQL job queue.",
  fields: (t) => ({
    name: t.exposeString("name", { description: 'Name of the job, e.g. "close-listings".' }),
    description: t.exposeString("description", { description: "What the job does (English)." }),
    schedule: t.exposeString("schedule", {
      description: 'Cron schedule in Europe/Amsterdam time; "* * * * *" = every minute.',
    }),
    lastStartedAt: t.expose("lastStartedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the latest run started; null before the first.",
    }),
    lastFinishedAt: t.expose("lastFinishedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the latest run finished (or failed); null while it runs or before the first.",
    }),
    lastState: t.exposeString("lastState", {
      nullable: true,
      description: "State of the latest run: active, completed, retry or failed; null before the first.",
    }),
    counts: t.field({
      type: JobStateCountsRef,
      description: "Runs per state.",
      resolve: (q) => q.counts,
    }),
    recentFailures: t.field({
      type: [JobFailureRef],
      description: `The latest failed runs, newest first (at most ${RECENT_FAILURES}).`,
      resolve: (q) => q.recentFailures,
    }),
    deadLetters: t.field({
      type: [JobDeadLetterRef],
      description: `Dead letters of this job, newest first (at most ${DEAD_LETTERS}).`,
      resolve: (q) => q.deadLetters,
    }),
  }),
});

builder.queryFields((t) => ({
  jobQueues: t.field({
    type: [JobQueueRef],
    description:
      "The scheduled jobs with their schedule, last run, runs per state, recent failures and dead letters, in the order they run. Administrators only. Errors: NotAuthorizedError.",
    authScopes: { admin: true },
    resolve: () => loadJobQueues(),
  }),
}));

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

const JobDeadLetterRetryInput = builder.inputType("JobDeadLetterRetryInput", {
  description: "A dead letter to retry.",
  fields: (t) => ({
    id: t.id({ required: true, description: "The dead letter's id (`JobDeadLetter.id`, a UUID)." }),
  }),
});

interface Retried {
  job: string;
}

builder.mutationFields((t) => ({
  jobDeadLetterRetry: t.field({
    type: builder.objectRef<Retried>("JobDeadLetterRetried").implement({
      description: "The dead letter was removed and its job queued to run now.",
      fields: (f) => ({
        job: f.exposeString("job", { description: "Name of the job queued." }),
      }),
    }),
    description:
      "Retry a dead letter (administrators): remove it and queue a run of its job now (the job does all its due work, so one run replaces the failed one). Audited. Errors: NotAuthorizedError; ValidationError (id not a UUID); NotFoundError (no such dead letter, e.g. already retried); InvalidStateError (this API process runs no job queue).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "retried", description: "What was queued." },
    },
    args: {
      input: t.arg({ type: JobDeadLetterRetryInput, required: true, description: "The dead letter." }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const id = String(input.id);
      if (!UUID.test(id)) throw ValidationError.field("input.id", "must be a dead letter's id (a UUID)");
      const queue = currentJobQueue();
      if (!queue) throw new InvalidStateError("NO_JOB_QUEUE", "This API process runs no job queue");
      const job = await db().$transaction(async (tx) => {
        const exists = await tx.$queryRaw<{ t: string | null }[]>`
          SELECT to_regclass(${`${QUEUE_SCHEMA}.job`})::text AS t`;
        if (!exists[0]?.t) throw new NotFoundError("JobDeadLetter");
        // Deleting claims it: of two administrators retrying at once, one gets NotFoundError.
        const rows = await tx.$queryRaw<{ job: string | null }[]>(Prisma.sql`
          DELETE FROM pgboss.job WHERE name = ${DEAD_LETTER_QUEUE} AND id = ${id}::uuid AND state = 'created'
          RETURNING data->>'job' AS job`);
        const name = rows[0]?.job;
        if (!name || !JOBS.some((j) => j.name === name)) throw new NotFoundError("JobDeadLetter");
        await audit(ctx, "UPDATE", "JobDeadLetter", id, { action: "retry", job: name }, tx, "ADMINISTRATOR");
        return name;
      });
      await queue.runNow(job);
      return { job };
    },
  }),
}));
