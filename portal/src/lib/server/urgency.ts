/** Urgency application form steps and parsing (shared by the new and edit routes). */
import type { Translate as TFunction } from "$lib/i18n";
import type { FieldErrors } from "$lib/forms";
import type { SchemaType } from "$lib/graphql";
import {
  DWELLING_TYPES,
  LOCAL_URGENCY_CATEGORIES,
  MANDATORY_URGENCY_CATEGORIES,
  type Accessibility,
  type DwellingType,
  type UrgencyCategory,
} from "./schema-types";

/** The API's `SearchProfileInput` (the seeker's preferred search profile). */
export type SearchProfileInput = SchemaType<"SearchProfileInput">;
import { parseInteger } from "$lib/parse";

export const STEPS = ["category", "situation", "documents", "profile", "summary"] as const;
export type Step = (typeof STEPS)[number];
export const SITUATION_MIN = 40;
export const SITUATION_MAX = 8000;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"];

export function stepOf(value: string | null): Step {
  const n = Number(value);
  return STEPS[Number.isInteger(n) && n >= 1 && n <= STEPS.length ? n - 1 : 0]!;
}

export function parseCategory(value: unknown, t: TFunction, errors: FieldErrors): UrgencyCategory | null {
  const c = String(value ?? "") as UrgencyCategory;
  if ([...MANDATORY_URGENCY_CATEGORIES, ...LOCAL_URGENCY_CATEGORIES].includes(c)) return c;
  errors.category = t("urgency.errors.category");
  return null;
}

export function parseSituation(value: unknown, t: TFunction, errors: FieldErrors): string {
  const s = String(value ?? "").trim();
  if (s.length < SITUATION_MIN)
    errors.situation = t("urgency.errors.situationShort", { min: SITUATION_MIN, count: s.length });
  else if (s.length > SITUATION_MAX)
    errors.situation = t("urgency.errors.situationLong", { max: SITUATION_MAX });
  return s;
}

export function parseProfile(form: FormData, t: TFunction, errors: FieldErrors): SearchProfileInput {
  const dwellingTypes = form
    .getAll("dwellingTypes")
    .map(String)
    .filter((x): x is DwellingType => DWELLING_TYPES.includes(x as DwellingType));
  const opt = (name: string, min: number, max: number) => {
    const raw = String(form.get(name) ?? "").trim();
    if (!raw) return null;
    const n = parseInteger(raw, min, max);
    if (n === null) errors[name] = t("urgency.errors.number", { min, max });
    return n;
  };
  const minFloor = opt("minFloor", 0, 40);
  const maxFloor = opt("maxFloor", 0, 40);
  const minRooms = opt("minRooms", 1, 10);
  const maxRooms = opt("maxRooms", 1, 10);
  if (minFloor !== null && maxFloor !== null && maxFloor < minFloor)
    errors.maxFloor = t("urgency.errors.maxBelowMin");
  if (minRooms !== null && maxRooms !== null && maxRooms < minRooms)
    errors.maxRooms = t("urgency.errors.maxBelowMin");
  const acc = String(form.get("requiresAccessibility") ?? "NONE") as Accessibility;
  return {
    dwellingTypes,
    minFloor,
    maxFloor,
    minRooms,
    maxRooms,
    requiresAccessibility: ["NONE", "WALKER", "WHEELCHAIR"].includes(acc) ? acc : "NONE",
  };
}

export function parseDocuments(form: FormData, t: TFunction, errors: FieldErrors): File[] {
  const files = form.getAll("documents").filter((f): f is File => f instanceof File && f.size > 0);
  for (const f of files) {
    if (f.size > MAX_DOCUMENT_BYTES)
      errors.documents = t("urgency.errors.documentSize", { name: f.name, max: "10 MB" });
    else if (!DOCUMENT_TYPES.includes(f.type))
      errors.documents = t("urgency.errors.documentType", { name: f.name });
  }
  return files;
}
