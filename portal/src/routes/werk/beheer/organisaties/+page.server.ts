import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";

/** Organisations and the staff accounts with their memberships (administrators). */
const ORGANISATIONS = typed(
  graphql(`
    query PortalAdminOrganisations {
      organisations(first: 100) {
        edges {
          node {
            id
            name
            kind
            website
          }
        }
      }
      staffAccounts(first: 100) {
        totalCount
        edges {
          node {
            id
            email
            displayName
            memberships {
              id
              role
              organisation {
                id
                name
              }
              woongroep {
                name
              }
            }
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  const d = await run(event, ORGANISATIONS, {});
  return {
    organisations: d.organisations.edges.map((e) => e.node),
    staff: d.staffAccounts.edges.map((e) => e.node),
    staffCount: d.staffAccounts.totalCount,
  };
};
