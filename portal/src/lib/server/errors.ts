/**
 * Turning API business errors (typed result unions) into translated form errors.
 */
import type { Translate as TFunction } from "$lib/i18n";
import type { FieldErrors } from "$lib/forms";

/**
 * What the helpers below read of a business error from a mutation's result union (every error
 * type implements `Error { message code }`); the optional fields are those of ValidationError
 * (`...ValidationFields`), NotEligibleError and RateLimitedError when the document selects them.
 * The error members of any gql.tada result satisfy it.
 */
export interface ErrorResult {
  __typename: string;
  message: string;
  code: string;
  issues?: ReadonlyArray<{ path: readonly string[]; field: string | null; message: string }>;
  failedChecks?: ReadonlyArray<{ code: string; explanation: string }>;
  retryAfterSeconds?: number | null;
}

/** True for the error members of a result union (every business error has `code`). */
export function isErrorResult<T extends { __typename: string }>(
  result: T,
): result is Extract<T, { code: string }> {
  return "code" in result;
}
export { isErrorResult as isError };

/** A translated sentence for an error code, falling back to the API's (English) message. */
export function errorMessage(t: TFunction, error: ErrorResult): string {
  if (error.code === "RATE_LIMITED" && error.retryAfterSeconds) {
    return t("apiErrors.RATE_LIMITED_AFTER", {
      minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
    });
  }
  return t(`apiErrors.${error.code}`, { defaultValue: error.message });
}

/**
 * Field errors from an API error: validation issues land on the form field their input path
 * names (`fieldOf` maps e.g. ["income","amount"] → "incomeAmount"); everything else on `_form`.
 */
export function formErrors(
  t: TFunction,
  error: ErrorResult,
  fieldOf: (path: string[]) => string | undefined = (p) => p.at(-1),
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues ?? []) {
    const path = issue.path.map(String).filter((p) => p !== "input");
    const field = fieldOf(path) ?? "_form";
    errors[field] ??= t("apiErrors.invalidField", { message: issue.message });
  }
  if (Object.keys(errors).length) return errors;
  errors._form = errorMessage(t, error);
  return errors;
}
