/** /mijn/bezwaren: the seeker's objections and complaints with their status. */
import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { graphql, typed } from "$lib/graphql";

const MINE = typed(
  graphql(`
    query PortalMyObjections {
      viewer {
        objections {
          id
          kind
          status
          filedAt
          outcome
          decisionDueOn
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, MINE, {});
  return { objections: viewer?.objections ?? [] };
};
