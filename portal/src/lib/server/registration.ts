/**
 * The registration form (/inschrijven) and the household/income edit forms share these
 * parsers: form values in, either field errors or the API input out.
 */
import type { Translate as TFunction } from "$lib/i18n";
import type { FieldErrors } from "$lib/forms";
import { ageOn, parseAmount, parseDate, parseInteger } from "$lib/parse";
import type { SchemaType } from "$lib/graphql";

type Accessibility = SchemaType<"AccessibilityNeed">;
type CurrentDwellingInput = SchemaType<"CurrentDwellingInput">;
type CurrentDwellingKind = SchemaType<"CurrentDwellingKind">;
type HouseholdMemberInput = SchemaType<"HouseholdMemberInput">;
type HouseholdRole = SchemaType<"HouseholdRole">;
type IncomeInput = SchemaType<"IncomeInput">;
type IncomeSource = SchemaType<"IncomeSource">;
type SeekerRegisterInput = SchemaType<"SeekerRegisterInput">;
import { noPlaces, parsePlaces } from "./places";

export const MEMBER_ROLES: readonly HouseholdRole[] = ["PARTNER", "CHILD", "OTHER"];
export const DWELLING_KINDS: readonly CurrentDwellingKind[] = [
  "NONE",
  "WITH_PARENTS",
  "ROOM",
  "INDEPENDENT_RENTAL",
  "OWNER_OCCUPIED",
  "INSTITUTION",
];
export const INCOME_SOURCES: readonly IncomeSource[] = [
  "TAX_STATEMENT",
  "PAYSLIPS",
  "BENEFIT_STATEMENT",
  "SELF_DECLARED",
];
export const ACCESSIBILITY: readonly Accessibility[] = ["NONE", "WALKER", "WHEELCHAIR"];
export const MAX_MEMBERS = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Values = Record<string, string>;

/** All string values of a form (files ignored). */
export function valuesOf(form: FormData): Values {
  const values: Values = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") values[k] = v;
  return values;
}

export function memberCount(values: Values): number {
  return Math.min(MAX_MEMBERS, Math.max(0, Number(values.memberCount) || 0));
}

export function parseMembers(values: Values, t: TFunction, errors: FieldErrors): HouseholdMemberInput[] {
  const members: HouseholdMemberInput[] = [];
  for (let i = 0; i < memberCount(values); i++) {
    const role = values[`member.${i}.role`] as HouseholdRole;
    const firstName = (values[`member.${i}.firstName`] ?? "").trim();
    const birthRaw = values[`member.${i}.birthDate`] ?? "";
    if (!MEMBER_ROLES.includes(role))
      errors[`member.${i}.role`] = t("register.errors.memberRole", { n: i + 1 });
    if (!firstName) errors[`member.${i}.firstName`] = t("register.errors.memberName", { n: i + 1 });
    const birthDate = parseDate(birthRaw);
    if (!birthDate || ageOn(birthDate) < 0 || ageOn(birthDate) > 120)
      errors[`member.${i}.birthDate`] = t("register.errors.memberBirthDate", { n: i + 1 });
    if (birthDate) members.push({ role, firstName, birthDate });
  }
  return members;
}

export function parseIncome(values: Values, t: TFunction, errors: FieldErrors): IncomeInput {
  const amount = parseAmount(values.incomeAmount ?? "");
  if (amount === null) errors.incomeAmount = t("register.errors.income");
  else if (amount > 1_000_000) errors.incomeAmount = t("register.errors.incomeTooHigh");
  const thisYear = new Date().getUTCFullYear();
  const year = parseInteger(values.incomeYear ?? "", thisYear - 3, thisYear);
  if (year === null)
    errors.incomeYear = t("register.errors.incomeYear", { from: thisYear - 3, to: thisYear });
  const source = values.incomeSource as IncomeSource;
  if (!INCOME_SOURCES.includes(source)) errors.incomeSource = t("register.errors.incomeSource");
  return { amount: amount ?? 0, year: year ?? thisYear - 1, source };
}

