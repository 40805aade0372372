/** GraphQL operations of /urgentie, shared with the representative's pages (typed from the schema with gql.tada). */
import { graphql, typed } from "$lib/graphql";
import { UrgencyFields } from "$lib/server/fragments";

export const URGENCY_APPLICATIONS = typed(
  graphql(
    `
      query PortalUrgencyApplications {
        viewer {
          urgencyApplications(first: 20) {
            edges {
              node {
                ...UrgencyFields
              }
            }
          }
        }
      }
    `,
    [UrgencyFields],
  ),
);

export const URGENCY_CREATE = typed(
  graphql(
    `
      mutation PortalUrgencyCreate($input: UrgencyApplicationCreateInput!) {
        urgencyApplicationCreate(input: $input) {
          __typename
          ... on Error {
            message
            code
          }
          ... on ValidationError {
            issues {
              path
              field
              message
            }
          }
          ... on UrgencyApplicationCreateSuccess {
            urgencyApplication {
              ...UrgencyFields
            }
          }
        }
      }
    `,
    [UrgencyFields],
  ),
);
