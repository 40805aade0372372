/**
 * The landlord's listing editor (issue 12 item 1, issue 11 item 5), without JavaScript: a landlord
 * staff member creates a draft listing with a new dwelling, publishes it and sees the rules'
 * problem at its field, corrects it, uploads a photo with its alt text (a renamed text file is
 * refused), and publishes. The public listing page then shows the photo with its alt text (served
 * resized through /foto), cards without a photo show the local placeholder, and axe passes on the
 * editor and the listing page (axe needs scripts, so those checks run in a JavaScript context).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoHorizontalScroll, launch, newContext, signIn } from "./support.ts";

const DEMO_PASSWORD = "Woonbeurt-demo-2026";
const STAFF = "verhuur.mitros@demo.woonbeurt.nl";
/** A 64×48 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAfUlEQVRoge2SAQkAURSDFs5wy3IpL4Y8/sAAOha+nia6AQuoviK7UO8S3YAFVF+RXah3iW7AAqqvyC7Uu0Q3YAHVV2QX6l2iG7CA6iuyC/Uu0Q1YQPUV2YV6l+gGLKD6iuxCvUt0AxZQfUV2od4lugELqL4iu1DvEt2AxwN+SyyJANp2+CoAAAAASUVORK5CYII=",
  "base64",
);
const ALT = "Lichte woonkamer met grote ramen aan de tuinzijde";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function signInStaff(page: Page, target: string): Promise<void> {
  const path = new RegExp(`^[^?#]*//[^/]+${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await signIn(page, STAFF, DEMO_PASSWORD, path, `/inloggen?terug=${encodeURIComponent(target)}`);
}

/** The day after `days` days from now, as YYYY-MM-DD. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

/** Whether an <img> loaded (its bytes decoded into a picture). */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe("listing editor without JavaScript", () => {
  it("draft → rules' problem at its field → photo with alt text → published, shown to seekers", async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signInStaff(page, "/werk/verhuur/nieuw");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Nieuwe advertentie");

    // an empty form: the error summary names the fields
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    const summary = page.locator(".error-summary");
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.getByRole("link").count()).toBeGreaterThanOrEqual(5);

    const title = `Driekamerwoning Editorstraat ${Date.now().toString(36)}`;
    await page.getByLabel("Straat").fill("Editorstraat");
    await page.getByLabel("Huisnummer").fill("17");
    await page.getByLabel("Postcode").fill("3511 ab");
    await page.getByLabel("Plaats").fill("Utrecht");
    await page.getByLabel("Gemeente").selectOption({ index: 1 });
    await page.getByLabel("Soort woning").selectOption("APARTMENT");
    await page.getByLabel("Aantal kamers").fill("3");
    await page.getByLabel("Woonoppervlakte (m²)").fill("72");
    await page.getByLabel("Kale huur").fill("612,50");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Sluitingsdatum").fill(inDays(14));
    // middle rent does not fit a social rent: the rules say so at publication
    await page.getByLabel("Inkomensgroep").selectOption("MIDDLE_RENT");
    await Promise.all([
      page.waitForURL(/\/bewerken\?aangemaakt=1$/),
      page.getByRole("button", { name: "Concept opslaan" }).click(),
    ]);
    const editUrl = page.url().replace(/\?.*$/, "");
    const reference = decodeURIComponent(editUrl.split("/").at(-2)!);

    await page.getByRole("button", { name: "Publiceren" }).click();
    const problem = page.locator(".error-summary a[href='#listing-incomeBand']");
    const summaryText = (await page.locator(".error-summary").textContent()) ?? "";
    expect(await problem.count(), summaryText).toBe(1);
    expect(await page.locator("#listing-incomeBand").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Inkomensgroep").selectOption("DAEB");
    await Promise.all([
      page.waitForURL(/\?opgeslagen=1$/),
      page.getByRole("button", { name: "Wijzigingen opslaan" }).click(),
    ]);

    // the draft's dwelling can still change: the rent goes to the draft listing too
    await page.getByLabel("Kale huur").fill("598");
    await Promise.all([
      page.waitForURL(/\?opgeslagen=1$/),
      page.getByRole("button", { name: "Woning opslaan" }).click(),
    ]);
    expect(await page.getByLabel("Kale huur").inputValue()).toBe("598");

    // a text file named .jpg is refused; a real photo needs its alt text and then is shown
    const add = page.locator("form[action='?/photoAdd']");
    await add.getByLabel("Foto", { exact: true }).setInputFiles({
      name: "woonkamer.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from("Dit is geen foto.\n"),
    });
    await add.getByLabel("Beschrijving (alt-tekst) in het Nederlands").fill(ALT);
    await add.getByRole("button", { name: "Foto toevoegen" }).click();
    expect(await page.locator(".error-summary").textContent()).toContain("must be a JPEG, PNG or WebP image");
    await add.getByLabel("Foto", { exact: true }).setInputFiles({
      name: "woonkamer.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await add.getByLabel("Beschrijving (alt-tekst) in het Nederlands").fill(ALT);
    await Promise.all([
      page.waitForURL(/\?foto=1/),
      add.getByRole("button", { name: "Foto toevoegen" }).click(),
    ]);
    expect(await page.getByRole("img", { name: ALT }).count()).toBe(1);
    expect(await loaded(page, `img[alt="${ALT}"]`)).toBe(true);

    await Promise.all([
      page.waitForURL(/\?gepubliceerd=1$/),
      page.getByRole("button", { name: "Publiceren" }).click(),
    ]);
    expect(await page.getByRole("status").textContent()).toContain("gepubliceerd");
    await ctx.close();

    // the editor, with scripts for axe, at 360 px
    const staffCtx = await newContext(browser, { width: 360, height: 800 });
    const staffPage = await staffCtx.newPage();
    await signInStaff(staffPage, "/werk/verhuur/nieuw");
    await expectAccessible(staffPage, "new listing form");
    await expectNoHorizontalScroll(staffPage);
    await staffPage.goto(new URL(editUrl).pathname, { waitUntil: "networkidle" });
    await expectAccessible(staffPage, "listing editor");
    await expectNoHorizontalScroll(staffPage);
    await staffCtx.close();

    // a seeker (anonymous) sees the photo with its alt text, resized, sized against layout shift
    const publicCtx = await newContext(browser);
    const pub = await publicCtx.newPage();
    await pub.goto(`/woning/${encodeURIComponent(reference)}`, { waitUntil: "networkidle" });
    const img = pub.getByRole("img", { name: ALT });
    expect(await img.count()).toBe(1);
    expect(await img.getAttribute("srcset")).toMatch(/\/foto\/[0-9a-f-]+\?w=480 480w/);
    expect(await img.getAttribute("width")).toBe("64");
    expect(await img.getAttribute("height")).toBe("48");
    expect(await loaded(pub, `img[alt="${ALT}"]`)).toBe(true);
    const served = await pub.request.get(
      (await img.getAttribute("src"))!.replace(/^\//, `${new URL(pub.url()).origin}/`),
    );
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/webp");
    expect(served.headers()["cache-control"]).toBe("public, max-age=86400");
    await expectAccessible(pub, "listing page with photo");

    // cards without a photo show the local placeholder drawing
    await pub.goto("/aanbod", { waitUntil: "networkidle" });
    const placeholder = pub.getByRole("img", { name: "Geen foto beschikbaar" }).first();
    expect(await placeholder.getAttribute("src")).toMatch(/woning-placeholder\.svg$/);
    await expectAccessible(pub, "listings with placeholders");
    await publicCtx.close();
  });
});
