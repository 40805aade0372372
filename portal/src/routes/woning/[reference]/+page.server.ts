import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { graphql, typed } from "$lib/graphql";
import { CheckFields, ListingCardFields, ListingResultFields, PositionFields } from "$lib/server/fragments";
import type { ResultOf } from "$lib/server/graphql";
import { errorMessage, isError } from "$lib/server/errors";
import { requireViewer } from "$lib/server/guard";

/** What the listing page shows of a listing to everyone (both queries below select it). */
const ListingDetailFields = graphql(
  `
    fragment ListingDetailFields on Listing {
      ...ListingCardFields
      gallery: photos {
        key
        altTextNl
        altTextEn
        width
        height
      }
      description
      criteria {
        rule
        source
        description(language: $language)
      }
      publishedAt
      closedAt
      householdMin
      householdMax
      ageLabel
      incomeBand
      incomeLimit
      priorityRules
      lottery {
        commitment
        seed
        seedRevealedAt
        algorithm
      }
      landlord {
        name
        website
      }
      dwelling {
        street
        houseNumber
        houseNumberSuffix
        postalCode
        neighbourhood
        hasElevator
        energyLabel
        buildYear
        isNewBuild
        municipality {
          name
        }
        woongroep {
          name
          description
          targetDragendShare
          dragendResidents
          vragendResidents
        }
      }
      result {
        ...ListingResultFields
      }
    }
  `,
  [ListingCardFields, ListingResultFields],
);

const LISTING = typed(
  graphql(
    `
      query PortalListing($reference: String!, $language: Language) {
        listing(reference: $reference) {
          ...ListingDetailFields
        }
      }
    `,
    [ListingDetailFields],
  ),
);

const LISTING_FOR_VIEWER = typed(
  graphql(
    `
      query PortalListingForViewer($reference: String!, $language: Language) {
        listing(reference: $reference) {
          ...ListingDetailFields
          viewerEligibility {
            eligible
            urgencyPriority
            checks {
              ...CheckFields
            }
          }
          viewerPosition {
            current {
              ...PositionFields
            }
            ifRespondedNow {
              ...PositionFields
            }
            expectedAtClose {
              expected
              low
              high
              method
              comparableCount
              enoughComparables
              pointCount
              historicalWindowShare
              historicalMedianAbsoluteError
              historicalIntervalCoverage
              historicalListings
            }
            canChange
            totalCandidates
          }
          viewerResponse {
            id
            status
            createdAt
            motivation
            finalPosition
            committeeVerdict
            committeeReason
          }
        }
        viewer {
          responseAllowance {
            allowed
            maxActive
            activeLeft
            maxPerWeek
            weekLeft
          }
        }
      }
    `,
    [PositionFields, CheckFields, ListingDetailFields],
  ),
);

const LISTING_RESPOND = typed(
  graphql(
    `
      mutation PortalListingRespond($input: ListingRespondInput!, $language: Language) {
        listingRespond(input: $input) {
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
          ... on NotEligibleError {
            failedChecks {
              ...CheckFields
            }
          }
          ... on ListingRespondSuccess {
            response {
              id
            }
          }
        }
      }
    `,
    [CheckFields],
  ),
);

const RESPONSE_WITHDRAW = typed(
  graphql(`
    mutation PortalResponseWithdraw($input: ResponseWithdrawInput!) {
      responseWithdraw(input: $input) {
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
        ... on ResponseWithdrawSuccess {
          response {
            id
          }
        }
      }
    }
  `),
);

/** The complaint route of the viewer's response (klacht): the last day and a complaint filed. */
const COMPLAINT_ROUTE = typed(
  graphql(`
    query PortalResponseComplaintRoute($id: ID!) {
      node(id: $id) {
        __typename
        ... on Response {
          id
          complaintPeriodEndsOn
          complaint {
            id
          }
        }
      }
    }
  `),
);

const MOTIVATION_MIN = 50;
const MOTIVATION_MAX = 5000;

