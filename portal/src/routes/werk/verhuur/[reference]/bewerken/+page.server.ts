import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad, RequestEvent } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { requireStaffRole } from "$lib/server/staff";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";
import {
  amsterdamParts,
  editorField,
  editorValues,
  parseDwelling,
  parseListing,
} from "$lib/server/listing-editor";

/** Largest photo the API takes (8 MiB); checked here first so a big file gets the form's message. */
const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** The fields of the listing form: an issue naming another field is shown above the form. */
const LISTING_FORM_FIELDS = new Set([
  "title",
  "description",
  "allocationModel",
  "closesDate",
  "closesTime",
  "householdMin",
  "householdMax",
  "ageLabel",
  "incomeBand",
  "priorityRules",
]);

/** The listing as its landlord's staff edit it, with its dwelling and photos. */
const EDIT_LISTING = typed(
  graphql(`
    query PortalListingEditor($reference: String!) {
      listing(reference: $reference) {
        id
        reference
        title
        description
        status
        allocationModel
        closesAt
        householdMin
        householdMax
        ageLabel
        incomeBand
        priorityRules
        netRent
        serviceCosts
        dwelling {
          id
          street
          houseNumber
          houseNumberSuffix
          postalCode
          city
          rooms
          areaM2
          floor
          hasElevator
          accessibility
          type
          energyLabel
          isNewBuild
          municipality {
            id
          }
          district {
            id
          }
        }
        photos {
          id
          key
          position
          altTextNl
          altTextEn
          width
          height
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

const DWELLING_UPDATE = typed(
  graphql(
    `
      mutation PortalDwellingUpdate($input: DwellingUpdateInput!) {
        dwellingUpdate(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const LISTING_UPDATE = typed(
  graphql(
    `
      mutation PortalListingUpdate($input: ListingUpdateMutationInput!) {
        listingUpdate(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const LISTING_PUBLISH = typed(
  graphql(
    `
      mutation PortalListingPublish($input: ListingIdInput!) {
        listingPublish(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const PHOTO_ADD = typed(
  graphql(
    `
      mutation PortalListingPhotoAdd($input: ListingPhotoAddInput!) {
        listingPhotoAdd(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const PHOTO_UPDATE = typed(
  graphql(
    `
      mutation PortalListingPhotoUpdate($input: ListingPhotoUpdateInput!) {
        listingPhotoUpdate(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const PHOTOS_REORDER = typed(
  graphql(
    `
      mutation PortalListingPhotosReorder($input: ListingPhotosReorderInput!) {
        listingPhotosReorder(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const PHOTO_DELETE = typed(
  graphql(
    `
      mutation PortalListingPhotoDelete($input: ListingPhotoDeleteInput!) {
        listingPhotoDelete(input: $input) {
          __typename
          ...ErrorFields
        }
      }
    `,
    [ErrorFields],
  ),
);

async function loadListing(event: Pick<RequestEvent, "locals" | "getClientAddress" | "params" | "url">) {
  requireStaffRole(event, "LANDLORD_STAFF");
  const { listing, municipalities } = await run(event, EDIT_LISTING, { reference: event.params.reference });
  if (!listing) error(404, { message: event.locals.t("listingEditor.notFound") });
  return Object.assign(listing, { municipalities });
}

type EditListing = Awaited<ReturnType<typeof loadListing>>;

/** The listing form's values from the stored listing. */
function valuesOfListing(l: EditListing): Record<string, string> {
  const closes = amsterdamParts(l.closesAt);
  return {
    title: l.title,
    description: l.description,
    allocationModel: l.allocationModel,
    closesDate: closes.date,
    closesTime: closes.time,
    householdMin: l.householdMin === null || l.householdMin === undefined ? "" : String(l.householdMin),
    householdMax: l.householdMax === null || l.householdMax === undefined ? "" : String(l.householdMax),
    ageLabel: l.ageLabel,
    incomeBand: l.incomeBand,
    priorityRules: l.priorityRules.join(","),
  };
}

/** API issues on the listing form's fields; the others (e.g. the dwelling's rent) above the form. */
function listingErrors(t: App.Locals["t"], result: Parameters<typeof formErrors>[1]): FieldErrors {
  const raw = formErrors(t, result, editorField);
  const errors: FieldErrors = {};
  for (const [field, message] of Object.entries(raw)) {
    if (field === "_form" || LISTING_FORM_FIELDS.has(field)) errors[field] ??= message;
    else errors._form = errors._form ? `${errors._form} ${message}` : message;
  }
  return errors;
}

const here = (reference: string, notice: string) =>
  `${resolve("/werk/verhuur/[reference]/bewerken", { reference: encodeURIComponent(reference) })}?${notice}=1`;

/** The dwelling form's values from the stored dwelling (rent from the draft, which copies it). */
function valuesOfDwelling(l: EditListing): Record<string, string> {
  const d = l.dwelling;
  return {
    street: d.street,
    houseNumber: String(d.houseNumber),
    houseNumberSuffix: d.houseNumberSuffix ?? "",
    postalCode: d.postalCode,
    city: d.city,
    municipalityId: d.municipality.id,
    districtId: d.district?.id ?? "",
    type: d.type,
    floor: String(d.floor),
    hasElevator: d.hasElevator ? "on" : "",
    rooms: String(d.rooms),
    areaM2: String(d.areaM2),
    accessibility: d.accessibility,
    energyLabel: d.energyLabel ?? "",
    netRent: String(l.netRent),
    serviceCosts: String(l.serviceCosts),
    isNewBuild: d.isNewBuild ? "on" : "",
  };
}

export const load: PageServerLoad = async (event) => {
  const listing = await loadListing(event);
  return {
    listing,
    municipalities: listing.municipalities,
    values: valuesOfListing(listing),
    dwellingValues: valuesOfDwelling(listing),
    notice:
      ["aangemaakt", "opgeslagen", "foto", "gepubliceerd"].find((n) => event.url.searchParams.has(n)) ?? null,
  };
};

export const actions: Actions = {
  /** Save the draft's listing fields (listingUpdate; drafts only). */
  save: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const values = editorValues(await event.request.formData());
    const errors: FieldErrors = {};
    const changes = parseListing(values, t, errors);
    if (Object.keys(errors).length) return fail(400, { form: "listing", values, errors });
    const { listingUpdate: r } = await run(event, LISTING_UPDATE, { input: { id: listing.id, changes } });
    if (isError(r)) return fail(400, { form: "listing", values, errors: listingErrors(t, r) });
    redirect(303, here(listing.reference, "opgeslagen"));
  },

  /** Change the draft's dwelling (dwellingUpdate; refused once a listing of it is published). */
  saveDwelling: async (event) => {
    const listing = await loadListing(event);
    if (listing.status !== "DRAFT") error(409, { message: event.locals.t("listingEditor.edit.locked") });
    const t = event.locals.t;
    const values = editorValues(await event.request.formData());
    const errors: FieldErrors = {};
    const changes = parseDwelling(values, t, errors);
    if (Object.keys(errors).length) return fail(400, { form: "dwelling", values, errors });
    const { dwellingUpdate: r } = await run(event, DWELLING_UPDATE, {
      input: { id: listing.dwelling.id, changes },
    });
    if (isError(r)) return fail(400, { form: "dwelling", values, errors: formErrors(t, r, editorField) });
    redirect(303, here(listing.reference, "opgeslagen"));
  },

  /** Publish the draft: the allocation core's problems come back next to the fields they concern. */
  publish: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const { listingPublish: r } = await run(event, LISTING_PUBLISH, { input: { id: listing.id } });
    if (isError(r))
      return fail(400, { form: "listing", values: valuesOfListing(listing), errors: listingErrors(t, r) });
    redirect(303, here(listing.reference, "gepubliceerd"));
  },

  /** Upload a photo with its alt text (multipart to the API). */
  photoAdd: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const file = form.get("photo");
    const altTextNl = String(form.get("altTextNl") ?? "").trim();
    const altTextEn = String(form.get("altTextEn") ?? "").trim();
    const values = { altTextNl, altTextEn };
    const errors: FieldErrors = {};
    if (!(file instanceof File) || file.size === 0) errors.photo = t("listingEditor.photo.fileMissing");
    else if (file.size > PHOTO_MAX_BYTES) errors.photo = t("listingEditor.photo.fileTooLarge");
    if (altTextNl.length < 3) errors.altTextNl = t("listingEditor.photo.altMissing");
    if (Object.keys(errors).length) return fail(400, { form: "photoAdd", values, errors });
    const { listingPhotoAdd: r } = await runWithFiles(
      event,
      PHOTO_ADD,
      { input: { listingId: listing.id, file: null, altTextNl, altTextEn: altTextEn || null } },
      [{ path: "variables.input.file", file: file as File }],
    );
    if (isError(r))
      return fail(400, {
        form: "photoAdd",
        values,
        errors: formErrors(t, r, (p) => (p.at(-1) === "file" ? "photo" : p.at(-1))),
      });
    redirect(303, `${here(listing.reference, "foto")}#foto-s`);
  },

  /** Change a photo's alt text. */
  photoAlt: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const id = String(form.get("id") ?? "");
    const altTextNl = String(form.get("altTextNl") ?? "").trim();
    const altTextEn = String(form.get("altTextEn") ?? "").trim();
    const photo = listing.photos.find((p) => p.id === id);
    if (!photo) error(404, { message: t("listingEditor.photo.notFound") });
    const values = { altTextNl, altTextEn };
    if (altTextNl.length < 3)
      return fail(400, {
        form: `photo-${photo.position}`,
        values,
        errors: { altTextNl: t("listingEditor.photo.altMissing") },
      });
    const { listingPhotoUpdate: r } = await run(event, PHOTO_UPDATE, {
      input: { id, altTextNl, altTextEn: altTextEn || null },
    });
    if (isError(r)) return fail(400, { form: `photo-${photo.position}`, values, errors: formErrors(t, r) });
    redirect(303, `${here(listing.reference, "foto")}#foto-s`);
  },

  /** Move a photo one place up or down (the first is the cover photo). */
  photoMove: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const id = String(form.get("id") ?? "");
    const step = form.get("direction") === "up" ? -1 : 1;
    const order = listing.photos.map((p) => p.id);
    const at = order.indexOf(id);
    if (at < 0) error(404, { message: t("listingEditor.photo.notFound") });
    const to = at + step;
    if (to >= 0 && to < order.length) {
      [order[at], order[to]] = [order[to]!, order[at]!];
      const { listingPhotosReorder: r } = await run(event, PHOTOS_REORDER, {
        input: { listingId: listing.id, photoIds: order },
      });
      if (isError(r)) return fail(400, { form: "photos", values: {}, errors: formErrors(t, r) });
    }
    redirect(303, `${here(listing.reference, "foto")}#foto-s`);
  },

  /** Delete a photo. */
  photoDelete: async (event) => {
    const listing = await loadListing(event);
    const t = event.locals.t;
    const id = String((await event.request.formData()).get("id") ?? "");
    if (!listing.photos.some((p) => p.id === id)) error(404, { message: t("listingEditor.photo.notFound") });
    const { listingPhotoDelete: r } = await run(event, PHOTO_DELETE, { input: { id } });
    if (isError(r)) return fail(400, { form: "photos", values: {}, errors: formErrors(t, r) });
    redirect(303, `${here(listing.reference, "foto")}#foto-s`);
  },
};
