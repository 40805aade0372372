/**
 * Where the seeker lives and works (woonplaats en werkplaats) as form fields: shared by
 * /mijn/woon-en-werkplaats and the registration form (/inschrijven). The kern is checked against
 * the municipality's `cores` by the API ([001] 2b kleine kernenbinding, [003] "eventueel op
 * kernniveau"); the portal only passes the choices on and translates the API's field errors.
 */
import type { Translate as TFunction } from "$lib/i18n";
import type { FieldErrors } from "$lib/forms";
import type { SchemaType } from "$lib/graphql";
import { formErrors, type ErrorResult } from "./errors";

/** The API's `SeekerPlacesInput`: municipality global IDs and kern names, null where none. */
export type SeekerPlacesInput = SchemaType<"SeekerPlacesInput">;

/** The form fields, named as the API's `SeekerPlacesInput` fields. */
export const PLACE_FIELDS = ["municipalityId", "core", "workMunicipalityId", "workCore"] as const;
/** One of {@link PLACE_FIELDS}. */
export type PlaceField = (typeof PLACE_FIELDS)[number];

/**
 * The places from form values (`municipalityId`, `core`, `workMunicipalityId`, `workCore`);
 * an empty choice becomes null ("does not apply"). Not validated here: the API does that.
 */
export function parsePlaces(values: Record<string, string>): SeekerPlacesInput {
  const pick = (name: PlaceField) => (values[name] ?? "").trim() || null;
  return {
    municipalityId: pick("municipalityId"),
    core: pick("core"),
    workMunicipalityId: pick("workMunicipalityId"),
    workCore: pick("workCore"),
  };
}

/** True when no place was chosen at all (registration then leaves `places` out). */
export function noPlaces(places: SeekerPlacesInput): boolean {
  return PLACE_FIELDS.every((f) => places[f] === null);
}

/** A place field named by an API issue path (without "input", optionally under "places"). */
export function placeField(path: string[]): PlaceField | undefined {
  const name = path[0] === "places" ? path[1] : path[0];
  return PLACE_FIELDS.find((f) => f === name);
}

/**
 * Translated field errors for a refused `seekerPlacesUpdate` (or the places of a refused
 * registration): an issue on a place field gets a sentence of our own (the API's message is
 * English), anything else the generic translation.
 *
 * @param fieldOf - maps other issue paths to form fields (registration's own fields)
 */
export function placesErrors(
  t: TFunction,
  error: ErrorResult,
  fieldOf: (path: string[]) => string | undefined = placeField,
): FieldErrors {
  const errors = formErrors(t, error, (p) => placeField(p) ?? fieldOf(p));
  for (const issue of error.issues ?? []) {
    const field = placeField(issue.path.map(String).filter((p) => p !== "input"));
    if (!field) continue;
    const isCore = field === "core" || field === "workCore";
    const needsMunicipality = isCore && /needs/i.test(issue.message);
    errors[field] = needsMunicipality
      ? t(`places.errors.${field}NeedsMunicipality`)
      : t(`places.errors.${field}`);
  }
  return errors;
}
