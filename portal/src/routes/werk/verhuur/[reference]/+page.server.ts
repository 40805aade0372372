import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { formErrors, isError } from "$lib/server/errors";
import { requireStaffRole } from "$lib/server/staff";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";

/** A listing as its landlord's staff see it: state, offers and the letting result. */
const STAFF_LISTING = typed(
  graphql(`
    query PortalStaffListing($reference: String!) {
      listing(reference: $reference) {
        id
        reference
        title
        status
        allocationModel
        isOpen
        closesAt
        closedAt
        publishedAt
        netRent
        totalRent
        responseCount
        priorityRules
        landlord {
          name
        }
        dwelling {
          street
          houseNumber
          houseNumberSuffix
          postalCode
          city
          rooms
          areaM2
        }
        offers {
          id
          position
          offeredAt
          respondBy
          outcome
          outcomeAt
          outcomeReason
          applicant {
            firstName
            lastName
          }
        }
        result: letting {
          id
          letAt
          publishedAt
          decidedBy
          registrationYears
          responseCount
        }
      }
    }
  `),
);

/**
 * The ranked candidate list (landlord staff of the listing only): per candidate the tier,
 * registration years, eligibility checks and the reason for their place; the excluded ones with
 * their failing checks. The API refuses it for a lottery before its draw (INVALID_STATE).
 */
const STAFF_CANDIDATES = typed(
  graphql(`
    query PortalStaffCandidates($reference: String!, $language: Language) {
      listing(reference: $reference) {
        candidates {
          final
          evaluatedAt
          ranked {
            position
            tier
            registrationYears
            reason(language: $language)
            response {
              id
              status
            }
            applicant {
              firstName
              lastName
              householdSize
              householdIncome
            }
            checks {
              rule
              passed
              affects
              explanation(language: $language)
            }
          }
          excluded {
            excludedReason
            response {
              id
            }
            applicant {
              firstName
              lastName
            }
            checks {
              rule
              passed
              affects
              explanation(language: $language)
            }
          }
        }
      }
    }
  `),
);

const LISTING_CLOSE = typed(
  graphql(
    `
      mutation PortalStaffListingClose($input: ListingIdInput!) {
        listingClose(input: $input) {
          __typename
          ...ErrorFields
          ... on ListingCloseSuccess {
            listing {
              status
            }
          }
        }
      }
    `,
    [ErrorFields],
  ),
);

