/**
 * Journeys without an account: home, browse listings with filters and paging, a listing page
 * (criteria, lottery commitment), published results and the explanation page — each checked
 * with axe, at 360 px, in English, and photographed.
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
beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
});
afterAll(async () => browser?.close());

async function firstReference(model?: string): Promise<string> {
  const data = await gql<{ listings: { edges: Array<{ node: { reference: string } }> } }>(
    `query($f: ListingFilter) { listings(first: 1, filter: $f) { edges { node { reference } } } }`,
    { f: model ? { allocationModels: [model] } : {} },
  );
  const ref = data.listings.edges[0]?.node.reference;
  if (!ref) throw new Error(`no open ${model ?? ""} listing in the seed`);
  return ref;
}

describe("signed out", () => {
  it("home page: Dutch by default, html lang, skip link, accessible", async () => {
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Naar de inhoud");
    await expectAccessible(page, "home");
    await screenshot(page, "home-nl");
  });

  it("browses listings with filters, sort and paging", async () => {
    await page.goto("/aanbod");
    const count = await page.getByRole("status").first().textContent();
    expect(count).toMatch(/\d+ woning/);
    const cards = page.locator("ul.cards > li");
    expect(await cards.count()).toBeGreaterThan(0);
    // every card shows rent, rooms, m², closing date, model and responses
    const first = cards.first();
    for (const label of ["Kamers", "Woonoppervlakte", "Reageren tot", "Reacties"])
      expect(await first.getByText(label).count()).toBeGreaterThan(0);
    expect(await first.textContent()).toMatch(/€\s?\d/);
    await expectAccessible(page, "aanbod");
    await screenshot(page, "aanbod-nl");

    await page.locator("#f-kamers").selectOption("3");
    await page.locator("#f-sorteer").selectOption("RENT_ASC");
    await Promise.all([
      page.waitForURL(/kamers=3/),
      page.getByRole("button", { name: "Toon woningen" }).click(),
    ]);
    const rooms = await page
      .locator("ul.cards dl.facts")
      .evaluateAll((dls) =>
        dls.map((dl) =>
          Number(
            [...dl.querySelectorAll("dt")].find((dt) => dt.textContent === "Kamers")?.nextElementSibling
              ?.textContent,
          ),
        ),
      );
    expect(rooms.every((r) => r >= 3)).toBe(true);
    const next = page.getByRole("link", { name: "Volgende pagina" });
    if (await next.count()) {
      await Promise.all([page.waitForURL(/na=/), next.click()]);
      expect(await page.locator("ul.cards > li").count()).toBeGreaterThan(0);
    }
  });

  it("answers an edited or stale page link with 400 and what to do, not a server error", async () => {
    for (const bad of ["R1BDOlM6eA==", "garbage", "R1BDOk46YWJj"]) {
      for (const param of ["na", "voor"]) {
        const res = await page.goto(`/aanbod?${param}=${encodeURIComponent(bad)}`);
        expect(res?.status(), `${param}=${bad}`).toBe(400);
        expect(await page.locator("main").textContent()).toMatch(/Deze link klopt niet \(meer\)/);
      }
    }
  });

  it("listing page explains criteria and asks to sign in", async () => {
    const ref = await firstReference("AANBOD");
    await page.goto(`/woning/${ref}`);
    await expect(page.getByRole("heading", { name: "Voor wie is deze woning?" }).isVisible()).resolves.toBe(
      true,
    );
    // the criteria as the API states them, with the rule set's numbers, in the page's language
    expect(await page.getByText(/Uw huishoudinkomen is niet hoger dan €\s?[\d.]+ per jaar/).count()).toBe(1);
    await page.goto(`/woning/${ref}?lang=en`);
    expect(await page.getByText(/Your household income is at most €[\d,]+ per year/).count()).toBe(1);
    await page.goto(`/woning/${ref}?lang=nl`);
    expect(await page.getByText("Log in om te zien of u in aanmerking komt").count()).toBe(1);
    await expectAccessible(page, "woning");
    await screenshot(page, "woning-nl");
  });

  it("lottery listing shows the commitment and how to verify", async () => {
    const ref = await firstReference("LOTERIJ").catch(() => null);
    if (!ref) return;
    await page.goto(`/woning/${ref}`);
    expect(await page.getByRole("heading", { name: "Loting" }).count()).toBe(1);
    expect(await page.locator(".mono").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(page, "woning loterij");
    await screenshot(page, "woning-loterij-nl");
  });

  it("results: monitoring tables and bars from the statistics query", async () => {
    // the most recent year with lettings in the seed
    const thisYear = new Date().getUTCFullYear();
    let year = thisYear;
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
    await page.goto(`/resultaten?jaar=${year}`);
    // published lettings of that year only, with their total
    expect(await page.locator("section[aria-labelledby=lettings-title] [role=status]").textContent()).toMatch(
      new RegExp(`^\\d+ verhuringen? in ${year}$`),
    );
    const letDates = await page
      .locator("section[aria-labelledby=lettings-title] tbody tr td:nth-child(4)")
      .allTextContents();
    expect(letDates.length).toBeGreaterThan(0);
    for (const d of letDates) expect(d).toContain(String(year));
    for (const name of [
      "Voorrang voor bijzondere groepen",
      "Urgente verhuringen per categorie en model",
      "Inschrijfduur bij verhuring",
      "Wachttijd van urgenten",
      "Passend toewijzen naar inkomen",
      "Verhuringen per wijk",
    ])
      expect(await page.getByRole("heading", { level: 2, name }).count(), name).toBe(1);
    // the 2017 reference values and the targets are shown next to this year's figures
    const years = page.getByRole("table", { name: /Inschrijfduur bij verhuring/ });
    expect(await years.textContent()).toMatch(/8,6/);
    expect(await years.textContent()).toMatch(/10,8/);
    expect(await page.locator("#waiting-title + p").textContent()).toMatch(/3 maanden/);
    expect(await page.locator("#priority-title + p").textContent()).toMatch(/30\s?%/);
    // every statistics table has a caption and scoped header cells
    const tables = page.locator("main section:not([aria-labelledby=lettings-title]) table");
    expect(await tables.count()).toBeGreaterThanOrEqual(3);
    for (const table of await tables.all()) {
      expect((await table.locator("caption").textContent())?.trim()).toBeTruthy();
      expect(await table.locator("th:not([scope])").count()).toBe(0);
    }
    const income = page.getByRole("table", { name: /per inkomensgroep/ });
    expect(await income.getByRole("rowheader", { name: /DAEB-grens/ }).count()).toBe(1);
    expect(await page.getByText(/ondergrens van 80\s?%/).count()).toBe(1);
    const districts = page.getByRole("table", { name: /per wijk/ });
    expect(await districts.locator("tbody tr").count()).toBeGreaterThan(0);
    const urgency = page.getByRole("table", { name: /A aanbod, B bemiddeling/ });
    if ((await urgency.count()) > 0) {
      expect(await urgency.locator("thead").textContent()).toMatch(/A\s*aanbod.*B\s*bemiddeling/s);
    }
    // bars: a text alternative, or hidden next to the printed number
    const bars = page.locator(".bar");
    expect(await bars.count()).toBeGreaterThan(0);
    for (const bar of await bars.all()) {
      const label = await bar.getAttribute("aria-label");
      if (!label) expect(await bar.getAttribute("aria-hidden")).toBe("true");
    }
    expect(await page.getByRole("img", { name: /met voorrang; streefwaarde 30/ }).count()).toBe(1);
    await expectAccessible(page, "resultaten statistics");
    await screenshot(page, "resultaten-statistieken");
  });

  it("keeps the page and its query when switching language on a dynamic route", async () => {
    const ref = await firstReference();
    await page.goto(`/woning/${ref}?x=1`);
    const href = await page.getByRole("link", { name: "English" }).getAttribute("href");
    expect(href).toBe(`/woning/${ref}?x=1&lang=en`);
    await page.goto("/aanbod?lang=nl");
  });

  it("results and how-it-works pages", async () => {
    await page.goto("/resultaten");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Resultaten van verhuringen");
    await expectAccessible(page, "resultaten");
    await screenshot(page, "resultaten-nl");
    await page.goto("/hoe-werkt-het");
    expect(await page.locator("#loting").count()).toBe(1);
    await expectAccessible(page, "hoe-werkt-het");
    await screenshot(page, "hoe-werkt-het-nl");
    for (const path of ["/inloggen", "/inschrijven", "/wachtwoord-vergeten", "/urgentie"]) {
      await page.goto(path);
      await expectAccessible(page, path);
    }
  });

  it("switches to English with ?lang=en and keeps it (cookie)", async () => {
    await page.goto("/aanbod?lang=en");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Listings");
    expect(await page.locator("ul.cards").textContent()).toMatch(/per month/);
    await expectAccessible(page, "listings (en)");
    await screenshot(page, "aanbod-en");
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.goto("/?lang=nl");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
  });

  it("picks English from Accept-Language", async () => {
    const ctx = await newContext(browser, { locale: "en-GB" });
    const p = await ctx.newPage();
    await p.goto("/");
    expect(await p.getAttribute("html", "lang")).toBe("en");
    await ctx.close();
  });

  it("works at 360 px without horizontal scrolling", async () => {
    const ctx = await newContext(browser, { width: 360, height: 740 });
    const p = await ctx.newPage();
    const ref = await firstReference();
    for (const path of ["/", "/aanbod", `/woning/${ref}`, "/resultaten", "/inschrijven", "/hoe-werkt-het"]) {
      await p.goto(path);
      await expectNoHorizontalScroll(p);
    }
    await p.goto("/aanbod");
    // the filter panel is collapsed behind a disclosure, so the listings come first
    const summary = p.locator("details.filters-disclosure > summary");
    expect(await summary.isVisible()).toBe(true);
    expect(await p.locator("#f-kamers").isVisible()).toBe(false);
    await screenshot(p, "aanbod-360");
    await summary.click();
    expect(await p.locator("#f-kamers").isVisible()).toBe(true);
    await expectAccessible(p, "aanbod 360 filters open");
    await screenshot(p, "aanbod-360-filters");
    await p.goto(`/woning/${ref}`);
    await screenshot(p, "woning-360");
    await expectAccessible(p, "woning 360");
    await ctx.close();
  });
});
