/**
 * Small defects a walkthrough of the demo found (seeker portal issue, item 9), each as the seeker
 * sees it: the woongroep heading, the motivation box where responding is impossible, the message
 * for a wrong password at account deletion, the results year menu and its comparison with 2017,
 * and the expected position in the listing page's side panel at 1280 px.
 */
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD } from "@woonbeurt/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD,
  eligibleReferences,
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

async function freshPage(): Promise<Page> {
  return (await newContext(browser)).newPage();
}

/** Open woongroep listings with the woongroep's name. */
async function woongroepListings(): Promise<Array<{ reference: string; name: string }>> {
  const data = await gql<{
    listings: {
      edges: Array<{ node: { reference: string; dwelling: { woongroep: { name: string } | null } } }>;
    };
  }>(
    `{ listings(first: 50, filter: { allocationModels: [WOONGROEP] }) { edges { node { reference dwelling { woongroep { name } } } } } }`,
  );
  return data.listings.edges
    .filter((e) => e.node.dwelling.woongroep)
    .map((e) => ({ reference: e.node.reference, name: e.node.dwelling.woongroep!.name }));
}

describe("walkthrough defects", () => {
  it("a woongroep named 'Woongroep …' is not called 'Woongroep Woongroep …'", async () => {
    const listings = await woongroepListings();
    const named = listings.find((l) => /^Woongroep /.test(l.name));
    expect(named, "an open listing of a woongroep whose name starts with 'Woongroep'").toBeDefined();
    const page = await freshPage();
    for (const lang of ["nl", "en"]) {
      await page.goto(`/woning/${named!.reference}?lang=${lang}`);
      expect((await page.locator("#woongroep-title").textContent())?.trim()).toBe(named!.name);
      expect(await page.locator("main").textContent()).not.toMatch(
        /Woongroep Woongroep|Housing group Woongroep/,
      );
    }
  });

  it("no motivation box where the seeker cannot respond; there is one where they can", async () => {
    const listings = await woongroepListings();
    // Income far above every limit: eligible for no social rental dwelling.
    const email = uniqueEmail("rich");
    await registerViaApi(email, {
      income: { amount: 150000, year: new Date().getFullYear() - 1, source: "TAX_STATEMENT" },
    });
    const page = await freshPage();
    await signIn(page, email);
    await page.goto(`/woning/${listings[0]!.reference}`);
    expect(
      await page.getByText("U kunt niet reageren omdat u niet aan alle voorwaarden voldoet.").count(),
    ).toBe(1);
    expect(await page.locator("textarea[name=motivation]").count()).toBe(0);

    // The control: a seeker who may respond to a woongroep listing writes a motivation.
    const other = uniqueEmail("woongroep");
    const token = await registerViaApi(other);
    const eligible = await eligibleReferences(token, "WOONGROEP");
    if (eligible.length) {
      const page2 = await freshPage();
      await signIn(page2, other);
      await page2.goto(`/woning/${eligible[0]}`);
      expect(await page2.locator("textarea[name=motivation]").isEditable()).toBe(true);
    }
  });

  it("a wrong password at account deletion says the password is wrong", async () => {
    const email = uniqueEmail("delete");
    await registerViaApi(email);
    const page = await freshPage();
    await signIn(page, email);
    await page.goto("/account");
    await page.getByLabel("Uw wachtwoord ter bevestiging").fill(`${PASSWORD} not`);
    await page.getByLabel("Ik begrijp dat dit niet ongedaan kan worden").check();
    await page.getByRole("button", { name: "Account definitief verwijderen" }).click();
    // the answer replaces the form's state (progressively enhanced): wait for an error to show
    await page.locator(".error-message, .error-summary, [role=alert]").first().waitFor();
    const text = await page.locator("main").textContent();
    expect(text).toContain("Dit wachtwoord klopt niet. Uw account is niet verwijderd.");
    expect(text).not.toMatch(/e-mailadres of wachtwoord/i);
    // still signed in, account intact
    await page.goto("/mijn");
    expect(page.url()).toMatch(/\/mijn$/);
  });

  it("the results year menu offers only years with lettings and never compares '0,0 jaar'", async () => {
    const page = await freshPage();
    await page.goto("/resultaten");
    const years = (
      await page.locator("#r-jaar option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    ).map(Number);
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) {
      const { lettings } = await gql<{ lettings: { totalCount: number } }>(
        `query($y: Int!) { lettings(first: 1, year: $y) { totalCount } }`,
        { y: year },
      );
      expect(lettings.totalCount, `lettings in ${year}, offered in the year menu`).toBeGreaterThan(0);
      await page.goto(`/resultaten?jaar=${year}`);
      expect(await page.locator("main").textContent()).not.toMatch(/(^|[^\d,])0,0 jaar/);
    }
  });

  it("the expected position reads as sentences in a column wide enough at 1280 px", async () => {
    // The demo mover has active responses with an estimate at close (seed history).
    const page = await freshPage();
    await signIn(page, "zoeker@demo.woonbeurt.nl", DEMO_PASSWORD);
    const { sessionCreate } = await gql<{ sessionCreate: { session: { token: string } } }>(
      `mutation { sessionCreate(input: { email: "zoeker@demo.woonbeurt.nl", password: "${DEMO_PASSWORD}" }) { ... on SessionCreateSuccess { session { token } } } }`,
    );
    const { viewer } = await gql<{
      viewer: {
        responses: {
          edges: Array<{ node: { status: string; listing: { reference: string; allocationModel: string } } }>;
        };
      };
    }>(
      `{ viewer { responses(first: 20) { edges { node { status listing { reference allocationModel } } } } } }`,
      {},
      sessionCreate.session.token,
    );
    const refs = viewer.responses.edges
      .map((e) => e.node)
      .filter((n) => n.status === "ACTIVE" && n.listing.allocationModel === "AANBOD")
      .map((n) => n.listing.reference);
    let checked = 0;
    for (const ref of refs) {
      await page.goto(`/woning/${ref}`);
      const dd = page.locator("dl[aria-labelledby=position-title] dt:text-is('Verwacht bij sluiting') + dd");
      if ((await dd.count()) === 0) continue;
      checked += 1;
      const text = (await dd.textContent())!.replace(/\s+/g, " ");
      // every sentence ends before the next begins ("woningen). De", not "woningen).De")
      expect(text).not.toMatch(/[.)][A-Z]/);
      const width = await dd.evaluate((el) => el.getBoundingClientRect().width);
      expect(width, "width of the expected position at 1280 px").toBeGreaterThan(250);
    }
    expect(checked, "listings with an expected position").toBeGreaterThan(0);
  });
});
