import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";

/** The committee's candidates: name, motivation, registration years, verdict and place; nothing else. */
const CANDIDATES = typed(
  graphql(`
    query PortalCommitteeCandidates {
      committeeWoongroepen {
        id
        name
        listings {
          id
          reference
          title
          status
          closesAt
        }
        candidates {
          responseId
          response {
            id
          }
          listing {
            id
          }
          name
          motivation
          registrationYears
          verdict
          reason
          reviewedAt
          position
        }
      }
    }
  `),
);

const REVIEW = typed(
  graphql(
    `
      mutation PortalCommitteeReview($input: ResponseReviewInput!) {
        responseReview(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const load: PageServerLoad = async (event) => {
  const { committeeWoongroepen } = await run(event, CANDIDATES, {});
  for (const w of committeeWoongroepen) {
    const listing = w.listings.find((l) => l.reference === event.params.reference);
    if (!listing) continue;
    const candidates = w.candidates.filter((c) => c.listing.id === listing.id);
    // The order: once closed, the API's stored places; while open, a preview of how the close
    // ranks a woongroep (suitable candidates by registration years [000]; unsuitable ones drop out).
    const verdictRank = { SUITABLE: 0, PENDING: 1, UNSUITABLE: 2 } as const;
    const order = [...candidates]
      .filter((c) => c.verdict !== "UNSUITABLE")
      .sort((a, b) =>
        listing.status === "CLOSED"
          ? (a.position ?? Infinity) - (b.position ?? Infinity)
          : verdictRank[a.verdict] - verdictRank[b.verdict] || b.registrationYears - a.registrationYears,
      );
    return {
      woongroep: { id: w.id, name: w.name },
      listing,
      candidates,
      order,
      notice: event.url.searchParams.get("melding"),
    };
  }
  error(404, { message: event.locals.t("werk.commissie.notFound") });
};

export const actions: Actions = {
  /**
   * A verdict with its reason. UNSUITABLE takes the candidate out of the ranking, so it is posted
   * twice: first answered with a confirmation, then (with `confirmed=1`) sent.
   */
  review: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const responseId = String(form.get("responseId") ?? "");
    const verdict = String(form.get("verdict") ?? "");
    const reason = String(form.get("reason") ?? "").trim();
    const errors: FieldErrors = {};
    if (verdict !== "SUITABLE" && verdict !== "UNSUITABLE")
      errors.verdict = t("werk.commissie.errors.verdict");
    if (reason.length < 5) errors.reason = t("werk.commissie.errors.reason");
    const values = { responseId, verdict, reason };
    if (Object.keys(errors).length) return fail(400, { errors, values });
    if (verdict === "UNSUITABLE" && form.get("confirmed") !== "1")
      return { confirm: true, values, errors: {} };
    const { responseReview: r } = await run(event, REVIEW, {
      input: { responseId, verdict: verdict as "SUITABLE" | "UNSUITABLE", reason },
    });
    if (isError(r)) return fail(400, { errors: formErrors(t, r), values });
    redirect(303, resolve(`/werk/commissie/${encodeURIComponent(event.params.reference)}?melding=reviewed`));
  },
};
