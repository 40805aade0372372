/**
 * Saved searches (bewaarde zoekopdrachten): a seeker keeps the filters of the listings page
 * (/aanbod) under a name, with e-mail alerts for new matching listings (IMMEDIATE, a DAILY digest
 * at 08:00 Europe/Amsterdam, or OFF; the alert job is api/src/saved-search-alerts.ts).
 *
 * `viewer.savedSearches` lists them with a link to /aanbod with the same filters and the number of
 * matching open listings; `savedSearchCreate`, `savedSearchUpdate` and `savedSearchDelete` manage
 * them (session, or a token with PROFILE_WRITE). At most {@link MAX_SAVED_SEARCHES} per seeker.
 */
import { z } from "zod";
import type { SavedSearch as SavedSearchRow } from "@woonbeurt/db";
import { db, type Tx } from "../db.ts";
import { lockSeekerForUpdate } from "../locks.ts";
import { savedSearchWhere } from "../saved-search-alerts.ts";
import { builder } from "./builder.ts";
import {
  AccessibilityLabelEnum,
  AllocationModelEnum,
  decodeGlobal,
  DwellingTypeEnum,
  encodeGlobal,
  ErrorInterface,
} from "./common.ts";
import { cents, eur } from "./core.ts";
import { AppError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireSeeker } from "./guards.ts";
import { eligibleListingIds } from "./seeker.ts";

/** Most saved searches one seeker may keep. */
export const MAX_SAVED_SEARCHES = 10;

/** The seeker already keeps {@link MAX_SAVED_SEARCHES} saved searches. */
export class SavedSearchLimitReachedError extends AppError {
  /** The limit (saved searches per seeker). */
  readonly max: number;
  constructor(max: number) {
    super(
      "SAVED_SEARCH_LIMIT_REACHED",
      `You can keep at most ${max} saved searches; delete one to save another.`,
    );
    this.max = max;
  }
}

builder.objectType(SavedSearchLimitReachedError, {
  name: "SavedSearchLimitReachedError",
  description:
    "The seeker already keeps the most saved searches allowed (10). Code SAVED_SEARCH_LIMIT_REACHED; delete one first.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ max: t.exposeInt("max", { description: "Saved searches allowed per seeker." }) }),
});

export const SavedSearchFrequencyEnum = builder.enumType("SavedSearchFrequency", {
  description: "How often a saved search mails new matching listings.",
  values: {
    IMMEDIATE: { description: "Within minutes after a matching listing is published." },
    DAILY: { description: "One digest a day at 08:00 Europe/Amsterdam." },
    OFF: { description: "No mail." },
  } as const,
});

/** The /aanbod address with a saved search's filters (the page reads one value per filter). */
export function listingsPath(s: SavedSearchRow): string {
  const q = new URLSearchParams();
  if (s.municipalityIds[0]) q.set("gemeente", encodeGlobal("Municipality", s.municipalityIds[0]));
  if (s.districtIds[0]) q.set("wijk", encodeGlobal("District", s.districtIds[0]));
  if (s.roomsMin != null) q.set("kamers", String(s.roomsMin));
  if (s.rentMinCents != null) q.set("minhuur", String(eur(s.rentMinCents)));
  if (s.rentMaxCents != null) q.set("maxhuur", String(eur(s.rentMaxCents)));
  if (s.dwellingTypes[0]) q.set("type", s.dwellingTypes[0]);
  if (s.allocationModels[0]) q.set("model", s.allocationModels[0]);
  if (s.accessibility.includes("WALKER")) q.set("toegankelijk", "WALKER");
  else if (s.accessibility.includes("WHEELCHAIR")) q.set("toegankelijk", "WHEELCHAIR");
  if (s.eligibleOnly) q.set("passend", "1");
  const text = q.toString();
  return text ? `/aanbod?${text}` : "/aanbod";
}

