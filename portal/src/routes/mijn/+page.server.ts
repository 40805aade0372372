import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import {
  ListingCardFields,
  ListingResultFields,
  PositionFields,
  ProfileFields,
  UrgencyFields,
} from "$lib/server/fragments";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import { mergedInto } from "$lib/server/duplicates";

/** What the dashboard shows of each of the seeker's responses, active and past alike. */
const DashboardResponseFields = graphql(
  `
    fragment DashboardResponseFields on Response {
      id
      status
      createdAt
      withdrawnAt
      finalPosition
      committeeVerdict
      committeeReason
      position {
        current {
          ...PositionFields
        }
        canChange
      }
      listing {
        ...ListingCardFields
        result {
          ...ListingResultFields
        }
      }
    }
  `,
  [PositionFields, ListingCardFields, ListingResultFields],
);

/**
 * Active responses (ACTIVE/OFFERED on a listing still in play) and the most recent past ones,
 * split by the API (`responses(state:)`), each with its total; 5 applications. Page sizes are
 * bounded by the API's query cost limit (20,000).
 */
const DASHBOARD = typed(
  graphql(
    `
      query PortalDashboard($language: Language) {
        viewer {
          ...ProfileFields
          activeResponses: responses(state: ACTIVE, first: 15) {
            totalCount
            edges {
              node {
                ...DashboardResponseFields
              }
            }
          }
          pastResponses: responses(state: PAST, first: 10) {
            totalCount
            edges {
              node {
                ...DashboardResponseFields
              }
            }
          }
          offers {
            id
            position
            offeredAt
            respondBy
            outcome
            outcomeReason
            listing {
              id
              title
              reference
              landlord {
                name
              }
            }
          }
          urgencyApplications(first: 5) {
            edges {
              node {
                ...UrgencyFields
              }
            }
          }
        }
      }
    `,
    [DashboardResponseFields, UrgencyFields, ProfileFields],
  ),
);

const OFFER_ACCEPT = typed(
  graphql(`
    mutation PortalOfferAccept($input: OfferAcceptInput!) {
      offerAccept(input: $input) {
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
        ... on OfferAcceptSuccess {
          offer {
            id
            outcome
          }
        }
      }
    }
  `),
);

/** Decline an offer (the seeker; the landlord then offers the dwelling to the next candidate). */
const OFFER_DECLINE = typed(
  graphql(`
    mutation PortalOfferDecline($input: OfferDeclineInput!) {
      offerDecline(input: $input) {
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
        ... on OfferDeclineSuccess {
          offer {
            id
            outcome
          }
        }
      }
    }
  `),
);

/**
 * The complaint route of past responses (klacht): the last day to complain about each outcome and
 * a complaint already filed, by response id; and whether the seeker has objections at all.
 */
const COMPLAINT_ROUTES = typed(
  graphql(`
    query PortalComplaintRoutes {
      viewer {
        responses(state: PAST, first: 10) {
          edges {
            node {
              id
              complaintPeriodEndsOn
              complaint {
                id
              }
            }
          }
        }
        objections {
          id
        }
      }
    }
  `),
);

const REASON_MAX = 1000;

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, DASHBOARD, { language: language(event) });
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  const routes = (await run(event, COMPLAINT_ROUTES, {})).viewer;
  return {
    viewer,
    // a registration closed by a merge of duplicate registrations says where it went
    merged: await mergedInto(event),
    complaintRoutes: Object.fromEntries(
      (routes?.responses.edges ?? []).map(({ node }) => [
        node.id,
        { periodEndsOn: node.complaintPeriodEndsOn, complaintId: node.complaint?.id ?? null },
      ]),
    ),
    hasObjections: (routes?.objections?.length ?? 0) > 0,
    welcome: event.url.searchParams.has("welkom"),
    saved: event.url.searchParams.get("opgeslagen"),
    passwordChanged: event.url.searchParams.has("wachtwoord"),
    // Declining an offer takes two steps, both plain links and forms (no JavaScript needed):
    // "Aanbod weigeren" links here with ?weigeren=<offer id>, which shows the confirmation form.
    declining: event.url.searchParams.get("weigeren"),
    // Accepting likewise: "Aanbod accepteren" links here with ?accepteren=<offer id>.
    accepting: event.url.searchParams.get("accepteren"),
  };
};

export const actions: Actions = {
  acceptOffer: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const acceptId = String(form.get("offerId") ?? "");
    const { offerAccept: result } = await run(event, OFFER_ACCEPT, { input: { offerId: acceptId } });
    if (isError(result)) return fail(400, { acceptId, acceptErrors: formErrors(t, result) });
    redirect(303, resolve("/mijn?opgeslagen=offerAccepted"));
  },
  declineOffer: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const offerId = String(form.get("offerId") ?? "");
    const reason = String(form.get("reason") ?? "").trim();
    if (reason.length > REASON_MAX)
      return fail(400, {
        offerId,
        reason,
        errors: { reason: t("dashboard.offers.reasonTooLong", { max: REASON_MAX }) },
      });
    const { offerDecline: result } = await run(event, OFFER_DECLINE, {
      input: { offerId, reason: reason || null },
    });
    if (isError(result)) return fail(400, { offerId, reason, errors: formErrors(t, result) });
    redirect(303, resolve("/mijn?opgeslagen=offerDeclined"));
  },
};
