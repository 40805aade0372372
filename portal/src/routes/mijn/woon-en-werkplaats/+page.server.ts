/**
 * Where you live and work (woon- en werkplaats): municipality and kern of residence and of work,
 * for local binding ([001] 2b kleine kernenbinding; [003] "eventueel op kernniveau"). A plain POST
 * form (works without JavaScript); the API checks every choice (`seekerPlacesUpdate`).
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { requireViewer } from "$lib/server/guard";
import { isError } from "$lib/server/errors";
import { PLACE_FIELDS, parsePlaces, placesErrors } from "$lib/server/places";
import { valuesOf } from "$lib/server/registration";

/** The signed-in seeker's places and every municipality with its kernen (/mijn/woon-en-werkplaats). */
const SEEKER_PLACES = typed(
  graphql(`
    query PortalSeekerPlaces {
      viewer {
        municipality {
          id
          name
        }
        core
        workMunicipality {
          id
          name
        }
        workCore
        vitalProfession
      }
      municipalities {
        id
        name
        cores
      }
    }
  `),
);

/**
 * Replace where the seeker lives and works (all four values; null = none). Errors:
 * ValidationError (unknown municipality, kern without municipality, unknown kern), NotAuthorizedError.
 */
const SEEKER_PLACES_UPDATE = typed(
  graphql(`
    mutation PortalSeekerPlacesUpdate($input: SeekerPlacesInput!) {
      seekerPlacesUpdate(input: $input) {
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
        ... on SeekerPlacesUpdateSuccess {
          seeker {
            id
          }
        }
      }
    }
  `),
);

/** The seeker's current places as form values, the municipalities with their kernen. */
export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer, municipalities } = await run(event, SEEKER_PLACES, {});
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  return {
    municipalities,
    vitalProfession: viewer.vitalProfession,
    values: {
      municipalityId: viewer.municipality?.id ?? "",
      core: viewer.core ?? "",
      workMunicipalityId: viewer.workMunicipality?.id ?? "",
      workCore: viewer.workCore ?? "",
    } as Record<string, string>,
  };
};

export const actions: Actions = {
  /**
   * Save all four values (an empty choice clears it). Field errors from the API's
   * ValidationError (unknown municipality, kern without municipality, kern not of the
   * municipality); success goes back to /mijn with a message.
   */
  default: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const all = valuesOf(await event.request.formData());
    const values = Object.fromEntries(PLACE_FIELDS.map((f) => [f, all[f] ?? ""])) as Record<string, string>;
    const { seekerPlacesUpdate: result } = await run(event, SEEKER_PLACES_UPDATE, {
      input: parsePlaces(values),
    });
    if (isError(result)) return fail(400, { values, errors: placesErrors(t, result) });
    redirect(303, resolve("/mijn?opgeslagen=places"));
  },
};
