/**
 * /vertegenwoordiger/[id]: a representative acts for one seeker under the authorisation `id`
 * (global ID): with READ the seeker's overview (name, registration, responses), with RESPOND the
 * open listings (those the seeker qualifies for, when READ is granted too) with a button to
 * respond for the seeker, and a button to withdraw a response. The
 * API checks every request against the authorisation; an ended or revoked one shows a notice.
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { errorMessage, isError } from "$lib/server/errors";
import { ApiError } from "$lib/server/graphql";
import { requireSignedIn, runActingFor } from "$lib/server/representative";
import { ErrorFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";

const AUTHORISATION = typed(
  graphql(`
    query PortalRepresentativeAuthorisation($id: ID!) {
      node(id: $id) {
        __typename
        ... on Authorisation {
          id
          seekerName
          seekerRegistrationNumber
          scopes
          validUntil
          active
        }
      }
    }
  `),
);

/** The seeker's overview as the representative may read it (READ). */
const OVERVIEW = typed(
  graphql(`
    query PortalRepresentativeOverview {
      viewer {
        id
        firstName
        lastName
        registrationNumber
        registrationDate
        responses(first: 50, state: ACTIVE) {
          edges {
            node {
              id
              status
              createdAt
              listing {
                id
                reference
                title
                closesAt
              }
            }
          }
        }
      }
    }
  `),
);

/** Open listings the seeker qualifies for (READ and RESPOND). */
const ELIGIBLE_LISTINGS = typed(
  graphql(`
    query PortalRepresentativeEligibleListings {
      viewer {
        id
        eligibleListings(first: 30) {
          edges {
            node {
              id
              reference
              title
              netRent
              closesAt
              isOpen
            }
          }
        }
      }
    }
  `),
);

/** Open listings to respond to (public; RESPOND without READ). */
const OPEN_LISTINGS = typed(
  graphql(`
    query PortalRepresentativeListings {
      listings(first: 30) {
        edges {
          node {
            id
            reference
            title
            netRent
            closesAt
            isOpen
          }
        }
      }
    }
  `),
);

const RESPOND = typed(
  graphql(
    `
      mutation PortalRepresentativeRespond($input: ListingRespondInput!) {
        listingRespond(input: $input) {
          __typename
          ...ErrorFields
        }
      }
    `,
    [ErrorFields],
  ),
);

const WITHDRAW = typed(
  graphql(
    `
      mutation PortalRepresentativeWithdraw($input: ResponseWithdrawInput!) {
        responseWithdraw(input: $input) {
          __typename
          ...ErrorFields
        }
      }
    `,
    [ErrorFields],
  ),
);

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const id = event.params.id;
  // an authorisation that ended or was revoked is no longer the representative's to read (the
  // API answers NOT_AUTHORIZED): the same "ended" page as for one that never existed
  const node = await run(event, AUTHORISATION, { id })
    .then((d) => d.node)
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.errors.some((x) => x.extensions?.code === "NOT_AUTHORIZED")) return null;
      throw e;
    });
  if (!node || node.__typename !== "Authorisation" || !node.active)
    error(404, { message: event.locals.t("representatives.rep.ended") });
  const canRead = node.scopes.includes("READ");
  const canRespond = node.scopes.includes("RESPOND");
  const [overview, listings] = await Promise.all([
    canRead ? runActingFor(event, id, OVERVIEW, {}) : Promise.resolve(null),
    !canRespond
      ? Promise.resolve([])
      : canRead
        ? runActingFor(event, id, ELIGIBLE_LISTINGS, {}).then(
            (d) => d.viewer?.eligibleListings.edges.map((e) => e.node) ?? [],
          )
        : run(event, OPEN_LISTINGS, {}).then((d) => d.listings.edges.map((e) => e.node)),
  ]);
  return {
    authorisation: node,
    canRead,
    canRespond,
    seeker: overview?.viewer ?? null,
    responses: overview?.viewer?.responses.edges.map((e) => e.node) ?? [],
    listings: listings.filter((l) => l.isOpen),
    /** Whether `listings` are the ones the seeker qualifies for (else all open listings). */
    eligibleOnly: canRead,
    notice: event.url.searchParams.get("melding"),
  };
};

/** Back to this page with a notice, after a successful action. */
const done = (id: string, notice: string) =>
  redirect(303, `${resolve("/vertegenwoordiger/[id]", { id: encodeURIComponent(id) })}?melding=${notice}`);

export const actions: Actions = {
  respond: async (event) => {
    requireSignedIn(event);
    const form = await event.request.formData();
    const listingId = String(form.get("listingId") ?? "");
    const { listingRespond: result } = await runActingFor(event, event.params.id, RESPOND, {
      input: { listingId },
    });
    if (isError(result))
      return fail(400, { errors: { _form: errorMessage(event.locals.t, result) } as FieldErrors });
    done(event.params.id, "responded");
  },
  withdraw: async (event) => {
    requireSignedIn(event);
    const form = await event.request.formData();
    const responseId = String(form.get("responseId") ?? "");
    const { responseWithdraw: result } = await runActingFor(event, event.params.id, WITHDRAW, {
      input: { responseId },
    });
    if (isError(result))
      return fail(400, { errors: { _form: errorMessage(event.locals.t, result) } as FieldErrors });
    done(event.params.id, "withdrawn");
  },
};
