/**
 * Saved searches, without JavaScript: a seeker saves the current /aanbod filters with "Bewaar deze
 * zoekopdracht", finds the search on /mijn/zoekopdrachten (axe-clean), changes its frequency; then
 * landlord staff publish a matching listing through the API, the stack's scheduled jobs (woken by
 * the publication) alert the search, and the mail arrives at the suite's SMTP server and in the
 * portal inbox.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, gql, launch, newContext, signIn, waitForMail } from "./support.ts";

const SEEKER = "zoeker@demo.woonbeurt.nl";
const DEMO_PASSWORD = "Woonbeurt-demo-2026";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
});
afterAll(async () => browser?.close());

type R = { __typename: string; message?: string; listing?: { id: string; reference: string } };
const check = (r: R, what: string) => {
  if (r.message) throw new Error(`${what}: ${r.message}`);
  return r;
};

async function staffToken(): Promise<string> {
  const signedIn = await gql<{ sessionCreate: { session?: { token: string }; message?: string } }>(
    `mutation { sessionCreate(input: { email: "verhuur.mitros@demo.woonbeurt.nl", password: "${DEMO_PASSWORD}" }) { ... on SessionCreateSuccess { session { token } } ... on Error { message } } }`,
  );
  const token = signedIn.sessionCreate.session?.token;
  if (!token) throw new Error(`staff sign-in failed: ${signedIn.sessionCreate.message}`);
  return token;
}

describe("saved searches without JavaScript", () => {
  it("saves the /aanbod filters, lists the search, and mails a newly published matching listing", async () => {
    const staff = await staffToken();
    const { staffListings } = await gql<{
      staffListings: {
        edges: Array<{
          node: {
            dwelling: {
              id: string;
              woongroep: { name: string } | null;
              municipality: { id: string; name: string };
            };
          };
        }>;
      };
    }>(
      `{ staffListings(first: 50) { edges { node { dwelling { id woongroep { name } municipality { id name } } } } } }`,
      {},
      staff,
    );
    const dwelling = staffListings.edges.map((e) => e.node.dwelling).find((d) => !d.woongroep);
    if (!dwelling) throw new Error("no Mitros dwelling");

    await signIn(page, SEEKER, DEMO_PASSWORD);
    await page.goto(`/aanbod?gemeente=${encodeURIComponent(dwelling.municipality.id)}`);
    await page.getByText("Bewaar deze zoekopdracht").click(); // opens the <details>, no script needed
    const name = `E2E ${dwelling.municipality.name} ${Date.now().toString(36)}`;
    await page.getByLabel("Naam van de zoekopdracht").fill(name);
    await page.getByLabel("Mail mij bij nieuwe woningen").selectOption("IMMEDIATE");
    await Promise.all([
      page.waitForURL(/\/mijn\/zoekopdrachten\?bewaard=1/),
      page.getByRole("button", { name: "Bewaar zoekopdracht" }).click(),
    ]);
    expect(await page.getByRole("status").first().textContent()).toContain("Uw zoekopdracht is bewaard.");
    const heading = page.getByRole("heading", { level: 2, name });
    await expect(heading.count()).resolves.toBe(1);
    const section = page.locator("section", { has: heading });
    await expect(section.getByText(dwelling.municipality.name).count()).resolves.toBeGreaterThan(0);
    // the link goes to /aanbod with the same municipality
    const href = await section.getByRole("link", { name: /past nu|passen nu/ }).getAttribute("href");
    expect(new URL(href!, "http://x").searchParams.get("gemeente")).toBe(dwelling.municipality.id);
    expect(await section.getByLabel("Direct").isChecked()).toBe(true);
    // axe needs scripts: the same session in a context with JavaScript
    const withJs = await newContext(browser);
    await withJs.addCookies(await page.context().cookies());
    const axePage = await withJs.newPage();
    await axePage.goto("/mijn/zoekopdrachten", { waitUntil: "networkidle" });
    await expectAccessible(axePage, "saved searches");
    await axePage.goto(`/aanbod?gemeente=${encodeURIComponent(dwelling.municipality.id)}`, {
      waitUntil: "networkidle",
    });
    await axePage.getByText("Bewaar deze zoekopdracht").click();
    await expectAccessible(axePage, "listings with the save form open");
    await withJs.close();

    // a matching listing published by the landlord: the jobs alert the search and send the mail
    const title = `E2E zoekopdracht ${Date.now().toString(36)}`;
    const created = await gql<{ listingCreate: R }>(
      `mutation($input: ListingCreateMutationInput!) { listingCreate(input: $input) { __typename ... on Error { message } ... on ListingCreateSuccess { listing { id reference } } } }`,
      {
        input: {
          listing: {
            dwellingId: dwelling.id,
            allocationModel: "AANBOD",
            closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
            title,
            householdMin: 1,
            householdMax: 99,
          },
        },
      },
      staff,
    );
    const listing = check(created.listingCreate, "listingCreate").listing!;
    const published = await gql<{ listingPublish: R }>(
      `mutation($input: ListingIdInput!) { listingPublish(input: $input) { __typename ... on Error { message } } }`,
      { input: { id: listing.id } },
      staff,
    );
    check(published.listingPublish, "listingPublish");
    const mail = await waitForMail(SEEKER, (m) => m.subject.includes(name), 60_000);
    expect(mail.subject).toBe(`1 nieuwe woning voor uw zoekopdracht "${name}"`);
    expect(mail.text).toContain(`${title} (${listing.reference})`);
    expect(mail.text).toMatch(/\/afmelden\?token=/);

    // and in the portal inbox
    await page.goto("/account/meldingen");
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(name) }).count()).resolves.toBe(1);

    // rename and stop the mail, without JavaScript
    await page.goto("/mijn/zoekopdrachten");
    const again = page.locator("section", { has: page.getByRole("heading", { level: 2, name }) });
    await again.getByLabel("Naam van de zoekopdracht").fill(`${name} (stil)`);
    await again.getByLabel("Niet mailen").check();
    await again.getByRole("button", { name: /Wijzigingen opslaan/ }).click();
    await page.waitForLoadState("load");
    await expect(page.getByRole("heading", { level: 2, name: `${name} (stil)` }).count()).resolves.toBe(1);
    const renamed = page.locator("section", {
      has: page.getByRole("heading", { level: 2, name: `${name} (stil)` }),
    });
    expect(await renamed.getByLabel("Niet mailen").isChecked()).toBe(true);
  });
});
