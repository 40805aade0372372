/**
 * The browser's lightweight translator renders exactly what i18next renders on the server, for
 * every message in both languages (with sample values and plural counts 0, 1, 2, 5).
 */
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import nl from "../../portal/messages/nl.json" with { type: "json" };
import en from "../../portal/messages/en.json" with { type: "json" };
import { liteTranslator, type Messages } from "../../portal/src/lib/i18n/lite.ts";

function keys(tree: Messages, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

describe.each([
  ["nl", nl as Messages],
  ["en", en as Messages],
] as const)("%s messages", (locale, messages) => {
  const i18n = createInstance();
  void i18n.init({
    lng: locale,
    resources: { [locale]: { translation: messages } },
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  const lite = liteTranslator(locale, messages);
  const base = [...new Set(keys(messages).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, "")))];
  const values = {
    name: "Noor",
    email: "a@b.nl",
    amount: "€ 612,50",
    n: 3,
    min: 1,
    max: 9,
    date: "1 mei 2026",
    limit: "€ 48.655",
  };

  it("has the same keys as the other language", () => {
    const other = locale === "nl" ? (en as Messages) : (nl as Messages);
    expect(keys(messages).sort()).toEqual(keys(other).sort());
  });
  it.each(base)("%s", (key) => {
    for (const count of [undefined, 0, 1, 2, 5]) {
      const opts = count === undefined ? values : { ...values, count };
      expect(lite(key, opts)).toBe(i18n.t(key, opts));
    }
  });
});
