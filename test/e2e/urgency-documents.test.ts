/**
 * Urgency documents in the portal as a seeker handles them (seeker portal issue, item 2), without
 * JavaScript (the form must work on its own): small files show their real size, a document opens
 * in the browser, sending the step again stores nothing twice, a document can be removed, and a
 * post over the server's body limit gets the form's own message instead of the framework's
 * "Payload Too Large" page.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, launch, newContext, registerViaApi, signIn, uniqueEmail } from "./support.ts";

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

async function documentsStep(page: Page, id: string) {
  await page.goto(`/urgentie/${encodeURIComponent(id)}/bewerken?stap=3`);
}
const listed = (page: Page) => page.locator("ul.documents li");

describe("urgency documents in the portal", () => {
  it("lists, opens, de-duplicates and removes documents, without JavaScript", async () => {
    const email = uniqueEmail("docs");
    const token = await registerViaApi(email);
    const id = await draftFor(token);
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await signIn(page, email);
    await documentsStep(page, id);
    const file = {
      name: "verklaring.pdf",
      mimeType: "application/pdf",
      buffer: pdf("verklaring mantelzorg"),
    };
    await page.setInputFiles("input[name=documents]", file);
    await page.getByRole("button", { name: "Uploaden" }).click();
    await documentsStep(page, id);
    await expect.poll(() => listed(page).count()).toBe(1);
    // 38 bytes are "38 byte", not "0 kB".
    expect(await listed(page).first().textContent()).toContain(`${file.buffer.byteLength} byte`);

    // Opening the document gives the file itself.
    const href = await listed(page).first().locator("a").getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.from(await res.body()).equals(file.buffer)).toBe(true);

    // The same file again (the step sent twice) is not stored twice.
    await page.setInputFiles("input[name=documents]", file);
    await page.getByRole("button", { name: "Uploaden" }).click();
    await documentsStep(page, id);
    await expect.poll(() => listed(page).count()).toBe(1);

    // Removing it.
    await listed(page).first().getByRole("button", { name: "verklaring.pdf verwijderen" }).click();
    await page.waitForURL(/stap=3/);
    expect(await listed(page).count()).toBe(0);
  });

  it("answers a post over the body limit with the form's own message", async () => {
    const email = uniqueEmail("docs-big");
    const token = await registerViaApi(email);
    const id = await draftFor(token);
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await signIn(page, email);
    await documentsStep(page, id);
    // 60 MB: over the portal's 55 MB body limit (5 documents of 10 MiB fit under it).
    const big = Buffer.alloc(60 * 1024 * 1024, 0x20);
    big.write("%PDF-1.4\n");
    // Playwright takes files over 50 MB only from disk.
    const dir = mkdtempSync(path.join(tmpdir(), "woonbeurt-big-"));
    const scan = path.join(dir, "scan.pdf");
    writeFileSync(scan, big);
    await page.setInputFiles("input[name=documents]", scan);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Uploaden" }).click(),
    ]);
    expect(response.status()).toBe(413);
    await page.waitForLoadState();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("De bestanden zijn samen groter dan 50 MB");
    expect(text).not.toMatch(/Payload Too Large/i);
    rmSync(dir, { recursive: true, force: true }); // the browser reads the file when it posts
  });
});
