/**
 * API enums and input types the seeker-side routes name, read from the schema with gql.tada
 * ({@link SchemaType}), so they cannot drift from `api/schema.graphql`; and the enum values forms
 * offer, in the order they are shown (each list is checked against its enum).
 */
import type { SchemaType } from "$lib/graphql";

export type AllocationModel = SchemaType<"AllocationModel">;
export type DwellingType = SchemaType<"DwellingType">;
export type Accessibility = SchemaType<"AccessibilityLabel">;
export type UrgencyCategory = SchemaType<"UrgencyCategory">;
export type NotificationKind = SchemaType<"NotificationKind">;
export type TokenScope = SchemaType<"TokenScope">;
/** Language of the API's explanations (enum Language). */
export type Language = SchemaType<"Language">;

/** The mandatory urgency categories (verplichte urgentie), in the order forms list them. */
export const MANDATORY_URGENCY_CATEGORIES: readonly UrgencyCategory[] = [
  "MANTELZORG",
  "CHRONIC_MEDICAL",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "LEAVING_DETENTION",
  "DUUP_EXIT_PROGRAMME",
];
/** The local urgency categories (lokale urgentie), in the order forms list them. */
export const LOCAL_URGENCY_CATEGORIES: readonly UrgencyCategory[] = [
  "STATUSHOUDER",
  "URBAN_RENEWAL",
  "UNINHABITABLE_DWELLING",
  "SOCIAL_RELATIONSHIP_WITH_CHILDREN",
  "SOCIAL_FINANCIAL",
  "HARDSHIP_CLAUSE",
];
export const DWELLING_TYPES: readonly DwellingType[] = [
  "APARTMENT",
  "GROUND_FLOOR_APARTMENT",
  "UPPER_FLOOR_DWELLING",
  "SINGLE_FAMILY_HOUSE",
  "STUDIO",
  "ROOM",
  "SENIOR_DWELLING",
];
export const ALLOCATION_MODELS: readonly AllocationModel[] = [
  "AANBOD",
  "LOTERIJ",
  "WOONGROEP",
  "BEMIDDELING",
];
