/**
 * Internationalisation: Dutch (default) and English, messages in i18next's JSON format.
 *
 * Messages live in `portal/messages/{nl,en}.json` (nested keys, `{{name}}` interpolation, plural
 * keys `_one`/`_other` chosen with Intl.PluralRules). On the server every request gets its own
 * i18next instance (`$lib/server/i18n.ts`, registered here by hooks.server.ts), which renders
 * the pages and translates form errors. The browser receives only the current locale's messages
 * as layout data (not as JavaScript) and, to keep the listing page under its 60 KB budget,
 * re-renders them with {@link liteTranslator}, a 40-line interpreter of the same format instead
 * of the 16 KB i18next runtime; `test/e2e/i18n.test.ts` checks that both give identical strings
 * for every message.
 */
import { getContext, setContext } from "svelte";

import { LOCALES, intlTag, liteTranslator, type Locale, type Messages, type Translate } from "./lite";

export { LOCALES, intlTag, liteTranslator, type Locale, type Messages, type Translate };
export const DEFAULT_LOCALE: Locale = "nl";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Pick a locale from an Accept-Language header ("en-US,en;q=0.9,nl;q=0.8"): the supported
 * language with the highest quality, or undefined.
 */
export function negotiateLocale(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.lang && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale);
}

type Factory = (locale: Locale, messages: Messages) => Translate;
let serverFactory: Factory | null = null;

/** Called once by hooks.server.ts: server-side rendering then uses i18next. */
export function registerServerTranslator(factory: Factory): void {
  serverFactory = factory;
}

/** A translator for one locale: i18next on the server, {@link liteTranslator} in the browser. */
export function createTranslator(locale: Locale, messages: Messages): Translate {
  return serverFactory ? serverFactory(locale, messages) : liteTranslator(locale, messages);
}

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
}

const KEY = Symbol("i18n");

/** Called once in the root layout. */
export function setI18n(i18n: I18n): void {
  setContext(KEY, i18n);
}

/** The translator and locale of the current page (components below the root layout). */
export function getI18n(): I18n {
  const i18n = getContext<I18n | undefined>(KEY);
  if (!i18n) throw new Error("getI18n() called outside the root layout");
  return i18n;
}
