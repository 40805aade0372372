/**
 * GraphQL fragments several seeker-side routes (and their components) share, typed from the
 * API's schema with gql.tada (`$lib/graphql`). A route spreads one (`...ListingCardFields`) and
 * passes it in the document's fragment list; components take the fragment's {@link ResultOf} as
 * their prop type, so a field the schema drops or renames fails `pnpm run typecheck`.
 *
 * Fragments that read `explanation(language: $language)` need the operation to declare
 * `$language: Language`.
 */
import { graphql, type ResultOf } from "$lib/graphql";

/** A connection's page info (for `Pagination.svelte`). */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
`);
export type PageInfo = ResultOf<typeof PageInfoFields>;

/** A position value (1 = first), explained in `$language`. */
export const PositionFields = graphql(`
  fragment PositionFields on PositionValue {
    kind
    position
    from
    to
    total
    tier
    explanation(language: $language)
  }
`);
export type Position = ResultOf<typeof PositionFields>;

/** One eligibility or priority rule checked for the seeker, explained in `$language`. */
export const CheckFields = graphql(`
  fragment CheckFields on EligibilityCheck {
    rule
    code
    passed
    affects
    source
    explanation(language: $language)
  }
`);
export type EligibilityCheck = ResultOf<typeof CheckFields>;

/** What a listing card shows (rent in EUR per month, area in m²; at most the cover photo). */
export const ListingCardFields = graphql(`
  fragment ListingCardFields on Listing {
    id
    reference
    title
    allocationModel
    status
    isOpen
    netRent
    serviceCosts
    totalRent
    closesAt
    responseCount
    dwelling {
      type
      rooms
      areaM2
      floor
      accessibility
      city
      district {
        id
        name
      }
    }
    photos(first: 1) {
      key
      altTextNl
      altTextEn
      width
      height
    }
  }
`);

/** A signed-in seeker's eligibility, position and response on a listing card (`$language`). */
export const ViewerCardFields = graphql(
  `
    fragment ViewerCardFields on Listing {
      viewerEligibility {
        eligible
        failedChecks {
          code
          explanation(language: $language)
        }
      }
      viewerPosition {
        current {
          ...PositionFields
        }
        ifRespondedNow {
          ...PositionFields
        }
      }
      viewerResponse {
        id
        status
      }
    }
  `,
  [PositionFields],
);

/** A listing card, with the viewer's fields when a signed-in seeker's query selected them. */
export type ListingCardData = ResultOf<typeof ListingCardFields> & Partial<ResultOf<typeof ViewerCardFields>>;

/** The published result of a let listing (letting). */
export const ListingResultFields = graphql(`
  fragment ListingResultFields on Letting {
    responseCount
    registrationYears
    decidedBy
    priorityRule
    letAt
  }
`);

/** A search profile of an urgency application: PREFERRED (asked for) or GRANTED (decided). */
export const SearchProfileFields = graphql(`
  fragment SearchProfileFields on SearchProfile {
    kind
    dwellingTypes
    minFloor
    maxFloor
    minRooms
    maxRooms
    requiresAccessibility
  }
`);
export type SearchProfile = ResultOf<typeof SearchProfileFields>;

/** An urgency application as the seeker sees it, with its timeline, documents and profiles. */
export const UrgencyFields = graphql(
  `
    fragment UrgencyFields on UrgencyApplication {
      id
      category
      situation
      status
      createdAt
      submittedAt
      decidedAt
      decisionReason
      grantedCategory
      validFrom
      validUntil
      timeline {
        status
        at
      }
      documents {
        id
        fileName
        mimeType
        sizeBytes
        uploadedAt
      }
      preferredSearchProfile {
        ...SearchProfileFields
      }
    }
  `,
  [SearchProfileFields],
);
export type UrgencyApplication = ResultOf<typeof UrgencyFields>;

/** The signed-in seeker's profile (income in EUR per year, registration in years). */
export const ProfileFields = graphql(`
  fragment ProfileFields on Seeker {
    id
    email
    firstName
    lastName
    birthDate
    phone
    status
    registrationDate
    registration {
      registrationDate
      sinceRegistration
      retained
      total
      explanation
    }
    isMover
    householdSize
    householdIncome
    accessibilityNeed
    currentDwellingKind
    currentDwellingRooms
    currentDwellingIsSocialRental
    householdMembers {
      role
      firstName
      birthDate
    }
    incomes {
      year
      amount
      source
      verified
    }
    municipality {
      id
      name
    }
    core
    workMunicipality {
      id
      name
    }
    workCore
  }
`);
