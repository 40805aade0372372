/** GraphQL documents of the seeker's document store (mijn documenten), shared by its routes. */
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";

/** The store, newest first (null viewer when signed out). */
export const SEEKER_DOCUMENTS = typed(
  graphql(`
    query PortalSeekerDocuments {
      viewer {
        id
        documents {
          id
          kind
          title
          fileName
          mimeType
          sizeBytes
          validFrom
          validUntil
          uploadedAt
          specialCategory
          downloadPath
          attachments {
            targetType
            targetId
            attachedAt
          }
        }
      }
    }
  `),
);

export const SEEKER_DOCUMENT_UPLOAD = typed(
  graphql(
    `
      mutation PortalSeekerDocumentUpload($input: SeekerDocumentUploadInput!) {
        seekerDocumentUpload(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const SEEKER_DOCUMENT_REMOVE = typed(
  graphql(
    `
      mutation PortalSeekerDocumentRemove($input: SeekerDocumentRemoveInput!) {
        seekerDocumentRemove(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const SEEKER_DOCUMENT_ATTACH = typed(
  graphql(
    `
      mutation PortalSeekerDocumentAttach($input: SeekerDocumentAttachInput!) {
        seekerDocumentAttach(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

/** Kinds a seeker can choose, in form order. */
export const KINDS = [
  "INCOME_STATEMENT",
  "IDENTITY",
  "PROOF_OF_RESIDENCE",
  "MEDICAL_STATEMENT",
  "EMPLOYMENT_PROOF",
  "OTHER",
] as const;
export type Kind = (typeof KINDS)[number];
