/** GraphQL operations the /account pages share (typed from the schema with gql.tada). */
import { graphql, typed } from "$lib/graphql";

/** The signed-in account's address and the new one awaiting confirmation, if any (/account/email). */
export const ACCOUNT_EMAIL = typed(
  graphql(`
    query PortalAccountEmail {
      account {
        email
        pendingEmail
      }
    }
  `),
);
