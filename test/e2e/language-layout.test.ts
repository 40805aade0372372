/**
 * Language and layout (seeker portal issue, item 7): error pages in the reader's language, a
 * notice where listing text exists only in Dutch, at 360 px the verdict and the respond button
 * before the dwelling details, wide tables that scroll (and can be scrolled by keyboard) instead
 * of cutting columns, and long e-mail addresses that wrap.
 */
import type { Browser } from "playwright-core";
import { DEMO_PASSWORD } from "@woonbeurt/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoHorizontalScroll, gql, launch, newContext, signIn } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function openListingWithText(): Promise<string> {
  const data = await gql<{
    listings: { edges: Array<{ node: { reference: string; description: string | null } }> };
  }>(`{ listings(first: 50) { edges { node { reference description } } } }`);
  const found = data.listings.edges.find((e) => e.node.description);
  expect(found, "an open listing with a description").toBeDefined();
  return found!.node.reference;
}

describe("language and layout", () => {
  it("shows a 404 in the reader's language, without the framework's English", async () => {
    const page = await (await newContext(browser)).newPage();
    let res = await page.goto("/bestaat-niet?lang=en");
    expect(res?.status()).toBe(404);
    expect((await page.locator("h1").textContent())?.trim()).toBe("Page not found");
    expect(await page.title()).toContain("Page not found");
    expect(await page.locator("main").textContent()).not.toContain("Not Found");
    res = await page.goto("/bestaat-niet?lang=nl");
    expect((await page.locator("h1").textContent())?.trim()).toBe("Pagina niet gevonden");
    expect(await page.locator("main").textContent()).toContain("Deze pagina bestaat niet");
    await expectAccessible(page, "404");
  });

  it("says in English that a listing's text exists only in Dutch, and marks it as Dutch", async () => {
    const reference = await openListingWithText();
    const page = await (await newContext(browser)).newPage();
    await page.goto(`/woning/${reference}?lang=en`);
    expect(await page.locator("main").textContent()).toContain(
      "The description below is only available in Dutch.",
    );
    expect(await page.locator('div[lang="nl"] p').count()).toBeGreaterThan(0);
    await page.goto(`/woning/${reference}?lang=nl`);
    expect(await page.locator("main").textContent()).not.toContain("alleen in het Nederlands beschikbaar");
  });

  it("at 360 px puts the verdict and the respond button before the dwelling details", async () => {
    const reference = await openListingWithText();
    const page = await (await newContext(browser, { width: 360, height: 740 })).newPage();
    await signIn(page, "starter@demo.woonbeurt.nl", DEMO_PASSWORD);
    await page.goto(`/woning/${reference}`);
    const you = await page.locator("#you-title").boundingBox();
    const dwelling = await page.locator("#dwelling-title").boundingBox();
    expect(you!.y).toBeLessThan(dwelling!.y);
    await expectNoHorizontalScroll(page);
    // On a wide screen the panel stays on the right of the details.
    const wide = await (await newContext(browser, { width: 1280 })).newPage();
    await wide.goto(`/woning/${reference}`);
    const youWide = await wide.locator("#you-title").boundingBox();
    const dwellingWide = await wide.locator("#dwelling-title").boundingBox();
    expect(youWide!.x).toBeGreaterThan(dwellingWide!.x);
  });

  it("at 360 px scrolls wide tables by keyboard instead of cutting columns, and wraps long addresses", async () => {
    const page = await (await newContext(browser, { width: 360, height: 740 })).newPage();
    await page.goto("/resultaten");
    const wraps = page.locator(".table-wrap");
    expect(await wraps.count()).toBeGreaterThan(0);
    for (const wrap of await wraps.all()) {
      expect(await wrap.getAttribute("tabindex")).toBe("0");
      expect(await wrap.getAttribute("aria-label")).toBeTruthy();
    }
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "results at 360 px");

    const long = "a.very.long.address.for.testing.wrapping.at.narrow.widths@voorbeeld-woningzoekende.nl";
    await page.goto("/wachtwoord-vergeten");
    await page.getByLabel("E-mailadres").fill(long);
    await page
      .getByRole("button")
      .filter({ hasText: /versturen|Stuur/i })
      .first()
      .click();
    await page.waitForLoadState();
    await expectNoHorizontalScroll(page);
  });
});
