/**
 * /werk/bezwaren: objections against urgency decisions (assessors) and complaints about the
 * organisation's allocations (landlord staff), decision due soonest first.
 */
import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { requireObjectionStaff } from "$lib/server/objections";
import { graphql, typed } from "$lib/graphql";

const QUEUE = typed(
  graphql(`
    query PortalObjectionQueue {
      objectionQueue(first: 100) {
        totalCount
        edges {
          node {
            id
            kind
            status
            filedAt
            filedLate
            decisionDueOn
            hearingAt
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireObjectionStaff(event);
  const { objectionQueue } = await run(event, QUEUE, {});
  return { queue: objectionQueue?.edges.map((e) => e.node) ?? [] };
};
