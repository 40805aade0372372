/**
 * Direct mediation (directe bemiddeling, model B of [001] §E.2c): landlord staff find the household
 * they were asked to house on a BEMIDDELING listing by registration number and the applicant's
 * birth date (`mediationCandidate`), read its checks and urgency declaration, and let the listing to
 * it (`lettingCreateByMediation`) after a confirm step. Plain GET and POST forms.
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { requireStaffRole } from "$lib/server/staff";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";

const MEDIATION_LISTING = typed(
  graphql(`
    query PortalMediationListing($reference: String!) {
      listing(reference: $reference) {
        id
        reference
        title
        status
        allocationModel
      }
    }
  `),
);

const MEDIATION_CANDIDATE = typed(
  graphql(`
    query PortalMediationCandidate(
      $listingId: ID!
      $registrationNumber: Int!
      $birthDate: Date!
      $language: Language
    ) {
      mediationCandidate(
        listingId: $listingId
        registrationNumber: $registrationNumber
        birthDate: $birthDate
      ) {
        seekerId
        firstName
        lastName
        registrationNumber
        registrationYears
        householdSize
        householdIncome
        active
        urgency {
          category
          validUntil
        }
        eligibility {
          eligible
          checks {
            rule
            code
            passed
            affects
            explanation(language: $language)
            source
          }
        }
      }
    }
  `),
);

const LETTING_CREATE_BY_MEDIATION = typed(
  graphql(
    `
      mutation PortalLettingCreateByMediation($input: LettingCreateByMediationInput!) {
        lettingCreateByMediation(input: $input) {
          __typename
          ... on LettingCreateByMediationSuccess {
            letting {
              id
            }
          }
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

/** Statuses a listing can be let by mediation from (as lettingCreateByMediation allows). */
const LETTABLE = ["DRAFT", "PUBLISHED", "CLOSED", "OFFERING"];
const REFERRAL_CATEGORIES = [
  "STATUSHOUDER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "LEAVING_DETENTION",
  "DUUP_EXIT_PROGRAMME",
  "URBAN_RENEWAL",
] as const;
type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number];

export const load: PageServerLoad = async (event) => {
  requireStaffRole(event, "LANDLORD_STAFF");
  const t = event.locals.t;
  const { listing } = await run(event, MEDIATION_LISTING, { reference: event.params.reference });
  if (!listing || listing.allocationModel !== "BEMIDDELING" || !LETTABLE.includes(listing.status))
    error(404, { message: t("werk.verhuur.mediation.notMediation") });
  const q = event.url.searchParams;
  const number = (q.get("nummer") ?? "").trim();
  const birthDate = (q.get("geboortedatum") ?? "").trim();
  const searched = q.has("nummer") || q.has("geboortedatum");
  const errors: Record<string, string> = {};
  if (searched) {
    if (!/^\d{1,9}$/.test(number) || Number(number) < 1)
      errors.nummer = t("werk.verhuur.mediation.numberInvalid");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(Date.parse(birthDate)))
      errors.geboortedatum = t("werk.verhuur.mediation.birthDateInvalid");
  }
  let candidate = null;
  if (searched && !Object.keys(errors).length) {
    candidate = (
      await run(event, MEDIATION_CANDIDATE, {
        listingId: listing.id,
        registrationNumber: Number(number),
        birthDate,
        language: language(event),
      })
    ).mediationCandidate;
  }
  return {
    listing,
    search: { number, birthDate, searched, errors },
    candidate: candidate && {
      ...candidate,
      checks: candidate.eligibility.checks.map((c) => ({
        ...c,
        affects: c.affects as "ELIGIBILITY" | "PRIORITY",
      })),
    },
    referralCategories: REFERRAL_CATEGORIES,
  };
};

export const actions: Actions = {
  /** Let the listing to the household found; the first post asks to confirm. */
  let: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const t = event.locals.t;
    const form = await event.request.formData();
    const values = {
      listingId: String(form.get("listingId") ?? ""),
      seekerId: String(form.get("seekerId") ?? ""),
      basis: String(form.get("basis") ?? ""),
      referralReference: String(form.get("referralReference") ?? "").trim(),
      referralCategory: String(form.get("referralCategory") ?? ""),
    };
    const errors: Record<string, string> = {};
    if (values.basis !== "URGENCY" && values.basis !== "REFERRAL")
      errors.basis = t("werk.verhuur.mediation.basisRequired");
    if (values.basis === "REFERRAL") {
      if (values.referralReference.length < 3 || values.referralReference.length > 200)
        errors.referralReference = t("werk.verhuur.mediation.referenceInvalid");
      if (!(REFERRAL_CATEGORIES as readonly string[]).includes(values.referralCategory))
        errors.referralCategory = t("werk.verhuur.mediation.categoryRequired");
    }
    if (Object.keys(errors).length) return fail(400, { errors, values });
    if (form.get("confirmed") !== "1") return { confirm: true, values, errors: {} };
    const { lettingCreateByMediation: result } = await run(event, LETTING_CREATE_BY_MEDIATION, {
      input: {
        listingId: values.listingId,
        seekerId: values.seekerId,
        basis: values.basis as "URGENCY" | "REFERRAL",
        referralReference: values.basis === "REFERRAL" ? values.referralReference : null,
        referralCategory: values.basis === "REFERRAL" ? (values.referralCategory as ReferralCategory) : null,
      },
    });
    if (isError(result)) return fail(400, { errors: formErrors(t, result), values });
    redirect(
      303,
      resolve("/werk/verhuur/[reference]", { reference: event.params.reference }) + "?opgeslagen=let",
    );
  },
};
