/**
 * Response limits for the administrator and in monitoring (issue 15 item 5): the rule-set form has
 * two fields for `responses.maxActive` and `responses.maxPerWeek` that set a limit or clear it
 * (empty = no limit) over the JSON, without JavaScript.
 * The public monitoring page shows the responses the limit refused per week.
 *
 * The form is followed up to its confirmation step (the diff and the parameters it would store),
 * not confirmed: a stored version would constrain the effective dates every later test may use.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, newContext, signIn } from "./support.ts";

const ADMIN = "beheerder@demo.woonbeurt.nl";
const DEMO_PASSWORD = "Woonbeurt-demo-2026";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function openForm(page: Page) {
  await page.goto("/werk/beheer/regels");
  await page.getByLabel(/^Naam/).fill("Reactielimiet proef");
  await page.getByLabel("Geldig vanaf").fill("2099-01-01");
}
const diffRows = async (page: Page) => {
  const rows = page.getByRole("table", { name: "Wijzigingen" }).locator("tbody tr");
  const out: string[] = [];
  for (const row of await rows.all())
    out.push((await row.locator("td").allTextContents()).map((c) => c.trim()).join(" "));
  return out;
};
const storedParameters = async (page: Page) =>
  JSON.parse((await page.locator("input[type=hidden][name=parameters]").getAttribute("value")) ?? "{}") as {
    responses: { maxActive: number | null; maxPerWeek: number | null };
  };

describe("response limits", () => {
  it("the administrator sets and clears the two limits in the rule-set form, without JavaScript", async () => {
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await signIn(page, ADMIN, DEMO_PASSWORD, /\/werk/);

    // the built-in rule set has no limits: both fields start empty
    await page.goto("/werk/beheer/regels");
    expect(await page.getByLabel("Hoogstens openstaande reacties tegelijk").inputValue()).toBe("");
    expect(await page.getByLabel("Hoogstens reacties per 7 dagen").inputValue()).toBe("");

    // the browser itself refuses 0 or a fraction (min 1, whole numbers); the server checks again
    expect(await page.getByLabel("Hoogstens openstaande reacties tegelijk").getAttribute("min")).toBe("1");

    // set: 2 open at once; the diff and the stored parameters show it
    await openForm(page);
    await page.getByLabel("Hoogstens openstaande reacties tegelijk").fill("2");
    await page.getByRole("button", { name: "Verschillen tonen" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Nieuwe versie bevestigen" }).count()).toBe(1);
    expect(await diffRows(page)).toEqual(["responses.maxActive null 2"]);
    expect((await storedParameters(page)).responses).toEqual({ maxActive: 2, maxPerWeek: null });

    // clear: an empty field is "no limit", also over a limit typed into the JSON
    await openForm(page);
    const json = JSON.parse(await page.getByLabel("Parameters (JSON)").inputValue());
    json.responses = { maxActive: 4, maxPerWeek: 9 };
    await page.getByLabel("Parameters (JSON)").fill(JSON.stringify(json));
    await page.getByLabel("Hoogstens openstaande reacties tegelijk").fill("");
    await page.getByLabel("Hoogstens reacties per 7 dagen").fill("3");
    await page.getByRole("button", { name: "Verschillen tonen" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Nieuwe versie bevestigen" }).count()).toBe(1);
    expect(await diffRows(page)).toEqual(["responses.maxPerWeek null 3"]);
    expect((await storedParameters(page)).responses).toEqual({ maxActive: null, maxPerWeek: 3 });

    const js = await (await newContext(browser)).newPage();
    await signIn(js, ADMIN, DEMO_PASSWORD, /\/werk/);
    await js.goto("/werk/beheer/regels");
    await expectAccessible(js, "rule-set form with the response-limit fields");
  });

  it("the monitoring page shows the responses the limit refused per week", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/resultaten/monitoring");
    const table = page.getByRole("table", { name: "Geweigerde reacties per week" });
    await expect.poll(() => table.count()).toBe(1);
    expect(await table.locator("tbody tr").count()).toBe(12);
    const header = (await table.locator("thead").textContent()) ?? "";
    expect(header).toContain("Te veel openstaand");
    expect(header).toContain("Te veel per week");
    await expectAccessible(page, "monitoring with response-limit refusals");
  });
});
