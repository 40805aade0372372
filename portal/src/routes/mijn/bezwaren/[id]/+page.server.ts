/** /mijn/bezwaren/[id]: one objection or complaint, its periods, hearing and decision. */
import { error } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { ApiError } from "$lib/server/graphql";
import { graphql, typed } from "$lib/graphql";

const OBJECTION = typed(
  graphql(`
    query PortalMyObjection($id: ID!, $language: Language!) {
      node(id: $id) {
        __typename
        ... on Objection {
          id
          kind
          status
          reasons
          filedAt
          decisionDate
          periodEndsOn
          filedLate
          decisionDueOn
          extendedAt
          hearingAt
          hearingLocation
          outcome
          decision
          decidedAt
          documents {
            id
            fileName
          }
          urgencyApplication {
            id
            status
          }
          allocationExplanation {
            position
            total
            explanation(language: $language)
            checks {
              rule
              passed
              explanation(language: $language)
            }
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { node } = await run(event, OBJECTION, { id: event.params.id, language: language(event) }).catch(
    (e: unknown) => {
      if (e instanceof ApiError && e.status < 500) return { node: null };
      throw e;
    },
  );
  if (!node || node.__typename !== "Objection")
    error(404, { message: event.locals.t("objections.detail.notFound") });
  return { objection: node, notice: event.url.searchParams.get("melding") };
};
