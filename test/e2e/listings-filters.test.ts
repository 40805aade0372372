/**
 * The listings page's filters as a seeker uses them (seeker portal issue, item 5): a municipality
 * filter for all eight municipalities, a message for every filter value that cannot be used
 * (instead of silently ignoring it), a rent filter that says which rent it filters on, and for a
 * signed-in seeker the reason a listing is not for them in one line on its card.
 */
import type { Browser } from "playwright-core";
import { DEMO_PASSWORD } from "@woonbeurt/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, gql, launch, newContext, signIn } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe("listings filters", () => {
  it("filters by municipality: every card is in the chosen municipality, and the choice stays selected", async () => {
    const { municipalities } = await gql<{ municipalities: Array<{ id: string; name: string }> }>(
      `{ municipalities { id name } }`,
    );
    expect(municipalities.length).toBe(8);
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await page.goto("/aanbod");
    const options = await page.locator("#f-gemeente option").allTextContents();
    for (const m of municipalities) expect(options).toContain(m.name);
    const nieuwegein = municipalities.find((m) => m.name === "Nieuwegein")!;
    await page.selectOption("#f-gemeente", nieuwegein.id);
    await page.getByRole("button", { name: "Toon woningen" }).click();
    await page.waitForURL(/gemeente=/);
    const places = await page.locator("article.card p.muted").first().textContent();
    expect(places).toContain("Nieuwegein");
    const all = await page.locator("article.card > p.muted").allTextContents();
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) expect(p).toMatch(/Nieuwegein$/);
    expect(await page.locator("#f-gemeente").inputValue()).toBe(nieuwegein.id);
  });

  it("names every filter value it cannot use, next to its field and in a summary, in Dutch and English", async () => {
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await page.goto("/aanbod?gemeente=Atlantis&kamers=veel&minhuur=12x&type=CASTLE&sorteer=RANDOM");
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain("Deze gemeente kennen we niet");
    expect(text).toContain("Kies een aantal kamers van 1 tot en met 10");
    expect(text).toContain('"12x" is geen bedrag');
    expect(text).toContain('"CASTLE" is geen keuze uit de lijst');
    expect(text).toContain('"RANDOM" is geen keuze uit de lijst');
    expect(await page.locator("#f-minhuur").getAttribute("aria-invalid")).toBe("true");
    // The search still runs with the values that could be used.
    await expect.poll(() => page.locator("article.card").count()).toBeGreaterThan(0);
    // axe needs JavaScript in the page: check the same page in a JavaScript context.
    const withJs = await (await newContext(browser)).newPage();
    await withJs.goto("/aanbod?gemeente=Atlantis&kamers=veel&minhuur=12x&type=CASTLE&sorteer=RANDOM");
    await expectAccessible(withJs, "listings with filter errors");

    await page.goto("/aanbod?minhuur=900&maxhuur=500&lang=en");
    expect(await page.locator(".error-summary").textContent()).toContain(
      'The rent "up to" is lower than the rent "from"',
    );
    // The rent filter says which rent it filters on (the card's big amount includes service costs).
    expect(await page.locator("#f-maxhuur-hint").textContent()).toMatch(/net rent in brackets/);
  });

  it("tells a signed-in seeker on the card why a listing is not for them", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "zoeker@demo.woonbeurt.nl", DEMO_PASSWORD);
    await page.goto("/aanbod");
    const cards = page.locator("article.card");
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    const notForMe = cards.filter({ has: page.locator(".badge--bad") });
    expect(await notForMe.count(), "the demo mover is not eligible for every open listing").toBeGreaterThan(
      0,
    );
    const reasons = await notForMe.locator(".why-not").allTextContents();
    expect(reasons.length).toBe(await notForMe.count());
    for (const r of reasons) expect(r.trim().length).toBeGreaterThan(20);
    // Eligible cards carry no reason line.
    const forMe = cards.filter({ has: page.locator(".badge--ok") });
    expect(await forMe.locator(".why-not").count()).toBe(0);
  });
});
