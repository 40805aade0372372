/**
 * Saved searches (bewaarde zoekopdrachten) of the signed-in seeker: list them with a link to the
 * listings page and the number of matching listings, rename, set the alert frequency, delete; and
 * the `bewaar` action the "Bewaar deze zoekopdracht" form on /aanbod posts to (the current filters
 * as hidden fields, in the /aanbod query-string names). Plain POST form actions (no JavaScript
 * needed); API: `viewer.savedSearches`, `savedSearchCreate`, `savedSearchUpdate`, `savedSearchDelete`.
 */
import { error, fail, redirect } from "@sveltejs/kit";
import { resolve } from "$app/paths";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { errorMessage, isError } from "$lib/server/errors";
import { graphql, typed } from "$lib/graphql";
import { parseAmount, parseInteger } from "$lib/parse";
import type { FieldErrors } from "$lib/forms";
import type { Translate } from "$lib/i18n";

/** The seeker's saved searches with what the list shows. */
const SAVED_SEARCHES = typed(
  graphql(`
    query PortalSavedSearches {
      viewer {
        id
        savedSearches {
          id
          name
          frequency
          municipalities {
            id
            name
          }
          districts {
            id
            name
          }
          rentMin
          rentMax
          roomsMin
          dwellingTypes
          allocationModels
          accessibility
          eligibleOnly
          listingsPath
          matchingListingCount
        }
      }
    }
  `),
);

const CREATE = typed(
  graphql(`
    mutation PortalSavedSearchCreate($input: SavedSearchCreateInput!) {
      savedSearchCreate(input: $input) {
        __typename
        ... on SavedSearchCreateSuccess {
          savedSearch {
            id
          }
        }
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          issues {
            path
            message
          }
        }
      }
    }
  `),
);

const UPDATE = typed(
  graphql(`
    mutation PortalSavedSearchUpdate($input: SavedSearchUpdateInput!) {
      savedSearchUpdate(input: $input) {
        __typename
        ... on SavedSearchUpdateSuccess {
          savedSearch {
            id
          }
        }
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          issues {
            path
            message
          }
        }
      }
    }
  `),
);

const DELETE = typed(
  graphql(`
    mutation PortalSavedSearchDelete($input: SavedSearchDeleteInput!) {
      savedSearchDelete(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
      }
    }
  `),
);

const FREQUENCIES = ["IMMEDIATE", "DAILY", "OFF"] as const;
type Frequency = (typeof FREQUENCIES)[number];
const frequencyOf = (v: FormDataEntryValue | null): Frequency | null =>
  FREQUENCIES.includes(String(v ?? "") as Frequency) ? (String(v) as Frequency) : null;

/** The /aanbod filter names the `bewaar` form carries. */
const FILTER_FIELDS = [
  "gemeente",
  "wijk",
  "kamers",
  "minhuur",
  "maxhuur",
  "type",
  "model",
  "toegankelijk",
  "passend",
] as const;

const DWELLING_TYPES = [
  "APARTMENT",
  "GROUND_FLOOR_APARTMENT",
  "UPPER_FLOOR_DWELLING",
  "SINGLE_FAMILY_HOUSE",
  "STUDIO",
  "ROOM",
  "SENIOR_DWELLING",
] as const;
const MODELS = ["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"] as const;

/** A translated sentence for an API error of these forms. */
function message(t: Translate, e: { code: string; message: string }): string {
  if (e.code === "SAVED_SEARCH_LIMIT_REACHED") return t("savedSearches.errors.limit", { max: 10 });
  if (e.code === "NOT_FOUND") return t("savedSearches.errors.notFound");
  return errorMessage(t, e as Parameters<typeof errorMessage>[1]);
}

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, SAVED_SEARCHES, {});
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  return {
    searches: viewer.savedSearches,
    saved: event.url.searchParams.get("bewaard") === "1",
  };
};

