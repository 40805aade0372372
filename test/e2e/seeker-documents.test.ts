/**
 * Mijn documenten (issue 15 item 4) in the portal: without JavaScript a seeker stores a document
 * with its kind and validity, sees it listed with its size, opens it, removes it after a
 * confirmation step, and reuses a stored document in two urgency applications by choosing it
 * ("kies uit mijn documenten") instead of uploading it again. The pages are axe-clean and fit
 * 360 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoHorizontalScroll,
  gql,
  launch,
  newContext,
  registerViaApi,
  signIn,
  uniqueEmail,
} from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const SITUATION = "Ik zorg dagelijks voor mijn vader, die sinds zijn beroerte niet meer alleen kan wonen.";
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

async function draftFor(token: string): Promise<string> {
  const data = await gql<{ urgencyApplicationCreate: { urgencyApplication: { id: string } } }>(
    `mutation($s: String!) { urgencyApplicationCreate(input: { category: MANTELZORG, situation: $s }) { ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`,
    { s: SITUATION },
    token,
  );
  return data.urgencyApplicationCreate.urgencyApplication.id;
}

const rows = (page: Page) => page.locator("table tbody tr");

async function store(page: Page, title: string, text: string) {
  await page.goto("/mijn/documenten");
  await page.getByLabel("Soort document").selectOption("INCOME_STATEMENT");
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Geldig vanaf").fill("2025-01-01");
  await page.getByLabel("Geldig tot en met").fill("2025-12-31");
  await page.setInputFiles("input[name=file]", {
    name: "inkomen.pdf",
    mimeType: "application/pdf",
    buffer: pdf(text),
  });
  await Promise.all([
    page.waitForURL(/melding=uploaded/),
    page.getByRole("button", { name: "Document bewaren" }).click(),
  ]);
}

describe("mijn documenten", () => {
  it("stores, lists, opens and removes a document without JavaScript", async () => {
    const email = uniqueEmail("store");
    await registerViaApi(email);
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, email);
    await page.goto("/mijn/documenten");

    // a missing title and file: the form's own messages, the values kept
    await page.getByLabel("Titel").fill("");
    await page.getByRole("button", { name: "Document bewaren" }).click();
    await expect.poll(() => page.getByText("Geef het document een titel.").count()).toBeGreaterThan(0);
    expect(await page.getByText("Kies een bestand.").count()).toBeGreaterThan(0);

    await store(page, "Inkomensverklaring 2025", "inkomen 2025");
    expect(await page.getByRole("status").textContent()).toContain("Het document is bewaard.");
    await expect.poll(() => rows(page).count()).toBe(1);
    const row = (await rows(page).first().textContent()) ?? "";
    expect(row).toContain("Inkomensverklaring 2025");
    expect(row).toContain("Inkomensverklaring"); // kind
    expect(row).toContain("31 december 2025");
    expect(row).toContain(`${pdf("inkomen 2025").byteLength} byte`);

    // opening it gives the file itself
    const href = await rows(page).first().locator('a[href$="/bestand"]').getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.from(await res.body()).equals(pdf("inkomen 2025"))).toBe(true);

    // removing asks first; cancelling keeps it, confirming removes it
    await rows(page)
      .first()
      .getByRole("link", { name: /Verwijderen/ })
      .click();
    await expect
      .poll(() => page.getByRole("heading", { name: "Inkomensverklaring 2025 verwijderen?" }).count())
      .toBe(1);
    // axe needs scripts: the same pages in a context with JavaScript
    const js = await (await newContext(browser)).newPage();
    await signIn(js, email);
    await js.goto("/mijn/documenten");
    await expectAccessible(js, "mijn documenten, one document");
    await js.goto(page.url());
    await expectAccessible(js, "mijn documenten, confirm removal");
    await page.getByRole("link", { name: "Annuleren" }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page)
      .first()
      .getByRole("link", { name: /Verwijderen/ })
      .click();
    await Promise.all([
      page.waitForURL(/melding=removed/),
      page.getByRole("button", { name: "Ja, verwijderen" }).click(),
    ]);
    expect(await rows(page).count()).toBe(0);
    expect(await page.getByText("U heeft nog geen documenten bewaard.").count()).toBe(1);
  });

  it("reuses a stored document in two urgency applications, and fits 360 px", async () => {
    const email = uniqueEmail("reuse");
    const token = await registerViaApi(email);
    const [first, second] = [await draftFor(token), await draftFor(token)];
    const page = await (
      await newContext(browser, { javaScriptEnabled: false, width: 360, height: 800 })
    ).newPage();
    await signIn(page, email);
    await store(page, "Inkomensverklaring 2025", "hergebruik");
    await expectNoHorizontalScroll(page);

    const js = await (await newContext(browser, { width: 360, height: 800 })).newPage();
    await signIn(js, email);
    await js.goto(`/urgentie/${encodeURIComponent(first)}/bewerken?stap=3`);
    await expectAccessible(js, "urgency documents step with the stored-document picker");

    for (const id of [first, second]) {
      await page.goto(`/urgentie/${encodeURIComponent(id)}/bewerken?stap=3`);
      const picker = page.getByRole("group", { name: "Kies uit mijn documenten" });
      const value = await picker
        .locator("option", { hasText: "Inkomensverklaring 2025" })
        .getAttribute("value");
      await picker.getByLabel("Document", { exact: true }).selectOption(value!);
      await Promise.all([
        page.waitForURL(/melding=attached/),
        picker.getByRole("button", { name: "Toevoegen aan de aanvraag" }).click(),
      ]);
      await expect.poll(() => page.locator("ul.documents li").count()).toBe(1);
      expect(await page.locator("ul.documents li").first().textContent()).toContain("inkomen.pdf");
      // attached here: no longer offered in this application
      expect(await page.getByText("Al uw bewaarde documenten zitten al bij deze aanvraag.").count()).toBe(1);
      await expectNoHorizontalScroll(page);
    }

    // uploaded once, used twice
    await page.goto("/mijn/documenten");
    expect(await rows(page).first().textContent()).toContain("2 aanvragen");
    const stored = await gql<{ viewer: { documents: Array<{ id: string }> } }>(
      `{ viewer { documents { id } } }`,
      {},
      token,
    );
    expect(stored.viewer.documents).toHaveLength(1);
  });

  it("proves a vital profession with a stored document on /mijn/voorzieningen, without JavaScript", async () => {
    const email = uniqueEmail("voorziening");
    const token = await registerViaApi(email);
    const ctx = await newContext(browser, { javaScriptEnabled: false, width: 360 });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, email);
    await store(page, "Werkgeversverklaring ziekenhuis", "werkgever");
    await page.goto("/mijn/voorzieningen");
    await expectNoHorizontalScroll(page);
    const vital = page.locator("form[action='?/claimProfession']");
    // neither an upload nor a stored document: proof is asked for
    await vital.getByLabel("Beroep").fill("verpleegkundige");
    const municipality = vital.getByLabel("Gemeente waar u werkt");
    const first = await municipality.locator("option:not([value=''])").first().getAttribute("value");
    await municipality.selectOption(first!);
    await vital.getByRole("button", { name: "Aanvraag versturen" }).click();
    await expect
      .poll(() => page.getByText("Voeg ten minste één document als bewijs toe.").count())
      .toBeGreaterThan(0);
    // the stored document chosen instead of an upload
    const form = page.locator("form[action='?/claimProfession']");
    await form.getByLabel("Beroep").fill("verpleegkundige");
    await form.getByLabel("Gemeente waar u werkt").selectOption(first!);
    await form
      .getByRole("group", { name: "Kies uit mijn documenten" })
      .getByLabel(/Werkgeversverklaring ziekenhuis/)
      .check();
    await Promise.all([
      page.waitForURL(/opgeslagen=beroep/),
      form.getByRole("button", { name: "Aanvraag versturen" }).click(),
    ]);
    await expect
      .poll(() => page.getByText(/verpleegkundige, .* aangevraagd, wacht op besluit/).count())
      .toBe(1);
    await ctx.close();
    // the claim holds a copy of the stored document
    const data = await gql<{
      viewer: { vitalProfessionClaims: Array<{ status: string; documents: Array<{ fileName: string }> }> };
    }>(`{ viewer { vitalProfessionClaims { status documents { fileName } } } }`, {}, token);
    expect(data.viewer.vitalProfessionClaims).toEqual([
      { status: "REQUESTED", documents: [{ fileName: "inkomen.pdf" }] },
    ]);
    // axe on the page with the choice offered (care indication form)
    const jsCtx = await newContext(browser);
    const js = await jsCtx.newPage();
    js.setDefaultTimeout(15_000);
    await signIn(js, email);
    await js.goto("/mijn/voorzieningen");
    expect(await js.getByRole("group", { name: "Kies uit mijn documenten" }).count()).toBe(1);
    await expectAccessible(js, "voorzieningen met mijn documenten");
    await jsCtx.close();
  });
});
