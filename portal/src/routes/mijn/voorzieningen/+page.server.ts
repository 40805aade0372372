/**
 * /mijn/voorzieningen: the seeker's care indication requests (WMO rollator/rolstoel, granted by the
 * municipality's assessor [003]) and vital profession claims (with proof, accepted by the assessor
 * [003] "wel even aantonen"). Plain form posts (multipart for documents); works without JavaScript.
 * Documents are uploaded or chosen from the seeker's store (kies uit mijn documenten: copies, as
 * for an urgency application; never a medical statement as proof of a vital profession).
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import { parseDocuments } from "$lib/server/urgency";
import type { FieldErrors } from "$lib/forms";
import { SEEKER_DOCUMENTS } from "../documenten/documents";

const CARE_INDICATION_REQUEST = typed(
  graphql(`
    mutation PortalCareIndicationRequest($input: CareIndicationRequestInput!) {
      careIndicationRequest(input: $input) {
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
        ... on CareIndicationRequestSuccess {
          careIndication {
            id
          }
        }
      }
    }
  `),
);

const CARE_INDICATION_WITHDRAW = typed(
  graphql(`
    mutation PortalCareIndicationWithdraw($input: ClaimIdInput!) {
      careIndicationWithdraw(input: $input) {
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
        ... on CareIndicationWithdrawSuccess {
          careIndication {
            id
          }
        }
      }
    }
  `),
);

/** The signed-in seeker's care indications and vital profession claims, and the municipalities. */
const CLAIMS = typed(
  graphql(`
    query PortalClaims {
      viewer {
        accessibilityNeed
        vitalProfession
        careIndications {
          need
          id
          status
          requestedAt
          decidedAt
          decisionReason
          documents {
            id
            fileName
          }
        }
        vitalProfessionClaims {
          profession
          employer
          workMunicipality {
            id
            name
          }
          id
          status
          requestedAt
          decidedAt
          decisionReason
          documents {
            id
            fileName
          }
        }
      }
      municipalities {
        id
        name
      }
    }
  `),
);

const VITAL_PROFESSION_CLAIM = typed(
  graphql(`
    mutation PortalVitalProfessionClaim($input: VitalProfessionClaimCreateInput!) {
      vitalProfessionClaimCreate(input: $input) {
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
        ... on VitalProfessionClaimCreateSuccess {
          vitalProfessionClaim {
            id
          }
        }
      }
    }
  `),
);

const VITAL_PROFESSION_WITHDRAW = typed(
  graphql(`
    mutation PortalVitalProfessionWithdraw($input: ClaimIdInput!) {
      vitalProfessionClaimWithdraw(input: $input) {
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
        ... on VitalProfessionClaimWithdrawSuccess {
          vitalProfessionClaim {
            id
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const [{ viewer, municipalities }, store] = await Promise.all([
    run(event, CLAIMS, {}),
    run(event, SEEKER_DOCUMENTS, {}),
  ]);
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  const stored = (store.viewer?.documents ?? []).map((d) => ({
    id: d.id,
    title: d.title,
    kind: d.kind,
    validUntil: d.validUntil ?? null,
    specialCategory: d.specialCategory,
  }));
  return {
    stored,
    accessibilityNeed: viewer.accessibilityNeed,
    vitalProfession: viewer.vitalProfession,
    careIndications: viewer.careIndications ?? [],
    vitalProfessionClaims: viewer.vitalProfessionClaims ?? [],
    municipalities,
  };
};

const done = (what: string) => redirect(303, resolve(`/mijn/voorzieningen?opgeslagen=${what}`));
const files = (list: File[], field: string) =>
  list.map((file, i) => ({ path: `variables.input.${field}.${i}`, file }));
/** The stored documents ticked under "kies uit mijn documenten" (global IDs). */
const chosenStored = (form: FormData) =>
  [...new Set(form.getAll("storedDocumentIds").map(String))].filter(Boolean);
/** API issues on the stored documents (their ids, or the document copied) go to their fieldset. */
const fieldOf = (p: string[]) =>
  p[0] === "storedDocumentIds" || p[0] === "id" ? "storedDocumentIds" : p.at(-1);

export const actions: Actions = {
  requestIndication: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const need = String(form.get("need") ?? "");
    const motivation = String(form.get("motivation") ?? "").trim();
    const storedDocumentIds = chosenStored(form);
    const values = { need, motivation, form: "care" };
    if (need !== "WALKER" && need !== "WHEELCHAIR") errors.need = t("claims.errors.need");
    const docs = parseDocuments(form, t, errors);
    if (Object.keys(errors).length) return fail(400, { errors, values, storedDocumentIds });
    const { careIndicationRequest: result } = await runWithFiles(
      event,
      CARE_INDICATION_REQUEST,
      {
        input: {
          need: need as "WALKER" | "WHEELCHAIR",
          motivation,
          documents: docs.map(() => null),
          storedDocumentIds,
        },
      },
      files(docs, "documents"),
    );
    if (isError(result))
      return fail(400, { errors: formErrors(t, result, fieldOf), values, storedDocumentIds });
    done("indicatie");
  },
  withdrawIndication: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const { careIndicationWithdraw: result } = await run(event, CARE_INDICATION_WITHDRAW, {
      input: { id: String(form.get("id") ?? "") },
    });
    if (isError(result))
      return fail(400, { errors: formErrors(event.locals.t, result), values: { form: "care" } });
    done("ingetrokken");
  },
  claimProfession: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const profession = String(form.get("profession") ?? "").trim();
    const workMunicipalityId = String(form.get("workMunicipalityId") ?? "");
    const employer = String(form.get("employer") ?? "").trim();
    const storedDocumentIds = chosenStored(form);
    const values = { profession, workMunicipalityId, employer, form: "vital" };
    if (profession.length < 2) errors.profession = t("claims.errors.profession");
    if (!workMunicipalityId) errors.workMunicipalityId = t("claims.errors.municipality");
    const docs = parseDocuments(form, t, errors);
    if (docs.length === 0 && storedDocumentIds.length === 0 && !errors.documents)
      errors.documents = t("claims.errors.proof");
    if (Object.keys(errors).length) return fail(400, { errors, values, storedDocumentIds });
    const { vitalProfessionClaimCreate: result } = await runWithFiles(
      event,
      VITAL_PROFESSION_CLAIM,
      {
        input: {
          profession,
          workMunicipalityId,
          employer,
          documents: docs.map(() => null),
          storedDocumentIds,
        },
      },
      files(docs, "documents"),
    );
    if (isError(result))
      return fail(400, { errors: formErrors(t, result, fieldOf), values, storedDocumentIds });
    done("beroep");
  },
  withdrawProfession: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const { vitalProfessionClaimWithdraw: result } = await run(event, VITAL_PROFESSION_WITHDRAW, {
      input: { id: String(form.get("id") ?? "") },
    });
    if (isError(result))
      return fail(400, { errors: formErrors(event.locals.t, result), values: { form: "vital" } });
    done("ingetrokken");
  },
};
