/** Shared shapes of form action results (returned with `fail(400, …)`). */

/** Field name (the input's `name`) → translated message. `_form` is an error about the whole form. */
export type FieldErrors = Record<string, string>;

export interface FormFailure {
  errors: FieldErrors;
  values?: Record<string, string>;
}

/** id of the input for a field name, used by labels, aria-describedby and the error summary. */
export function fieldId(form: string, name: string): string {
  return `${form}-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}
