import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { PROFILE } from "../operations";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import {
  MAX_MEMBERS,
  memberCount,
  parseDwelling,
  parseMembers,
  registrationField,
  valuesOf,
} from "$lib/server/registration";
import type { FieldErrors } from "$lib/forms";

const HOUSEHOLD_UPDATE = typed(
  graphql(`
    mutation PortalHouseholdUpdate($input: HouseholdUpdateInput!) {
      householdUpdate(input: $input) {
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
        ... on HouseholdUpdateSuccess {
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
  const s = viewer;
  const values: Record<string, string> = {
    memberCount: String(s.householdMembers.length),
    dwellingKind: s.currentDwellingKind,
    dwellingRooms: s.currentDwellingRooms ? String(s.currentDwellingRooms) : "",
    dwellingSocial: s.currentDwellingIsSocialRental ? "on" : "",
  };
  s.householdMembers.forEach((m, i) => {
    values[`member.${i}.role`] = m.role;
    values[`member.${i}.firstName`] = m.firstName;
    values[`member.${i}.birthDate`] = m.birthDate.slice(0, 10);
  });
  return { values };
};

export const actions: Actions = {
  addMember: async ({ request }) => {
    const values = valuesOf(await request.formData());
    values.memberCount = String(Math.min(MAX_MEMBERS, memberCount(values) + 1));
    return { values, errors: {} as FieldErrors };
  },
  removeMember: async ({ request }) => {
    const values = valuesOf(await request.formData());
    const remove = Number(values.remove);
    const n = memberCount(values);
    for (let i = remove; i < n - 1; i++) {
      for (const f of ["role", "firstName", "birthDate"])
        values[`member.${i}.${f}`] = values[`member.${i + 1}.${f}`] ?? "";
    }
    values.memberCount = String(Math.max(0, n - 1));
    return { values, errors: {} as FieldErrors };
  },
  save: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const values = valuesOf(await event.request.formData());
    const errors: FieldErrors = {};
    const members = parseMembers(values, t, errors);
    const currentDwelling = parseDwelling(values, t, errors);
    if (Object.keys(errors).length) return fail(400, { values, errors });
    const { householdUpdate: result } = await run(event, HOUSEHOLD_UPDATE, {
      input: { members, currentDwelling },
    });
    if (isError(result)) return fail(400, { values, errors: formErrors(t, result, registrationField) });
    redirect(303, resolve("/mijn?opgeslagen=household"));
  },
};
