import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { PROFILE } from "../operations";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import { parseIncome, registrationField, valuesOf } from "$lib/server/registration";
import type { FieldErrors } from "$lib/forms";

const INCOME_UPDATE = typed(
  graphql(`
    mutation PortalIncomeUpdate($input: IncomeUpdateInput!) {
      incomeUpdate(input: $input) {
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
        ... on IncomeUpdateSuccess {
          seeker {
            id
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, PROFILE, {});
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  const latest = [...viewer.incomes].sort((a, b) => b.year - a.year)[0];
  return {
    incomes: viewer.incomes,
    values: {
      incomeAmount: latest ? String(latest.amount) : "",
      incomeYear: latest ? String(latest.year) : String(new Date().getUTCFullYear() - 1),
      incomeSource: latest?.source ?? "TAX_STATEMENT",
    } as Record<string, string>,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const values = valuesOf(await event.request.formData());
    const errors: FieldErrors = {};
    const income = parseIncome(values, t, errors);
    if (Object.keys(errors).length) return fail(400, { values, errors });
    const { incomeUpdate: result } = await run(event, INCOME_UPDATE, { input: { income } });
    if (isError(result))
      return fail(400, { values, errors: formErrors(t, result, (p) => registrationField(p)) });
    redirect(303, resolve("/mijn?opgeslagen=income"));
  },
};
