/** GraphQL operations the /mijn pages share (typed from the schema with gql.tada). */
import { graphql, typed } from "$lib/graphql";
import { ProfileFields } from "$lib/server/fragments";

export const PROFILE = typed(
  graphql(
    `
      query PortalProfile {
        viewer {
          ...ProfileFields
        }
      }
    `,
    [ProfileFields],
  ),
);
