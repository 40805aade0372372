/**
 * The landlord's listing editor (issue 12 item 1, issue 11 item 5): dwellings (woningen) of the
 * landlord's own stock — create, change, list — and listing photos (woningfoto's) with alt text:
 * upload, alt text, order, delete. Listings themselves are created, changed and published by the
 * mutations in listing.ts (listingCreate, listingUpdate, listingPublish).
 *
 * Photos: stored and served as described in ../photos.ts (PostgreSQL, served resized without
 * metadata). Photos may be added, described, reordered and deleted while a listing is DRAFT or
 * PUBLISHED (they change nothing a seeker's eligibility or position depends on); from CLOSED on the
 * advert is a record of what seekers responded to and stays as it is.
 */
import { z } from "zod";
import { landlordOrgIds, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { checkPhoto, PHOTO_MAX_PER_LISTING, PhotoRejected, scaledHeight } from "../photos.ts";
import { createHash } from "node:crypto";
import { builder } from "./builder.ts";
import {
  AccessibilityLabelEnum,
  decodeGlobal,
  DwellingTypeEnum,
  EnergyLabelEnum,
  LanguageEnum,
} from "./common.ts";
import { cents } from "./core.ts";
import {
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  ValidationError,
} from "./errors.ts";
import { audit, requireLandlordOf, requireSignedIn } from "./guards.ts";
import { Dwelling, Listing, PUBLIC_LISTING_STATUSES } from "./listing.ts";

/** Listing statuses in which photos may still change. */
const PHOTO_EDITABLE = ["DRAFT", "PUBLISHED"] as const;

// ── Dwellings ──────────────────────────────────────────────────────────────────────────────────

const dwellingFields = {
  street: z.string().trim().min(1, "must not be empty").max(200),
  houseNumber: z.number().int().min(1).max(99999),
  houseNumberSuffix: z.string().trim().max(10),
  postalCode: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().regex(/^[1-9][0-9]{3}[A-Z]{2}$/, "must be a Dutch postal code such as 3511AB")),
  city: z.string().trim().min(1, "must not be empty").max(100),
  neighbourhood: z.string().trim().max(100),
  type: z.enum([
    "APARTMENT",
    "GROUND_FLOOR_APARTMENT",
    "UPPER_FLOOR_DWELLING",
    "SINGLE_FAMILY_HOUSE",
    "STUDIO",
    "ROOM",
    "SENIOR_DWELLING",
  ]),
  floor: z.number().int().min(-1).max(60),
  hasElevator: z.boolean(),
  rooms: z.number().int().min(1).max(20),
  areaM2: z.number().int().min(8).max(1000),
  accessibility: z.enum(["NONE", "WALKER", "WHEELCHAIR"]),
  energyLabel: z.enum(["A_PLUS_4", "A_PLUS_3", "A_PLUS_2", "A_PLUS_1", "A", "B", "C", "D", "E", "F", "G"]),
  netRent: z.number().min(0).max(5000),
  serviceCosts: z.number().min(0).max(1000),
  isNewBuild: z.boolean(),
  buildYear: z.number().int().min(1600).max(2100),
};
const dwellingCreateSchema = z.object({
  ...dwellingFields,
  houseNumberSuffix: dwellingFields.houseNumberSuffix.optional(),
  neighbourhood: dwellingFields.neighbourhood.optional(),
  floor: dwellingFields.floor.default(0),
  hasElevator: dwellingFields.hasElevator.default(false),
  accessibility: dwellingFields.accessibility.default("NONE"),
  energyLabel: dwellingFields.energyLabel.optional(),
  serviceCosts: dwellingFields.serviceCosts.default(0),
  isNewBuild: dwellingFields.isNewBuild.default(false),
  buildYear: dwellingFields.buildYear.optional(),
});
const dwellingUpdateSchema = z.object(dwellingFields).partial();

