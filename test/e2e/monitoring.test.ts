/**
 * Issue 14 items 1–2: the public monitoring page `/resultaten/monitoring` — every table of the
 * seeds with its source, server-rendered SVG charts with the numbers in a table beside them,
 * filters by year, municipality and district — without JavaScript, at 360 px, in English, and
 * checked with axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoHorizontalScroll,
  gql,
  launch,
  newContext,
  screenshot,
} from "./support.ts";

let browser: Browser;
let page: Page;
let year: number;
beforeAll(async () => {
  browser = await launch();
  // No JavaScript: the charts and the filter must work from the server's HTML alone.
  page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  const thisYear = new Date().getUTCFullYear();
  year = thisYear;
  for (let y = thisYear; y > thisYear - 5; y--) {
    const { statistics } = await gql<{ statistics: { lettings: number } }>(
      `query($y: Int!) { statistics(year: $y) { lettings } }`,
      { y },
    );
    if (statistics.lettings > 0) {
      year = y;
      break;
    }
  }
});
afterAll(async () => browser?.close());

describe("public monitoring", () => {
  it("shows every seed table with its source, charts beside tables, without JavaScript", async () => {
    await page.goto("/resultaten");
    await page.getByRole("link", { name: "Alle monitoringtabellen met grafieken" }).click();
    await page.waitForURL(/\/resultaten\/monitoring/);
    await page.goto(`/resultaten/monitoring?jaar=${year}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/Monitoring/);
    const sections: [string, RegExp][] = [
      ["Kerncijfers", /\[001\] Figuur 2/],
      ["Balans voorrang en regulier (30/70) per kwartaal", /\[004\]/],
      ["Urgente verhuringen per indicatie en model", /\[001\] Figuur 3; \[003\]/],
      ["Bijzondere groepen tegenover de jaarlijkse taakstelling", /\[004\] Opgaven en taakstellingen/],
      ["Huurklassen van voorraad en verhuringen", /\[004\]/],
      ["Spreiding over de wijken", /\[004\] Spreiding over de stad/],
      ["Loting en binding tegenover hun maximum", /\[001\] §E\.3; \[003\]/],
      ["Inkomens bij sociale verhuringen (80/10/10)", /\[001\] §E\.1/],
    ];
    for (const [name, source] of sections) {
      const heading = page.getByRole("heading", { level: 2, name, exact: true });
      expect(await heading.count(), name).toBe(1);
      const section = page.locator("section", { has: heading });
      expect(await section.locator(".source").first().textContent(), name).toMatch(source);
    }
    // Key figures: one row per year with registered and active seekers, as [001] Figure 2.
    const key = page.getByRole("table", { name: /Kerncijfers per jaar/ });
    expect(await key.getByRole("rowheader", { name: String(year) }).count()).toBe(1);
    const yearRow = key.locator("tbody tr", { has: page.getByRole("rowheader", { name: String(year) }) });
    const registered = Number((await yearRow.locator("td").first().textContent())!.replace(/\D/g, ""));
    expect(registered).toBeGreaterThan(100);
    // The nine statutory urgency categories of [003], all listed.
    expect(
      await page
        .getByRole("table", { name: /negen verplichte/ })
        .locator("tbody tr")
        .count(),
    ).toBe(9);
    // Four quarters, and a chart for them: an image with a text alternative naming the aim.
    expect(
      await page
        .getByRole("table", { name: /Voorrang per kwartaal/ })
        .locator("tbody tr")
        .count(),
    ).toBe(4);
    expect(await page.getByRole("img", { name: /Aandeel voorrang per kwartaal/ }).count()).toBe(1);
    // Charts are server-rendered SVG with a title, each beside a table.
    const charts = await page.locator("svg.chart-svg").evaluateAll((svgs) =>
      svgs.map((svg) => ({
        role: svg.getAttribute("role"),
        title: svg.querySelector("title")?.textContent?.trim() ?? "",
        tables: svg.closest(".chart-with-table")?.querySelectorAll("table").length ?? 0,
      })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const c of charts) {
      expect(c.role).toBe("img");
      expect(c.title).toBeTruthy();
      expect(c.tables, c.title).toBeGreaterThan(0);
    }
    // Six rent classes of stock and lettings.
    expect(
      await page
        .getByRole("table", { name: /per huurklasse/ })
        .locator("tbody tr")
        .count(),
    ).toBe(6);
    await screenshot(page, "monitoring-nl");
    // axe needs script in the page (it hangs in a context without JavaScript): same page, with it.
    const withJs = await (await newContext(browser)).newPage();
    await withJs.goto(page.url());
    await expectAccessible(withJs, "monitoring");
  }, 300_000);

  it("filters by municipality and district with a plain GET form, and rejects an unknown area kindly", async () => {
    await page.goto(`/resultaten/monitoring?jaar=${year}`);
    const options = await page
      .locator("#m-gemeente option")
      .evaluateAll((os) =>
        os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })),
      );
    const utrecht = options.find((o) => o.label === "Utrecht");
    expect(utrecht).toBeTruthy();
    await page.locator("#m-gemeente").selectOption(utrecht!.value);
    await page.getByRole("button", { name: "Toon cijfers" }).click();
    await page.waitForURL(/gemeente=/);
    expect(
      await page
        .getByRole("status")
        .filter({ hasText: `Cijfers over ${year}` })
        .textContent(),
    ).toMatch(/Utrecht/);
    expect(
      await page
        .getByRole("table", { name: /Taakstellingen/ })
        .locator("tbody tr")
        .count(),
    ).toBe(2);
    await page.goto(`/resultaten/monitoring?jaar=${year}&gemeente=nonsense`);
    expect(await page.getByText("Die gemeente of wijk kennen we niet").count()).toBe(1);
  });

  it("fits 360 px and reads in English", async () => {
    const narrow = await (await newContext(browser, { width: 360, height: 800 })).newPage();
    await narrow.goto(`/resultaten/monitoring?jaar=${year}&lang=en`);
    expect(await narrow.getByRole("heading", { level: 1 }).textContent()).toMatch(/Monitoring: the figures/);
    expect(await narrow.getByRole("heading", { level: 2, name: "Spreading over districts" }).count()).toBe(1);
    await expectNoHorizontalScroll(narrow);
    await expectAccessible(narrow, "monitoring en 360");
    await screenshot(narrow, "monitoring-en-360");
    await narrow.close();
  }, 300_000);
});