export const SavedSearch = builder.prismaNode("SavedSearch", {
  nullable: true,
  id: { field: "id" },
  description:
    "A saved search (bewaarde zoekopdracht): the listings page filters under a name, with e-mail alerts for new matches. Visible to its seeker only (session, or a token with SEEKER_READ).",
  authScopes: (s, ctx) =>
    ctx.viewer?.seekerId === s.seekerId &&
    (ctx.viewer.via === "SESSION" || (ctx.viewer.tokenScopes ?? []).includes("SEEKER_READ")),
  fields: (t) => ({
    name: t.exposeString("name", { description: "The seeker's name for it (1–80 characters)." }),
    municipalityIds: t.idList({
      description: "Global IDs of the municipalities (any of); empty = all.",
      resolve: (s) => s.municipalityIds.map((id) => encodeGlobal("Municipality", id)),
    }),
    municipalities: t.prismaField({
      type: ["Municipality"],
      description: "The municipalities (any of); empty = all.",
      resolve: (q, s) =>
        s.municipalityIds.length
          ? db().municipality.findMany({
              ...q,
              where: { id: { in: s.municipalityIds } },
              orderBy: { name: "asc" },
            })
          : [],
    }),
    districtIds: t.idList({
      description: "Global IDs of the districts (wijken, any of); empty = all.",
      resolve: (s) => s.districtIds.map((id) => encodeGlobal("District", id)),
    }),
    districts: t.prismaField({
      type: ["District"],
      description: "The districts (wijken, any of); empty = all.",
      resolve: (q, s) =>
        s.districtIds.length
          ? db().district.findMany({ ...q, where: { id: { in: s.districtIds } }, orderBy: { name: "asc" } })
          : [],
    }),
    rentMin: t.float({
      nullable: true,
      description: "Net rent at least, EUR per month; null = no bound.",
      resolve: (s) => (s.rentMinCents == null ? null : eur(s.rentMinCents)),
    }),
    rentMax: t.float({
      nullable: true,
      description: "Net rent at most, EUR per month; null = no bound.",
      resolve: (s) => (s.rentMaxCents == null ? null : eur(s.rentMaxCents)),
    }),
    roomsMin: t.exposeInt("roomsMin", {
      nullable: true,
      description: "At least this many rooms; null = any.",
    }),
    dwellingTypes: t.field({
      type: [DwellingTypeEnum],
      description: "Kinds of dwelling (any of); empty = all.",
      resolve: (s) => s.dwellingTypes,
    }),
    allocationModels: t.field({
      type: [AllocationModelEnum],
      description: "Allocation models (any of); empty = all.",
      resolve: (s) => s.allocationModels,
    }),
    accessibility: t.field({
      type: [AccessibilityLabelEnum],
      description: "Accessibility labels (any of); empty = all.",
      resolve: (s) => s.accessibility,
    }),
    eligibleOnly: t.exposeBoolean("eligibleOnly", {
      description: "Only listings the seeker is eligible for (every eligibility check passes).",
    }),
    frequency: t.field({
      type: SavedSearchFrequencyEnum,
      description: "How often new matches are mailed.",
      resolve: (s) => s.frequency,
    }),
    lastAlertedAt: t.expose("lastAlertedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the alert job last handled this search (mail or not); null = not yet.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was saved." }),
    listingsPath: t.string({
      description:
        "Path of the portal's listings page with these filters, e.g. `/aanbod?kamers=3&maxhuur=900&passend=1` (the page takes the first municipality, district, type and model).",
      resolve: (s) => listingsPath(s),
    }),
    matchingListingCount: t.int({
      description:
        "Published listings matching the filters now (for eligibleOnly: those the seeker is eligible for and still open), as the listings page counts them.",
      resolve: async (s, _a, ctx) => {
        const where = savedSearchWhere(s);
        if (!s.eligibleOnly) return db().listing.count({ where });
        return db().listing.count({ where: { AND: [where, { id: { in: await eligibleListingIds(ctx) } }] } });
      },
    }),
  }),
});

builder.prismaObjectField("Seeker", "savedSearches", (t) =>
  t.relation("savedSearches", {
    description: "Your saved searches (bewaarde zoekopdrachten), oldest first; at most 10.",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const SavedSearchFilterInput = builder.inputType("SavedSearchFilterInput", {
  description: "The filters of a saved search, as on the listings page; all given conditions must hold.",
  fields: (t) => ({
    municipalityIds: t.idList({ required: false, description: "Global IDs of municipalities (at most 20)." }),
    districtIds: t.idList({
      required: false,
      description: "Global IDs of districts (at most 50); each must lie in a given municipality, if any.",
    }),
    rentMin: t.float({ required: false, description: "Net rent at least, EUR per month (0–100000)." }),
    rentMax: t.float({
      required: false,
      description: "Net rent at most, EUR per month (0–100000, not below rentMin).",
    }),
    roomsMin: t.int({ required: false, description: "At least this many rooms (1–10)." }),
    dwellingTypes: t.field({ type: [DwellingTypeEnum], required: false, description: "Any of these kinds." }),
    allocationModels: t.field({
      type: [AllocationModelEnum],
      required: false,
      description: "Any of these allocation models.",
    }),
    accessibility: t.field({
      type: [AccessibilityLabelEnum],
      required: false,
      description: "Any of these accessibility labels.",
    }),
    eligibleOnly: t.boolean({
      required: false,
      description: "Only listings you are eligible for (default false).",
    }),
  }),
});

const SavedSearchCreateInput = builder.inputType("SavedSearchCreateInput", {
  description: "Input of savedSearchCreate.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Your name for it, 1–80 characters." }),
    filter: t.field({ type: SavedSearchFilterInput, required: true, description: "The filters." }),
    frequency: t.field({
      type: SavedSearchFrequencyEnum,
      required: false,
      description: "How often to mail new matches (default DAILY).",
    }),
  }),
});