const dwellingInputFields = (required: boolean) =>
  ((t: PothosInputFields) => ({
    street: t.string({ required, description: "Street name (1–200 characters)." }),
    houseNumber: t.int({ required, description: "House number." }),
    houseNumberSuffix: t.string({ required: false, description: "Suffix, e.g. 'bis' or 'A' (up to 10)." }),
    postalCode: t.string({ required, description: "Dutch postal code, e.g. 3511AB (a space is allowed)." }),
    city: t.string({ required, description: "Place name." }),
    municipalityId: t.id({ required, description: "Global ID of the Municipality (gemeente)." }),
    districtId: t.id({
      required: false,
      description: "Global ID of a District (wijk) of that municipality; omit for none.",
    }),
    neighbourhood: t.string({ required: false, description: "Buurt (up to 100 characters)." }),
    type: t.field({ type: DwellingTypeEnum, required, description: "Kind of dwelling (woningtype)." }),
    floor: t.int({ required: false, description: "Floor, 0 = ground floor (default 0)." }),
    hasElevator: t.boolean({
      required: false,
      description: "Whether the building has an elevator (default false).",
    }),
    rooms: t.int({ required, description: "Number of rooms (kamers), living room included, 1–20." }),
    areaM2: t.int({ required, description: "Living area in m², 8–1000." }),
    accessibility: t.field({
      type: AccessibilityLabelEnum,
      required: false,
      description: "Accessibility label (toegankelijkheid; default NONE).",
    }),
    energyLabel: t.field({ type: EnergyLabelEnum, required: false, description: "Energy label." }),
    netRent: t.float({
      required,
      description:
        "Net rent (kale huur), EUR per month, 0–5000. New listings copy it; a change also changes the dwelling's DRAFT listings (never a published one).",
    }),
    serviceCosts: t.float({
      required: false,
      description: "Service costs (servicekosten), EUR per month (default 0).",
    }),
    isNewBuild: t.boolean({ required: false, description: "New build or transformation (default false)." }),
    buildYear: t.int({ required: false, description: "Year of construction." }),
  })) as unknown as (t: PothosInputFields) => Record<string, never>;
type PothosInputFields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

const DwellingCreateFields = builder.inputType("DwellingCreateFields", {
  description: "A dwelling of the landlord's stock (woning).",
  fields: (t) => ({
    ...dwellingInputFields(true)(t),
    landlordId: t.id({
      required: false,
      description:
        "Global ID of the landlord Organisation the dwelling belongs to; required when you work for several landlords, may be omitted when you work for one only.",
    }),
  }),
});
const DwellingUpdateFields = builder.inputType("DwellingUpdateFields", {
  description: "Changes to a dwelling; omitted fields stay.",
  fields: (t) => dwellingInputFields(false)(t),
});
const DwellingCreateInput = builder.inputType("DwellingCreateInput", {
  description: "Input of dwellingCreate.",
  fields: (t) => ({
    dwelling: t.field({ type: DwellingCreateFields, required: true, description: "The dwelling." }),
  }),
});
const DwellingUpdateInput = builder.inputType("DwellingUpdateInput", {
  description: "Input of dwellingUpdate.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the Dwelling." }),
    changes: t.field({ type: DwellingUpdateFields, required: true, description: "Fields to change." }),
  }),
});

type DwellingArgs = Record<string, unknown> & {
  municipalityId?: string | number | null;
  districtId?: string | number | null;
  landlordId?: string | number | null;
  netRent?: number | null;
  serviceCosts?: number | null;
};

const stripNull = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/**
 * The municipality and district of a dwelling input, checked: both exist, the district lies in
 * the municipality.
 * @throws ValidationError at `input.<prefix>.municipalityId` / `districtId`
 */
