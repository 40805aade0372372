/**
 * /vertegenwoordiger: the people the signed-in account acts for as representative (gemachtigde),
 * with what they may do and until when.
 */
import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { requireSignedIn } from "$lib/server/representative";
import { graphql, typed } from "$lib/graphql";

const RECEIVED = typed(
  graphql(`
    query PortalAuthorisationsReceived {
      authorisationsReceived(first: 100) {
        totalCount
        edges {
          node {
            id
            seekerName
            seekerRegistrationNumber
            scopes
            validUntil
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const { authorisationsReceived } = await run(event, RECEIVED, {});
  return {
    people: authorisationsReceived.edges.map((e) => e.node),
    total: authorisationsReceived.totalCount,
  };
};
