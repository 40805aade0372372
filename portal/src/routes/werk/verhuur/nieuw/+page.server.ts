import { resolve } from "$app/paths";
import { fail, redirect, type RequestEvent } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { requireStaffRole } from "$lib/server/staff";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";
import { editorField, editorValues, parseDwelling, parseListing } from "$lib/server/listing-editor";

/** The landlord's dwellings (to offer one again) and the municipalities with their districts. */
const NEW_LISTING = typed(
  graphql(`
    query PortalListingEditorNew {
      staffDwellings(first: 100) {
        edges {
          node {
            id
            street
            houseNumber
            houseNumberSuffix
            city
            rooms
            areaM2
          }
        }
      }
      municipalities {
        id
        name
        districts {
          id
          name
        }
      }
    }
  `),
);

const DWELLING_CREATE = typed(
  graphql(
    `
      mutation PortalDwellingCreate($input: DwellingCreateInput!) {
        dwellingCreate(input: $input) {
          __typename
          ... on DwellingCreateSuccess {
            dwelling {
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

const LISTING_CREATE = typed(
  graphql(
    `
      mutation PortalListingCreate($input: ListingCreateMutationInput!) {
        listingCreate(input: $input) {
          __typename
          ... on ListingCreateSuccess {
            listing {
              reference
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

/**
 * The landlord organisations the signed-in staff member works for (LANDLORD_STAFF roles), each
 * once, in the order of their roles: a new dwelling joins the stock of one of them.
 */
function landlordsOf(event: Pick<RequestEvent, "locals">): Array<{ id: string; name: string }> {
  const seen = new Map<string, { id: string; name: string }>();
  for (const r of event.locals.staff?.roles ?? [])
    if (r.role === "LANDLORD_STAFF" && !seen.has(r.organisation.id))
      seen.set(r.organisation.id, { id: r.organisation.id, name: r.organisation.name });
  return [...seen.values()];
}

export const load: PageServerLoad = async (event) => {
  requireStaffRole(event, "LANDLORD_STAFF");
  const data = await run(event, NEW_LISTING, {});
  const landlords = landlordsOf(event);
  return {
    dwellings: data.staffDwellings.edges.map((e) => e.node),
    municipalities: data.municipalities,
    /** The landlords to choose from for a new dwelling; empty when there is only one (no field). */
    landlords: landlords.length > 1 ? landlords : [],
  };
};

export const actions: Actions = {
  /**
   * Create a draft listing: first the new dwelling (when none of the stock is chosen; in the
   * chosen landlord's stock when the staff member works for several), then the listing. When the
   * listing is refused after its dwelling was made, the form comes back with that dwelling
   * chosen, so sending it again makes no second dwelling.
   */
  create: async (event) => {
    requireStaffRole(event, "LANDLORD_STAFF");
    const t = event.locals.t;
    const values = editorValues(await event.request.formData());
    const errors: FieldErrors = {};
    const listing = parseListing(values, t, errors);
    let dwellingId = (values.dwellingId ?? "").trim();
    const dwelling = dwellingId ? null : parseDwelling(values, t, errors);
    // A staff member of several landlords names the one whose stock the new dwelling joins.
    const landlords = landlordsOf(event);
    let landlordId: string | undefined;
    if (dwelling && landlords.length > 1) {
      landlordId = (values.landlordId ?? "").trim();
      if (!landlords.some((l) => l.id === landlordId)) errors.landlordId = t("staffDwelling.errors.landlord");
    }
    if (Object.keys(errors).length) return fail(400, { values, errors });
    if (dwelling) {
      const { dwellingCreate: made } = await run(event, DWELLING_CREATE, {
        input: { dwelling: landlordId ? { ...dwelling, landlordId } : dwelling },
      });
      if (isError(made)) return fail(400, { values, errors: formErrors(t, made, editorField) });
      if (made.__typename !== "DwellingCreateSuccess")
        return fail(400, { values, errors: { _form: t("listingEditor.errors.unexpected") } });
      dwellingId = made.dwelling.id;
      values.dwellingId = dwellingId;
    }
    const { listingCreate: created } = await run(event, LISTING_CREATE, {
      input: { listing: { ...listing, dwellingId } },
    });
    if (isError(created)) return fail(400, { values, errors: formErrors(t, created, editorField) });
    if (created.__typename !== "ListingCreateSuccess")
      return fail(400, { values, errors: { _form: t("listingEditor.errors.unexpected") } });
    redirect(
      303,
      `${resolve("/werk/verhuur/[reference]/bewerken", { reference: encodeURIComponent(created.listing.reference) })}?aangemaakt=1`,
    );
  },
};
