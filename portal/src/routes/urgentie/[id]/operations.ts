/** GraphQL operations /urgentie/[id] and its edit page share (typed from the schema with gql.tada). */
import { graphql, typed } from "$lib/graphql";
import { UrgencyFields } from "$lib/server/fragments";

export const URGENCY_APPLICATION = typed(
  graphql(
    `
      query PortalUrgencyApplication($id: ID!) {
        node(id: $id) {
          __typename
          ... on UrgencyApplication {
            ...UrgencyFields
          }
        }
      }
    `,
    [UrgencyFields],
  ),
);

export const URGENCY_SUBMIT = typed(
  graphql(`
    mutation PortalUrgencySubmit($input: UrgencyApplicationIdInput!) {
      urgencyApplicationSubmit(input: $input) {
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
        ... on UrgencyApplicationSubmitSuccess {
          urgencyApplication {
            id
            status
          }
        }
      }
    }
  `),
);

export const URGENCY_UPDATE = typed(
  graphql(
    `
      mutation PortalUrgencyUpdate($input: UrgencyApplicationUpdateInput!) {
        urgencyApplicationUpdate(input: $input) {
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
          ... on UrgencyApplicationUpdateSuccess {
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
