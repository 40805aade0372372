/**
 * /werk/bezwaren/[id]: handle one objection or complaint: read it (audited by the API), plan the
 * hearing (Awb art. 7:2), extend the decision period once (art. 7:10 lid 3), decide (art. 7:11).
 * An upheld objection against an urgency rejection grants the declaration with the category and
 * validity given here. Plain POST forms; `use:enhance` on top.
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import { parseAmsterdamDateTime, requireObjectionStaff } from "$lib/server/objections";
import {
  LOCAL_URGENCY_CATEGORIES,
  MANDATORY_URGENCY_CATEGORIES,
  type UrgencyCategory,
} from "$lib/server/schema-types";
import { parseInteger } from "$lib/parse";
import type { FieldErrors } from "$lib/forms";
import { graphql, typed } from "$lib/graphql";

const OBJECTION = typed(
  graphql(`
    query PortalStaffObjection($id: ID!, $language: Language!) {
      node(id: $id) {
        __typename
        ... on Objection {
          id
          kind
          status
          reasons
          filedAt
          decisionDate
          periodEndsOn
          filedLate
          decisionDueOn
          extendedAt
          hearingAt
          hearingLocation
          handledByViewer
          outcome
          decision
          decidedAt
          documents {
            id
            fileName
            sizeBytes
          }
          urgencyApplication {
            id
            category
            status
            decisionReason
          }
          response {
            id
            listing {
              title
              reference
            }
          }
          allocationExplanation {
            position
            total
            explanation(language: $language)
            checks {
              rule
              passed
              explanation(language: $language)
            }
          }
        }
      }
    }
  `),
);

const PLAN = typed(
  graphql(`
    mutation PortalObjectionHearingPlan($input: ObjectionHearingPlanInput!) {
      objectionHearingPlan(input: $input) {
        __typename
        ... on Error {
          code
          message
        }
        ... on ValidationError {
          issues {
            field
            path
            message
          }
        }
      }
    }
  `),
);
const EXTEND = typed(
  graphql(`
    mutation PortalObjectionExtend($input: ObjectionIdInput!) {
      objectionDecisionPeriodExtend(input: $input) {
        __typename
        ... on Error {
          code
          message
        }
        ... on ValidationError {
          issues {
            field
            path
            message
          }
        }
      }
    }
  `),
);
const DECIDE = typed(
  graphql(`
    mutation PortalObjectionDecide($input: ObjectionDecideInput!) {
      objectionDecide(input: $input) {
        __typename
        ... on Error {
          code
          message
        }
        ... on ValidationError {
          issues {
            field
            path
            message
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireObjectionStaff(event);
  const { node } = await run(event, OBJECTION, { id: event.params.id, language: language(event) }).catch(
    (e: unknown) => {
      if (e instanceof ApiError && e.status < 500) return { node: null };
      throw e;
    },
  );
  if (!node || node.__typename !== "Objection")
    error(404, { message: event.locals.t("objections.detail.notFound") });
  return {
    objection: node,
    categories: [...MANDATORY_URGENCY_CATEGORIES, ...LOCAL_URGENCY_CATEGORIES],
    notice: event.url.searchParams.get("melding"),
  };
};

const back = (id: string, notice: string) =>
  redirect(303, resolve(`/werk/bezwaren/${encodeURIComponent(id)}?melding=${notice}`));

export const actions: Actions = {
  plan: async (event) => {
    requireObjectionStaff(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const rawAt = String(form.get("hearingAt") ?? "");
    const location = String(form.get("location") ?? "").trim();
    const errors: FieldErrors = {};
    const at = parseAmsterdamDateTime(rawAt);
    if (!at || at.getTime() <= Date.now()) errors.hearingAt = t("objections.werk.hearingAtInvalid");
    if (location.length < 2 || location.length > 500)
      errors.location = t("apiErrors.invalidField", { message: "2-500" });
    if (Object.keys(errors).length) return fail(400, { form: "plan", errors, hearingAt: rawAt, location });
    const { objectionHearingPlan: result } = await run(event, PLAN, {
      input: { id: event.params.id, hearingAt: at!.toISOString(), location },
    });
    if (isError(result))
      return fail(400, {
        form: "plan",
        errors: formErrors(t, result, (p) =>
          p[0] === "hearingAt" || p[0] === "location" ? p[0] : undefined,
        ),
        hearingAt: rawAt,
        location,
      });
    back(event.params.id, "planned");
  },
  extend: async (event) => {
    requireObjectionStaff(event);
    const { objectionDecisionPeriodExtend: result } = await run(event, EXTEND, {
      input: { id: event.params.id },
    });
    if (isError(result))
      return fail(400, { form: "extend", errors: { _form: errorMessage(event.locals.t, result) } });
    back(event.params.id, "extended");
  },
  decide: async (event) => {
    requireObjectionStaff(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const outcome = String(form.get("outcome") ?? "");
    const decision = String(form.get("decision") ?? "").trim();
    const category = String(form.get("grantedCategory") ?? "");
    const rawMonths = String(form.get("validMonths") ?? "").trim();
    const errors: FieldErrors = {};
    if (outcome !== "UPHELD" && outcome !== "REJECTED") errors.outcome = t("objections.werk.outcomeRequired");
    if (decision.length < 20 || decision.length > 10_000)
      errors.decision = t("objections.werk.decisionLength");
    const months = rawMonths ? parseInteger(rawMonths, 1, 60) : null;
    if (rawMonths && months === null) errors.validMonths = t("objections.werk.validMonthsInvalid");
    const categories: readonly string[] = [...MANDATORY_URGENCY_CATEGORIES, ...LOCAL_URGENCY_CATEGORIES];
    const grantedCategory = categories.includes(category) ? (category as UrgencyCategory) : null;
    const values = { outcome, decision, grantedCategory: category, validMonths: rawMonths };
    if (Object.keys(errors).length) return fail(400, { form: "decide", errors, ...values });
    const { objectionDecide: result } = await run(event, DECIDE, {
      input: {
        id: event.params.id,
        outcome: outcome as "UPHELD" | "REJECTED",
        decision,
        ...(outcome === "UPHELD" && (grantedCategory || months)
          ? { grant: { grantedCategory, validMonths: months } }
          : {}),
      },
    });
    if (isError(result))
      return fail(400, {
        form: "decide",
        errors: formErrors(t, result, (p) =>
          p[0] === "decision" ? "decision" : p[0] === "grant" ? "validMonths" : undefined,
        ),
        ...values,
      });
    back(event.params.id, "decided");
  },
};
