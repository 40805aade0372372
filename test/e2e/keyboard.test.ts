/**
 * Keyboard only: skip link, sign in, open a listing and respond using Tab / Enter / Space, with
 * a visible focus indicator on every stop.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, eligibleReferences, launch, newContext, registerViaApi, uniqueEmail } from "./support.ts";

let browser: Browser;
let page: Page;
const email = uniqueEmail("keys");
let token = "";

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
  token = await registerViaApi(email);
});
afterAll(async () => browser?.close());

/** Tab until the focused element matches, checking each stop has a visible outline. */
async function tabTo(
  predicate: (el: { tag: string; text: string; name: string | null; type: string | null }) => boolean,
  max = 80,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a) return null;
      const style = getComputedStyle(a);
      return {
        tag: a.tagName.toLowerCase(),
        text: (a.textContent ?? "").trim(),
        name: a.getAttribute("name"),
        type: a.getAttribute("type"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!el) continue;
    expect(el.outline, `visible focus on <${el.tag}> ${el.text || el.name || ""}`).toBe(true);
    if (predicate(el)) return;
  }
  throw new Error("focus target not reached with Tab");
}

describe("keyboard only", () => {
  it("skip link moves focus to the main content", async () => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("signs in and responds to a listing", async () => {
    await page.goto("/inloggen");
    await tabTo((e) => e.name === "email");
    await page.keyboard.type(email);
    await tabTo((e) => e.name === "password");
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/mijn/), page.keyboard.press("Enter")]);

    const [ref] = await eligibleReferences(token, "AANBOD");
    await page.goto(`/woning/${ref}`);
    await tabTo((e) => e.tag === "button" && e.text === "Reageer op deze woning", 200);
    await Promise.all([page.waitForURL(/gereageerd=1/), page.keyboard.press("Enter")]);
    expect(await page.getByText("Uw reactie is ontvangen.").count()).toBe(1);
    await tabTo((e) => e.tag === "button" && e.text === "Reactie intrekken", 200);
    await Promise.all([page.waitForURL(/ingetrokken=1/), page.keyboard.press("Space")]);
  });
});
