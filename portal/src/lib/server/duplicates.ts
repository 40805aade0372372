/**
 * Duplicate registrations (dubbele inschrijvingen): the GraphQL documents of the administrators'
 * review queue and decisions (routes/werk/beheer/dubbele-inschrijvingen).
 */
import type { RequestEvent } from "@sveltejs/kit";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import { run } from "$lib/server/api";

/** One registration of a candidate, side by side. */
export const DUPLICATE_REGISTRATION_FIELDS = graphql(`
  fragment DuplicateRegistrationFields on DuplicateRegistration {
    registrationNumber
    firstName
    lastName
    birthDate
    email
    phone
    status
    registrationDate
    retainedRegistrationYears
    registrationYears
    householdSize
    householdMembers {
      role
      firstName
      birthDate
    }
    currentDwellingKind
    createdAt
    responsesCount
    activeResponsesCount
    pendingOffer
  }
`);

/** The queue: candidates of one status, oldest first. */
export const DUPLICATE_QUEUE = typed(
  graphql(`
    query PortalDuplicateQueue($status: DuplicateStatus, $after: String) {
      duplicateCandidates(first: 50, after: $after, status: $status) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            status
            reasons
            detectedAt
            a {
              registrationNumber
              firstName
              lastName
              registrationDate
            }
            b {
              registrationNumber
              firstName
              lastName
              registrationDate
            }
          }
        }
      }
    }
  `),
);

/** One candidate with both registrations. */
export const DUPLICATE_CANDIDATE = typed(
  graphql(
    `
      query PortalDuplicateCandidate($id: ID!) {
        node(id: $id) {
          __typename
          ... on DuplicateCandidate {
            id
            status
            version
            reasons
            kept
            detectedAt
            decidedAt
            decidedByName
            decisionNote
            a {
              ...DuplicateRegistrationFields
            }
            b {
              ...DuplicateRegistrationFields
            }
          }
        }
      }
    `,
    [DUPLICATE_REGISTRATION_FIELDS],
  ),
);

export const DUPLICATE_MERGE = typed(
  graphql(
    `
      mutation PortalDuplicateMerge($input: DuplicateCandidateMergeInput!) {
        duplicateCandidateMerge(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const DUPLICATE_CLOSE = typed(
  graphql(
    `
      mutation PortalDuplicateClose($input: DuplicateCandidateCloseInput!) {
        duplicateCandidateClose(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

/** The signed-in seeker's registration status and, once closed by a merge, where it went. */
export const VIEWER_MERGED_INTO = typed(
  graphql(`
    query PortalViewerMergedInto {
      viewer {
        status
        mergedInto {
          registrationNumber
          registrationDate
        }
      }
    }
  `),
);

/**
 * For the seeker's dashboard: the registration their household continues with when this
 * registration was closed by a merge of duplicate registrations; null otherwise (and for staff).
 */
export async function mergedInto(
  event: RequestEvent,
): Promise<{ registrationNumber: number; registrationDate: string } | null> {
  const d = await run(event, VIEWER_MERGED_INTO, {});
  return d.viewer?.status === "MERGED" ? (d.viewer.mergedInto ?? null) : null;
}
