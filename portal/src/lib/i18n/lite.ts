/**
 * Locales, and the browser's translator for i18next-format messages (no dependencies, so that
 * tests can compare it with i18next directly; see index.ts for why it exists).
 */
export const LOCALES = ["nl", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** A locale's message tree. */
export type Messages = { [key: string]: string | Messages };

/** A translate function: key (dotted path) and options (interpolation values, `count`, `defaultValue`). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** BCP 47 tag used for Intl formatting. */
export function intlTag(locale: Locale): string {
  return locale === "nl" ? "nl-NL" : "en-GB";
}

/**
 * The subset of i18next's JSON v4 format the portal's messages use: nested keys, `{{name}}`
 * interpolation (no escaping: Svelte escapes), `count` plurals via `_<Intl.PluralRules category>`
 * falling back to `_other`, and `defaultValue` for unknown keys (else the key itself).
 */
export function liteTranslator(locale: Locale, messages: Messages): Translate {
  const plural = new Intl.PluralRules(intlTag(locale));
  const lookup = (key: string): string | undefined => {
    let node: string | Messages | undefined = messages;
    for (const part of key.split(".")) {
      if (typeof node !== "object" || node === null) return undefined;
      node = node[part];
    }
    return typeof node === "string" ? node : undefined;
  };
  return (key, options = {}) => {
    let template: string | undefined;
    const count = options.count;
    if (typeof count === "number") {
      template =
        lookup(`${key}_${count === 0 ? "zero" : plural.select(count)}`) ??
        lookup(`${key}_${plural.select(count)}`) ??
        lookup(`${key}_other`);
    }
    template ??= lookup(key);
    if (template === undefined) return typeof options.defaultValue === "string" ? options.defaultValue : key;
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => {
      const value = options[name];
      return value === undefined || value === null ? match : String(value);
    });
  };
}