const OFFER_MAKE = typed(
  graphql(
    `
      mutation PortalStaffOfferMake($input: OfferMakeInput!) {
        offerMake(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
          ... on OfferMakeSuccess {
            offer {
              id
            }
          }
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const OFFER_RECORD_OUTCOME = typed(
  graphql(
    `
      mutation PortalStaffOfferRecordOutcome($input: OfferRecordOutcomeInput!) {
        offerRecordOutcome(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
          ... on OfferRecordOutcomeSuccess {
            result {
              letting {
                id
              }
              nextOffer {
                id
              }
            }
          }
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const LETTING_PUBLISH = typed(
  graphql(
    `
      mutation PortalStaffLettingPublish($input: LettingPublishInput!) {
        lettingPublish(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
          ... on LettingPublishSuccess {
            letting {
              publishedAt
            }
          }
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

/** Actions that cannot be undone ask first: `?bevestig=<action>` shows the confirm form. */
const CONFIRMABLE = ["close", "offer", "outcome", "publishResult"] as const;
type Confirmable = (typeof CONFIRMABLE)[number];
const OUTCOMES = ["ACCEPTED", "DECLINED", "NO_RESPONSE"] as const;
const REASON_MAX = 1000;
/** Default answer deadline for an offer, days from today. */
const OFFER_DAYS = 3;

export const load: PageServerLoad = async (event) => {
  requireStaffRole(event, "LANDLORD_STAFF");
  const reference = event.params.reference;
  const { listing } = await run(event, STAFF_LISTING, { reference });
  if (!listing) error(404, { message: event.locals.t("werk.verhuur.detail.notFound") });
  let candidates = null;
  let candidatesUnavailable = false;
  if (listing.status !== "DRAFT") {
    try {
      candidates = (await run(event, STAFF_CANDIDATES, { reference, language: language(event) })).listing
        ?.candidates;
    } catch (e) {
      // A lottery before its draw has no order yet (INVALID_STATE); another organisation's
      // listing has none for this account (NOT_AUTHORIZED).
      if (!(e instanceof ApiError) || e.unauthenticated) throw e;
      candidatesUnavailable = true;
    }
  }
  const q = event.url.searchParams;
  const confirm = (CONFIRMABLE as readonly string[]).includes(q.get("bevestig") ?? "")
    ? (q.get("bevestig") as Confirmable)
    : null;
  const pending = listing.offers.find((o) => o.outcome === "PENDING") ?? null;
  const outcome = (OUTCOMES as readonly string[]).includes(q.get("uitkomst") ?? "")
    ? (q.get("uitkomst") as (typeof OUTCOMES)[number])
    : null;
  const defaultDeadline = new Date(Date.now() + OFFER_DAYS * 86400000).toISOString().slice(0, 10);
  return {
    listing,
    candidates: candidates ?? null,
    candidatesUnavailable,
    pending,
    // listingClose needs the response window to have ended (the scheduled job also closes it).
    closable: listing.status === "PUBLISHED" && Date.parse(listing.closesAt) <= Date.now(),
    confirm,
    outcome,
    outcomes: OUTCOMES,
    defaultDeadline,
    saved: q.get("opgeslagen"),
  };
};

function done(reference: string, what: string): never {
  redirect(303, resolve(`/werk/verhuur/[reference]`, { reference }) + `?opgeslagen=${what}`);
}

export const actions: Actions = {
  /** Close a listing whose response window has ended (listingClose); the order becomes final. */
  close: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const form = await event.request.formData();
    const { listingClose: result } = await run(event, LISTING_CLOSE, {
      input: { id: String(form.get("listingId") ?? "") },
    });
    if (isError(result)) return fail(400, { action: "close", errors: formErrors(event.locals.t, result) });
    done(event.params.reference, "closed");
  },
  /** Offer the dwelling to the best-placed candidate without an offer, answer by a date. */
  offer: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const t = event.locals.t;
    const form = await event.request.formData();
    const deadline = String(form.get("respondBy") ?? "").trim();
    const day = /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? new Date(`${deadline}T23:59:00`) : null;
    if (!day || Number.isNaN(day.getTime()) || day.getTime() <= Date.now())
      return fail(400, { action: "offer", errors: { respondBy: t("werk.verhuur.detail.deadlineInvalid") } });
    const { offerMake: result } = await run(event, OFFER_MAKE, {
      input: { listingId: String(form.get("listingId") ?? ""), respondBy: day.toISOString() },
    });
    if (isError(result)) return fail(400, { action: "offer", errors: formErrors(t, result) });
    done(event.params.reference, "offered");
  },
  /** Record the candidate's answer; a decline or no answer offers to the next candidate. */
  outcome: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const t = event.locals.t;
    const form = await event.request.formData();
    const outcome = String(form.get("outcome") ?? "");
    const reason = String(form.get("reason") ?? "").trim();
    if (!(OUTCOMES as readonly string[]).includes(outcome))
      return fail(400, { action: "outcome", errors: { outcome: t("werk.verhuur.detail.outcomeRequired") } });
    if (reason.length > REASON_MAX)
      return fail(400, {
        action: "outcome",
        errors: { reason: t("werk.verhuur.detail.reasonTooLong", { max: REASON_MAX }) },
      });
    const { offerRecordOutcome: result } = await run(event, OFFER_RECORD_OUTCOME, {
      input: {
        offerId: String(form.get("offerId") ?? ""),
        outcome: outcome as (typeof OUTCOMES)[number],
        reason: reason || null,
      },
    });
    if (isError(result)) return fail(400, { action: "outcome", errors: formErrors(t, result) });
    done(event.params.reference, result.result.letting ? "let" : "outcome");
  },
  /** Publish the letting result (for the public results page). */
  publishResult: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const form = await event.request.formData();
    const { lettingPublish: result } = await run(event, LETTING_PUBLISH, {
      input: { lettingId: String(form.get("lettingId") ?? "") },
    });
    if (isError(result))
      return fail(400, { action: "publishResult", errors: formErrors(event.locals.t, result) });
    done(event.params.reference, "published");
  },
};
