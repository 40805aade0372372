/** Server side of i18n: both message files, and one i18next instance per request. */
import { createInstance } from "i18next";
import type { Locale, Messages, Translate } from "$lib/i18n";
import nl from "$messages/nl.json";
import en from "$messages/en.json";

export const MESSAGES: Record<Locale, Messages> = { nl: nl as Messages, en: en as Messages };

/** A new i18next instance for one locale (synchronous init: resources are in memory). */
export function i18nextTranslator(locale: Locale, messages: Messages = MESSAGES[locale]): Translate {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: messages } },
    initAsync: false,
    // Svelte escapes text itself; never render translations with {@html}.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  return instance.t.bind(instance) as unknown as Translate;
}

export function translatorFor(locale: Locale): Translate {
  return i18nextTranslator(locale);
}
