/**
 * The public lottery draw page (issue 14 item 3): for a closed lottery listing, the commitment, the
 * seed and every eligible entry with its ticket, a JSON download, and a verify step in the browser
 * (Web Crypto) that recomputes the downloaded file — OK for the real draw, a mismatch for a
 * tampered one. Works without JavaScript (no button, the rest is there), in English, axe-clean.
 */
import type { Browser } from "playwright-core";
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
let reference: string;
let entries: Array<{ order: number; entryCode: string; ticket: string }>;
beforeAll(async () => {
  browser = await launch();
  const data = await gql<{ lettings: { edges: Array<{ node: { listing: { reference: string } } }> } }>(
    `{ lettings(first: 1, allocationModel: LOTERIJ) { edges { node { listing { reference } } } } }`,
  );
  reference = data.lettings.edges[0]!.node.listing.reference;
  const draw = await gql<{ listing: { lottery: { entries: typeof entries } } }>(
    `query($r: String!) { listing(reference: $r) { lottery { entries { order entryCode ticket } } } }`,
    { r: reference },
  );
  entries = draw.listing.lottery.entries;
  expect(entries.length).toBeGreaterThan(1);
});
afterAll(async () => browser?.close());

describe("lottery draw page", () => {
  it("shows the whole draw, offers the JSON download and verifies it in the browser", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`/loting/${reference}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(`Loting ${reference}`);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(entries.length);
    expect(await rows.first().locator("td").nth(1).textContent()).toBe(entries[0]!.entryCode);

    const download = await page.request.get(`/loting/${reference}/trekking.json`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="loting-/);
    const doc = await download.json();
    expect(doc).toMatchObject({ format: "woonbeurt-lottery-draw/1", listing: { reference } });
    expect(doc.entries).toEqual(entries);

    await page.getByRole("button", { name: "Reken de trekking na in uw browser" }).click();
    await page.getByText(/^Klopt: /).waitFor();
    expect(await page.getByRole("status").textContent()).toContain(`alle ${entries.length} loten`);
    await expectAccessible(page, "loting");
    await screenshot(page, "loting-nl");
    await page.context().close();
  });

  it("reports a tampered download as a mismatch with the place it fails", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.route(`**/loting/${reference}/trekking.json`, async (route) => {
      const real = await (await route.fetch()).json();
      real.entries[1].ticket = "0".repeat(64);
      await route.fulfill({ json: real });
    });
    await page.goto(`/loting/${reference}`);
    await page.getByRole("button", { name: "Reken de trekking na in uw browser" }).click();
    await page.getByText(/^Klopt niet: /).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("(plaats 2)");
    await expectAccessible(page, "loting vervalst");
    await page.context().close();
  });

  it("works without JavaScript and in English", async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false, locale: "en-GB" });
    const page = await ctx.newPage();
    await page.goto(`/loting/${reference}?lang=en`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(`Lottery ${reference}`);
    expect(await page.locator("tbody tr").count()).toBe(entries.length);
    expect(await page.locator(`a[href$="/loting/${reference}/trekking.json"]`).textContent()).toBe(
      "Download the draw (JSON)",
    );
    expect(await page.locator("button", { hasText: "Recompute" }).count()).toBe(0);
    expect(await page.locator("pre").last().textContent()).toBe(`pnpm lottery:verify ${reference}`);
    // (axe needs JavaScript in the page: the English page is checked with it below)
    await screenshot(page, "loting-en-nojs");
    await ctx.close();
  });

  it("is accessible in English", async () => {
    const ctx = await newContext(browser, { locale: "en-GB" });
    const page = await ctx.newPage();
    await page.goto(`/loting/${reference}?lang=en`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(`Lottery ${reference}`);
    await page.getByRole("button", { name: "Recompute the draw in your browser" }).click();
    await page.getByText(/^Correct: /).waitFor();
    await expectAccessible(page, "lottery en");
    await ctx.close();
  });

  it("does not scroll sideways at 360 px (the table scrolls inside its region)", async () => {
    const ctx = await newContext(browser, { width: 360 });
    const page = await ctx.newPage();
    await page.goto(`/loting/${reference}`);
    await expectNoHorizontalScroll(page);
    await ctx.close();
  });

  it("answers 404 for a listing that is not a lottery", async () => {
    const data = await gql<{ listings: { edges: Array<{ node: { reference: string } }> } }>(
      `{ listings(first: 1, filter: { allocationModels: [AANBOD] }) { edges { node { reference } } } }`,
    );
    const page = await (await newContext(browser)).newPage();
    const res = await page.goto(`/loting/${data.listings.edges[0]!.node.reference}`);
    expect(res?.status()).toBe(404);
    await page.context().close();
  });
});