const SavedSearchUpdateInput = builder.inputType("SavedSearchUpdateInput", {
  description: "Input of savedSearchUpdate; omitted fields stay as they are.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the SavedSearch." }),
    name: t.string({ required: false, description: "New name, 1–80 characters." }),
    filter: t.field({
      type: SavedSearchFilterInput,
      required: false,
      description: "New filters (replace all filters).",
    }),
    frequency: t.field({ type: SavedSearchFrequencyEnum, required: false, description: "New frequency." }),
  }),
});

const SavedSearchDeleteInput = builder.inputType("SavedSearchDeleteInput", {
  description: "Input of savedSearchDelete.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the SavedSearch." }) }),
});

const nameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  // eslint-disable-next-line no-control-regex -- these control characters are what is refused
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters");

const filterSchema = z
  .object({
    municipalityIds: z.array(z.string()).max(20, "at most 20 municipalities").nullish(),
    districtIds: z.array(z.string()).max(50, "at most 50 districts").nullish(),
    rentMin: z.number().min(0, "must be 0 or more").max(100000, "must be at most 100000").nullish(),
    rentMax: z.number().min(0, "must be 0 or more").max(100000, "must be at most 100000").nullish(),
    roomsMin: z.number().int().min(1, "must be at least 1").max(10, "must be at most 10").nullish(),
    dwellingTypes: z.array(z.string()).nullish(),
    allocationModels: z.array(z.string()).nullish(),
    accessibility: z.array(z.string()).nullish(),
    eligibleOnly: z.boolean().nullish(),
  })
  .refine((f) => f.rentMin == null || f.rentMax == null || f.rentMax >= f.rentMin, {
    message: "must not be below rentMin",
    path: ["rentMax"],
  });

type FilterInput = typeof SavedSearchFilterInput.$inferInput;
const uniq = <T>(xs: readonly T[] | null | undefined): T[] => [...new Set(xs ?? [])];

/**
 * Validate a filter and turn it into the stored columns, checking inside `tx` that every
 * municipality and district exists and that each district lies in a given municipality.
 * @throws ValidationError (bounds, malformed or unknown ids, district outside the municipalities)
 */
async function filterColumns(tx: Tx, input: FilterInput, path: string[]) {
  const f = parseInput(filterSchema, input, path);
  const municipalityIds = uniq(f.municipalityIds).map((id, i) =>
    decodeGlobal(String(id), "Municipality", [...path.slice(1), "municipalityIds", String(i)].join(".")),
  );
  const districtIds = uniq(f.districtIds).map((id, i) =>
    decodeGlobal(String(id), "District", [...path.slice(1), "districtIds", String(i)].join(".")),
  );
  if (municipalityIds.length) {
    const n = await tx.municipality.count({ where: { id: { in: municipalityIds } } });
    if (n !== municipalityIds.length)
      throw new ValidationError([{ path: [...path, "municipalityIds"], message: "unknown municipality" }]);
  }
  if (districtIds.length) {
    const ds = await tx.district.findMany({
      where: { id: { in: districtIds } },
      select: { municipalityId: true },
    });
    if (ds.length !== districtIds.length)
      throw new ValidationError([{ path: [...path, "districtIds"], message: "unknown district" }]);
    if (municipalityIds.length && ds.some((d) => !municipalityIds.includes(d.municipalityId)))
      throw new ValidationError([
        { path: [...path, "districtIds"], message: "a district lies outside the chosen municipalities" },
      ]);
  }
  return {
    municipalityIds,
    districtIds,
    rentMinCents: f.rentMin != null && f.rentMin > 0 ? cents(f.rentMin) : null,
    rentMaxCents: f.rentMax != null ? cents(f.rentMax) : null,
    roomsMin: f.roomsMin ?? null,
    dwellingTypes: uniq(input.dwellingTypes),
    allocationModels: uniq(input.allocationModels),
    accessibility: uniq(input.accessibility),
    eligibleOnly: f.eligibleOnly ?? false,
  };
}

