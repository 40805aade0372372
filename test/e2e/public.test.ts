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

  it("listing page explains criteria and asks to sign in", async () => {
    const ref = await firstReference("AANBOD");
    await page.goto(`/woning/${ref}`);
    await expect(page.getByRole("heading", { name: "Voor wie is deze woning?" }).isVisible()).resolves.toBe(
      true,
    );
    expect(await page.getByText(/Huishoudinkomen tot en met €\s[\d.]+ per jaar/).count()).toBe(1);
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
    await screenshot(p, "aanbod-360");
    await p.goto(`/woning/${ref}`);
    await screenshot(p, "woning-360");
    await expectAccessible(p, "woning 360");
    await ctx.close();
  });
});
