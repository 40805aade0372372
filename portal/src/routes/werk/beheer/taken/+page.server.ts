import { fail, redirect } from "@sveltejs/kit";
import { resolve } from "$app/paths";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { errorMessage, isError } from "$lib/server/errors";
import { ErrorFields, graphql, typed } from "$lib/graphql";

/** The scheduled jobs on the job queue: schedule, last run, runs per state, failures, dead letters. */
const JOB_QUEUES = typed(
  graphql(`
    query PortalAdminJobQueues {
      jobQueues {
        name
        schedule
        lastStartedAt
        lastFinishedAt
        lastState
        counts {
          created
          retry
          active
          completed
          failed
        }
        recentFailures {
          jobId
          failedAt
          retryCount
          final
          message
        }
        deadLetters {
          id
          job
          queuedAt
          message
        }
      }
    }
  `),
);

/** Queue a dead letter's job again (jobDeadLetterRetry). */
const RETRY = typed(
  graphql(
    `
      mutation PortalAdminJobDeadLetterRetry($id: ID!) {
        jobDeadLetterRetry(input: { id: $id }) {
          __typename
          ...ErrorFields
        }
      }
    `,
    [ErrorFields],
  ),
);

export const load: PageServerLoad = async (event) => {
  const { jobQueues } = await run(event, JOB_QUEUES, {});
  return {
    queues: jobQueues,
    deadLetters: jobQueues.flatMap((q) => q.deadLetters),
    notice: event.url.searchParams.get("melding"),
  };
};

export const actions: Actions = {
  /** Retry one dead letter (administrators); back to the page with a notice. */
  retry: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "").slice(0, 100);
    const { jobDeadLetterRetry: r } = await run(event, RETRY, { id });
    if (isError(r)) return fail(400, { errors: { _form: errorMessage(event.locals.t, r) } });
    redirect(303, resolve("/werk/beheer/taken") + "?melding=retried");
  },
};
