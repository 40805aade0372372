import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import { parseProfile } from "$lib/server/urgency";
import { parseInteger } from "$lib/parse";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";

/** Fields the assessor's view and the decision letter need. */
const APPLICATION_FIELDS = graphql(`
  fragment AssessorApplicationFields on UrgencyApplication {
    id
    category
    situation
    status
    createdAt
    submittedAt
    reviewStartedAt
    decidedAt
    decisionReason
    objectionPeriodEndsOn
    grantedCategory
    validFrom
    validUntil
    informationRequest
    informationRequestedAt
    informationReply
    informationRepliedAt
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
      kind
      dwellingTypes
      minFloor
      maxFloor
      minRooms
      maxRooms
      requiresAccessibility
    }
    applicant {
      firstName
      lastName
      birthDate
      phone
      householdSize
      householdIncome
      isMover
    }
  }
`);

const APPLICATION = typed(
  graphql(
    `
      query PortalAssessorApplication($id: ID!) {
        node(id: $id) {
          __typename
          ...AssessorApplicationFields
        }
      }
    `,
    [APPLICATION_FIELDS],
  ),
);

const REVIEW_START = typed(
  graphql(
    `
      mutation PortalAssessorReviewStart($input: UrgencyApplicationIdInput!) {
        urgencyApplicationReviewStart(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const INFORMATION_REQUEST = typed(
  graphql(
    `
      mutation PortalAssessorInformationRequest($input: UrgencyApplicationInformationRequestInput!) {
        urgencyApplicationInformationRequest(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const DECIDE = typed(
  graphql(
    `
      mutation PortalAssessorDecide($input: UrgencyApplicationDecideInput!) {
        urgencyApplicationDecide(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const CATEGORIES = [
  "CHRONIC_MEDICAL",
  "DUUP_EXIT_PROGRAMME",
  "HARDSHIP_CLAUSE",
  "LEAVING_DETENTION",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "MANTELZORG",
  "SOCIAL_FINANCIAL",
  "SOCIAL_RELATIONSHIP_WITH_CHILDREN",
  "STATUSHOUDER",
  "UNINHABITABLE_DWELLING",
  "URBAN_RENEWAL",
] as const;
type Category = (typeof CATEGORIES)[number];

export const load: PageServerLoad = async (event) => {
  // A malformed id in the address is "not found", not a server error.
  const { node } = await run(event, APPLICATION, { id: event.params.id }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  if (!node || node.__typename !== "UrgencyApplication")
    error(404, { message: event.locals.t("werk.beoordeling.notFound") });
  return {
    application: {
      ...node,
      // The schema types `kind` as a string; the portal's SearchProfile narrows it.
      preferredSearchProfile: node.preferredSearchProfile.map((p) => ({
        ...p,
        kind: p.kind === "GRANTED" ? ("GRANTED" as const) : ("PREFERRED" as const),
      })),
    },
    categories: CATEGORIES,
    notice: event.url.searchParams.get("melding"),
    now: new Date().toISOString(),
  };
};

const back = (id: string, notice: string) =>
  redirect(303, resolve(`/werk/beoordeling/${encodeURIComponent(id)}?melding=${notice}`));

export const actions: Actions = {
  reviewStart: async (event) => {
    const { urgencyApplicationReviewStart: r } = await run(event, REVIEW_START, {
      input: { id: event.params.id },
    });
    if (isError(r))
      return fail(400, { action: "reviewStart", errors: { _form: errorMessage(event.locals.t, r) } });
    back(event.params.id, "inReview");
  },
  informationRequest: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const message = String(form.get("message") ?? "").trim();
    if (message.length < 5)
      return fail(400, {
        action: "informationRequest",
        errors: { message: t("werk.beoordeling.errors.message") },
        values: { message },
      });
    const { urgencyApplicationInformationRequest: r } = await run(event, INFORMATION_REQUEST, {
      input: { id: event.params.id, message },
    });
    if (isError(r))
      return fail(400, { action: "informationRequest", errors: formErrors(t, r), values: { message } });
    back(event.params.id, "informationRequested");
  },
  /**
   * Decide in two steps, both plain form posts: the first checks the form and answers a summary
   * to confirm (a decision cannot be undone); the second (with `confirmed=1`) sends it.
   */
  decide: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const decision = String(form.get("decision") ?? "");
    if (decision !== "GRANT" && decision !== "REJECT")
      errors.decision = t("werk.beoordeling.errors.decision");
    const reason = String(form.get("reason") ?? "").trim();
    if (reason.length < 5) errors.reason = t("werk.beoordeling.errors.reason");
    const category = String(form.get("grantedCategory") ?? "");
    const grantedCategory = (CATEGORIES as readonly string[]).includes(category)
      ? (category as Category)
      : null;
    const monthsRaw = String(form.get("validMonths") ?? "").trim();
    const validMonths = monthsRaw ? parseInteger(monthsRaw, 1, 60) : null;
    if (monthsRaw && validMonths === null)
      errors.validMonths = t("urgency.errors.number", { min: 1, max: 60 });
    const profile = parseProfile(form, t, errors);
    const values = {
      decision,
      reason,
      grantedCategory: category,
      validMonths: monthsRaw,
      dwellingTypes: profile.dwellingTypes,
      minFloor: profile.minFloor,
      maxFloor: profile.maxFloor,
      minRooms: profile.minRooms,
      maxRooms: profile.maxRooms,
      requiresAccessibility: profile.requiresAccessibility,
    };
    if (Object.keys(errors).length) return fail(400, { action: "decide", errors, values });
    if (form.get("confirmed") !== "1") return { action: "decide", confirm: true, values };
    const grant = decision === "GRANT";
    const { urgencyApplicationDecide: r } = await run(event, DECIDE, {
      input: {
        id: event.params.id,
        decision: grant ? "GRANT" : "REJECT",
        reason,
        grantedCategory: grant ? grantedCategory : null,
        validMonths: grant ? validMonths : null,
        searchProfile: grant ? profile : null,
      },
    });
    if (isError(r)) return fail(400, { action: "decide", errors: formErrors(t, r), values });
    back(event.params.id, "decided");
  },
};