async function placeOf(
  input: DwellingArgs,
  prefix: string[],
  current?: { municipalityId: string; districtId: string | null },
): Promise<{ municipalityId?: string; districtId?: string | null }> {
  const out: { municipalityId?: string; districtId?: string | null } = {};
  if (input.municipalityId != null) {
    out.municipalityId = decodeGlobal(
      String(input.municipalityId),
      "Municipality",
      [...prefix, "municipalityId"].join("."),
    );
    const m = await db().municipality.findUnique({ where: { id: out.municipalityId }, select: { id: true } });
    if (!m)
      throw new ValidationError([{ path: [...prefix, "municipalityId"], message: "no such municipality" }]);
  }
  if (input.districtId !== undefined) {
    out.districtId =
      input.districtId === null || input.districtId === ""
        ? null
        : decodeGlobal(String(input.districtId), "District", [...prefix, "districtId"].join("."));
  }
  const municipalityId = out.municipalityId ?? current?.municipalityId;
  const districtId = out.districtId === undefined ? current?.districtId : out.districtId;
  if (districtId) {
    const d = await db().district.findUnique({ where: { id: districtId }, select: { municipalityId: true } });
    if (!d || d.municipalityId !== municipalityId)
      throw new ValidationError([
        { path: [...prefix, "districtId"], message: "must be a district of the dwelling's municipality" },
      ]);
  }
  if (out.municipalityId && current && out.districtId === undefined && current.districtId) {
    // a new municipality drops a district of the old one
    const d = await db().district.findUnique({
      where: { id: current.districtId },
      select: { municipalityId: true },
    });
    if (d?.municipalityId !== out.municipalityId) out.districtId = null;
  }
  return out;
}

/**
 * The landlord a new dwelling belongs to: the one given (the caller must work for it), else the
 * caller's only one. Errors: NotAuthorizedError (not landlord staff, or not of the landlord
 * given), ValidationError at `input.dwelling.landlordId` (none given while the caller works for
 * several landlords).
 */
function landlordFor(ctx: Context, given: string | number | null | undefined): string {
  const v = requireSignedIn(ctx);
  if (given != null) {
    const id = decodeGlobal(String(given), "Organisation", "input.dwelling.landlordId");
    requireLandlordOf(ctx, id);
    return id;
  }
  const orgs = landlordOrgIds(v);
  if (orgs.length === 0) requireLandlordOf(ctx, "-");
  if (orgs.length > 1)
    throw new ValidationError([
      { path: ["input", "dwelling", "landlordId"], message: "you work for several landlords: name one" },
    ]);
  return orgs[0]!;
}

/**
 * Inside `tx`: the caller still holds LANDLORD_STAFF at `landlordId`. The membership row is locked
 * FOR SHARE, so a revocation committed after the request was authenticated wins and one committed
 * later waits for this write. Errors: NotAuthorizedError.
 */