/** The seeker's own saved search by global ID, or NotFoundError (also for another seeker's). */
async function ownSavedSearch(tx: Tx, globalId: string, seekerId: string): Promise<SavedSearchRow> {
  const id = decodeGlobal(globalId, "SavedSearch");
  const row = await tx.savedSearch.findUnique({ where: { id } });
  if (!row || row.seekerId !== seekerId) throw new NotFoundError("SavedSearch");
  return row;
}

const DeletedRef = builder.objectRef<{ id: string }>("SavedSearchDeleted").implement({
  description: "The saved search that was deleted.",
  fields: (t) => ({
    deletedSavedSearchId: t.id({
      description: "Global ID of the deleted SavedSearch.",
      resolve: (x) => encodeGlobal("SavedSearch", x.id),
    }),
  }),
});

builder.mutationFields((t) => ({
  savedSearchCreate: t.field({
    type: SavedSearch,
    description:
      "Save a search (the listings page filters) under a name, with e-mail alerts for new matching listings (default DAILY). At most 10 per seeker, checked in the same transaction after locking the seeker. Session, or token scope PROFILE_WRITE. Errors: NotAuthorizedError, ValidationError (name, bounds, unknown or malformed ids, district outside the municipalities), SavedSearchLimitReachedError.",
    errors: {
      types: [ValidationError, SavedSearchLimitReachedError],
      dataField: { name: "savedSearch", description: "The new saved search." },
    },
    args: { input: t.arg({ type: SavedSearchCreateInput, required: true, description: "The search." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      const name = parseInput(nameSchema, input.name, ["input", "name"]);
      return db().$transaction(async (tx) => {
        const columns = await filterColumns(tx, input.filter, ["input", "filter"]);
        await lockSeekerForUpdate(tx, seekerId);
        const count = await tx.savedSearch.count({ where: { seekerId } });
        if (count >= MAX_SAVED_SEARCHES) throw new SavedSearchLimitReachedError(MAX_SAVED_SEARCHES);
        const row = await tx.savedSearch.create({
          data: { seekerId, name, frequency: input.frequency ?? "DAILY", ...columns },
        });
        await audit(ctx, "CREATE", "SavedSearch", row.id, undefined, tx);
        return row;
      });
    },
  }),
  savedSearchUpdate: t.field({
    type: SavedSearch,
    description:
      "Rename a saved search, change its alert frequency, or replace its filters (omitted fields stay). Session, or token scope PROFILE_WRITE. Errors: NotAuthorizedError, NotFoundError (unknown or another seeker's), ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "savedSearch", description: "The saved search after the change." },
    },
    args: { input: t.arg({ type: SavedSearchUpdateInput, required: true, description: "What to change." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      const name = input.name != null ? parseInput(nameSchema, input.name, ["input", "name"]) : undefined;
      return db().$transaction(async (tx) => {
        const row = await ownSavedSearch(tx, String(input.id), seekerId);
        const columns = input.filter ? await filterColumns(tx, input.filter, ["input", "filter"]) : {};
        const updated = await tx.savedSearch.update({
          where: { id: row.id },
          data: {
            ...(name !== undefined ? { name } : {}),
            ...(input.frequency ? { frequency: input.frequency } : {}),
            ...columns,
          },
        });
        await audit(ctx, "UPDATE", "SavedSearch", row.id, { fields: Object.keys(input) }, tx);
        return updated;
      });
    },
  }),
  savedSearchDelete: t.field({
    type: DeletedRef,
    description:
      "Delete a saved search; no more alerts for it. Session, or token scope PROFILE_WRITE. Errors: NotAuthorizedError, NotFoundError (unknown or another seeker's).",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "deleted", description: "The deleted saved search." },
    },
    args: { input: t.arg({ type: SavedSearchDeleteInput, required: true, description: "Which one." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      return db().$transaction(async (tx) => {
        const row = await ownSavedSearch(tx, String(input.id), seekerId);
        await tx.savedSearch.delete({ where: { id: row.id } });
        await audit(ctx, "DELETE", "SavedSearch", row.id, undefined, tx);
        return { id: row.id };
      });
    },
  }),
}));