export const actions: Actions = {
  /**
   * Save the filters of /aanbod: fields `naam`, `frequentie` and the /aanbod filter names. A
   * filter value /aanbod would not accept is left out there too, so it is left out here.
   */
  bewaar: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const raw = (k: string) => String(form.get(k) ?? "").trim();
    const values = Object.fromEntries(FILTER_FIELDS.map((k) => [k, raw(k)])) as Record<
      (typeof FILTER_FIELDS)[number],
      string
    >;
    const name = raw("naam");
    const frequency = frequencyOf(form.get("frequentie")) ?? "DAILY";
    const errors: FieldErrors = {};
    if (!name) errors.naam = t("savedSearches.errors.nameRequired");
    else if (name.length > 80) errors.naam = t("savedSearches.errors.nameLength", { max: 80 });
    const failure = () =>
      fail(400, {
        form: "bewaar" as const,
        errors,
        values: { ...values, naam: name, frequentie: frequency },
      });
    if (Object.keys(errors).length) return failure();
    const rooms = parseInteger(values.kamers, 1, 10);
    const rentMin = values.minhuur ? parseAmount(values.minhuur) : null;
    const rentMax = values.maxhuur ? parseAmount(values.maxhuur) : null;
    const type = (DWELLING_TYPES as readonly string[]).includes(values.type)
      ? (values.type as (typeof DWELLING_TYPES)[number])
      : null;
    const model = (MODELS as readonly string[]).includes(values.model)
      ? (values.model as (typeof MODELS)[number])
      : null;
    const access =
      values.toegankelijk === "WALKER"
        ? (["WALKER", "WHEELCHAIR"] as const)
        : values.toegankelijk === "WHEELCHAIR"
          ? (["WHEELCHAIR"] as const)
          : null;
    const { savedSearchCreate: result } = await run(event, CREATE, {
      input: {
        name,
        frequency,
        filter: {
          ...(values.gemeente ? { municipalityIds: [values.gemeente] } : {}),
          ...(values.wijk ? { districtIds: [values.wijk] } : {}),
          ...(rooms !== null ? { roomsMin: rooms } : {}),
          ...(rentMin !== null && rentMin > 0 ? { rentMin } : {}),
          ...(rentMax !== null ? { rentMax } : {}),
          ...(type ? { dwellingTypes: [type] } : {}),
          ...(model ? { allocationModels: [model] } : {}),
          ...(access ? { accessibility: [...access] } : {}),
          eligibleOnly: values.passend === "1",
        },
      },
    });
    if (isError(result)) {
      const issue = "issues" in result ? result.issues?.[0] : undefined;
      if (issue && issue.path.includes("name")) errors.naam = t("savedSearches.errors.nameInvalid");
      else errors._form = issue ? t("savedSearches.errors.filter") : message(t, result);
      return failure();
    }
    redirect(303, resolve("/mijn/zoekopdrachten?bewaard=1"));
  },
  /** Rename and set the frequency: fields `id`, `naam`, `frequentie`. */
  wijzig: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const id = String(form.get("id") ?? "");
    const name = String(form.get("naam") ?? "").trim();
    const frequency = frequencyOf(form.get("frequentie"));
    const errors: FieldErrors = {};
    if (!name) errors.naam = t("savedSearches.errors.nameRequired");
    else if (name.length > 80) errors.naam = t("savedSearches.errors.nameLength", { max: 80 });
    if (!frequency) errors.frequentie = t("savedSearches.errors.frequency");
    if (Object.keys(errors).length) return fail(400, { form: "wijzig" as const, id, errors, naam: name });
    const { savedSearchUpdate: result } = await run(event, UPDATE, {
      input: { id, name, frequency },
    });
    if (isError(result)) {
      const invalid = "issues" in result && result.issues?.length;
      if (invalid) errors.naam = t("savedSearches.errors.nameInvalid");
      else errors._form = message(t, result);
      return fail(400, { form: "wijzig" as const, id, errors, naam: name });
    }
    return { form: "wijzig" as const, id, updated: true };
  },
  /** Delete: field `id`. */
  verwijder: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const id = String((await event.request.formData()).get("id") ?? "");
    const { savedSearchDelete: result } = await run(event, DELETE, { input: { id } });
    if (isError(result))
      return fail(400, {
        form: "verwijder" as const,
        id,
        errors: { _form: message(t, result) } as FieldErrors,
      });
    return { form: "verwijder" as const, id, deleted: true };
  },
};