export function parseDwelling(values: Values, t: TFunction, errors: FieldErrors): CurrentDwellingInput {
  const kind = values.dwellingKind as CurrentDwellingKind;
  if (!DWELLING_KINDS.includes(kind)) errors.dwellingKind = t("register.errors.dwellingKind");
  let rooms: number | null = null;
  if (kind === "INDEPENDENT_RENTAL" || kind === "OWNER_OCCUPIED") {
    rooms = parseInteger(values.dwellingRooms ?? "", 1, 20);
    if (rooms === null) errors.dwellingRooms = t("register.errors.dwellingRooms");
  }
  return { kind, rooms, isSocialRental: kind === "INDEPENDENT_RENTAL" && values.dwellingSocial === "on" };
}

export function parseAccessibility(values: Values, t: TFunction, errors: FieldErrors): Accessibility {
  const a = (values.accessibilityNeed || "NONE") as Accessibility;
  if (!ACCESSIBILITY.includes(a)) errors.accessibilityNeed = t("register.errors.accessibility");
  return a;
}

/** Validate the whole registration form. */
export function parseRegistration(
  values: Values,
  t: TFunction,
  locale: string,
  options: { password: boolean } = { password: true },
): { errors: FieldErrors; input: SeekerRegisterInput } {
  const errors: FieldErrors = {};
  const email = (values.email ?? "").trim();
  if (!EMAIL.test(email)) errors.email = t("form.errors.email");
  const password = values.password ?? "";
  if (options.password) Object.assign(errors, passwordErrors(values, t));
  const firstName = (values.firstName ?? "").trim();
  const lastName = (values.lastName ?? "").trim();
  if (!firstName) errors.firstName = t("register.errors.firstName");
  if (!lastName) errors.lastName = t("register.errors.lastName");
  const birthDate = parseDate(values.birthDate ?? "");
  if (!birthDate) errors.birthDate = t("register.errors.birthDate");
  else if (ageOn(birthDate) < 18) errors.birthDate = t("register.errors.tooYoung", { age: ageOn(birthDate) });
  else if (ageOn(birthDate) > 120) errors.birthDate = t("register.errors.birthDate");
  const phone = (values.phone ?? "").trim();
  if (phone && !/^[+0-9 ()-]{6,20}$/.test(phone)) errors.phone = t("register.errors.phone");
  const householdMembers = parseMembers(values, t, errors);
  const income = parseIncome(values, t, errors);
  const currentDwelling = parseDwelling(values, t, errors);
  const accessibilityNeed = parseAccessibility(values, t, errors);
  if (values.consent !== "on") errors.consent = t("register.errors.consent");
  // Where the household lives and works: optional, checked by the API (kern of the municipality).
  const places = parsePlaces(values);
  return {
    errors,
    input: {
      email,
      password,
      firstName,
      lastName,
      birthDate: birthDate ?? "",
      phone: phone || null,
      householdMembers,
      income,
      currentDwelling,
      accessibilityNeed,
      locale,
      ...(noPlaces(places) ? {} : { places }),
    },
  };
}

/** Fields asked on the registration's summary step (never sent back to the browser). */
export const PASSWORD_FIELDS: readonly string[] = ["password", "passwordConfirm"];

/** The password and its confirmation (registration summary step). */
export function passwordErrors(values: Values, t: TFunction): FieldErrors {
  const password = values.password ?? "";
  if (password.length < 12) return { password: t("form.errors.passwordLength") };
  if (password.length > 256) return { password: t("form.errors.passwordTooLong") };
  if (password !== values.passwordConfirm) return { passwordConfirm: t("form.errors.passwordMismatch") };
  return {};
}

/** Map an API validation path (without "input") to the form field. */
export function registrationField(path: string[]): string | undefined {
  const [head, second, third] = path;
  if ((head === "householdMembers" || head === "members") && second !== undefined)
    return `member.${second}.${third ?? "firstName"}`;
  if (head === "income")
    return second === "year" ? "incomeYear" : second === "source" ? "incomeSource" : "incomeAmount";
  if (head === "currentDwelling") return second === "rooms" ? "dwellingRooms" : "dwellingKind";
  if (head === "places") return second ?? "municipalityId";
  return head;
}
