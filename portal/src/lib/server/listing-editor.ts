/**
 * Reading the landlord's listing editor forms (/werk/verhuur/nieuw and /werk/verhuur/<ref>/bewerken):
 * the dwelling (woning), the listing's criteria, allocation model, priority rules and response
 * window, checked here for what a person can get wrong in a field (numbers, dates), the rest by the
 * API, whose issues land on the same fields ({@link editorField}).
 */
import type { Translate as TFunction } from "$lib/i18n";
import type { FieldErrors } from "$lib/forms";
import { parseAmount, parseDate, parseInteger } from "$lib/parse";

export type Values = Record<string, string>;

export const DWELLING_TYPES = [
  "APARTMENT",
  "GROUND_FLOOR_APARTMENT",
  "UPPER_FLOOR_DWELLING",
  "SINGLE_FAMILY_HOUSE",
  "STUDIO",
  "ROOM",
  "SENIOR_DWELLING",
] as const;
export const ACCESSIBILITY = ["NONE", "WALKER", "WHEELCHAIR"] as const;
export const ENERGY_LABELS = [
  "A_PLUS_4",
  "A_PLUS_3",
  "A_PLUS_2",
  "A_PLUS_1",
  "A",
  "B",
  "C",
  "D",
  "E",
  "F",
  "G",
] as const;
export const MODELS = ["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"] as const;
export const AGE_LABELS = ["NONE", "AGE_55_PLUS", "AGE_65_PLUS", "YOUTH_18_23"] as const;
export const INCOME_BANDS = ["DAEB", "MIDDLE", "ORDINANCE", "MIDDLE_RENT"] as const;
export const PRIORITY_RULES = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"] as const;

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | null =>
  v && (list as readonly string[]).includes(v) ? (v as T) : null;

/** All string values of a form; repeated names (checkboxes) joined with commas. */
export function editorValues(form: FormData): Values {
  const values: Values = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string") continue;
    values[k] = k in values ? `${values[k]},${v}` : v;
  }
  return values;
}

/**
 * A wall-clock date and time in Europe/Amsterdam as an ISO instant (UTC), whatever the server's
 * zone; null for an impossible date or time.
 */