async function checkLandlordMembership(ctx: Context, tx: Tx, landlordId: string): Promise<void> {
  const userId = requireSignedIn(ctx).userId;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM "StaffMembership" m JOIN "Organisation" o ON o.id = m."organisationId"
    WHERE m."userId" = ${userId}::uuid AND m."organisationId" = ${landlordId}::uuid
      AND m.role = 'LANDLORD_STAFF' AND o.kind = 'LANDLORD'
    FOR SHARE OF m`;
  if (rows.length === 0) throw new NotAuthorizedError("Only staff of the landlord can add to its stock");
}

builder.queryFields((t) => ({
  staffDwellings: t.prismaConnection({
    type: "Dwelling",
    cursor: "id",
    description:
      "Dwellings of the landlords the signed-in staff member works for (their stock, for a new listing), newest first. Landlord staff only.",
    authScopes: { landlord: true },
    resolve: (query, _root, _args, ctx) =>
      db().dwelling.findMany({
        ...query,
        where: { landlordId: { in: landlordOrgIds(ctx.viewer) } },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

builder.mutationFields((t) => ({
  dwellingCreate: t.field({
    type: Dwelling,
    description:
      "Add a dwelling to a landlord's stock (landlord staff), to offer it with listingCreate. The landlord is `input.dwelling.landlordId` (required when you work for several landlords; your role there is checked inside the write's transaction). Errors: NotAuthorizedError (not staff of that landlord), ValidationError (no landlord named while you work for several, postal code, sizes, rent EUR per month 0–5000, a district outside the municipality, an unknown municipality).",
    errors: {
      types: [ValidationError],
      dataField: { name: "dwelling", description: "The new dwelling." },
    },
    args: { input: t.arg({ type: DwellingCreateInput, required: true, description: "The dwelling." }) },
    resolve: async (_root, { input }, ctx) => {
      const raw = input.dwelling as unknown as DwellingArgs;
      const landlordId = landlordFor(ctx, raw.landlordId);
      const v = parseInput(
        dwellingCreateSchema,
        stripNull({ ...raw, municipalityId: undefined, districtId: undefined, landlordId: undefined }),
        ["input", "dwelling"],
      );
      const place = await placeOf(raw, ["input", "dwelling"]);
      const { netRent, serviceCosts, ...rest } = v;
      return db().$transaction(async (tx) => {
        await checkLandlordMembership(ctx, tx, landlordId);
        const dwelling = await tx.dwelling.create({
          data: {
            ...rest,
            landlordId,
            municipalityId: place.municipalityId!,
            districtId: place.districtId ?? null,
            netRentCents: cents(netRent),
            serviceCostsCents: cents(serviceCosts),
          },
        });
        await audit(ctx, "CREATE", "Dwelling", dwelling.id, undefined, tx, "LANDLORD_STAFF");
        return dwelling;
      });
    },
  }),
  dwellingUpdate: t.field({
    type: Dwelling,
    description:
      "Change a dwelling of your landlord (landlord staff). Refused while one of its listings is PUBLISHED, CLOSED or OFFERING (seekers responded to the advert as it was). A rent change is copied to the dwelling's DRAFT listings. Errors: NotAuthorizedError, NotFoundError, ValidationError, InvalidStateError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "dwelling", description: "The dwelling after the change." },
    },
    args: {
      input: t.arg({ type: DwellingUpdateInput, required: true, description: "Dwelling and changes." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeGlobal(String(input.id), "Dwelling", "input.id");
      const found = await db().dwelling.findUnique({ where: { id } });
      if (!found) throw new NotFoundError("Dwelling");
      requireLandlordOf(ctx, found.landlordId);
      const raw = input.changes as unknown as DwellingArgs;
      const v = parseInput(
        dwellingUpdateSchema,
        stripNull({ ...raw, municipalityId: undefined, districtId: undefined }),
        ["input", "changes"],
      );
      const place = await placeOf(raw, ["input", "changes"], found);
      const { netRent, serviceCosts, ...rest } = v;
      const money = {
        ...(netRent !== undefined ? { netRentCents: cents(netRent) } : {}),
        ...(serviceCosts !== undefined ? { serviceCostsCents: cents(serviceCosts) } : {}),
      };
      return db().$transaction(async (tx) => {
        const open = await tx.listing.count({
          where: { dwellingId: id, status: { in: ["PUBLISHED", "CLOSED", "OFFERING"] } },
        });
        if (open > 0)
          throw new InvalidStateError(
            "PUBLISHED",
            "The dwelling has a published listing: seekers responded to it as it is",
          );
        const dwelling = await tx.dwelling.update({ where: { id }, data: { ...rest, ...place, ...money } });
        if (Object.keys(money).length)
          await tx.listing.updateMany({ where: { dwellingId: id, status: "DRAFT" }, data: money });
        await audit(ctx, "UPDATE", "Dwelling", id, { fields: Object.keys(v) }, tx, "LANDLORD_STAFF");
        return dwelling;
      });
    },
  }),
}));

// ── Photos ─────────────────────────────────────────────────────────────────────────────────────

/** What every ListingPhoto row carries: its listing's status and landlord decide who sees it (never the file). */
const PHOTO_SELECT = {
  id: true,
  listingId: true,
  listing: { select: { status: true, landlordId: true } },
} as const;

export const ListingPhoto = builder.prismaNode("ListingPhoto", {
  nullable: true,
  id: { field: "id" },
  // never load the file with the metadata
  select: PHOTO_SELECT,
  description:
    "A photo of a listing (woningfoto), served resized by the API's `GET /photos/{key}?w=480|960|1600&format=webp|jpeg` (no metadata; public with a published listing, a draft's only with a landlord staff token). Visible with its listing.",
  authScopes: (p) =>
    (PUBLIC_LISTING_STATUSES as readonly string[]).includes(p.listing.status)
      ? { public: true }
      : { landlordOf: p.listing.landlordId },
  fields: (t) => ({
    key: t.exposeString("id", {
      description: "Key of the file for the photo route: `GET /photos/{key}` on the API host.",
    }),
    position: t.exposeInt("position", { description: "Order on the listing, 0 = first (the cover photo)." }),
    altText: t.string({
      description: "Alt text (alternatieve tekst) in the language asked for; English falls back to Dutch.",
      args: {
        language: t.arg({ type: LanguageEnum, required: false, description: "Language (default NL)." }),
      },
      select: { altNl: true, altEn: true },
      resolve: (p, args) => (args.language === "en" ? (p.altEn ?? p.altNl) : p.altNl),
    }),
    altTextNl: t.exposeString("altNl", { description: "Alt text in Dutch." }),
    altTextEn: t.exposeString("altEn", { nullable: true, description: "Alt text in English, if given." }),
    width: t.exposeInt("width", { description: "Width of the original in pixels (after EXIF orientation)." }),
    height: t.exposeInt("height", { description: "Height of the original in pixels." }),
    heightAt: t.int({
      description:
        "Height in pixels of the served photo at `width` pixels (never enlarged), for `<img height>`.",
      args: { width: t.arg.int({ required: true, description: "Served width in pixels." }) },
      select: { width: true, height: true },
      resolve: (p, args) => scaledHeight(p, args.width),
    }),
    mimeType: t.exposeString("mimeType", {
      description: "Type of the original: image/jpeg, image/png or image/webp.",
    }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size of the original in bytes." }),
  }),
});

builder.prismaObjectFields("Listing", (t) => ({
  photos: t.relation("photos", {
    description: "Photos in their order (first = cover photo). `first` limits how many (e.g. 1 for a card).",
    args: { first: t.arg.int({ required: false, description: "At most this many (1–20)." }) },
    query: (args) => ({
      orderBy: [{ position: "asc" }, { id: "asc" }],
      ...(args.first != null ? { take: Math.max(0, Math.min(20, args.first)) } : {}),
    }),
  }),
}));

const altSchema = z.object({
  altTextNl: z.string().trim().min(3, "is required: describe the photo for who cannot see it").max(300),
  altTextEn: z
    .string()
    .trim()
    .max(300)
    .transform((s) => s || null)
    .nullable()
    .optional(),
});

const ListingPhotoAddInput = builder.inputType("ListingPhotoAddInput", {
  description: "Input of listingPhotoAdd.",
  fields: (t) => ({
    listingId: t.id({ required: true, description: "Global ID of the Listing." }),
    file: t.field({
      type: "Upload",
      required: true,
      description:
        "The photo (GraphQL multipart upload): JPEG, PNG or WebP by content (magic bytes), at most 8 MiB and 40 megapixels.",
    }),
    altTextNl: t.string({
      required: true,
      description: "Alt text in Dutch (3–300 characters): what the photo shows, for screen readers.",
    }),
    altTextEn: t.string({ required: false, description: "Alt text in English (optional, up to 300)." }),
  }),
});
const ListingPhotoUpdateInput = builder.inputType("ListingPhotoUpdateInput", {
  description: "Input of listingPhotoUpdate.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the ListingPhoto." }),
    altTextNl: t.string({ required: true, description: "Alt text in Dutch (3–300 characters)." }),
    altTextEn: t.string({ required: false, description: "Alt text in English (empty or omitted = none)." }),
  }),
});
const ListingPhotosReorderInput = builder.inputType("ListingPhotosReorderInput", {
  description: "Input of listingPhotosReorder.",
  fields: (t) => ({
    listingId: t.id({ required: true, description: "Global ID of the Listing." }),
    photoIds: t.idList({
      required: true,
      description: "Global IDs of ALL the listing's photos, in the new order (first = cover).",
    }),
  }),
});
const ListingPhotoDeleteInput = builder.inputType("ListingPhotoDeleteInput", {
  description: "Input of listingPhotoDelete.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the ListingPhoto." }) }),
});

/**
 * The listing (by its raw id) for a photo change: it exists, the caller is its landlord's staff,
 * and it is DRAFT or PUBLISHED. Locks the listing row so concurrent photo changes serialise.
 * @throws NotFoundError, NotAuthorizedError, InvalidStateError
 */
async function editableListing(
  ctx: Context,
  tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0],
  id: string,
) {
  const rows = await tx.$queryRaw<{ id: string; landlordId: string; status: string }[]>`
    SELECT id, "landlordId", status::text AS status FROM "Listing" WHERE id = ${id}::uuid FOR UPDATE`;
  const l = rows[0];
  if (!l) throw new NotFoundError("Listing");
  requireLandlordOf(ctx, l.landlordId);
  if (!(PHOTO_EDITABLE as readonly string[]).includes(l.status))
    throw new InvalidStateError(l.status, "Photos can change only while the listing is a draft or published");
  return l;
}

/** A photo (global id) and its listing's id, or NotFoundError. */
async function photoById(globalId: string | number) {
  const id = decodeGlobal(String(globalId), "ListingPhoto", "input.id");
  const p = await db().listingPhoto.findUnique({ where: { id }, select: { id: true, listingId: true } });
  if (!p) throw new NotFoundError("ListingPhoto");
  return p;
}

builder.mutationFields((t) => ({
  listingPhotoAdd: t.field({
    type: ListingPhoto,
    description:
      "Add a photo to a DRAFT or PUBLISHED listing of your landlord, as the last one (landlord staff). Errors: NotAuthorizedError, NotFoundError, InvalidStateError (closed, let or withdrawn), ValidationError (`input.file`: not a JPEG/PNG/WebP by content — a renamed text file is refused —, over 8 MiB or 40 megapixels, unreadable, or the listing has 20 photos; `input.altTextNl`: missing or under 3 characters).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "photo", description: "The new photo." },
    },
    args: {
      input: t.arg({
        type: ListingPhotoAddInput,
        required: true,
        description: "Listing, file and alt text.",
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const listingId = decodeGlobal(String(input.listingId), "Listing", "input.listingId");
      const alt = parseInput(altSchema, {
        altTextNl: input.altTextNl ?? "",
        altTextEn: input.altTextEn ?? null,
      });
      // authorization before the file is read
      const owner = await db().listing.findUnique({ where: { id: listingId }, select: { landlordId: true } });
      if (!owner) throw new NotFoundError("Listing");
      requireLandlordOf(ctx, owner.landlordId);
      let photo;
      try {
        photo = await checkPhoto(input.file as File);
      } catch (e) {
        if (e instanceof PhotoRejected)
          throw new ValidationError([{ path: ["input", "file"], message: e.message }]);
        throw e;
      }
      const sha256 = createHash("sha256").update(photo.data).digest("hex");
      return db().$transaction(
        async (tx) => {
          await editableListing(ctx, tx, listingId);
          const count = await tx.listingPhoto.count({ where: { listingId } });
          if (count >= PHOTO_MAX_PER_LISTING)
            throw new ValidationError([
              { path: ["input", "file"], message: `a listing has at most ${PHOTO_MAX_PER_LISTING} photos` },
            ]);
          const last = await tx.listingPhoto.aggregate({ where: { listingId }, _max: { position: true } });
          const row = await tx.listingPhoto.create({
            data: {
              listingId,
              position: (last._max.position ?? -1) + 1,
              mimeType: photo.mimeType,
              width: photo.width,
              height: photo.height,
              sizeBytes: photo.data.byteLength,
              sha256,
              data: photo.data,
              altNl: alt.altTextNl,
              altEn: alt.altTextEn ?? null,
            },
            select: PHOTO_SELECT,
          });
          await audit(ctx, "CREATE", "ListingPhoto", row.id, { listingId }, tx, "LANDLORD_STAFF");
          return row;
        },
        { timeout: 60_000 },
      );
    },
  }),
  listingPhotoUpdate: t.field({
    type: ListingPhoto,
    description:
      "Change a photo's alt text (landlord staff; DRAFT or PUBLISHED listing). Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError (`input.altTextNl` missing or under 3 characters).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "photo", description: "The photo after the change." },
    },
    args: {
      input: t.arg({ type: ListingPhotoUpdateInput, required: true, description: "Photo and alt text." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const p = await photoById(input.id);
      const alt = parseInput(altSchema, {
        altTextNl: input.altTextNl ?? "",
        altTextEn: input.altTextEn ?? null,
      });
      return db().$transaction(async (tx) => {
        await editableListing(ctx, tx, p.listingId);
        const row = await tx.listingPhoto.update({
          where: { id: p.id },
          data: { altNl: alt.altTextNl, altEn: alt.altTextEn ?? null },
          select: PHOTO_SELECT,
        });
        await audit(ctx, "UPDATE", "ListingPhoto", p.id, { fields: ["alt"] }, tx, "LANDLORD_STAFF");
        return row;
      });
    },
  }),
  listingPhotosReorder: t.field({
    type: Listing,
    description:
      "Put a listing's photos in a new order (landlord staff; DRAFT or PUBLISHED listing); the first becomes the cover photo. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError (`input.photoIds` is not exactly the listing's photos, each once).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "listing", description: "The listing with its photos in the new order." },
    },
    args: {
      input: t.arg({ type: ListingPhotosReorderInput, required: true, description: "Listing and order." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const listingId = decodeGlobal(String(input.listingId), "Listing", "input.listingId");
      const ids = input.photoIds.map((g, i) =>
        decodeGlobal(String(g), "ListingPhoto", `input.photoIds.${i}`),
      );
      return db().$transaction(async (tx) => {
        await editableListing(ctx, tx, listingId);
        const current = await tx.listingPhoto.findMany({ where: { listingId }, select: { id: true } });
        const known = new Set(current.map((p) => p.id));
        if (
          new Set(ids).size !== ids.length ||
          ids.length !== known.size ||
          !ids.every((id) => known.has(id))
        )
          throw new ValidationError([
            { path: ["input", "photoIds"], message: "must name each of the listing's photos exactly once" },
          ]);
        for (const [position, id] of ids.entries())
          await tx.listingPhoto.update({ where: { id }, data: { position } });
        await audit(ctx, "UPDATE", "Listing", listingId, { action: "photosReorder" }, tx, "LANDLORD_STAFF");
        return tx.listing.findUniqueOrThrow({ where: { id: listingId } });
      });
    },
  }),
  listingPhotoDelete: t.field({
    type: Listing,
    description:
      "Delete a photo (landlord staff; DRAFT or PUBLISHED listing); the others keep their order. Errors: NotAuthorizedError, NotFoundError, InvalidStateError.",
    errors: {
      types: [NotFoundError, InvalidStateError],
      dataField: { name: "listing", description: "The listing without the photo." },
    },
    args: { input: t.arg({ type: ListingPhotoDeleteInput, required: true, description: "The photo." }) },
    resolve: async (_root, { input }, ctx) => {
      const p = await photoById(input.id);
      return db().$transaction(async (tx) => {
        await editableListing(ctx, tx, p.listingId);
        await tx.listingPhoto.delete({ where: { id: p.id } });
        const rest = await tx.listingPhoto.findMany({
          where: { listingId: p.listingId },
          orderBy: [{ position: "asc" }, { id: "asc" }],
          select: { id: true },
        });
        for (const [position, r] of rest.entries())
          await tx.listingPhoto.update({ where: { id: r.id }, data: { position } });
        await audit(ctx, "DELETE", "ListingPhoto", p.id, { listingId: p.listingId }, tx, "LANDLORD_STAFF");
        return tx.listing.findUniqueOrThrow({ where: { id: p.listingId } });
      });
    },
  }),
}));
