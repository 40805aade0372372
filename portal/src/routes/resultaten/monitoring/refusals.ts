/** Responses refused by the response limit per week (reactielimiet, issue 15 item 5). */
import { graphql, typed } from "$lib/graphql";

export const RESPONSE_LIMIT_REFUSALS = typed(
  graphql(`
    query PortalResponseLimitRefusals($weeks: Int!) {
      responseLimitRefusals(weeks: $weeks) {
        weekStart
        active
        week
        total
      }
    }
  `),
);

/** Weeks shown on the monitoring page. */
export const REFUSAL_WEEKS = 12;
