/**
 * Where you live and work (woon- en werkplaats): municipality and kern of residence and of work,
 * for local binding ([001] 2b kleine kernenbinding; [003] "eventueel op kernniveau"). A plain POST
 * form (works without JavaScript); the API checks every choice (`seekerPlacesUpdate`).
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { SEEKER_PLACES, SEEKER_PLACES_UPDATE } from "$lib/server/operations";
import { requireViewer } from "$lib/server/guard";
import { isError } from "$lib/server/errors";
import { PLACE_FIELDS, parsePlaces, placesErrors } from "$lib/server/places";
import { valuesOf } from "$lib/server/registration";

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