export const load: PageServerLoad = async (event) => {
  const reference = event.params.reference;
  const signedIn = !!event.locals.viewer;
  let allowance: NonNullable<ResultOf<typeof LISTING_FOR_VIEWER>["viewer"]>["responseAllowance"] | null =
    null;
  let listing:
    | (NonNullable<ResultOf<typeof LISTING>["listing"]> &
        Partial<
          Pick<
            NonNullable<ResultOf<typeof LISTING_FOR_VIEWER>["listing"]>,
            "viewerEligibility" | "viewerPosition" | "viewerResponse"
          >
        >)
    | null;
  try {
    if (signedIn) {
      const data = await run(event, LISTING_FOR_VIEWER, { reference, language: language(event) });
      listing = data.listing;
      allowance = data.viewer?.responseAllowance ?? null;
    } else listing = (await run(event, LISTING, { reference, language: language(event) })).listing;
  } catch (e) {
    // a withdrawn (or draft) listing is not public: the same 404 as an unknown reference
    if (e instanceof ApiError && e.notVisible) listing = null;
    else throw e;
  }
  if (!listing) error(404, { message: event.locals.t("listing.notFound") });
  const responseId = listing.viewerResponse?.id;
  const route = responseId ? (await run(event, COMPLAINT_ROUTE, { id: responseId })).node : null;
  return {
    complaintRoute:
      route?.__typename === "Response" && route.complaintPeriodEndsOn
        ? {
            responseId: route.id,
            periodEndsOn: route.complaintPeriodEndsOn,
            complaintId: route.complaint?.id ?? null,
          }
        : null,
    signedIn,
    listing,
    allowance,
    responded: event.url.searchParams.has("gereageerd"),
    withdrawn: event.url.searchParams.has("ingetrokken"),
  };
};

export const actions: Actions = {
  respond: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const listingId = String(form.get("listingId") ?? "");
    const woongroep = form.get("woongroep") === "1";
    const motivation = String(form.get("motivation") ?? "").trim();
    if (woongroep) {
      if (motivation.length < MOTIVATION_MIN) {
        return fail(400, {
          errors: {
            motivation: t("listing.woongroep.tooShort", { min: MOTIVATION_MIN, count: motivation.length }),
          },
          values: { motivation },
        });
      }
      if (motivation.length > MOTIVATION_MAX) {
        return fail(400, {
          errors: { motivation: t("listing.woongroep.tooLong", { max: MOTIVATION_MAX }) },
          values: { motivation },
        });
      }
    }
    const { listingRespond: result } = await run(event, LISTING_RESPOND, {
      input: { listingId, motivation: woongroep ? motivation : null },
      language: language(event),
    });
    if (isError(result)) {
      const failing = ("failedChecks" in result ? result.failedChecks : []).map((c) => c.explanation);
      const issues = "issues" in result ? result.issues : [];
      const field =
        result.code === "VALIDATION_FAILED" && issues.some((i) => i.field === "motivation")
          ? "motivation"
          : "_form";
      const message =
        field === "motivation" ? (issues[0]?.message ?? result.message) : errorMessage(t, result);
      return fail(400, {
        errors: {
          [field]: [
            field === "motivation" ? t("apiErrors.invalidField", { message }) : message,
            ...failing,
          ].join(" "),
        },
        values: { motivation },
      });
    }
    redirect(303, resolve(`/woning/${encodeURIComponent(event.params.reference)}?gereageerd=1#mijn-reactie`));
  },
  withdraw: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const responseId = String(form.get("responseId") ?? "");
    const { responseWithdraw: result } = await run(event, RESPONSE_WITHDRAW, { input: { responseId } });
    if (isError(result)) return fail(400, { errors: { _form: errorMessage(t, result) }, values: {} });
    redirect(
      303,
      resolve(`/woning/${encodeURIComponent(event.params.reference)}?ingetrokken=1#mijn-reactie`),
    );
  },
};