export function amsterdamInstant(date: string, time: string): string | null {
  const day = parseDate(date);
  const m = /^(\d{2}):(\d{2})$/.exec(time.trim());
  if (!day || !m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const wall = Date.parse(`${day}T${m[1]}:${m[2]}:00Z`);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Amsterdam",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).formatToParts(new Date(instant));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
    return (
      Date.parse(`${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:00Z`) - instant
    );
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** The Europe/Amsterdam date (YYYY-MM-DD) and time (HH:MM) of an instant, for the form's fields. */
export function amsterdamParts(iso: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Amsterdam",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** The fields of a new or changed dwelling (DwellingCreateFields without landlordId). */
export interface DwellingInput {
  street: string;
  houseNumber: number;
  houseNumberSuffix: string | null;
  postalCode: string;
  city: string;
  municipalityId: string;
  districtId: string | null;
  type: (typeof DWELLING_TYPES)[number];
  floor: number;
  hasElevator: boolean;
  rooms: number;
  areaM2: number;
  accessibility: (typeof ACCESSIBILITY)[number];
  energyLabel: (typeof ENERGY_LABELS)[number] | null;
  netRent: number;
  serviceCosts: number;
  isNewBuild: boolean;
}

/** Read the dwelling fields; problems go to `errors` under the field's name. */
export function parseDwelling(values: Values, t: TFunction, errors: FieldErrors): DwellingInput {
  const required = (name: string) => {
    const v = (values[name] ?? "").trim();
    if (!v) errors[name] = t("listingEditor.errors.required");
    return v;
  };
  const int = (name: string, min: number, max: number, fallback?: number) => {
    const raw = (values[name] ?? "").trim();
    if (!raw && fallback !== undefined) return fallback;
    const n = parseInteger(raw, min, max);
    if (n === null) errors[name] = t("listingEditor.errors.number", { min, max });
    return n ?? 0;
  };
  const amount = (name: string, fallback?: number) => {
    const raw = (values[name] ?? "").trim();
    if (!raw && fallback !== undefined) return fallback;
    const n = parseAmount(raw);
    if (n === null) errors[name] = t("listingEditor.errors.amount");
    return n ?? 0;
  };
  const street = required("street");
  const houseNumber = int("houseNumber", 1, 99999);
  const postalCode = required("postalCode");
  const city = required("city");
  const municipalityId = required("municipalityId");
  const type = oneOf(DWELLING_TYPES, values.type);
  if (!type) errors.type = t("listingEditor.errors.choose");
  return {
    street,
    houseNumber,
    houseNumberSuffix: (values.houseNumberSuffix ?? "").trim() || null,
    postalCode,
    city,
    municipalityId,
    districtId: (values.districtId ?? "").trim() || null,
    type: type ?? "APARTMENT",
    floor: int("floor", 0, 60, 0),
    hasElevator: values.hasElevator === "on",
    rooms: int("rooms", 1, 20),
    areaM2: int("areaM2", 8, 1000),
    accessibility: oneOf(ACCESSIBILITY, values.accessibility) ?? "NONE",
    energyLabel: oneOf(ENERGY_LABELS, values.energyLabel),
    netRent: amount("netRent"),
    serviceCosts: amount("serviceCosts", 0),
    isNewBuild: values.isNewBuild === "on",
  };
}

/** The listing's own fields (ListingCreateInput without dwellingId; also ListingUpdateInput). */
export interface ListingInput {
  title: string;
  description: string;
  allocationModel: (typeof MODELS)[number];
  closesAt: string;
  householdMin: number | null;
  householdMax: number | null;
  ageLabel: (typeof AGE_LABELS)[number];
  incomeBand: (typeof INCOME_BANDS)[number];
  priorityRules: (typeof PRIORITY_RULES)[number][];
}

/** Read the listing fields; problems go to `errors` under the field's name. */
export function parseListing(values: Values, t: TFunction, errors: FieldErrors): ListingInput {
  const title = (values.title ?? "").trim();
  if (title.length < 3) errors.title = t("listingEditor.errors.title");
  const allocationModel = oneOf(MODELS, values.allocationModel);
  if (!allocationModel) errors.allocationModel = t("listingEditor.errors.choose");
  const closesAt = amsterdamInstant(values.closesDate ?? "", values.closesTime || "23:59");
  if (!closesAt) errors.closesDate = t("listingEditor.errors.date");
  const bound = (name: string, max: number) => {
    const raw = (values[name] ?? "").trim();
    if (!raw) return null;
    const n = parseInteger(raw, 1, max);
    if (n === null) errors[name] = t("listingEditor.errors.number", { min: 1, max });
    return n;
  };
  const householdMin = bound("householdMin", 20);
  const householdMax = bound("householdMax", 99);
  if (householdMin !== null && householdMax !== null && householdMax < householdMin)
    errors.householdMax = t("listingEditor.errors.householdMax");
  const priorityRules = (values.priorityRules ?? "")
    .split(",")
    .map((r) => oneOf(PRIORITY_RULES, r))
    .filter((r): r is (typeof PRIORITY_RULES)[number] => r !== null);
  return {
    title,
    description: (values.description ?? "").trim(),
    allocationModel: allocationModel ?? "AANBOD",
    closesAt: closesAt ?? new Date(0).toISOString(),
    householdMin,
    householdMax,
    ageLabel: oneOf(AGE_LABELS, values.ageLabel) ?? "NONE",
    incomeBand: oneOf(INCOME_BANDS, values.incomeBand) ?? "DAEB",
    priorityRules: [...new Set(priorityRules)],
  };
}

/**
 * The form field an API issue path names (the `input.` prefix already removed): `listing.closesAt`,
 * `closesAt` and `changes.closesAt` → `closesDate`; `dwelling.rooms` → `rooms`; the allocation
 * core's publication problems (`listing.<field>`) likewise.
 */
export function editorField(path: string[]): string | undefined {
  const last = path.at(-1);
  if (!last) return undefined;
  if (last === "closesAt") return "closesDate";
  if (last === "netRentCents" || last === "rent") return "netRent";
  if (/^\d+$/.test(last)) return path.at(-2);
  return last;
}
